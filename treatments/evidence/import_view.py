"""The "Import references" admin view: upload an RIS or BibTeX file and read what was added and what was skipped."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importing import import_text

MAX_BYTES = 5 * 1024 * 1024  # a PubMed export of a few thousand records; larger files go through the command


def may_import(user):
    return user.has_perm("treatments.add_reference") and user.has_perm("treatments.change_reference")


class ReferenceFileForm(forms.Form):
    file = forms.FileField(help_text="An RIS (.ris) or BibTeX (.bib) file, as PubMed or a reference manager exports.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size:,} bytes; the limit is {MAX_BYTES:,}. Split it, or use "
                "manage.py import_references."
            )
        try:
            upload.text = b"".join(upload.chunks()).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(f"{upload.name} is not UTF-8 text; export it again as UTF-8.") from error
        return upload


class ImportReferencesView(WagtailAdminTemplateMixin, FormView):
    form_class = ReferenceFileForm
    template_name = "treatments/admin/import_references.html"
    page_title = "Import references"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        report = import_text(upload.name, upload.text)
        context = self.get_context_data(form=self.form_class(), report=report, file_name=upload.name)
        return self.render_to_response(context)
