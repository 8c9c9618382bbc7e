"""The site's WSGI app on a clock the test moves: each request runs `offset` seconds ahead of real time, read from
the file CLOCK_OFFSET_FILE names, so servers in other processes meet midnight or an expiry when the test says."""

import os
import time
from pathlib import Path

import time_machine

from clinic_site.wsgi import application as site

OFFSET_FILE = Path(os.environ["CLOCK_OFFSET_FILE"])


def offset():
    try:
        return float(OFFSET_FILE.read_text() or 0)
    except FileNotFoundError:
        return 0.0


def application(environ, start_response):
    ahead = offset()
    if not ahead:
        return site(environ, start_response)
    with time_machine.travel(time.time() + ahead, tick=True):
        return list(site(environ, start_response))  # the body is built inside the shifted clock
