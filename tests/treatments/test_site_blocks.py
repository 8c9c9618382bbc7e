"""A site adds its own block to the treatment body with one definition and a setting, and gets the admin form, the
page's HTML, the API JSON and its schema component, without the plugin's migrations changing."""

import copy
import html

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from wagtail import blocks

from tests.api.conftest import publish
from tests.api.schema_tools import errors_against
from tests.factories import treatments as f
from treatments.blocks import TreatmentBodyBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def dose_block(settings, tmp_path):
    """A site's block, defined here only: a drug and its dose, with its own template."""
    (tmp_path / "site_blocks").mkdir()
    (tmp_path / "site_blocks" / "dose.html").write_text(
        '<p class="dose">{{ value.drug }}: {{ value.milligrams }} mg, {{ value.schedule }}</p>'
    )

    class DoseBlock(blocks.StructBlock):
        """A drug with the dose and schedule the clinic prescribes."""

        drug = blocks.CharBlock(max_length=80)
        milligrams = blocks.IntegerBlock(min_value=1)
        schedule = blocks.ChoiceBlock(choices=[("daily", "Daily"), ("weekly", "Weekly")])

        class Meta:
            template = "site_blocks/dose.html"
            label = "Dose"

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    settings.TREATMENTS_EXTRA_BODY_BLOCKS = [("dose", DoseBlock)]
    return DoseBlock


@pytest.fixture
def dosed_page(dose_block, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Isotretinoin")
    page.body = [("dose", {"drug": "Isotretinoin", "milligrams": 20, "schedule": "daily"})]
    return publish(page)


def test_the_admin_form_offers_the_site_block(dosed_page, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "a-long-password-1"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[dosed_page.pk]))
    assert response.status_code == 200
    page_html = html.unescape(response.content.decode())
    assert '"name": "dose"' in page_html or '"dose"' in page_html
    assert '"label": "Dose"' in page_html
    assert '"drug"' in page_html and '"milligrams"' in page_html


def test_the_page_renders_the_site_block_with_its_template(dosed_page, client):
    response = client.get(dosed_page.url)
    assert response.status_code == 200
    assert '<p class="dose">Isotretinoin: 20 mg, daily</p>' in response.content.decode()


def test_the_api_serves_the_site_block_as_its_schema_component_describes(dosed_page, client):
    data = client.get(f"/api/v1/treatments/{dosed_page.pk}/").json()
    assert [(item["type"], item["value"]) for item in data["body"]] == [
        ("dose", {"drug": "Isotretinoin", "milligrams": 20, "schedule": "daily"})
    ]

    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    assert components["DoseBlock"]["description"] == "A drug with the dose and schedule the clinic prescribes."
    assert components["DoseBlock"]["properties"]["schedule"] == {"type": "string", "enum": ["daily", "weekly"]}
    assert "dose" in components["TreatmentBodyItem"]["discriminator"]["mapping"]
    assert errors_against(schema, "TreatmentDetail", data) == []


def test_a_site_block_leaves_the_plugin_migrations_clean(dose_block):
    assert "dose" in TreatmentBodyBlock().child_blocks
    assert "dose" not in dict(TreatmentBodyBlock().deconstruct()[1][0])
    call_command("makemigrations", "treatments", check=True, dry_run=True, verbosity=0)


def test_without_the_setting_the_body_has_only_its_own_blocks(settings):
    settings.TREATMENTS_EXTRA_BODY_BLOCKS = []
    assert "dose" not in TreatmentBodyBlock().child_blocks


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("dose", "clinic_site.no_such_module.DoseBlock")], "'dose' names 'clinic_site.no_such_module.DoseBlock'"),
        ([("faq", "wagtail.blocks.CharBlock")], "already has a block named 'faq'"),
        ([("dose", "django.conf.settings")], "'dose' is not a block class"),
    ],
)
def test_a_bad_setting_names_the_setting_and_the_entry(settings, entries, message):
    settings.TREATMENTS_EXTRA_BODY_BLOCKS = entries
    with pytest.raises(ImproperlyConfigured, match="TREATMENTS_EXTRA_BODY_BLOCKS") as raised:
        TreatmentBodyBlock().child_blocks  # noqa: B018
    assert message in str(raised.value)
