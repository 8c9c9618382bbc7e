"""Per-page preview keys: every preview token of a page carries its page's key, so rotating the key (the editor's
"Revoke preview links" action) makes every link handed out for that page invalid at once."""

import secrets

from django.db import IntegrityError, models, transaction
from django.utils import timezone


def new_key():
    return secrets.token_urlsafe(18)


class PreviewKey(models.Model):
    """The current preview key of one page; a page without a row gets one when its first token is made."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+")
    key = models.CharField(max_length=32, default=new_key)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When its preview links were last revoked.")

    class Meta:
        verbose_name = "preview key"

    def __str__(self):
        return f"Preview key of page {self.page_id}"


def current_key(page_id):
    """The key tokens of this page must carry; made on first use (two requests at once agree on one)."""
    found = PreviewKey.objects.filter(page_id=page_id).values_list("key", flat=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PreviewKey.objects.create(page_id=page_id).key
    except IntegrityError:  # another request made it first
        return PreviewKey.objects.get(page_id=page_id).key


def revoke(page_id):
    """A new key for the page: every preview token made before this call is refused from now on."""
    updated = PreviewKey.objects.filter(page_id=page_id).update(key=new_key(), revoked_at=timezone.now())
    if not updated:
        try:
            with transaction.atomic():
                PreviewKey.objects.create(page_id=page_id, revoked_at=timezone.now())
        except IntegrityError:
            PreviewKey.objects.filter(page_id=page_id).update(key=new_key(), revoked_at=timezone.now())
