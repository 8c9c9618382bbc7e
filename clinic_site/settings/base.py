"""Settings shared by every environment, driven by environment variables."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from clinic_site.cache_config import file_caches, redis_caches, responses_cache
from clinic_site.security_headers import origin_of

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default, minimum=0):
    """A whole-number setting; a wrong value stops the start with a message naming the variable."""
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {value}.")
    return value


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------- core
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# ---------------------------------------------------------------- applications
INSTALLED_APPS = [
    "clinic_site",
    "clinic_site.enquiries",
    "treatments",
    "galleries",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so static files get them too; CSP outside XFrameOptions, whose header it follows.
    "clinic_site.security_headers.SecurityHeadersMiddleware",
    "clinic_site.security_headers.PathPolicyCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that looks up the path or a parameter: PostgreSQL refuses strings holding NUL.
    "treatments.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Names the resources each response shows, for the caching proxy's purges (treatments/change_log/purges.py).
    "treatments.change_log.surrogate_keys.SurrogateKeyMiddleware",
]

# The caching proxy (Varnish, deploy/varnish/default.vcl) the change log purges, e.g. http://127.0.0.1:6081.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# ---------------------------------------------------------------- database
# SQLite file by default; DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/clinic) in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes write the one file (web workers, the task worker, the shell): readers go on while one
    # writes (WAL), a writer takes the lock when its transaction starts, so two never deadlock upgrading a read,
    # and waits for it rather than failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- background tasks
# Django's Tasks API (the django-tasks backport): queued in the database and run by `manage.py db_worker`, which
# `make run` starts beside the web server. TASKS_BACKEND names another backend (e.g. django_tasks_rq.RQBackend).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# ---------------------------------------------------------------- cache
# Shared by every process (rate limits count here); whether a cached copy is current comes from the database's
# change log, never from the cache (treatments/change_log/).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "clinic"))
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # an outage is served uncached, and logged
else:
    CACHES = file_caches(os.environ.get("CACHE_DIR") or BASE_DIR / "var" / "cache")

# ---------------------------------------------------------------- auth
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------- static and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def object_storage_settings(environ):
    """The media settings for S3-compatible object storage when `environ` names a bucket (django-storages[s3]);
    none otherwise. A function, so the tests against a real S3 server apply exactly these."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return {}
    return {
        "STORAGES": {**STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}},
        "AWS_STORAGE_BUCKET_NAME": environ["AWS_STORAGE_BUCKET_NAME"],
        "AWS_S3_REGION_NAME": environ.get("AWS_S3_REGION_NAME") or None,
        "AWS_S3_ENDPOINT_URL": environ.get("AWS_S3_ENDPOINT_URL") or None,  # any S3-compatible service
        "AWS_S3_SIGNATURE_VERSION": "s3v4",  # signed URLs of private case photos carry their expiry (X-Amz-Expires)
        # Public media is read through the bucket policy: plain URLs, which a cached page or app copy can keep
        # (signed ones stop working after an hour). galleries.storage signs private files whatever this says.
        "AWS_QUERYSTRING_AUTH": False,
        # Names are random (galleries.photo_privacy); never let a save replace a file another row points at.
        "AWS_S3_FILE_OVERWRITE": False,
    }


globals().update(object_storage_settings(os.environ))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ---------------------------------------------------------------- wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Clinic CMS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "clinic_site.ClinicImage"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no outside avatars: the admin's CSP would refuse them anyway

# ---------------------------------------------------------------- API
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "treatments.api.errors.api_exception_handler",
    # Counted in the default cache: Redis when REDIS_URL is set, so the limit holds across app servers.
    "DEFAULT_THROTTLE_CLASSES": ["treatments.api.throttling.AnonApiThrottle"],
}
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (default): the connecting address is
# the client and the header is ignored, since anyone can send one. Every rate limit uses this (api/throttling.py).
TREATMENTS_API_TRUSTED_PROXIES = env_int("API_TRUSTED_PROXIES", 0)
REST_FRAMEWORK["NUM_PROXIES"] = TREATMENTS_API_TRUSTED_PROXIES  # DRF's own throttles, should anyone add one, agree
TREATMENTS_API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/min")
TREATMENTS_API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))  # browsers and apps
TREATMENTS_API_CACHE_S_MAXAGE = int(os.environ.get("API_CACHE_S_MAXAGE", "300"))  # CDNs
TREATMENTS_SYNC_RETENTION_DAYS = env_int("SYNC_RETENTION_DAYS", 90)
# Rendered API responses in each process's own memory: exact in every process, because entries are keyed by the
# change log's head, and faster than any shared store (make bench: "cached" against "cached on Redis").
TREATMENTS_API_RESPONSE_CACHE = os.environ.get("API_RESPONSE_CACHE", "responses")
CACHES["responses"] = responses_cache()
TREATMENTS_API_RESPONSE_CACHE_SECONDS = int(os.environ.get("API_RESPONSE_CACHE_SECONDS", "600"))
# Serve treatment detail from the JSON stored at publish time (treatments/api/documents.py); off builds it per request.
TREATMENTS_API_STORED_DOCUMENTS = env_bool("API_STORED_DOCUMENTS", True)
# Wagtail's own API v2 at /api/wagtail-v2/, mounted only to benchmark against it (`make bench` turns it on).
TREATMENTS_API_WAGTAIL_V2 = env_bool("API_WAGTAIL_V2", False)
TREATMENTS_API_PREVIEW_MAX_AGE = int(os.environ.get("API_PREVIEW_MAX_AGE", "3600"))
# Where an app shows a draft from a preview link, e.g. https://app.example/preview?t={token}
TREATMENTS_API_PREVIEW_FRONTEND_URL = os.environ.get("API_PREVIEW_FRONTEND_URL", "")
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinic CMS API",
    "DESCRIPTION": "Evidence-rated treatment content for clinic websites and mobile apps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from drf-spectacular-sidecar and are served by the site: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No enum extraction: a block item's `type` stays an inline one-value enum, as its discriminator expects.
    "POSTPROCESSING_HOOKS": [],
    "PREPROCESSING_HOOKS": ["treatments.api.schema.only_public_api"],
}


