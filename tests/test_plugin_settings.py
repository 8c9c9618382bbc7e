"""The plugins' settings tables: prefixed names, defaults, deprecated old names, and the README table of them."""

import re
import warnings
from pathlib import Path

import pytest
from django.test import override_settings

from clinic_site.conf import security_settings
from galleries.conf import galleries_settings
from treatments.conf import default_currency, treatments_settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_prefixed_name_is_read_at_each_access(settings):
    settings.TREATMENTS_API_CACHE_MAX_AGE = 5
    assert treatments_settings.API_CACHE_MAX_AGE == 5
    with override_settings(TREATMENTS_API_CACHE_MAX_AGE=7):
        assert treatments_settings.API_CACHE_MAX_AGE == 7
    assert treatments_settings.API_CACHE_MAX_AGE == 5


def test_default_when_the_site_sets_nothing(settings):
    del settings.TREATMENTS_DEFAULT_CURRENCY
    del settings.TREATMENTS_API_CACHE_S_MAXAGE
    del settings.API_CACHE_S_MAXAGE
    assert default_currency() == "USD"
    assert treatments_settings.API_CACHE_S_MAXAGE == 300


def test_old_name_still_works_with_a_warning_naming_the_new_one(settings):
    del settings.GALLERIES_IMAGE_MAX_STORED_EDGE
    settings.IMAGES_MAX_STORED_EDGE = 1200
    with pytest.warns(DeprecationWarning, match="IMAGES_MAX_STORED_EDGE .*set GALLERIES_IMAGE_MAX_STORED_EDGE"):
        assert galleries_settings.IMAGE_MAX_STORED_EDGE == 1200


def test_new_name_wins_over_the_old_one_without_a_warning(settings):
    settings.TREATMENTS_API_PREVIEW_MAX_AGE = 60
    settings.API_PREVIEW_MAX_AGE = 9999
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert treatments_settings.API_PREVIEW_MAX_AGE == 60


def test_a_default_can_follow_another_setting(settings, tmp_path):
    del settings.GALLERIES_PRIVATE_MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path / "media"
    assert tmp_path / "private_media" == galleries_settings.PRIVATE_MEDIA_ROOT


def test_a_misspelt_setting_is_an_error_naming_it():
    with pytest.raises(AttributeError, match="TREATMENTS_API_CACHE_MAXAGE is not a setting"):
        treatments_settings.API_CACHE_MAXAGE  # noqa: B018


def readme_settings_rows():
    section = README.read_text().split("\n### Settings\n", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells
    return rows


@pytest.mark.parametrize(
    "table", [treatments_settings, galleries_settings, security_settings], ids=["treatments", "galleries", "site"]
)
def test_readme_lists_every_setting_with_its_default_and_old_name(table):
    rows = readme_settings_rows()
    for name, default, _meaning, old_name in table.rows():
        assert name in rows, f"README's Settings table is missing {name}"
        _, listed_default, listed_meaning, listed_old = rows[name]
        if not callable(default):
            assert re.sub(r"[`\s]", "", listed_default) == re.sub(r"\s", "", repr(default)), name
        assert listed_meaning, name
        assert listed_old.strip("`—- ") == old_name, name
