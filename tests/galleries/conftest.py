"""Fixtures for gallery tests: a site with a gallery page and a treatment, private media in a temp folder."""

import pytest

from tests.factories.galleries import GalleryPageFactory, TreatmentPageFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.GALLERIES_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def gallery(home_and_index):
    home, _index = home_and_index
    return GalleryPageFactory(parent=home)


@pytest.fixture
def treatment(home_and_index):
    _home, index = home_and_index
    return TreatmentPageFactory(parent=index, title="Microneedling", slug="microneedling")


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client
