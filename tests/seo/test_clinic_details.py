"""The clinic details setting in the admin: editable per site, with opening hours checked line by line."""

import html

import pytest
from wagtail.models import Site

from treatments.models import ClinicDetails

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "Riverside Skin Clinic",
        "street_address": "12 Quay Street",
        "locality": "Brisbane",
        "region": "QLD",
        "postcode": "4000",
        "country": "au",
        "phone": "+61 7 3000 0000",
        "opening_hours": "Mo-Fr 09:00-17:00\nSa 09:00-12:00",
        "url": "",
    }
    data.update(overrides)
    return data


def edit_url(site):
    return f"/admin/settings/treatments/clinicdetails/{site.pk}/"


def test_admin_saves_clinic_details_for_the_site(admin_client, home_and_index):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(edit_url(site), form_data())
    assert response.status_code == 302
    details = ClinicDetails.objects.get(site=site)
    assert details.name == "Riverside Skin Clinic"
    assert details.country == "AU"
    assert details.opening_hours_lines() == ["Mo-Fr 09:00-17:00", "Sa 09:00-12:00"]


def test_bad_opening_hours_get_an_error_that_says_how_to_write_them(admin_client, home_and_index):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(edit_url(site), form_data(opening_hours="Mo-Fr 09:00-17:00\nweekdays 9 to 5"))
    assert response.status_code == 200
    assert '"weekdays 9 to 5" is not an opening time' in html.unescape(response.content.decode())
    assert not ClinicDetails.objects.filter(site=site, name="Riverside Skin Clinic").exists()
