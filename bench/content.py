"""Demo-like content for the benchmark: an exosome-style article with every block kind, and a list of treatments.

Run inside a configured Django process (bench/run.py does it against a throwaway SQLite database).
"""

import io
from decimal import Decimal

from django.core.files.images import ImageFile

from tests.factories import treatments as f
from tests.factories.images import ImageFactory, png_bytes


def image(width=1600, height=1000):
    return ImageFactory(file=ImageFile(io.BytesIO(png_bytes(width, height, fmt="JPEG")), name="bench.jpg"))


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def article_body(index, other, clinician, product):
    """About 30 blocks: the reference article's shape, written for the benchmark."""
    body = []
    for number in range(3):
        body += [
            f.rich_text(
                f"<h2>Part {number}: what the evidence says</h2>"
                f'<p>Compared with <a linktype="page" id="{other.pk}">{other.title}</a>, results are '
                '<b>modest</b> and <i>slow</i>; see <a href="https://example.org/review">the review</a>.</p>'
                "<ul><li>Best as an add-on</li><li>Three sessions, a month apart</li></ul>"
                f'<p>Aftercare: [show_products product="{product.shop_id}"]</p>'
            ),
            f.faq(f"Does it work for scars ({number})?", "<p>Sometimes, with microneedling.</p>"),
            f.comparison_table(["", "Exosomes", "PRP"], [["Source", "Lab vial", "Own blood"], ["Cost", "High", "Low"]]),
            f.cost_comparison(
                [
                    {"label": "Retinoid cream", "unit_price_from": "70", "unit_price_to": None, "sessions": 1},
                    {"label": "Exosome course", "unit_price_from": "600", "unit_price_to": "800", "sessions": 3},
                ]
            ),
            f.budget_alternatives(
                [
                    {
                        "concern": "Sun damage",
                        "treatment_page": other.pk,
                        "treatment_name": "",
                        "price_from": "1490",
                        "price_to": None,
                        "verdict": "Better results for the money",
                    }
                ]
            ),
            f.definition_list([("PLLA", "Builds volume over months"), ("CaHA", "Lifts and stimulates collagen")]),
            f.pro_tip(clinician, body="<p>Pair it with a proven treatment.</p>"),
            f.product(product, note="Use twice daily"),
            f.callout(),
            f.image(image(), caption=f"Microneedling, step {number}"),
        ]
    return body


def build():
    """Returns the article's page id; creates 30 other treatments for the list endpoint."""
    _home, index = f.site_tree()
    clinician = f.ClinicianFactory(name="Dr Bench Example", photo=image(800, 800))
    product = f.ProductFactory(image=image(800, 800), shop_id=9833)
    others = []
    for number in range(30):
        page = f.TreatmentPageFactory(parent=index, title=f"Treatment {number:02d}", hero_image=image())
        page.conditions.add(f.ConditionFactory(name=f"Condition {number % 5}"))
        others.append(publish(page))
    page = f.TreatmentPageFactory(
        parent=index,
        title="Exosomes",
        hero_image=image(),
        author=clinician,
        reviewed_by=clinician,
        price_from=Decimal("600"),
        price_to=Decimal("800"),
    )
    page.body = article_body(index, others[0], clinician, product)
    page.related_treatments.create(treatment=others[1])
    return publish(page).pk
