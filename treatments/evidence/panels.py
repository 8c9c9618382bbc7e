"""Editor panels: a warning beside the science score when the cited evidence does not bear it out, and the page's
next review date. Both only inform: nothing here stops a save or a publish."""

from wagtail.admin.panels import Panel

from . import rubric


class EvidenceWarningPanel(Panel):
    """Under the science score: what the cited references support, and a warning when the score is higher."""

    @property
    def clean_name(self):
        return "evidence_warning"

    class BoundPanel(Panel.BoundPanel):
        template_name = "treatments/admin/evidence_warning_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            references = page.cited_references() if page is not None else []
            context.update(
                warning=rubric.score_warning(page.science_score, references) if page is not None else None,
                supported=rubric.supported_score(references),
                cited=rubric.describe(references),
            )
            return context


class ReviewDuePanel(Panel):
    """Beside the review fields: when the page next comes due, as last saved."""

    @property
    def clean_name(self):
        return "review_due"

    class BoundPanel(Panel.BoundPanel):
        template_name = "treatments/admin/review_due_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(page=page, past_due=bool(page is not None and page.review_past_due))
            return context
