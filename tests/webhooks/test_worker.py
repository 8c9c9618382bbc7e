"""The real path: a change committed in one process, the database queue, and `manage.py db_worker` sending it.

Runs on a SQLite file of its own (the worker is another process, so the test database cannot be used): the
change is made by `manage.py shell`, the worker takes the delivery and its two retries from the queue, and the
receiver on loopback fails twice, then answers 200.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests import migrated_databases
from tests.webhooks.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]

SETTINGS = """
from clinic_site.settings.test import *  # noqa: F403

DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {database!r}}}}}
TASKS = {{"default": {{"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}}}
TREATMENTS_WEBHOOK_RETRY_DELAYS = (0, 0, 0)
"""

CHANGE = """
from tests.factories.treatments import ProductFactory
from treatments.webhooks.models import WebhookDelivery, WebhookSubscriber

WebhookSubscriber.objects.create(name="Patient app", url={url!r}, events=["product.changed"])
ProductFactory(name="Recovery serum")
print(WebhookDelivery.objects.count())
"""


def manage(tmp_path, *args, timeout=120):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "worker_settings",
    }
    return subprocess.run(  # noqa: S603 - our own manage.py, with arguments the test names
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_the_worker_sends_a_committed_change_and_retries_until_the_receiver_recovers(tmp_path):
    database = tmp_path / "site.sqlite3"
    (tmp_path / "worker_settings.py").write_text(SETTINGS.format(database=str(database)))
    migrated_databases.sqlite_copy(database)

    with Receiver([500, 500, 200]) as receiver:
        changed = manage(tmp_path, "shell", "-c", CHANGE.format(url=receiver.url))
        assert changed.returncode == 0, changed.stderr
        assert changed.stdout.strip().splitlines()[-1] == "1"  # made when the change committed, not yet sent
        assert receiver.requests == []

        worker = manage(
            tmp_path, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "--max-tasks", "3"
        )
        assert worker.returncode == 0, worker.stderr

    assert len(receiver.requests) == 3
    assert json.loads(receiver.requests[-1]["body"])["event"] == "product.changed"
    with sqlite3.connect(database) as connection:
        status, attempts = connection.execute("SELECT status, attempts FROM treatments_webhookdelivery").fetchone()
        log = connection.execute("SELECT number, status_code FROM treatments_webhookattempt ORDER BY id").fetchall()
    assert (status, attempts) == ("delivered", 3)
    assert log == [(1, 500), (2, 500), (3, 200)]
