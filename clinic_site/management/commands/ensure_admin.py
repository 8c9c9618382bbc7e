"""`manage.py ensure_admin`: makes sure an admin login (and demo workflow users) exist, never losing a password."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from treatments.conf import medical_review_group_name
from treatments.review import ensure_medical_review_workflow
from treatments.snippets import Clinician

SAVED_LOGINS_FILE = ".admin-password"


def read_saved(path):
    """Saved `username:password` lines; a missing or unreadable file means nothing is saved."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, IsADirectoryError):
        return {}
    pairs = (line.split(":", 1) for line in lines if ":" in line)
    return {name.strip(): password.strip() for name, password in pairs if name.strip() and password.strip()}


def write_saved(path, saved):
    path.write_text("".join(f"{name}:{password}\n" for name, password in saved.items()), encoding="utf-8")
    path.chmod(0o600)  # a login secret: readable by its owner only


class Command(BaseCommand):
    help = (
        "Make sure a superuser exists (ADMIN_USERNAME, default 'admin'). Its password comes from ADMIN_PASSWORD, "
        "else it is generated once, printed and saved to .admin-password. Also makes an 'editor' (Editors group) "
        "and a 'clinician' (Clinicians group) to try the medical review workflow; DEMO_PASSWORD sets theirs. "
        "Existing passwords are only changed when the matching environment variable is set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password-file",
            default=os.environ.get("ADMIN_PASSWORD_FILE", str(Path(settings.BASE_DIR) / SAVED_LOGINS_FILE)),
            help="Where generated passwords are kept (default: .admin-password in the project, git-ignored).",
        )
        parser.add_argument("--no-demo-users", action="store_true", help="Only ensure the superuser.")

    def handle(self, *args, **options):
        path = Path(options["password_file"])
        if path.is_dir():
            raise CommandError(f"{path} is a directory; give --password-file a file path.")
        saved = read_saved(path)
        self.saved_in = path.name if path.parent.resolve() == Path(settings.BASE_DIR).resolve() else str(path)
        admin = os.environ.get("ADMIN_USERNAME", "").strip() or "admin"
        accounts = [(admin, None, "ADMIN_PASSWORD")]
        if not options["no_demo_users"]:
            ensure_medical_review_workflow()
            accounts += [
                ("editor", "Editors", "DEMO_PASSWORD"),
                ("clinician", medical_review_group_name(), "DEMO_PASSWORD"),
            ]
        with transaction.atomic():
            lines = [self.ensure_user(name, group, env_name, saved) for name, group, env_name in accounts]
            if not options["no_demo_users"]:
                lines.append(self.link_demo_clinician())
        if saved != read_saved(path):
            write_saved(path, saved)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Admin logins for {base}/admin/"))
        for line in lines:
            self.stdout.write(f"  {line}")

    def ensure_user(self, username, group_name, env_name, saved):
        """Create or update one login; returns a line saying how to sign in with it."""
        env_password = os.environ.get(env_name, "")
        user = get_user_model().objects.filter(username=username).first()
        password = self.password_for(user, username, env_password, saved)
        if user is None:
            user = get_user_model()(username=username, email=f"{username}@example.com")
        if password and (env_password or not user.pk):
            user.set_password(password)
        if group_name is None:
            user.is_staff = user.is_superuser = True
        user.save()
        if group_name is not None:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        role = "superuser" if group_name is None else f"{group_name} group"
        if env_password:
            return f"{role}: username {username}, password from {env_name}"
        if password:
            return f"{role}: username {username}, password {password} (saved in {self.saved_in})"
        return f"{role}: username {username}, password unchanged (set {env_name} to reset it)"

    @staticmethod
    def link_demo_clinician():
        """Let the demo clinician's approvals be recorded as reviews: link the login to a Clinician record."""
        user = get_user_model().objects.get(username="clinician")
        linked = Clinician.objects.filter(user=user).first()
        if linked is None:
            linked = Clinician.objects.filter(user__isnull=True).order_by("name").first()
            if linked is None:
                return "no Clinician record to link the 'clinician' login to (run load_demo first)"
            linked.user = user
            linked.save(update_fields=["user"])
        return f"'clinician' approves medical reviews as {linked.name}"

    @staticmethod
    def password_for(user, username, env_password, saved):
        """The password to set or show, keeping `saved` in step; None when an existing one is left alone."""
        if env_password:
            saved.pop(username, None)  # the environment is the source of truth from now on
            return env_password
        if user is None:
            saved[username] = saved.get(username) or secrets.token_urlsafe(12)
            return saved[username]
        if saved.get(username) and user.check_password(saved[username]):
            return saved[username]
        # Changed since it was saved, or never saved here: keep it, and never print a stale one.
        saved.pop(username, None)
        return None
