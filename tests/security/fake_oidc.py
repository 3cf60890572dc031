"""A fake OpenID Connect provider on loopback, for testing single sign-on for real.

It speaks just enough of the protocol for the authorization-code flow: /authorize answers at once
with a code for the person the test chose, /token returns an RS256-signed ID token carrying the
nonce, /userinfo the claims, /jwks the public key. Real HTTP, real signatures, no network beyond
127.0.0.1.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class FakeProvider:
    def __init__(self, client_id: str) -> None:
        self.client_id = client_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key"
        self.person: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def endpoints(self) -> dict[str, str]:
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
        }

    def _id_token(self, claims: dict[str, Any], nonce: str) -> str:
        now = int(time.time())
        payload = {
            "iss": self.base,
            "aud": self.client_id,
            "sub": claims["preferred_username"],
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _json(self, body: Any, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {
                        "claims": dict(provider.person),
                        "nonce": query.get("nonce", ""),
                    }
                    self.send_response(302)
                    answer = urlencode({"code": code, "state": query["state"]})
                    target = f"{query['redirect_uri']}?{answer}"
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/jwks":
                    jwk = json.loads(RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json(
                        {"keys": [{**jwk, "kid": provider.kid, "alg": "RS256", "use": "sig"}]}
                    )
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    self._json(claims or {"error": "invalid_token"}, 200 if claims else 401)
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                grant = provider.codes.pop(form.get("code", ""), None)
                if (
                    self.path != "/token"
                    or grant is None
                    or form.get("client_id") != provider.client_id
                ):
                    self._json({"error": "invalid_grant"}, 400)
                    return
                access = secrets.token_urlsafe(16)
                provider.tokens[access] = grant["claims"]
                self._json(
                    {
                        "access_token": access,
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider._id_token(grant["claims"], grant["nonce"]),
                    }
                )

        return Handler


@contextmanager
def fake_provider(client_id: str) -> Iterator[FakeProvider]:
    provider = FakeProvider(client_id)
    thread = threading.Thread(target=provider.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        provider.server.shutdown()
        provider.server.server_close()
