"""Helpers that drive the Wagtail admin like an editor would: sign in, fill fields, add StreamField blocks."""

import re

from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


def make_editor(username="edna"):
    """A member of Wagtail's Editors group who may also pick clinicians and products in choosers."""
    user = User.objects.create_user(username, email=f"{username}@clinic.example", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_clinician", "view_product"]))
    return user


def make_clinician_reviewer(username="dr_reyes"):
    """A member of the Clinicians group that the Medical review workflow asks to approve pages."""
    from treatments.conf import medical_review_group_name

    user = User.objects.create_user(username, email=f"{username}@clinic.example", password=PASSWORD)
    user.groups.add(Group.objects.get(name=medical_review_group_name()))
    return user


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def field(page, label):
    """A form field by its visible label (required fields add a "*" to the accessible name)."""
    name = re.compile(rf"^{re.escape(label)}\*?$")
    return page.get_by_role("textbox", name=name).or_(page.get_by_role("spinbutton", name=name))


def block(page, index):
    """The top-level StreamField block at `index` of the body."""
    return page.locator("[data-streamfield-child]").filter(has=page.locator(f"input[name='body-{index}-type']"))


def insert_block(page, label):
    """Append a block of the given kind (as labelled in the block menu) to the end of the body."""
    top = page.locator("#body-root [data-streamfield-stream-container]").first
    add_block_with(page, top.locator(":scope > div > button.c-sf-add-button").last, label)


def add_block_with(page, add_button, label):
    """Open a block menu with its "+" button and pick a block kind (earlier menus stay in the DOM, hidden).

    A click that lands while the StreamField is still re-rendering opens nothing, so try the button again.
    """
    option = page.get_by_role("option", name=label, exact=True).locator("visible=true").first
    for _attempt in range(3):
        add_button.click()
        try:
            option.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeoutError:
            continue
    option.click()


def type_rich_text(page, container, text, input_id):
    """Type into the first Draftail editor inside `container`, as a person would.

    Draftail copies its content into the hidden form input `input_id` a moment after typing stops; wait for
    that, or a quick "Save" sends the field empty.
    """
    editor = container.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)
    page.wait_for_function(
        "([id, text]) => (document.getElementById(id)?.value || '').includes(text)", arg=[input_id, text[:12]]
    )


def fill_list(container, list_name, values, index_prefix):
    """Fill a ListBlock, using the empty children it starts with (its minimum) and adding more with its last
    "Add" button."""
    for position, value in enumerate(values):
        item = container.locator(f"#{index_prefix}-{position}-value")
        if not item.count():
            container.locator(f"[data-contentpath='{list_name}'] button[title='Add']").last.click()
        item.fill(value)


def wait_for_autosave(page):
    """Wagtail autosaves as the editor types; let it finish so a button press is not raced by it."""
    page.get_by_text("Saving…").wait_for(state="hidden")


def save_draft(page):
    wait_for_autosave(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()


def footer_action(page, label):
    """Press one of the actions folded into the footer's menu, e.g. "Submit to Medical review" or "Approve"."""
    wait_for_autosave(page)
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def form_errors(page):
    """Error texts the admin shows after a failed save, each with the id of the field it belongs to."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.error-message, .w-field__errors, .messages, .help-critical')]
            .filter(e => e.innerText.trim())
            .map(e => (e.id || e.closest('[id]')?.id || '') + ': ' + e.innerText.trim())"""
    )