def require_secret_key(value):
    if not value:
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
    return value


# ---- galleries and photo privacy
# Only these formats are accepted; every upload is re-encoded without metadata (galleries.photo_privacy).
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGES_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# The pixel budget, read from the header before anything is decoded: 40 megapixels takes any phone photo.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGES_MAX_MEGAPIXELS", "40")) * 1_000_000
# Stored originals are at most this many pixels on their long edge (0: full size); renditions go up to 1600.
GALLERIES_IMAGE_MAX_STORED_EDGE = int(os.environ.get("IMAGES_MAX_STORED_EDGE", "3000"))
# Multiple-upload files left by an editor who never completed them are deleted after this many hours
# (`manage.py purge_abandoned_uploads`, run from cron).
GALLERIES_ABANDONED_UPLOAD_HOURS = int(os.environ.get("ABANDONED_UPLOAD_HOURS", "24"))
WAGTAILIMAGES_IMAGE_FORM_BASE = "galleries.image_forms.PrivacyImageForm"
# Signed consent forms live here, outside MEDIA_ROOT; nothing serves this folder.
GALLERIES_PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
# Seconds browsers may reuse a case photo without asking; 0 = revalidate every time (withdrawal is immediate).
GALLERIES_PHOTO_CACHE_SECONDS = int(os.environ.get("GALLERIES_PHOTO_CACHE_SECONDS", "0"))

# ---------------------------------------------------------------- security headers (clinic_site/security_headers.py)
# Where media is served from when not this site (MEDIA_URL on a CDN, a bucket's domain), and any extra origins.
CSP_MEDIA_ORIGINS = [
    origin
    for origin in [
        origin_of(MEDIA_URL),
        origin_of(f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}") if os.environ.get("AWS_S3_CUSTOM_DOMAIN") else None,
        *env_list("CSP_EXTRA_IMG_SRC"),
    ]
    if origin
]
_CSP_REPORT = {"report-uri": [os.environ["CSP_REPORT_URI"]]} if os.environ.get("CSP_REPORT_URI") else {}
# Public pages and the API: this site's own files only; no inline script or style, no eval, no plugin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *CSP_MEDIA_ORIGINS],
        "media-src": [SELF, *CSP_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *env_list("CSP_EXTRA_FRAME_SRC")],  # e.g. a video host's origin for embeds
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],  # replaced per response to match X-Frame-Options
        **_CSP_REPORT,
    }
}
_CSP_PUBLIC = CONTENT_SECURITY_POLICY["DIRECTIVES"]
# Wagtail 8 still writes inline <script> in some widgets (date pickers, inline panels, chooser modals) and sets
# style attributes; data:/blob: images are its icons and upload previews. Staff only, and still no eval.
CSP_ADMIN_DIRECTIVES = {
    **_CSP_PUBLIC,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
}
# Swagger UI (drf-spectacular-sidecar, served by this site): its init script is a file (the split view), but the
# page template and Swagger UI itself set inline styles, and its stylesheet draws icons as data: images.
CSP_API_DOCS_DIRECTIVES = {**_CSP_PUBLIC, "style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]}
CSP_POLICIES_BY_PATH = [
    ("/admin/", CSP_ADMIN_DIRECTIVES),
    ("/django-admin/", CSP_ADMIN_DIRECTIVES),
    ("/api/v1/docs/", CSP_API_DOCS_DIRECTIVES),
]
# Powerful browser features nothing on this site uses: off for the page and everything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",  # FLoC, withdrawn; kept for browsers that still know it
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
} | {"fullscreen": ["self"]}
# Resources other sites and apps may load (API, public images, static files); everything else is same-origin.
CROSS_ORIGIN_SHARED_PATH_PREFIXES = [p for p in ("/api/", STATIC_URL, MEDIA_URL, "/documents/") if p.startswith("/")]
# Sent on every response by Django's SecurityMiddleware (production tightens the referrer policy).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Image originals and case-photo renditions are stored outside public media (galleries.storage), next to the
# consent forms, or in a private bucket/prefix on object storage.
WAGTAILIMAGES_RENDITION_STORAGE = "galleries.storage.media_storage"
GALLERIES_PRIVATE_BUCKET_NAME = os.environ.get("GALLERIES_PRIVATE_BUCKET_NAME", "")  # default: AWS_STORAGE_BUCKET_NAME
GALLERIES_PRIVATE_LOCATION = os.environ.get("GALLERIES_PRIVATE_LOCATION", "private")  # key prefix of private files
GALLERIES_PHOTO_SIGNED_URL_SECONDS = int(os.environ.get("GALLERIES_PHOTO_SIGNED_URL_SECONDS", "60"))
# "nginx" (X-Accel-Redirect to GALLERIES_PHOTO_SENDFILE_PREFIX), "apache" (X-Sendfile), or "" to stream from Django.
GALLERIES_PHOTO_SENDFILE = os.environ.get("GALLERIES_PHOTO_SENDFILE", "")
GALLERIES_PHOTO_SENDFILE_PREFIX = os.environ.get("GALLERIES_PHOTO_SENDFILE_PREFIX", "/protected-media/")
