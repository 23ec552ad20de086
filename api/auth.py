"""Who an operation of the project API lets in: a bearer token, or anyone (never a session)."""

from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

TOKEN_AUTH = BearerTokenAuth()
# Token if given, else anonymous; either way a session cookie never elevates the request.
PUBLIC_AUTH = [BearerTokenAuth(), AllowAnonymous()]
