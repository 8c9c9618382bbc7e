"""Demo loader: the home page's promise and featured treatments, once the treatments exist."""

from clinic_site.models import HomeFeaturedTreatment, HomePage
from treatments.models import TreatmentPage

from .pages import public_url, publish_content

ORDER = 40  # after the treatments (10), the clinic (15) and the results gallery (20)

PROMISE = (
    "Straight answers about your skin: what the research supports, what it costs, and when a treatment "
    "is not worth your money."
)
FEATURED_SLUGS = ["fractional-laser", "exosomes", "collagen-stimulating-fillers"]


def load(stdout):
    home = HomePage.objects.first()
    if home is None:
        return
    by_slug = {page.slug: page for page in TreatmentPage.objects.filter(slug__in=FEATURED_SLUGS)}
    chosen = [by_slug[slug] for slug in FEATURED_SLUGS if slug in by_slug]
    outcome = publish_content(
        home,
        {"promise": PROMISE, "featured_treatments": [HomeFeaturedTreatment(treatment=page) for page in chosen]},
    )
    stdout.write(f"  home page {public_url(home)}: promise and {len(chosen)} featured treatments ({outcome})")
