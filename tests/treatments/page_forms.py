"""Builds the POST data of Wagtail's page edit form the way a browser would, for admin view tests."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text, streamfield


def edit_form_data(client, page, body_html="<p>Updated in the admin.</p>", **changes):
    """The edit form of `page` as the logged-in user sees it, with `changes` applied.

    Fields the admin builds in JavaScript (the body StreamField, the comments formset) are filled in here.
    """
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response.status_code
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = {key: form.getlist(key) for key in form}
    data.update(
        nested_form_data({"body": streamfield([("rich_text", rich_text(body_html))]), "comments": inline_formset([])})
    )
    data.update({key: str(value) for key, value in changes.items()})
    return data
