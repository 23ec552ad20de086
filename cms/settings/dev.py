"""Local development: what `make run` uses. Never deploy with these settings."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = env_bool("DEBUG", True)
# A fixed, obviously-local key: dev sessions survive restarts, and production refuses it.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo accounts share one simple password, so the validators would only get in the way.
AUTH_PASSWORD_VALIDATORS = []
