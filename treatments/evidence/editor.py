"""The `citation` rich text feature: a Draftail entity that picks a Reference and is stored as a reference link."""

from django.urls import reverse
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features

from .citations import ENTITY_TYPE, FEATURE, LINK_TYPE, ReferenceLinkHandler


class CitationElementHandler(InlineEntityElementHandler):
    """Database HTML → editor: `<a linktype="reference" id="5">` becomes a REFERENCE entity with its label."""

    mutability = "MUTABLE"

    def get_attribute_data(self, attrs):
        from .models import Reference

        pk = int(attrs["id"]) if str(attrs.get("id", "")).isdigit() else None
        reference = Reference.objects.filter(pk=pk).first() if pk else None
        return {"id": pk, "label": reference.short_label if reference else "Missing reference"}


def citation_decorator(props):
    """Editor → database HTML."""
    return DOM.create_element("a", {"linktype": LINK_TYPE, "id": props.get("id")}, props["children"])


def register(features):
    """Called from the `register_rich_text_features` hook."""
    features.register_link_type(ReferenceLinkHandler)
    features.register_editor_plugin(
        "draftail",
        FEATURE,
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "doc-full",
                "description": "Cite a reference",
                "chooserUrl": reverse("wagtailsnippetchoosers_treatments_reference:choose"),
            },
            js=[
                "wagtailadmin/js/modal-workflow.js",
                "wagtailadmin/js/chooser-modal.js",
                "treatments/js/citation-editor.js",
            ],
            css={"all": ["treatments/css/citation-editor.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        FEATURE,
        {
            "from_database_format": {f'a[linktype="{LINK_TYPE}"]': CitationElementHandler(ENTITY_TYPE)},
            "to_database_format": {"entity_decorators": {ENTITY_TYPE: citation_decorator}},
        },
    )
