"""Locust users for the load test (bench/loadtest.py; bench/README.md, "Load test").

Two kinds of staff, each simulated user logged in as a different generated account:

- ``SpecialistUser`` (weight 4): opens "Mine saker", one of its own cases from there, writes a
  note (the page saves a draft as it types) and logs the contact with htmx, as the browser does;
  now and then opens "Til oppfølging".
- ``TeamLeadUser`` (weight 1): opens the dashboard, and now and then one of its drill lists.

Every full page load is followed by the navigation bar's unread-notification count, which htmx
fetches on load. Static files are left out: a browser has them cached after the first page.

The accounts come from a JSON file named by ``JOBBSPOR_LOAD_ACCOUNTS``::

    {"password": "...", "specialist": ["specialist00042", ...], "team_lead": [...]}

``JOBBSPOR_LOAD_RESULTS``, when set, names a JSON file that receives every request's time in
milliseconds by request kind and the failure messages, when the test stops (locust's own CSV
rounds its percentiles). ``JOBBSPOR_LOAD_WAIT`` ("1,5" by default) is the think time in seconds;
the rot test (tests/bench/) shortens it.

A request counts as failed unless it answers exactly what the page answers a signed-in user: 200
for a page, 204 for a draft, a redirect to the requested page for a login. A page that sends the
user to the login page is a failure, whatever its status.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import threading
from collections import Counter, defaultdict
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

ACCOUNTS_ENV = "JOBBSPOR_LOAD_ACCOUNTS"
RESULTS_ENV = "JOBBSPOR_LOAD_RESULTS"
WAIT_ENV = "JOBBSPOR_LOAD_WAIT"

CASE_LINK = re.compile(r'href="(/saker/\d+/)"')
DRILL_LINK = re.compile(r'href="(/dashbord/saker/[\w-]+/\?[^"]*)"')
NOTES = (
    "Samtale om jobbønsker og arbeidstid.",
    "Gikk gjennom CV-en sammen; ny versjon sendes arbeidsgiver.",
    "Oppfølging etter besøk hos arbeidsgiver, trives godt.",
    "Avtalte hospitering neste uke.",
    "",
)


def _think_time() -> Any:
    low, high = (float(part) for part in os.environ.get(WAIT_ENV, "1,5").split(","))
    return between(low, high)


# --- Accounts: each simulated user takes the next unused one of its role ---------------------


class Accounts:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[str, Any] | None = None
        self._next: dict[str, itertools.count[int]] = defaultdict(itertools.count)

    def take(self, role: str) -> tuple[str, str]:
        with self._lock:
            if self._data is None:
                path = os.environ.get(ACCOUNTS_ENV)
                if not path:
                    raise RuntimeError(f"{ACCOUNTS_ENV} must name the accounts file")
                with open(path, encoding="utf-8") as file:
                    self._data = json.load(file)
            names = self._data[role]
            if not names:
                raise RuntimeError(f"the accounts file has no {role} accounts")
            # More simulated users than accounts would share a login; loadtest.py gives enough.
            n = next(self._next[role])
            return names[n % len(names)], self._data["password"]


ACCOUNTS = Accounts()


# --- Recording every request's time, exactly ------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: Counter[str] = Counter()
        self.failure_messages: Counter[str] = Counter()

    def on_request(
        self, request_type: str, name: str, response_time: float, exception: Any, **_: Any
    ) -> None:
        # A CHECK is a finding about a page already timed, not a request of its own.
        if request_type != "CHECK":
            self.times[name].append(response_time)
        if exception is not None:
            self.failures[name] += 1
            self.failure_messages[f"{request_type} {name}: {exception}"[:300]] += 1

    def write(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as file:
            json.dump(
                {
                    "times_ms": self.times,
                    "failures": self.failures,
                    "failure_messages": self.failure_messages,
                },
                file,
            )


RECORDER = Recorder()


@events.init.add_listener
def _record_when_asked(environment: Any, **_: Any) -> None:
    if os.environ.get(RESULTS_ENV):
        environment.events.request.add_listener(RECORDER.on_request)


@events.quitting.add_listener
def _write_results(environment: Any, **_: Any) -> None:
    path = os.environ.get(RESULTS_ENV)
    if path:
        RECORDER.write(path)


# --- Reading forms as a browser does ----------------------------------------------------------


class FormReader(HTMLParser):
    """The fields a browser would submit from the first form whose action is ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.found = False
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action") == self.action:
            self.found = self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def form_fields(page: str, action: str) -> list[tuple[str, str]] | None:
    reader = FormReader(action)
    reader.feed(page)
    return reader.fields if reader.found else None


def with_value(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(k, value if k == name else v) for k, v in fields]


def value_of(fields: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in fields if k == name), "")


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# --- The users ------------------------------------------------------------------------------


