"""The treatments plugin's settings: one table of names, defaults and meanings; a host site sets only what it changes.

Read through `treatments_settings.NAME`, which looks the setting up in Django's settings on every access (so
`override_settings` in tests works), as `TREATMENTS_NAME`. A name this plugin read before the prefix (e.g.
`API_CACHE_MAX_AGE`) still works for one release, with a DeprecationWarning naming the new name.
"""

import warnings
from typing import Any, NamedTuple

from django.conf import settings


class Setting(NamedTuple):
    default: Any  # a callable is called for the default, for defaults that follow other settings
    meaning: str
    old_name: str = ""  # the deprecated unprefixed name, still read for one release


class AppSettings:
    """A plugin's settings, read from Django's settings by prefixed name, else the old name, else the default."""

    def __init__(self, prefix, table):
        self.prefix = prefix
        self.table = table

    def __getattr__(self, name):
        try:
            setting = self.table[name]
        except KeyError:
            raise AttributeError(f"{self.prefix}{name} is not a setting of this plugin") from None
        full_name = self.prefix + name
        if hasattr(settings, full_name):
            return getattr(settings, full_name)
        if setting.old_name and hasattr(settings, setting.old_name):
            warnings.warn(
                f"The {setting.old_name} setting is deprecated: set {full_name} instead "
                "(the old name stops working in the next release).",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(settings, setting.old_name)
        return setting.default() if callable(setting.default) else setting.default

    def rows(self):
        """(name, default, meaning, old name) per setting, for the README table and its test."""
        return [(self.prefix + name, s.default, s.meaning, s.old_name) for name, s in self.table.items()]


TREATMENTS = {
    "DEFAULT_CURRENCY": Setting("USD", "Currency code new prices, products and cost tables start with."),
    "REVIEW_GROUP": Setting("Clinicians", "Group whose members approve medical reviews and waive rule findings."),
    "REVIEW_WORKFLOW": Setting("Medical review", "Name of the workflow every treatment index is put under."),
    "EXTRA_BODY_BLOCKS": Setting(
        (), "A site's own treatment-body blocks: (name, block class or dotted path) pairs; see Adding a block."
    ),
    "RULE_PACK_DIRS": Setting((), "Extra folders of advertising-rule packs; a pack with our code replaces ours."),
    "IMPORT_MAX_UPLOAD_BYTES": Setting(10 * 1024 * 1024, "Largest article export an editor may upload to import."),
    # The API (treatments/api/)
    "API_IMAGE_WIDTHS": Setting(
        (320, 640, 1024, 1600), "Rendition widths the API offers per image.", old_name="API_IMAGE_WIDTHS"
    ),
    "API_PREGENERATE_RENDITIONS": Setting(
        True, "Make the API's renditions when an image is saved, not at first request.", "API_PREGENERATE_RENDITIONS"
    ),
    "API_STORED_DOCUMENTS": Setting(
        True, "Serve treatment detail from the JSON stored at publish; off: built per request.", "API_STORED_DOCUMENTS"
    ),
    "API_CACHE_MAX_AGE": Setting(60, "Seconds browsers and apps may reuse an API response.", "API_CACHE_MAX_AGE"),
    "API_CACHE_S_MAXAGE": Setting(300, "Seconds CDNs may reuse an API response.", "API_CACHE_S_MAXAGE"),
    "API_RESPONSE_CACHE": Setting(
        "default", "Cache alias of the API's response cache; per process is fine: entries are keyed by the change log."
    ),
    "API_RESPONSE_CACHE_SECONDS": Setting(
        600, "Seconds the server keeps a rendered API response; 0: none.", "API_RESPONSE_CACHE_SECONDS"
    ),
    "CHECK_SHARED_CACHE": Setting(
        lambda: not settings.DEBUG, "Warn (treatments.W001) when a cache is per process; default: when not DEBUG."
    ),
    "SYNC_RETENTION_DAYS": Setting(
        90, "Days the change log keeps; an app syncing from an older cursor starts a new snapshot."
    ),
    "WEBHOOK_RETRY_DELAYS": Setting(
        (60, 300, 1800, 7200, 43200), "Seconds before each retry of an unanswered webhook; one more attempt than these."
    ),
    "WEBHOOK_TIMEOUT_SECONDS": Setting(
        5, "Seconds a webhook receiver has to answer before the attempt counts as failed."
    ),
    "API_ANON_RATE": Setting("120/min", "Requests per client the API answers; None: no limit.", "API_ANON_RATE"),
    "API_TRUSTED_PROXIES": Setting(
        0, "Reverse proxies in front of the app that append to X-Forwarded-For.", "API_TRUSTED_PROXIES"
    ),
    "API_PREVIEW_MAX_AGE": Setting(3600, "Seconds a preview link of a draft stays valid.", "API_PREVIEW_MAX_AGE"),
    "API_PREVIEW_FRONTEND_URL": Setting(
        "", "The app's preview address with {token}, e.g. https://app.example/p?t={token}", "API_PREVIEW_FRONTEND_URL"
    ),
    "API_WAGTAIL_V2": Setting(
        False, "Mount Wagtail's own API v2 at /api/wagtail-v2/, to benchmark against it.", "API_WAGTAIL_V2"
    ),
    "SURROGATE_KEY_HEADER": Setting(
        "xkey", "Response header naming the resources shown, for tag purges (Surrogate-Key, Cache-Tag); '': none."
    ),
}

treatments_settings = AppSettings("TREATMENTS_", TREATMENTS)


# Field defaults are callables by dotted path in migrations: these names stay where migrations find them.
def default_currency():
    return treatments_settings.DEFAULT_CURRENCY


def medical_review_group_name():
    return treatments_settings.REVIEW_GROUP


def medical_review_workflow_name():
    return treatments_settings.REVIEW_WORKFLOW
