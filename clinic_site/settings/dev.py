"""Local development: debug on; the secret key from SECRET_KEY, else one made on first use and kept in a
git-ignored file (SECRET_KEY_FILE, default .secret-key in the project), never a key from the repository."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool
from .local_secret import read_or_create

DEBUG = env_bool("DEBUG", True)
DEFAULT_KEY_FILE = BASE_DIR / ".secret-key"
KEY_FILE = os.environ.get("SECRET_KEY_FILE") or DEFAULT_KEY_FILE  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create(KEY_FILE)  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
