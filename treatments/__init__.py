"""Treatments: evidence-rated treatment articles for clinics, as a reusable Wagtail app."""
