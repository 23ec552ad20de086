"""Headless preview: editors see a draft in the external front end, which reads it from the API.

Imported by the page models, so it imports no API module; the endpoint is in api/preview.py.
"""

import json
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponseRedirect
from wagtail.models import Page

SALT = "optisnte-preview"
CACHE_PREFIX = "optisnte:preview:"


class InvalidPreviewRequest(ValueError):
    """A missing, forged, expired or mismatched token: the client's error (a 400)."""


def content_type_label(model):
    """How the token and the front end name a page type: "estructura.publicacionpage"."""
    return model._meta.label_lower


def sign_token(key, content_type):
    return signing.dumps({"key": key, "content_type": content_type}, salt=SALT)


def store_preview(page):
    """Keep the previewed (possibly unsaved) page for the front end; return its token.

    The cache, not a table: a preview lives minutes, needs no migration and expires on its own.
    With several workers the cache must be shared (REDIS_URL), or another worker will not find it.
    """
    # The random key makes the token unguessable even for whoever can read one cache entry name;
    # the signature makes it unforgeable and dates it.
    key = secrets.token_urlsafe(24)
    content_type = content_type_label(type(page))
    content = json.dumps(page.serializable_data(), cls=DjangoJSONEncoder)
    cache.set(
        CACHE_PREFIX + key,
        {"content_type": content_type, "content": content},
        timeout=settings.HEADLESS_PREVIEW_MAX_AGE,
    )
    return sign_token(key, content_type)


def front_end_url(content_type, token):
    """HEADLESS_PREVIEW_URL with content_type and token added to whatever query it has."""
    parts = urlsplit(settings.HEADLESS_PREVIEW_URL)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [("content_type", content_type), ("token", token)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def load_preview(content_type, token):
    """The page an editor previewed under `token`; InvalidPreviewRequest or Http404 otherwise."""
    if not content_type or not token:
        raise InvalidPreviewRequest("content_type and token are required")
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.HEADLESS_PREVIEW_MAX_AGE)
    except signing.SignatureExpired as e:
        raise InvalidPreviewRequest("the preview token has expired") from e
    except signing.BadSignature as e:
        raise InvalidPreviewRequest("the preview token is not valid") from e
    if not isinstance(payload, dict) or payload.get("content_type") != content_type.lower():
        raise InvalidPreviewRequest("the preview token is for another content type")
    stored = cache.get(CACHE_PREFIX + str(payload.get("key")))
    # The type is checked again against what was stored, so a token can only ever open its own.
    if stored is None or stored["content_type"] != payload["content_type"]:
        raise Http404("the preview is no longer available")
    model = apps.get_model(stored["content_type"])
    if not issubclass(model, Page):
        raise Http404("the preview is no longer available")
    return model.from_serializable_data(json.loads(stored["content"]))


class HeadlessPreviewMixin:
    """Page mixin: with HEADLESS_PREVIEW_URL set, preview opens the front end, not our template."""

    def serve_preview(self, request, mode_name):
        if not settings.HEADLESS_PREVIEW_URL:
            return super().serve_preview(request, mode_name)
        content_type = content_type_label(type(self))
        token = store_preview(self)
        return HttpResponseRedirect(front_end_url(content_type, token))
