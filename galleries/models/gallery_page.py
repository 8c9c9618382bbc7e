"""The gallery page: website-visible before/after cases with filters that work without JavaScript."""

from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from ..consent import WEBSITE
from .cases import BeforeAfterCase

CASES_PER_PAGE = 12


def search_cases(cases, query):
    """Search within an already consent-filtered queryset, so search can never widen what is visible."""
    if not query:
        return cases
    matches = BeforeAfterCase.objects.filter(live=True).search(query, operator="and")
    return cases.filter(pk__in=[case.pk for case in matches])


class GalleryPage(Page):
    """The index of before/after results. Cases appear only while consent covers the website."""

    intro = models.TextField(blank=True, max_length=600, help_text="A sentence or two above the results.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = []
    max_count_per_parent = 1
    template = "galleries/gallery_page.html"

    class Meta:
        verbose_name = "gallery"

    def filtered_cases(self, params):
        """(filterset, cases) for the GET parameters; invalid values show on the form and filter nothing."""
        # Imported here, not above: the filter set is built from the models, and this page is one of them.
        from ..filters import CaseFilter

        visible = BeforeAfterCase.objects.visible_on(WEBSITE)
        filterset = CaseFilter(params, queryset=visible)
        cases = filterset.qs if filterset.is_valid() else visible.none()
        cases = search_cases(cases, params.get("q", "").strip()[:100])
        return filterset, cases.for_display()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset, cases = self.filtered_cases(request.GET)
        page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=filterset.form,
            cases_page=page,
            cases=page.object_list,
            query=request.GET.get("q", ""),
            filter_query=query.urlencode(),
        )
        return context
