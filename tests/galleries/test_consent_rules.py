"""The one consent rule, BeforeAfterCase.objects.visible_on(channel), across channels and consent states."""

import datetime

import pytest
from django.utils import timezone

from galleries.models import BeforeAfterCase
from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db

STATES = ["valid", "expired", "withdrawn", "missing"]
CHANNELS = ["website", "mobile_app", "social_media"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_case_is_visible_only_on_consented_channels_while_consent_is_valid(state, channel):
    case = consented_case(state, channels=(channel,))
    for asked in CHANNELS:
        visible = BeforeAfterCase.objects.visible_on(asked).filter(pk=case.pk).exists()
        assert visible == (state == "valid" and asked == channel), (asked, state, channel)


def test_expiry_takes_effect_on_its_date_without_anyone_acting():
    case = consented_case("valid")
    today = timezone.localdate()
    case.consent.expires_on = today + datetime.timedelta(days=3)
    case.consent.save()
    cases = BeforeAfterCase.objects
    assert cases.visible_on("website", today=today + datetime.timedelta(days=2)).filter(pk=case.pk).exists()
    assert not cases.visible_on("website", today=today + datetime.timedelta(days=3)).filter(pk=case.pk).exists()


def test_consent_dated_in_the_future_does_not_show_the_case_yet():
    case = consented_case("valid")
    case.consent.given_on = timezone.localdate() + datetime.timedelta(days=1)
    case.consent.save()
    assert not BeforeAfterCase.objects.visible_on("website").filter(pk=case.pk).exists()


def test_unpublished_or_unattested_cases_stay_hidden_despite_consent():
    draft = consented_case("valid", live=False)
    unattested = consented_case("valid", unretouched_attested=False)
    visible = BeforeAfterCase.objects.visible_on("website")
    assert not visible.filter(pk__in=[draft.pk, unattested.pk]).exists()


def test_unknown_channel_is_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="Unknown consent channel 'fax'"):
        BeforeAfterCase.objects.visible_on("fax")


def test_publishing_requires_the_unretouched_attestation():
    from django.core.exceptions import ValidationError

    case = BeforeAfterCase(title="x", body_area="face", live=True, unretouched_attested=False)
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "unretouched_attested" in error.value.message_dict


def test_empty_disclaimer_falls_back_to_the_default():
    case = BeforeAfterCase(title="x", body_area="face", disclaimer="  ")
    case.clean()
    assert case.disclaimer == "Individual results vary."
