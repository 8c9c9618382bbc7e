"""The clinic's branding from site settings: colours checked for format and WCAG contrast with a plain message, and
the colours, typeface and logo reaching every page through a stylesheet of the site's own (the CSP allows no inline
style)."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from wagtail.models import Site

from clinic_site.models import ClinicBranding
from tests.factories.images import ImageFactory
from treatments.site_settings import ClinicDetails

pytestmark = pytest.mark.django_db


def default_site():
    return Site.objects.get(is_default_site=True)


def branding(**fields):
    return ClinicBranding.objects.create(site=default_site(), **fields)


def soup_of(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def theme_link(soup):
    return soup.find("link", rel="stylesheet", href=re.compile(r"^/theme\.css\?v="))


@pytest.fixture
def admin_client(client, home_and_index):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def save_branding_in_admin(admin_client, **fields):
    data = {"primary_colour": "", "accent_colour": "", "typeface": "system", **fields}
    url = f"/admin/settings/clinic_site/clinicbranding/{default_site().pk}/"
    return admin_client.post(url, data)


def form_errors(response):
    return {name: [str(error) for error in errors] for name, errors in response.context["form"].errors.items()}


def test_an_editor_saves_colours_and_a_typeface_in_the_admin(admin_client):
    response = save_branding_in_admin(
        admin_client, primary_colour=" #1A4D8F ", accent_colour="#8a4b08", typeface="noto-serif"
    )
    assert response.status_code == 302
    saved = ClinicBranding.objects.get(site=default_site())
    assert (saved.primary_colour, saved.accent_colour, saved.typeface) == ("#1a4d8f", "#8a4b08", "noto-serif")


@pytest.mark.parametrize("typed", ["blue", "#12345", "1a4d8f", "#1a4d8g", "#1a4d8f00"])
def test_a_colour_that_is_not_a_colour_code_gets_a_message_saying_how_to_write_one(admin_client, typed):
    response = save_branding_in_admin(admin_client, primary_colour=typed)
    assert response.status_code == 200
    assert form_errors(response)["primary_colour"] == [
        f'"{typed}" is not a colour code. Write # and six digits or letters a-f, e.g. #0b5c63.'
    ]
    assert not ClinicBranding.objects.exclude(primary_colour="").exists()  # nothing half-saved


def test_a_colour_too_light_for_text_on_white_is_refused_with_its_contrast_and_the_wcag_minimum(admin_client):
    response = save_branding_in_admin(admin_client, primary_colour="#0b5c63", accent_colour="#FFCC00")
    assert form_errors(response) == {
        "accent_colour": [
            "#ffcc00 is too light to read: its contrast against white is 1.5:1, and WCAG AA needs at least 4.5:1 "
            "for the text and buttons it colours. Choose a darker shade."
        ]
    }
    assert not ClinicBranding.objects.exclude(primary_colour="").exists()


def test_the_contrast_limit_is_exactly_wcag_aa(admin_client):
    """#767676 is the lightest grey with 4.5:1 on white; #777777 is just below (4.48:1), and says 4.4, not 4.5."""
    assert save_branding_in_admin(admin_client, primary_colour="#767676").status_code == 302
    response = save_branding_in_admin(admin_client, primary_colour="#777777")
    assert "its contrast against white is 4.4:1" in form_errors(response)["primary_colour"][0]


def test_without_branding_no_theme_stylesheet_is_linked(client, home_and_index):
    assert theme_link(soup_of(client)) is None