class StaffUser(FastHttpUser):
    abstract = True
    role = ""
    landing = ""  # where the user goes first, and asks the login to send it
    wait_time = _think_time()

    def on_start(self) -> None:
        self.username, password = ACCOUNTS.take(self.role)
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.host))
        login = f"/login/?next={self.landing}"
        with self.client.get(login, name="login page", catch_response=True) as response:
            fields = form_fields(response.text, "/login/") if response.status_code == 200 else None
            if fields is None:
                response.failure(f"no login form (status {response.status_code})")
                raise StopUser
        fields = with_value(fields, "username", self.username)
        fields = with_value(fields, "password", password)
        with self.client.post(
            "/login/",
            name="login",
            data=urlencode(fields),
            headers={**FORM, "Origin": self.origin, "Referer": self.host + login},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            where = response.headers.get("Location", "")
            if response.status_code == 429:
                response.failure(f"{self.username} is locked out (django-axes)")
                raise StopUser
            if response.status_code != 302 or urlsplit(where).path != self.landing:
                response.failure(
                    f"{self.username} not logged in: {response.status_code} to {where!r}"
                )
                raise StopUser
            response.success()

    def page(self, path: str, name: str, **headers: str) -> str | None:
        """GET a page a signed-in user gets with 200; its text, or None after a failure."""
        with self.client.get(
            path, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(
                    f"{response.status_code}{' to ' + where if where else ''} for {self.username}"
                )
                return None
            response.success()
            text = response.text
        if not headers:
            self.unread_count(path)
        return text

    def unread_count(self, current: str) -> None:
        """What htmx fetches on every page's load: the bell's unread count, as background."""
        self.page(
            "/oppfolging/varsler/antall/",
            "unread count",
            **{
                "HX-Request": "true",
                "HX-Current-URL": self.host + current,
                "X-Jobbspor-Background": "1",
            },
        )


class SpecialistUser(StaffUser):
    weight = 4
    role = "specialist"
    landing = "/saker/"

    @task(4)
    def log_a_contact(self) -> None:
        worklist = self.page("/saker/", "worklist")
        if worklist is None:
            return
        cases = CASE_LINK.findall(worklist)
        if not cases:
            # loadtest.py picks specialists with open cases; none here means the data changed.
            self.environment.events.request.fire(
                request_type="CHECK",
                name="worklist has cases",
                response_time=0,
                response_length=0,
                exception=AssertionError(f"{self.username} has no cases on the worklist"),
            )
            return
        self.wait()
        path = random.choice(cases)
        case_page = self.page(path, "case page")
        if case_page is None:
            return
        action = f"/kontakter/sak/{path.split('/')[2]}/"
        fields = form_fields(case_page, action)
        if fields is None:
            self.environment.events.request.fire(
                request_type="CHECK",
                name="case page has the contact form",
                response_time=0,
                response_length=0,
                exception=AssertionError(f"no contact form on {path} for {self.username}"),
            )
            return
        self.wait()  # typing the note
        fields = with_value(fields, "contact-note", random.choice(NOTES))
        token = value_of(fields, "csrfmiddlewaretoken")
        # static/js/app.js saves the form as a draft 1.2 s after the last keystroke.
        with self.client.post(
            f"{action}utkast/",
            name="contact draft",
            data=urlencode(fields),
            headers={**FORM, "X-CSRFToken": token, "Origin": self.origin},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 204:
                response.failure(f"{response.status_code} for {self.username}")
            else:
                response.success()
        # The form's hx-post, with the headers htmx sends (hx-headers on <body> adds the token).
        with self.client.post(
            action,
            name="log contact",
            data=urlencode(fields),
            headers={
                **FORM,
                "HX-Request": "true",
                "HX-Current-URL": self.host + path,
                "HX-Target": "contact-form-region",
                "X-CSRFToken": token,
                "Origin": self.origin,
                "Referer": self.host + path,
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {self.username} on {path}")
            elif 'hx-swap-oob="afterbegin:#timeline"' not in response.text:
                response.failure(f"the answer has no new timeline entry ({path})")
            else:
                response.success()

    @task(1)
    def follow_ups(self) -> None:
        self.page("/oppfolging/", "follow-ups")


class TeamLeadUser(StaffUser):
    weight = 1
    role = "team_lead"
    landing = "/dashbord/"

    @task(2)
    def dashboard(self) -> None:
        self.page("/dashbord/", "dashboard")

    @task(1)
    def dashboard_and_a_drill_list(self) -> None:
        board = self.page("/dashbord/", "dashboard")
        if board is None:
            return
        links = DRILL_LINK.findall(board)
        if not links:
            return  # a team with nothing to drill into: nothing to click
        self.wait()
        self.page(html.unescape(random.choice(links)), "drill list")
