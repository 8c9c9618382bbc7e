"""The "Import articles" admin view: an editor uploads one file and reads the same report the command writes."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..conf import treatments_settings
from ..models import TreatmentIndexPage
from .report import to_markdown
from .run import ImportOptions, import_upload


def max_upload_bytes():
    return treatments_settings.IMPORT_MAX_UPLOAD_BYTES


def importable_parents(user):
    """Treatment indexes under which this user may add pages."""
    return [
        index
        for index in TreatmentIndexPage.objects.order_by("path")
        if index.permissions_for_user(user).can_add_subpage()
    ]


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A WordPress export (WXR .xml), an .html page or a .txt article. Pages are saved as drafts."
    )
    parent = forms.ModelChoiceField(queryset=TreatmentIndexPage.objects.none(), empty_label=None, label="Import under")
    dry_run = forms.BooleanField(required=False, help_text="Only show what would be imported; save nothing.")

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = TreatmentIndexPage.objects.filter(pk__in=[page.pk for page in parents])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size:,} bytes; the limit is {limit:,}. Split the export into smaller files."
            )
        return upload


class ImportArticlesView(WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "treatments/admin/import_articles.html"
    page_title = "Import articles"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.parents = importable_parents(request.user)
        if not self.parents:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parents": self.parents}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        options = ImportOptions(
            parent=form.cleaned_data["parent"],
            dry_run=form.cleaned_data["dry_run"],
            user=self.request.user,
            max_bytes=max_upload_bytes(),
        )
        report = import_upload(upload.name, b"".join(upload.chunks()), options)
        if report.file_errors and not report.articles:
            for error in report.file_errors:
                form.add_error("file", f"{error['file']} {error['error']}")
            return self.form_invalid(form)
        data = report.as_dict(edit_url=edit_url)
        context = self.get_context_data(form=self.form_class(parents=self.parents), report=data)
        context["summary"] = report.summary_line()
        context["markdown"] = to_markdown(report, edit_url)
        return self.render_to_response(context)


def edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])
