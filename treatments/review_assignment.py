"""Keeps new treatment indexes under medical review, so no treatment goes live without a clinician."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import TreatmentIndexPage
from .review import assign_medical_review


@receiver(post_save, sender=TreatmentIndexPage)
def put_new_index_under_medical_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_medical_review(instance)
