"""Sync from the change log: an offline copy kept only through /sync/ equals a fresh fetch after every kind of
change, dependents included; cursors are opaque and checked; old cursors and "everything changed" start again."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from galleries.consent import withdraw_consent
from tests.api.conftest import publish
from tests.factories import galleries as g
from tests.factories import treatments as f
from tests.sync.offline_copy import OfflineCopy, differences, fresh_copy
from treatments.change_log.models import ContentChange

pytestmark = pytest.mark.django_db


def getter(api):
    def get(path, params):
        response = api.get(path, params)
        assert response.status_code == 200, (path, response.content[:300])
        return response.json()

    return get


@pytest.fixture
def clinic(treatment_index):
    """Two treatments linking each other, one showing a product and crediting a clinician, with a consented case."""
    author = f.ClinicianFactory(name="Dr Ada Example")
    serum = f.ProductFactory(name="Recovery serum", price=Decimal("49.00"))
    acne = f.ConditionFactory(name="Acne scars")
    prp = publish(f.TreatmentPageFactory(parent=treatment_index, title="PRP"))
    exosomes = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes", author=author, reviewed_by=author)
    exosomes.body = [
        f.budget_alternatives([f.alternative("Dull skin", prp, price_from="300")]),
        f.product(serum),
        f.gallery_link(case_count=2),
    ]
    exosomes.save()
    exosomes.conditions.add(acne)
    exosomes = publish(exosomes)
    case = g.consented_case(title="Forehead lines", clinician=author)
    case.treatments.add(exosomes)
    case.save()
    return {"prp": prp, "exosomes": exosomes, "author": author, "serum": serum, "acne": acne, "case": case}


def assert_copy_exact(api, copy):
    copy.sync()
    wrong = differences(copy.as_fetched(), fresh_copy(getter(api)))
    assert not wrong, "\n".join(wrong)


@pytest.fixture
def copy(api, clinic):
    offline = OfflineCopy(getter(api))
    offline.sync()
    assert offline.answers[0]["full"] is True
    return offline


def changed(copy, plural):
    return {item["id"] for answer in copy.answers for item in answer["changes"][plural]}


def removed(copy):
    return {(t["type"], t["id"]) for answer in copy.answers for t in answer["tombstones"]}


def test_the_first_sync_is_a_full_snapshot_of_every_kind(api, copy, clinic):
    snapshot = copy.answers[0]
    assert {item["title"] for item in snapshot["changes"]["treatments"]} == {"PRP", "Exosomes"}
    assert [item["id"] for item in snapshot["changes"]["cases"]] == [clinic["case"].pk]
    assert [item["name"] for item in snapshot["changes"]["products"]] == ["Recovery serum"]
    assert {item["name"] for item in snapshot["changes"]["clinicians"]} == {"Dr Ada Example"}
    assert "Acne scars" in {item["name"] for item in snapshot["changes"]["conditions"]}
    assert not snapshot["cursor"].isdigit() and not snapshot["cursor"].startswith("c")
    assert_copy_exact(api, copy)


def test_nothing_new_since_the_cursor_means_an_empty_answer(api, copy):
    cursor = copy.cursor
    data = getter(api)("/api/v1/sync/", {"since": cursor})
    assert data["has_more"] is False and data["full"] is False
    assert all(items == [] for items in data["changes"].values()) and data["tombstones"] == []


def test_editing_a_treatment_reports_the_treatments_linking_to_it(api, copy, clinic):
    prp = clinic["prp"]
    prp.title = "Platelet-rich plasma"
    publish(prp)
    copy.sync()
    assert changed(copy, "treatments") == {prp.pk, clinic["exosomes"].pk}  # exosomes' alternatives name it
    assert changed(copy, "cases") == set()
    assert_copy_exact(api, copy)


@pytest.mark.parametrize("how", ["unpublish", "delete", "make_private", "move_under_private"])
def test_a_treatment_leaving_is_a_tombstone_and_its_links_change(api, copy, clinic, treatment_index, how):
    prp = clinic["prp"]
    if how == "unpublish":
        prp.unpublish()
    elif how == "delete":
        prp.delete()
    elif how == "make_private":
        PageViewRestriction.objects.create(page=prp, restriction_type=PageViewRestriction.LOGIN)
    else:
        private = publish(
            f.TreatmentIndexPageFactory(parent=treatment_index.get_parent(), title="Members", slug="members")
        )
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        prp.refresh_from_db()
        prp.move(private, pos="last-child")
    copy.sync()
    assert ("treatment", prp.pk) in removed(copy)
    assert clinic["exosomes"].pk in changed(copy, "treatments")
    assert_copy_exact(api, copy)


def test_moving_and_renaming_a_section_reports_every_treatment_below_it(api, copy, clinic, treatment_index):
    treatment_index.slug = "our-treatments"
    publish(treatment_index)
    copy.sync()
    assert changed(copy, "treatments") >= {clinic["prp"].pk, clinic["exosomes"].pk}
    assert_copy_exact(api, copy)


def test_a_products_new_price_reaches_every_treatment_showing_it(api, copy, clinic):
    clinic["serum"].price = Decimal("59.00")
    clinic["serum"].save()
    copy.sync()
    assert changed(copy, "products") == {clinic["serum"].pk}
    assert changed(copy, "treatments") == {clinic["exosomes"].pk}
    assert_copy_exact(api, copy)


def test_a_clinicians_new_name_reaches_their_treatments_and_cases(api, copy, clinic):
    clinic["author"].name = "Dr Ada Example-Smith"
    clinic["author"].save()
    copy.sync()
    assert changed(copy, "clinicians") == {clinic["author"].pk}
    assert clinic["exosomes"].pk in changed(copy, "treatments")
    assert changed(copy, "cases") == {clinic["case"].pk}
    assert_copy_exact(api, copy)


def test_a_renamed_condition_is_reported(api, copy, clinic):
    clinic["acne"].name = "Acne scarring"
    clinic["acne"].save()
    copy.sync()
    assert changed(copy, "conditions") == {clinic["acne"].pk}
    assert clinic["exosomes"].pk in changed(copy, "treatments")
    assert_copy_exact(api, copy)


@pytest.mark.parametrize("how", ["admin action", "saving the record"])
def test_a_withdrawn_consent_removes_the_case_from_the_copy(api, copy, clinic, how):
    consent = clinic["case"].consent
    if how == "admin action":
        withdraw_consent(consent)
    else:
        consent.withdrawn_on = timezone.localdate()
        consent.save()
    copy.sync()
    assert removed(copy) == {("case", clinic["case"].pk)}
    assert clinic["exosomes"].pk in changed(copy, "treatments")  # its gallery link showed the case
    assert clinic["case"].pk not in copy.items["cases"]
    assert_copy_exact(api, copy)


def test_a_consent_expiring_at_midnight_is_reported_with_nobody_acting(api, clinic):
    consent = clinic["case"].consent
    consent.expires_on = timezone.localdate() + datetime.timedelta(days=1)
    consent.save()
    offline = OfflineCopy(getter(api))
    offline.sync()
    assert clinic["case"].pk in offline.items["cases"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, hours=1)):
        offline.sync()
        assert removed(offline) == {("case", clinic["case"].pk)}
        tombstone = offline.answers[0]["tombstones"][0]
        midnight = timezone.make_aware(datetime.datetime.combine(consent.expires_on, datetime.time.min))
        assert datetime.datetime.fromisoformat(tombstone["removed_at"]) == midnight
        assert_copy_exact(api, offline)


def test_a_page_expiring_is_reported_when_it_expires(api, copy, clinic):
    prp = clinic["prp"]
    prp.expire_at = timezone.now() + datetime.timedelta(hours=2)
    publish(prp)
    copy.sync()
    assert prp.pk in copy.items["treatments"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        copy.sync()
        assert ("treatment", prp.pk) in removed(copy)
        assert clinic["exosomes"].pk in changed(copy, "treatments")
        assert_copy_exact(api, copy)


def test_an_expiry_nobody_requested_anything_after_is_still_reported_after_a_later_edit(api, copy, clinic):
    prp = clinic["prp"]
    prp.expire_at = timezone.now() + datetime.timedelta(hours=2)
    publish(prp)
    copy.sync()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        clinic["serum"].price = Decimal("51.00")
        clinic["serum"].save()  # the first thing after the expiry is a write, not a request
        copy.sync()
        assert ("treatment", prp.pk) in removed(copy)
        assert_copy_exact(api, copy)


def test_a_scheduled_go_live_is_reported_when_published(api, copy, treatment_index):
    from django.core.management import call_command

    page = f.TreatmentPageFactory(parent=treatment_index, title="Microneedling")
    page.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(hours=1))
    copy.sync()
    assert page.pk not in copy.items["treatments"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("publish_scheduled")
        copy.sync()
        assert page.pk in copy.items["treatments"]
        assert_copy_exact(api, copy)


def test_following_cursors_in_small_pages_replays_everything(api, copy, treatment_index):
    pages = [publish(f.TreatmentPageFactory(parent=treatment_index, title=f"T{n}")) for n in range(5)]
    pages[0].unpublish()
    copy.sync(limit=2)
    assert len(copy.answers) > 2
    assert ("treatment", pages[0].pk) in removed(copy)
    assert_copy_exact(api, copy)


def test_a_snapshot_is_read_in_pages_of_limit(api, clinic, treatment_index):
    for n in range(4):
        publish(f.TreatmentPageFactory(parent=treatment_index, title=f"Extra {n}"))
    offline = OfflineCopy(getter(api))
    offline.sync(limit=2)
    assert [answer["full"] for answer in offline.answers][:2] == [True, False]
    assert all(sum(len(items) for items in answer["changes"].values()) <= 2 for answer in offline.answers)
    assert_copy_exact(api, offline)


def test_types_chooses_what_is_synced(api, clinic):
    data = getter(api)("/api/v1/sync/", {"types": "cases,products"})
    assert data["changes"]["treatments"] == [] and len(data["changes"]["cases"]) == 1
    response = api.get("/api/v1/sync/", {"types": "cases,patients"})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "types"


@pytest.mark.parametrize("since", ["c999", "c1", "2000-01-01T00:00:00Z", "tomorrow", "eyJlIjo5OTl9:bad:signature"])
def test_a_cursor_the_api_never_gave_is_a_400_naming_since(api, clinic, since):
    response = api.get("/api/v1/sync/", {"since": since})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == "since"
    assert "not a cursor this API gave" in error["message"]


def test_a_cursor_older_than_the_retention_starts_again(api, copy, clinic, settings):
    settings.TREATMENTS_SYNC_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        clinic["serum"].price = Decimal("99.00")
        clinic["serum"].save()  # the write that prunes what is past retention
        assert not ContentChange.objects.filter(changed_at__lt=timezone.now() - datetime.timedelta(days=30)).exists()
        copy.sync()
        assert copy.answers[0]["full"] is True
        assert_copy_exact(api, copy)


def test_a_sites_new_host_starts_every_copy_again(api, copy):
    site = Site.objects.get(is_default_site=True)
    site.port = 8443
    site.save()
    copy.sync()
    assert copy.answers[0]["full"] is True
    assert_copy_exact(api, copy)


def test_queries_per_sync_page_do_not_grow_with_changes(
    api, copy, clinic, treatment_index, django_assert_max_num_queries
):
    def one_page(count):
        for n in range(count):
            publish(f.TreatmentPageFactory(parent=treatment_index, title=f"Batch {count} {n}"))
        with django_assert_max_num_queries(22) as captured:
            data = getter(api)("/api/v1/sync/", {"since": copy.cursor, "limit": 100})
        copy.apply(data)
        return len(captured.captured_queries)

    assert one_page(2) == one_page(12)
