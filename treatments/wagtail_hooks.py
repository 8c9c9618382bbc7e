"""Admin registration: snippet viewsets for clinicians, products and conditions, grouped in one menu."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