def test_the_clinics_colours_and_typeface_reach_the_page_through_its_theme_stylesheet(client, home_and_index):
    branding(primary_colour="#1a4d8f", accent_colour="#8a4b08", typeface="inter")
    soup = soup_of(client)
    link = theme_link(soup)
    # After the site's own stylesheets, so the clinic's choices win.
    stylesheets = [tag["href"] for tag in soup.find_all("link", rel="stylesheet")]
    assert stylesheets[-1] == link["href"]
    css = client.get(link["href"]).content.decode()
    assert "--brand: #1a4d8f;" in css
    assert "--brand-dark: #123664;" in css  # 30% darker: the header white text gains contrast
    assert "--accent: #8a4b08;" in css and "--tx-accent: #8a4b08;" in css
    assert '--font-body: "Inter", system-ui' in css
    assert 'font-family: "Inter"; font-style: normal; font-weight: 400; font-display: swap;' in css


def test_the_typeface_files_are_the_sites_own_static_files_with_their_licence(client, home_and_index):
    branding(typeface="noto-sans")
    soup = soup_of(client)
    preload = soup.find("link", rel="preload")
    assert preload["href"] == "/static/clinic_site/fonts/noto-sans/noto-sans-regular.woff2"
    assert preload["as"] == "font" and preload.has_attr("crossorigin")
    css = client.get(theme_link(soup)["href"]).content.decode()
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert len(urls) == 3 and all(url.startswith("/static/clinic_site/fonts/noto-sans/") for url in urls)
    for url in urls:
        path = finders.find(url.removeprefix("/static/"))
        assert path and Path(path).read_bytes()[:4] == b"wOF2"
    assert "SIL Open Font License" in Path(finders.find("clinic_site/fonts/noto-sans/OFL.txt")).read_text()


def test_the_theme_stylesheet_is_cached_for_a_year_only_at_its_current_address(client, home_and_index):
    branding(primary_colour="#1a4d8f")
    href = theme_link(soup_of(client))["href"]
    current = client.get(href)
    assert "max-age=31536000" in current["Cache-Control"] and "immutable" in current["Cache-Control"]
    assert "max-age=60" in client.get("/theme.css?v=old").get("Cache-Control")

    ClinicBranding.objects.update(primary_colour="#5a2d82")
    assert theme_link(soup_of(client))["href"] != href  # a change gives a new address, so no browser keeps the old


def test_the_theme_stylesheet_is_allowed_by_the_csp_and_the_page_has_no_inline_style(client, home_and_index):
    branding(primary_colour="#1a4d8f", typeface="inter")
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "font-src 'self'" in policy
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.find("style") and not soup.find(style=True)
    assert theme_link(soup)["href"].startswith("/")  # same origin: 'self'


def test_the_logo_is_in_the_header_with_the_clinics_name_as_its_alt_text(client, home_and_index):
    ClinicDetails.objects.create(site=default_site(), name="Harbour Skin Clinic", logo=ImageFactory(title="Logo"))
    header = soup_of(client).find("header")
    logo = header.find("a", href="/").find("img")
    assert logo["alt"] == "Harbour Skin Clinic"
    assert logo["src"].startswith("/media/images/")  # a public rendition, never the private original
    assert header.find("a", href="/").get_text(strip=True) == ""  # the alt names the link; no name read twice


def test_without_a_logo_the_header_shows_the_clinics_name(client, home_and_index):
    ClinicDetails.objects.create(site=default_site(), name="Harbour Skin Clinic")
    link = soup_of(client).find("header").find("a", href="/")
    assert link.get_text(strip=True) == "Harbour Skin Clinic" and link.find("img") is None


def test_a_patient_photo_chosen_as_logo_is_never_shown_in_the_header(client, home_and_index):
    photo = ImageFactory(title="Case photo", is_case_photo=True)
    ClinicDetails.objects.create(site=default_site(), name="Harbour Skin Clinic", logo=photo)
    link = soup_of(client).find("header").find("a", href="/")
    assert link.find("img") is None and link.get_text(strip=True) == "Harbour Skin Clinic"


def test_the_theme_stylesheet_answers_head_and_refuses_a_post(client, home_and_index):
    branding(primary_colour="#1a4d8f")
    assert client.head("/theme.css").status_code == 200
    assert client.post("/theme.css").status_code == 405
