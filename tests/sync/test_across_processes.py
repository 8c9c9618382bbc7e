"""The change sequence across processes: two servers (one worker each, so each request lands where the test
says), changes made from a third process, and an offline copy kept only through /sync/. After every change,
each server serves the new state on its next request, and the copy equals a fresh fetch of every resource.

Run on the embedded default (the file cache) and on Redis, against the database of the run: SQLite in `make
test`'s first pass, PostgreSQL in its second. The servers and the change process share a clock the test moves
forward (shifted_clock.py), to meet a scheduled go-live, an expiry and a consent's midnight.
"""

import datetime
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from tests import migrated_databases
from tests.sync.offline_copy import OfflineCopy, differences, fresh_copy

ROOT = Path(__file__).resolve().parents[2]
HOST = "clinic.example"
TIME_ZONE = "Australia/Sydney"  # the demo clinic's: midnight is local midnight

pytestmark = [pytest.mark.processes]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


class Database:
    """A migrated database of its own: a SQLite file, or a PostgreSQL database made and dropped around the test."""

    def __init__(self, workdir):
        server_url = postgres_url()
        self.copy = migrated_databases.PostgresCopy(server_url) if server_url else None
        self.url = self.copy.url if self.copy else migrated_databases.sqlite_copy(workdir / "site.sqlite3")

    def drop(self):
        if self.copy:
            self.copy.drop()


def redis_url_or_skip():
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip("REDIS_TEST_URL is not set: the Redis combination needs a real Redis (make test sets it).")
    return url


class Site:
    """Two servers and a change process on one database and one cache."""

    def __init__(self, workdir, cache):
        self.workdir = workdir
        self.offset_file = workdir / "clock-offset"
        self.offset_file.write_text("0")
        self.database = Database(workdir)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
            "DEBUG": "0",
            "SECRET_KEY": "processes-test-key",
            "ALLOWED_HOSTS": f"{HOST},testserver",
            "DATABASE_URL": self.database.url,
            "MEDIA_ROOT": str(workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
            "STATIC_ROOT": str(workdir / "static"),
            "API_ANON_RATE": "1000000/min",
            "TIME_ZONE": TIME_ZONE,
            "CLOCK_OFFSET_FILE": str(self.offset_file),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("REDIS_URL", None)
        if cache == "redis":
            self.env.update({"REDIS_URL": redis_url_or_skip(), "CACHE_KEY_PREFIX": f"processes-{uuid.uuid4().hex[:8]}"})
        else:
            self.env["CACHE_DIR"] = str(workdir / "cache")
        self.servers, self.ports, self.changer, self.logs = [], [], None, []

    def log(self, name):
        handle = (self.workdir / name).open("w")
        self.logs.append(handle)
        return handle

    def start(self):
        for _ in range(2):
            port = free_port()
            self.ports.append(port)
            self.servers.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and modules
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "tests.sync.shifted_clock:application",
                        "-b",
                        f"127.0.0.1:{port}",
                        "-w",
                        "1",
                        "--timeout",
                        "120",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=self.log(f"server-{port}.log"),
                )
            )
        self.changer = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.change_steps"],
            cwd=ROOT,
            env=self.env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log("changes.log"),
        )
        for port in self.ports:
            self.wait_for(port)

    def wait_for(self, port, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"server on {port} did not start: {(self.workdir / f'server-{port}.log').read_text()}")

    def change(self, step, **args):
        self.changer.stdin.write(json.dumps({"step": step, "args": args}) + "\n")
        self.changer.stdin.flush()
        answer = json.loads(self.changer.stdout.readline() or '{"ok": false, "error": "the change process died"}')
        assert answer["ok"], f"{step}: {answer['error']}\n{(self.workdir / 'changes.log').read_text()[-3000:]}"
        return answer["ids"]

    def move_clock_to(self, moment):
        self.offset_file.write_text(str(moment.timestamp() - time.time()))

    def getter(self, server):
        port = self.ports[server]

        def get(path, params):
            status, body = self.fetch(port, path, params)
            assert status == 200, (port, path, params, status, body[:300])
            return json.loads(body)

        return get

    @staticmethod
    def fetch(port, path, params=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        # One host name for both servers, as behind a load balancer: absolute URLs are the same whichever answers.
        connection.request("GET", path + ("?" + urlencode(params) if params else ""), headers={"Host": HOST})
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
        return response.status, body

    def stop(self):
        for process in [*self.servers, self.changer]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.servers, self.changer]:
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        for handle in self.logs:
            handle.close()
        self.database.drop()


@pytest.fixture(params=["embedded", "redis"])
def site(request, tmp_path):
    running = Site(tmp_path, request.param)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def local(moment):
    return moment.astimezone(ZoneInfo(TIME_ZONE))


def test_every_process_and_every_offline_copy_sees_each_change(site):
    ids = site.change("seed")
    copy = OfflineCopy(site.getter(0))  # synced through the first server, its details fetched there too
    copy.sync()

    def check(step):
        for server in (0, 1):  # warm caches and stored documents on both, as busy workers would have them
            fresh_copy(site.getter(server))
        yield  # the change happens here
        copy.sync()
        for server in (0, 1):
            wrong = differences(copy.as_fetched(), fresh_copy(site.getter(server)))
            assert not wrong, f"after {step}, server {server}:\n" + "\n".join(wrong[:20])

    def step(name, **args):
        checking = check(name)
        next(checking)
        result = site.change(name, **args)
        next(checking, None)
        return result

    start = datetime.datetime.now(datetime.UTC)
    step("edit_and_publish")
    step("unpublish")
    step("delete")
    step("move")
    step("slug_change")
    step("product_price")
    step("clinician_name")
    step("withdraw_by_admin_action")
    step("withdraw_by_saving_the_record")
    for server in (0, 1):  # the treatment page's gallery embed, HTML, on both workers
        status, html = site.fetch(site.ports[server], "/treatments/exosomes/")
        assert status == 200 and "Forehead lines" not in html and "Cheek texture" not in html
        assert "Chin scarring" in html

    ids = step("schedule_go_live")
    assert ids["microneedling"] not in copy.items["treatments"]
    checking = check("scheduled go-live")
    next(checking)
    site.move_clock_to(start + datetime.timedelta(hours=2))
    site.change("run_publish_scheduled")
    next(checking, None)
    assert ids["microneedling"] in copy.items["treatments"]

    expires = start + datetime.timedelta(hours=3)
    step("schedule_expiry", at=expires.isoformat())
    checking = check("expiry, with nobody acting")
    next(checking)
    site.move_clock_to(expires + datetime.timedelta(minutes=1))
    next(checking, None)
    assert ids["exosomes"] not in copy.items["treatments"]

    last_day = (local(start) + datetime.timedelta(hours=5)).date() + datetime.timedelta(days=1)
    step("consent_expiring_on", day=last_day.isoformat())
    assert ids["cases"][2] in copy.items["cases"]
    checking = check("consent expiring at midnight, with nobody acting")
    next(checking)
    midnight = datetime.datetime.combine(last_day, datetime.time.min, tzinfo=ZoneInfo(TIME_ZONE))
    site.move_clock_to(midnight + datetime.timedelta(seconds=30))
    next(checking, None)
    assert ids["cases"][2] not in copy.items["cases"]
    assert copy.items["cases"] == {}
