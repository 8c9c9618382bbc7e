"""Admin for evidence: the Reference snippet, the citation feature, the "Reviews due" panel and listing, and the
science-score warning after a save. Registered from treatments.wagtail_hooks."""

import django_filters
from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..conf import medical_review_group_name
from ..models import TreatmentPage
from . import editor, reviews, rubric
from .import_view import ImportReferencesView, may_import
from .models import Reference


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
    menu_label = "References"
    list_display = ["title", "authors", "year", "study_type", "certainty"]
    list_filter = ["study_type", "certainty"]
    search_fields = ["title", "authors"]


def is_clinician(user):
    return user.is_superuser or user.groups.filter(name=medical_review_group_name()).exists()


class ReviewsDuePanel(Component):
    """Dashboard panel for clinicians: live treatments whose medical review is past due or was never done."""

    name = "reviews_due"
    order = 140
    template_name = "treatments/admin/reviews_due_panel.html"
    limit = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        pages = list(reviews.reviews_due()[: self.limit + 1])
        return {
            "pages": pages[: self.limit],
            "more": len(pages) > self.limit,
            "today": timezone.localdate(),
            "listing_url": TREATMENT_LISTING.get_url_name("index"),
        }


class ReviewStatusFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        if value == "past_due":
            return queryset.filter(reviews.past_due_filter())
        if value == "due_soon":
            return queryset.filter(reviews.due_soon_filter())
        if value == "current":
            return queryset.filter(next_review_due__gte=timezone.localdate())
        return queryset


class TreatmentReviewFilterSet(PageFilterSet):
    review_status = ReviewStatusFilter(
        label="Medical review",
        empty_label="Any",
        choices=[
            ("past_due", "Past due or never reviewed"),
            ("due_soon", "Due in the next 30 days"),
            ("current", "Up to date"),
        ],
    )

    class Meta:
        model = TreatmentPage
        fields = []


class TreatmentListingViewSet(PageListingViewSet):
    """Every treatment in one flat list, filterable by medical-review status."""

    icon = "doc-full-inverse"
    menu_label = "Treatments"
    menu_order = 190
    add_to_admin_menu = True
    name = "treatment_listing"
    model = TreatmentPage
    filterset_class = TreatmentReviewFilterSet


TREATMENT_LISTING = TreatmentListingViewSet("treatment_listing")


class ImportReferencesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


def import_urls():
    return [path("treatments/references/import/", ImportReferencesView.as_view(), name="treatments_import_references")]


def import_menu_item():
    url = reverse("treatments_import_references")
    return ImportReferencesMenuItem("Import references", url, icon_name="doc-full", order=215)


def register_hooks():
    hooks.register("register_rich_text_features", editor.register)
    hooks.register("register_admin_urls", import_urls)
    hooks.register("register_admin_menu_item", import_menu_item)
    hooks.register("register_admin_viewset", lambda: TREATMENT_LISTING)
    hooks.register("construct_homepage_panels", add_reviews_due_panel)
    hooks.register("after_edit_page", warn_about_score)
    hooks.register("after_create_page", warn_about_score)


def add_reviews_due_panel(request, panels):
    if is_clinician(request.user):
        panels.append(ReviewsDuePanel(request))


def warn_about_score(request, page):
    """After a save: the science score above what the page cites is a warning, never an error."""
    if not hasattr(page, "cited_references"):
        return
    page.__dict__.pop("_cited_references", None)  # the body may have changed since it was last read
    warning = rubric.score_warning(page.science_score, page.cited_references())
    if warning:
        messages.warning(request, warning)
