"""Production: secrets and hosts from the environment, HTTPS-only, hashed static files."""

from clinic_site.cache_config import database_caches, responses_cache

from .base import *  # noqa: F403
from .base import env_bool, env_list, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(os.environ.get("SECRET_KEY", ""))  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# ---------------------------------------------------------------- HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# SAMEORIGIN, not DENY: Wagtail's live preview shows the page in a same-origin iframe.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# ---------------------------------------------------------------- cache
# Shared by every worker on every machine: Redis when REDIS_URL is set (base.py), else the database's own cache
# table (`manage.py createcachetable`), so rate limits hold across workers.
if not REDIS_URL:  # noqa: F405
    CACHES = {**database_caches(), "responses": responses_cache()}

# ---------------------------------------------------------------- static
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# ---------------------------------------------------------------- API
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# Its deploy check builds the schema of every DRF view, Wagtail's internal admin API included, and reads the
# database to do it; the published schema is validated by the test suite instead.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},  # noqa: F405
}
