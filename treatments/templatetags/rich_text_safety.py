"""The `clean_rich_text` filter: rich text HTML through the allow-list of treatments/richtext_safety.py.

Used by treatments/templates/wagtailcore/shared/richtext.html, which overrides the template Wagtail renders every
RichText value and `|richtext` through, so every rich text a template shows is cleaned on the way out.
"""

from django import template
from django.utils.safestring import mark_safe

from ..richtext_safety import clean_rendered

register = template.Library()


@register.filter
def clean_rich_text(html):
    return mark_safe(clean_rendered(str(html or "")))  # noqa: S308 - cleaned by the allow-list just above
