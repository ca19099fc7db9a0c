"""The OpenAPI schema's view inspector: every operation documents the errors it can answer with.

The API is deny-by-default (``yjs.api.permissions``), validates every input and paginates its
lists, so besides what each view declares with ``@extend_schema``:

- 401 where a user must be signed in (the token or the session is missing or wrong);
- 403 for a change a signed-in user may not make;
- 404 where the path names a row (missing, or not the user's to see) and for a page past the
  last of a list;
- 400 for a request body or query parameters that do not validate, and 415 for a body that is
  not JSON, a form or multipart (or does not say which it is).
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.serializers import PolymorphicProxySerializerExtension
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ErrorDetail(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong")


# The error answers, in one wording for every app's operations. ``AutoSchema`` adds them where they
# apply; a view declares one only where it cannot tell (a 403 on a read its app refuses some users).
NOT_SIGNED_IN = OpenApiResponse(ErrorDetail, description="Not signed in: send `Authorization: Token <token>`")
FORBIDDEN = OpenApiResponse(ErrorDetail, description="You may not do this: `detail` says why")
NOT_FOUND = OpenApiResponse(ErrorDetail, description="Not found, or not visible to you")
BAD_INPUT = OpenApiResponse(description="Field errors: `{field: [message]}`; nothing was changed")
UNSUPPORTED_BODY = OpenApiResponse(ErrorDetail, description="The body is not JSON, a form or multipart")


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        signed_in = bool(self.get_auth())
        parameters = {parameter["in"] for parameter in self._get_parameters()}
        unsafe = self.method not in SAFE_METHODS
        lists_pages = self._is_list_view() and self._get_paginator() is not None
        wanted = {
            "400": BAD_INPUT if unsafe or "query" in parameters else None,
            "401": NOT_SIGNED_IN if signed_in else None,
            "403": FORBIDDEN if signed_in and unsafe else None,
            "404": NOT_FOUND if "path" in parameters or lists_pages else None,
            "415": UNSUPPORTED_BODY if unsafe else None,
        }
        for code, response in wanted.items():
            if response is not None and code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(responses.items()))


class AnyOfSerializer(PolymorphicProxySerializer):
    """A response in one of several shapes where one shape extends another (e.g. a child's whole
    record, or only their identity for the police): the whole record is also a valid identity,
    so the shapes are ``anyOf``, not ``oneOf`` (which requires exactly one to match)."""


class AnyOfSerializerExtension(PolymorphicProxySerializerExtension):
    target_class = AnyOfSerializer
    priority = 0

    def map_serializer(self, auto_schema, direction):
        schema = super().map_serializer(auto_schema, direction)
        return {"anyOf": schema.pop("oneOf"), **schema}
