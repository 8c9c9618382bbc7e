"""The consultation enquiry form: stored and emailed when sent by a person, refused when a bot or a flood sends it."""

import io
import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission

from clinic_site.enquiries import forms as enquiry_forms
from clinic_site.enquiries.models import EnquiryFormPage, FormField
from tests.browser.conftest import chromium  # noqa: F401  (the browser fixture, for the one browser test here)

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Alex Tester", "alex.tester@example.org", "0400 000 111"


@pytest.fixture
def enquiry_page(home_and_index):
    home, _ = home_and_index
    page = EnquiryFormPage(
        title="Book a consultation",
        slug="book",
        privacy_note="<p>Your details answer this enquiry only.</p>",
        reply_time="within two working days",
        to_address="clinic@example.com",
        from_address="website@example.com",
        subject="Website enquiry",
    )
    page.form_fields = [
        FormField(label="Your name", field_type="singleline", required=True),
        FormField(label="Email", field_type="email", required=True),
        FormField(label="Phone", field_type="singleline", required=False),
        FormField(label="Message", field_type="multiline", required=True),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def enquiry(**changes):
    """A complete enquiry as a person sends it: the form was shown a minute ago."""
    data = {
        "your_name": NAME,
        "email": EMAIL,
        "phone": PHONE,
        "message": "I would like to ask about treatments for acne scars.",
        "consent": "on",
        "website": "",
        "form_started": enquiry_forms.started_token(time.time() - 60),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def problems(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(
        node.get_text(" ", strip=True) for node in soup.select(".enquiry-form__problem, .enquiry-form__error")
    )


def test_the_form_shows_the_editors_fields_the_consent_box_and_a_hidden_honeypot(client, enquiry_page):
    response = client.get("/book/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    names = {field["name"] for field in soup.select("form.enquiry-form [name]")}
    assert {"your_name", "email", "phone", "message", "consent", "website", "form_started"} <= names
    consent = soup.select_one("input[name=consent]")
    assert consent.has_attr("required")
    assert consent["aria-describedby"] == enquiry_forms.PRIVACY_NOTE_ID
    assert "answer this enquiry only" in soup.select_one(f"#{enquiry_forms.PRIVACY_NOTE_ID}").get_text()
    honeypot = soup.select_one("input[name=website]")
    assert honeypot["tabindex"] == "-1"
    wrapper = honeypot.find_parent("div")
    assert wrapper["aria-hidden"] == "true"
    assert "visually-hidden" in wrapper["class"]
    assert enquiry_forms.seconds_open(soup.select_one("input[name=form_started]")["value"]) < 5


def test_a_good_enquiry_is_stored_emailed_and_redirected_to_the_thanks_page(client, enquiry_page):
    response = client.post("/book/", enquiry())
    assert response.status_code == 302
    assert response["Location"] == "/book/thanks/"
    submission = FormSubmission.objects.get(page=enquiry_page)
    data = submission.get_data()
    assert data["your_name"] == NAME and data["email"] == EMAIL and data["consent"] is True
    assert "website" not in data and "form_started" not in data
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clinic@example.com"]
    assert NAME in message.body and PHONE in message.body
    assert "form_started" not in message.body


def test_the_thanks_page_says_when_the_clinic_will_answer(client, enquiry_page):
    response = client.get(client.post("/book/", enquiry())["Location"])
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Thank you" in text
    assert "will answer within two working days" in text


def test_the_thanks_page_is_kept_out_of_search_engines(client, enquiry_page):
    response = client.get(client.post("/book/", enquiry())["Location"])
    robots = BeautifulSoup(response.content, "html.parser").find_all("meta", attrs={"name": "robots"})
    assert any("noindex" in tag["content"] for tag in robots)


def test_nothing_personal_is_in_the_redirect_url(client, enquiry_page):
    location = client.post("/book/", enquiry())["Location"]
    assert "?" not in location
    for value in (NAME, EMAIL, PHONE, "alex", "tester", str(FormSubmission.objects.get().pk)):
        assert value.lower() not in location.lower()


def test_without_consent_the_form_comes_back_with_an_error_and_nothing_is_sent(client, enquiry_page):
    response = client.post("/book/", enquiry(consent=None))
    assert response.status_code == 200
    assert "Please tick the box" in problems(response)
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


def test_a_filled_honeypot_is_refused_quietly(client, enquiry_page):
    response = client.post("/book/", enquiry(website="https://spam.example.net"))
    assert response.status_code == 200
    message = problems(response)
    assert message == enquiry_forms.REFUSED_MESSAGE
    assert "website" not in message.lower() and "bot" not in message.lower()
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


def test_an_enquiry_sent_straight_after_the_form_was_shown_is_refused(client, enquiry_page):
    response = client.post("/book/", enquiry(form_started=enquiry_forms.started_token()))
    assert response.status_code == 200
    assert problems(response) == enquiry_forms.TOO_FAST_MESSAGE
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("kind", ["missing", "forged", "two days old"])
def test_an_enquiry_without_a_valid_recent_timestamp_is_refused(client, enquiry_page, kind):
    token = {
        "missing": None,
        "forged": enquiry_forms.started_token(time.time() - 60)[:-3] + "abc",
        "two days old": enquiry_forms.started_token(time.time() - 2 * 24 * 3600),
    }[kind]
    response = client.post("/book/", enquiry(form_started=token))
    assert response.status_code == 200
    assert problems(response) == enquiry_forms.TOO_OLD_MESSAGE
    assert not FormSubmission.objects.exists()


def test_the_sixth_enquiry_in_an_hour_from_one_client_is_refused(client, enquiry_page):
    for _ in range(enquiry_forms.ENQUIRIES_PER_HOUR):
        assert client.post("/book/", enquiry(), REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post("/book/", enquiry(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert problems(response) == enquiry_forms.RATE_LIMITED_MESSAGE
    assert "call the clinic" in problems(response)
    assert FormSubmission.objects.count() == enquiry_forms.ENQUIRIES_PER_HOUR
    assert len(mail.outbox) == enquiry_forms.ENQUIRIES_PER_HOUR
    # Another client is not held back by the first one's enquiries.
    assert client.post("/book/", enquiry(), REMOTE_ADDR="198.51.100.4").status_code == 302


def test_a_corrected_enquiry_does_not_count_towards_the_limit(client, enquiry_page):
    for _ in range(enquiry_forms.ENQUIRIES_PER_HOUR + 1):
        client.post("/book/", enquiry(consent=None))
    assert client.post("/book/", enquiry()).status_code == 302


def test_the_rate_limit_cache_holds_no_client_address(enquiry_page, rf):
    request = rf.post("/book/", REMOTE_ADDR="203.0.113.7")
    assert "203.0.113.7" not in enquiry_forms.rate_limit_key(request)


def test_the_admin_lists_the_consent_with_each_submission(enquiry_page):
    assert ("consent", enquiry_forms.CONSENT_LABEL) in enquiry_page.get_data_fields()


@pytest.mark.parametrize("label", ["Website", "Consent", "Form started"])
def test_an_editor_field_may_not_take_a_name_the_form_uses_itself(enquiry_page, label):
    field = FormField(page=enquiry_page, label=label, field_type="singleline")
    with pytest.raises(ValidationError) as refused:
        field.full_clean()
    assert "label" in refused.value.message_dict
    FormField(page=enquiry_page, label="Your website", field_type="singleline").full_clean()


def test_the_demo_has_an_enquiry_form_at_book(client, db):
    call_command("load_demo", stdout=io.StringIO())
    response = client.get("/book/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    names = {field["name"] for field in soup.select("form.enquiry-form [name]")}
    assert {"your_name", "email", "phone", "preferred_treatment", "message", "consent"} <= names
    treatments = [option.get_text() for option in soup.select("select[name=preferred_treatment] option")]
    assert "Exosomes" in treatments


# ---------------------------------------------------------------- in a real browser
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_sends_an_enquiry_in_the_browser_without_axe_or_csp_complaints(chromium, live_server, monkeypatch):  # noqa: F811
    from tests.browser.conftest import axe_violations, describe_violations
    from tests.browser.test_csp import ViolationWatch
    from tests.factories.treatments import site_tree

    monkeypatch.setattr(enquiry_forms, "MIN_SECONDS_TO_FILL", 0)  # the browser types faster than a person
    home, _ = site_tree()
    page = EnquiryFormPage(title="Book a consultation", slug="book", privacy_note="<p>Used for this enquiry only.</p>")
    page.form_fields = [
        FormField(label="Your name", field_type="singleline"),
        FormField(label="Email", field_type="email"),
        FormField(label="Message", field_type="multiline"),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()

    context = chromium.new_context(viewport={"width": 390, "height": 844})
    watch, errors = ViolationWatch(context), []
    tab = context.new_page()
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(live_server.url + "/book/")

    def assert_accessible(where):
        violations = axe_violations(tab)
        assert not violations, f"axe-core on {where}:\n" + describe_violations(violations)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, f"{where} overflows at 390 px"
        watch.assert_none(tab, where)

    assert_accessible("the enquiry form")
    tab.get_by_label("Your name").fill(NAME)
    tab.get_by_label("Email").fill(EMAIL)
    tab.get_by_label("Message").fill("Which treatment suits acne scars?")
    tab.get_by_role("button", name="Send enquiry").click()
    tab.wait_for_load_state()
    assert "Please tick the box" in tab.content()
    assert_accessible("the enquiry form with an error")
    tab.get_by_label(enquiry_forms.CONSENT_LABEL).check()
    tab.get_by_role("button", name="Send enquiry").click()
    tab.wait_for_url("**/book/thanks/")
    assert "Thank you for your enquiry" in tab.content()
    assert_accessible("the thanks page")
    assert FormSubmission.objects.get().get_data()["your_name"] == NAME
    assert not errors
    context.close()
