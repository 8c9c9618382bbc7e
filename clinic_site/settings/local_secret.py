"""A development SECRET_KEY made on first use and kept in a git-ignored file, so no key lives in the repository."""

import contextlib
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50  # Django's deploy check calls anything shorter weak


def read_or_create(path):
    """The key saved at `path`, creating it first if there is none. Safe when several processes start at once:
    each writes its own candidate to a private temporary file and hard-links it into place, which succeeds for
    exactly one of them; the others read the winner's file, which is complete from the moment it appears."""
    path = Path(path)
    key = _read(path)
    if key:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # readable by its owner only
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(64) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process saved its key first: that one counts
            os.link(candidate, path)  # atomic, and never replaces a key already saved
    finally:
        candidate.unlink(missing_ok=True)
    key = _read(path)
    if not key:
        raise ImproperlyConfigured(f"{path} holds no usable secret key: delete it, or set SECRET_KEY.")
    return key


def _read(path):
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    except (IsADirectoryError, PermissionError) as error:
        raise ImproperlyConfigured(f"Cannot read the development secret key at {path}: {error}") from None
    if key and len(key) < MIN_LENGTH:
        raise ImproperlyConfigured(f"{path} holds a key shorter than {MIN_LENGTH} characters: delete it to renew.")
    return key
