"""The reference site's own settings read outside settings/, with their defaults: the security headers' policies."""

from treatments.conf import AppSettings, Setting

SECURITY_HEADERS = {
    "CSP_POLICIES_BY_PATH": Setting(
        (), "(path prefix, CSP directives) pairs: the first prefix a path starts with picks its policy."
    ),
    "CROSS_ORIGIN_SHARED_PATH_PREFIXES": Setting(
        (), "Path prefixes other sites and apps may load as resources (Cross-Origin-Resource-Policy: cross-origin)."
    ),
    "PERMISSIONS_POLICY": Setting(
        dict, "Browser feature → origins allowed to use it, for the Permissions-Policy header."
    ),
}

security_settings = AppSettings("", SECURITY_HEADERS)
