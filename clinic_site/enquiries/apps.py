"""The enquiry form as its own small app, so its tables and migrations stay apart from the site's images and pages."""

from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "clinic_site.enquiries"
    label = "enquiries"
    verbose_name = "Enquiries"
    default_auto_field = "django.db.models.BigAutoField"
