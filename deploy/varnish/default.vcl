# Varnish in front of the Clinic CMS app server (gunicorn): caches what anonymous visitors and apps read, and
# forgets exactly what the change log names (treatments/change_log/purges.py). README: "Running behind Varnish
# or a CDN". Needs Debian's varnish and varnish-modules (for xkey).
vcl 4.1;

import xkey;

# The app server Varnish forwards to: edit this one line for your deployment.
backend default { .host = "127.0.0.1"; .port = "8000"; }

# Who may PURGE and BAN: the app servers, which send them after each change (FRONTEND_CACHE_URL).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in an xkey-purge header"));
        }
        # Hard purge: the next request for any of these is fetched fresh, never served from grace.
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method == "BAN") {
        # "Everything changed" (a site's host or root page moved): drop every object.
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to ban"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned everything"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors' pages, drafts and the sync feed are per person or per cursor.
    if (req.url ~ "^/(admin|django-admin)(/|$)" || req.url ~ "^/api/v1/(sync|preview)/" || req.url ~ "[?&]preview") {
        return (pass);
    }
    # Case photos: consent is checked on every request, so a withdrawal takes effect at once.
    if (req.url ~ "^/(case-photos|private-images)/") {
        return (pass);
    }
    # Signed-in people (and forms holding a CSRF token) see their own pages.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    # Any other cookie (analytics, consent banners) does not change what the site shows.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/(case-photos|private-images)/") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Responses for one person only; Varnish's built-in rules add Set-Cookie and no-cache. s-maxage, when given,
    # sets how long a copy is kept (Varnish reads it before max-age).
    if (beresp.http.Cache-Control ~ "(private|no-store)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for Varnish only.
    unset resp.http.xkey;
}
