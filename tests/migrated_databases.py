"""Migrated databases for tests whose servers and workers run in processes of their own, copied from one template.

`manage.py migrate` from nothing costs about 20 s of CPU, and several such tests each needed one. The template is
migrated once, named by a fingerprint of every installed app's migration files, and each test takes a copy: a file
copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. A changed migration changes the fingerprint, so a
template is never used for a schema it was not migrated to. The templates are built under a lock, so parallel test
workers migrate once between them.
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(tempfile.gettempdir()) / "clinic-cms-migrated"
TEMPLATE_PREFIX = "clinic_migrated_"


def migrations_fingerprint():
    """A digest of every migration file of every installed app, ours and Wagtail's and Django's alike."""
    from django.apps import apps

    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(f"{config.label}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def locked(name):
    TEMPLATES.mkdir(exist_ok=True)
    with (TEMPLATES / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate(database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "migrated-template",
        "DEBUG": "0",
        "CACHE_DIR": str(TEMPLATES / "cache"),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"migrating the template database failed:\n{done.stderr[-3000:]}"


def sqlite_copy(path):
    """A migrated SQLite database at `path`; returns its DATABASE_URL."""
    template = TEMPLATES / f"{migrations_fingerprint()}.sqlite3"
    with locked(template.stem):
        if not template.exists():
            building = template.with_suffix(f".building-{uuid.uuid4().hex[:8]}")
            migrate(f"sqlite:///{building}")
            building.rename(template)  # only a completely migrated file ever has the template's name
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


class PostgresCopy:
    """A migrated PostgreSQL database of its own on the server `server_url` names, dropped by `drop()`."""

    def __init__(self, server_url):
        self.server_url = server_url.rsplit("/", 1)[0]
        self.name = f"clinic_processes_{uuid.uuid4().hex[:8]}"
        self.url = f"{self.server_url}/{self.name}"
        template = TEMPLATE_PREFIX + migrations_fingerprint()
        with locked(template):
            if not self._exists(template):
                self._drop_old_templates()
                building = f"{template}_building"
                self._admin(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                self._admin(f'CREATE DATABASE "{building}"')
                migrate(f"{self.server_url}/{building}")
                self._admin(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')

    def _admin(self, sql, params=()):
        import psycopg

        with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as connection:
            return connection.execute(sql, params).fetchall() if params else connection.execute(sql)

    def _exists(self, name):
        return bool(self._admin("SELECT 1 FROM pg_database WHERE datname = %s", (name,)))

    def _drop_old_templates(self):
        """Templates of older migrations are of no use again: keep the server tidy. One another tree's run is copying
        from right now is left for a later run to drop."""
        import psycopg

        for (name,) in self._admin("SELECT datname FROM pg_database WHERE datname LIKE %s", (TEMPLATE_PREFIX + "%",)):
            with suppress(psycopg.errors.ObjectInUse):
                self._admin(f'DROP DATABASE IF EXISTS "{name}"')

    def drop(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
