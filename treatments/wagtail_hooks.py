"""Admin registration: snippet viewsets for clinicians, products and conditions, grouped in one menu."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .api import admin as api_admin
from .snippets import Clinician, Condition, Product


class ClinicianViewSet(SnippetViewSet):
    model = Clinician
    icon = "user"
    menu_label = "Clinicians"
    list_display = ["name", "credentials", "registration_number"]
    search_fields = ["name", "credentials"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    list_display = ["name", "shop_id", "price", "currency", "is_active"]
    list_filter = ["is_active", "currency"]
    search_fields = ["name", "description"]


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "folder-open-inverse"
    menu_label = "Conditions"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TreatmentRecordsGroup(SnippetViewSetGroup):
    menu_label = "Treatment records"
    menu_icon = "folder-open-1"
    menu_order = 200
    items = (ClinicianViewSet, ProductViewSet, ConditionViewSet)


register_snippet(TreatmentRecordsGroup)


# "Preview in app" next to a treatment's edit button, when the site names a front-end preview URL.
hooks.register("register_page_header_buttons", api_admin.page_header_buttons)
