"""The `X-Clinic-Signature` header: `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the secret>`.

`verify()` is what a receiver runs (the README shows the same check on its own): it refuses a signature that does
not match and one older than five minutes, so a captured request cannot be replayed later.
"""

import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300


def signature(secret, body, timestamp):
    """The hex HMAC-SHA256 of `"<timestamp>.<body>"`; `body` is the exact bytes sent."""
    message = f"{int(timestamp)}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header(secret, body, timestamp=None):
    timestamp = int(time.time() if timestamp is None else timestamp)
    return f"t={timestamp},v1={signature(secret, body, timestamp)}"


class BadSignature(ValueError):
    pass


def verify(secret, body, value, now=None, tolerance=TOLERANCE_SECONDS):
    """Check a received header against the body; raises BadSignature saying what is wrong."""
    parts = dict(part.split("=", 1) for part in value.split(",") if "=" in part)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        raise BadSignature("The header needs t=<unix time> and v1=<signature>.")
    timestamp = int(parts["t"])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise BadSignature("The timestamp is more than five minutes away from now.")
    if not hmac.compare_digest(signature(secret, body, timestamp), parts["v1"]):
        raise BadSignature("The signature does not match the body and secret.")
    return timestamp
