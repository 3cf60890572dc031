"""The OpenAPI schema describes the error answers too, so a client (and Schemathesis) knows them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers


class DetailSerializer(serializers.Serializer[Any]):
    """``{"detail": "..."}``: why a request was refused, in the user's language."""

    detail = serializers.CharField()


class AutoSchema(SpectacularAutoSchema):
    """Adds the answers every operation may give besides its success.

    - 400: the input did not validate (field names map to lists of messages) or a filter is bad;
    - 401: no valid session or token; 403: the role never reaches this;
    - 404: the object is outside the caller's scope or does not exist (the same answer), or the
      page number of a list is past the end;
    - 409 on writes: a service refused (the case is not in a state that allows it, say).
    """

    def _resolve_path_parameters(self, variables: Any) -> list[dict[str, Any]]:
        # Ids in paths are matched by [0-9]+ (so "abc" is 404 before any view runs): say so
        # as what they are, whole numbers.
        parameters: list[dict[str, Any]] = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"].get("pattern") == "^[0-9]+$":
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors: dict[str, Any] = {
            "400": OpenApiTypes.OBJECT,
            "401": DetailSerializer,
            "403": DetailSerializer,
            "404": DetailSerializer,
        }
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors["409"] = DetailSerializer
        errors.update(getattr(self.view, "extra_error_responses", {}))
        for code, serializer in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, direction=direction)
        return responses
