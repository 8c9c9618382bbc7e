"""The treatments app's models, by concept: `from treatments.models import X` finds every public one here.

Snippets (`treatments.snippets`), per-site settings (`treatments.site_settings`) and the evidence models are
modules of their own because rendering and the API read them without loading the page models. Models that live
with the code using them (the API's stored documents and preview keys, import records, advertising rules, the
medical review task) are registered by the app config (`treatments.apps`), so this package imports no feature.
"""

from ..evidence.models import EvidenceSettings, Reference
from ..site_settings import ClinicDetails
from ..snippets import Clinician, Condition, Product
from .pages import RelatedTreatment, TreatmentIndexPage, TreatmentPage, TreatmentPageForm

__all__ = [
    "ClinicDetails",
    "Clinician",
    "Condition",
    "EvidenceSettings",
    "Product",
    "Reference",
    "RelatedTreatment",
    "TreatmentIndexPage",
    "TreatmentPage",
    "TreatmentPageForm",
]
