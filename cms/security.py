"""Security headers: a Content-Security-Policy per area, framing rules, Permissions-Policy."""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

# Powerful features the site never uses, refused to every page and to anything it embeds.
# Only names Chromium knows: an unknown one is a console error on every page.
DISABLED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DISABLED_FEATURES)

# The views Wagtail's admin loads in an iframe of its own pages: the preview panel of pages,
# snippets and settings (and the moderator's workflow preview), and the block picker's previews.
# By URL name, so a custom viewset with a preview is covered wherever its URLs are mounted.
FRAMED_URL_NAMES = frozenset({"preview_on_add", "preview_on_edit", "workflow_preview"})
FRAMED_VIEW_NAMES = frozenset({"wagtailadmin_block_preview"})
# Django Ninja names its interactive docs page so in every API (v3's and the project's).
DOCS_URL_NAME = "openapi-view"

ADMIN_PREFIX = "/admin/"
API_PREFIX = "/api/"
GRAVATAR_DEFAULT = "//www.gravatar.com/avatar"
# Where Wagtail's dashboard asks for the latest version (WAGTAIL_ENABLE_UPDATE_CHECK).
WAGTAIL_RELEASES = "https://releases.wagtail.org"


def origin(url):
    """The scheme and host of an absolute or protocol-relative URL; None for a relative one."""
    parts = urlsplit(url or "")
    if not parts.netloc:
        return None
    # A source without a scheme matches the page's own (https in production).
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc


def media_origins():
    """Where image files come from when they are not on this server (S3 or its CDN)."""
    origins = [origin(settings.MEDIA_URL)]  # AWS_S3_CUSTOM_DOMAIN becomes MEDIA_URL
    bucket = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
    if bucket:
        if getattr(settings, "AWS_S3_CUSTOM_DOMAIN", None):
            origins.append(f"https://{settings.AWS_S3_CUSTOM_DOMAIN}")
        elif getattr(settings, "AWS_S3_ENDPOINT_URL", None):
            origins.append(origin(settings.AWS_S3_ENDPOINT_URL))
        else:
            # Signed URLs straight from AWS, virtual-hosted style, with or without the region.
            origins.append(f"https://{bucket}.s3.amazonaws.com")
            if getattr(settings, "AWS_S3_REGION_NAME", None):
                origins.append(f"https://{bucket}.s3.{settings.AWS_S3_REGION_NAME}.amazonaws.com")
    return [value for value in dict.fromkeys(origins) if value]


def public_policy(request):
    """The public site: server-rendered HTML and one stylesheet, no script of its own."""
    return {
        "default-src": [SELF],
        "script-src": [SELF],  # Wagtail's user bar, for signed-in editors only
        "style-src": [SELF],
        "img-src": [SELF, "data:", *media_origins()],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Over HTTPS only: on runserver's plain HTTP it would ask for assets at https://.
        "upgrade-insecure-requests": request.is_secure(),
    }


def admin_policy(request):
    """Wagtail 8's admin: the public policy plus what the admin needs, each with its reason."""
    policy = public_policy(request)
    gravatar = origin(getattr(settings, "WAGTAIL_GRAVATAR_PROVIDER_URL", GRAVATAR_DEFAULT))
    headless = origin(settings.HEADLESS_PREVIEW_URL)
    update_check = getattr(settings, "WAGTAIL_ENABLE_UPDATE_CHECK", True)
    policy.update(
        {
            # Panels (InlinePanel, MultipleChooserPanel) and date widgets print inline <script>
            # that Wagtail gives no nonce, and choosers run the scripts of the HTML they load.
            "script-src": [SELF, UNSAFE_INLINE],
            # The editor's scripts insert <style> elements (its content checks among them) and
            # Wagtail's widgets write style attributes; none carries a nonce either.
            "style-src": [SELF, UNSAFE_INLINE],
            # Upload previews are blob: URLs; avatars come from Gravatar unless it is turned off.
            "img-src": [*policy["img-src"], "blob:", *filter(None, [gravatar])],
            # Superusers' dashboard asks wagtail.org whether an upgrade is out.
            "connect-src": [SELF, *([WAGTAIL_RELEASES] if update_check else [])],
            # The preview panel and the block picker frame the admin's own previews; a headless
            # preview redirects that frame to the front end.
            "frame-src": [SELF, *filter(None, [headless])],
        }
    )
    return policy


def api_policy(request):
    """JSON answers: nothing in them may load, run or be framed."""
    return {"default-src": [NONE], "frame-ancestors": [NONE]}


def docs_policy(request):
    """Django Ninja's Swagger UI, served from our own static files."""
    return {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # the stylesheet's icons are data: SVGs
        "connect-src": [SELF],  # the OpenAPI schema and "Try it out"
        "base-uri": [NONE],
        "form-action": [NONE],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": request.is_secure(),
    }


def is_framed_by_admin(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if match.view_name in FRAMED_VIEW_NAMES:
        return True
    return match.url_name in FRAMED_URL_NAMES and request.path_info.startswith(ADMIN_PREFIX)


def is_api_docs(request):
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.url_name == DOCS_URL_NAME
        and request.path_info.startswith(API_PREFIX)
    )


def policy_for(request):
    """The one place that decides which policy a response carries."""
    if is_framed_by_admin(request):
        return {**admin_policy(request), "frame-ancestors": [SELF]}
    if request.path_info.startswith(ADMIN_PREFIX):
        return admin_policy(request)
    if is_api_docs(request):
        return docs_policy(request)
    if request.path_info.startswith(API_PREFIX):
        return api_policy(request)
    return public_policy(request)


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy chosen per area, plus framing and permissions.

    A response that already carries a Content-Security-Policy keeps it (the Buzón's attachments
    and Wagtail's documents set a sandbox of their own); csp_update/csp_replace still apply.
    """

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by running a made-up request for the page's public URL
            # through the whole middleware chain; the admin request around it decides.
            return response
        if is_framed_by_admin(request):
            response["X-Frame-Options"] = "SAMEORIGIN"
        elif not getattr(response, "xframe_options_exempt", False):
            # Also on answers that never reach XFrameOptionsMiddleware (the API cache, CORS).
            response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        # A report-only policy comes from settings when one is configured (none is today).
        if not report_only and parts.config is None:
            parts.config = policy_for(request)
        return parts
