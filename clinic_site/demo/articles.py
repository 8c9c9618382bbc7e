"""The shorter demo treatment articles that the exosome article links to, in our own words."""

from . import raw

ARTICLES = [
    {
        "slug": "platelet-rich-plasma",
        "fields": {
            "title": "Platelet-rich plasma (PRP)",
            "intro": "Your own blood, spun to concentrate platelets and injected back to encourage repair.",
            "best_used": "Injected into the scalp or skin",
            "caution": "Depends on your own age and health",
            "best_for": "Early hair thinning; a mild skin boost",
            "comments": "Modest, real benefits for hair; weaker evidence for skin.",
            "mode_of_action": "Growth factors released by platelets",
            "science_score": 3,
            "price_from": "450",
            "price_to": "650",
            "typical_sessions": 3,
        },
        "conditions": ["hair-loss", "acne-scars", "dark-circles"],
        "related": ["exosomes", "polynucleotides"],
        "body": lambda pages, clinicians, products: [
            raw.rich_text(
                "<p>A small tube of blood is taken and spun in a centrifuge. The layer rich in platelets is then "
                "injected where repair is wanted. Nothing foreign goes in, which is why many patients like it.</p>"
            ),
            raw.faq(
                "Does PRP work for hair loss?",
                "prp-for-hair-loss",
                "<p>For early, hereditary thinning, several controlled studies show thicker, denser hair after a "
                "course of three to four monthly sessions and a top-up every six to twelve months.</p>",
            ),
            raw.faq(
                "Who is it not suitable for?",
                "who-should-not-have-prp",
                "<ul><li>People with low platelet counts or blood disorders</li>"
                "<li>Anyone on blood thinners who cannot pause them</li>"
                "<li>Active infection at the treatment site</li></ul>",
            ),
            raw.callout(
                "note",
                "Results depend on you",
                "<p>Because PRP is made from your own blood, results vary with age and general health.</p>",
            ),
        ],
    },
    {
        "slug": "fractional-laser",
        "fields": {
            "title": "Fractional laser (Fraxel-style)",
            "intro": "A laser that treats thousands of microscopic columns of skin at a time, so it heals quickly.",
            "best_used": "A course of one to three sessions",
            "caution": "Several days of redness and flaking",
            "best_for": "Sun damage, fine lines and texture",
            "comments": "One of the best-proven ways to reverse sun damage.",
            "mode_of_action": "Controlled micro-injuries that trigger new collagen",
            "science_score": 4,
            "price_from": "1490",
            "price_to": "1490",
            "typical_sessions": 2,
        },
        "conditions": ["sun-damage", "fine-lines", "pigmentation", "acne-scars"],
        "related": ["exosomes", "collagen-stimulating-fillers"],
        "body": lambda pages, clinicians, products: [
            raw.rich_text(
                "<p>Fractional lasers leave most of the skin untouched between the treated columns, so the healthy "
                "skin around them speeds up healing. Sun spots lift, texture evens out and fine lines soften.</p>"
            ),
            raw.faq(
                "How long is the downtime?",
                "fractional-laser-downtime",
                "<p>Expect three to five days of redness and a sandpaper feel, then a week of light flaking. Most "
                "people are back at work within two days with make-up.</p>",
            ),
            raw.cost_comparison(
                "What a course costs",
                [
                    raw.cost_option("Fractional laser alone", "1490", sessions=1),
                    raw.cost_option("Fractional laser plus CO2 resurfacing", "2400", "2900", sessions=1),
                ],
                conclusion="One fractional session usually does more for sun damage than a course of exosomes.",
            ),
            raw.product(products[9840], "Daily sun protection keeps the results."),
        ],
    },
    {
        "slug": "polynucleotides",
        "fields": {
            "title": "Polynucleotides",
            "intro": "Purified DNA fragments injected into the skin to improve its quality, hydration and firmness.",
            "best_used": "Injected in a course of three",
            "caution": "Small bumps for a day or two",
            "best_for": "Crepey skin, under-eyes and neck",
            "comments": "A good evidence base for skin quality, not for volume.",
            "mode_of_action": "Supports fibroblasts and tissue repair",
            "science_score": 3,
            "price_from": "550",
            "price_to": "750",
            "typical_sessions": 3,
        },
        "conditions": ["skin-quality", "dark-circles", "fine-lines"],
        "related": ["exosomes", "platelet-rich-plasma"],
        "body": lambda pages, clinicians, products: [
            raw.rich_text(
                "<p>Polynucleotides, best known under the brand name Rejuran, are injected as tiny blebs across the "
                "treated area. Over the following weeks skin looks thicker, smoother and more even.</p>"
            ),
            raw.faq(
                "Do polynucleotides help dark circles?",
                "polynucleotides-for-dark-circles",
                "<p>They help when thin, crepey skin is part of the cause, and they pair well with a vascular or "
                "pigment laser when colour is the main problem.</p>",
            ),
            raw.pro_tip(
                clinicians["Dr Tomas Reyes"],
                "Dr Reyes's ProTip on polynucleotides",
                "<p>Book the course before a holiday, not during it: the small bumps need a day or two to settle.</p>",
            ),
        ],
    },
    {
        "slug": "collagen-stimulating-fillers",
        "fields": {
            "title": "Collagen-stimulating fillers",
            "intro": "Injectables such as CaHA and PLLA that add volume and prompt the skin to build its own collagen.",
            "best_used": "Injected deep, in the dermis or below",
            "caution": "Swelling and bruising for a few days",
            "best_for": "Volume loss and sunken acne scars",
            "comments": "Predictable and long-lasting when placed by an experienced injector.",
            "mode_of_action": "Controlled inflammation that drives new collagen",
            "science_score": 4,
            "price_from": "900",
            "price_to": "1300",
            "typical_sessions": 2,
        },
        "conditions": ["volume-loss", "acne-scars", "fine-lines"],
        "related": ["exosomes", "fractional-laser"],
        "body": lambda pages, clinicians, products: [
            raw.rich_text(
                "<p>Unlike plain hyaluronic acid fillers, collagen stimulators keep working after the appointment: "
                "the body lays down new collagen around them over two to three months.</p>"
            ),
            raw.definition_list(
                "Which stimulator does what",
                [
                    ("Calcium hydroxyapatite (CaHA)", "Volume and firmness in one."),
                    ("PLLA and PDLLA", "Gradual volume with a natural finish."),
                    ("Polycaprolactone (PCL)", "The most firming, with little added volume."),
                ],
            ),
            raw.faq(
                "Can fillers treat acne scars?",
                "fillers-for-acne-scars",
                "<p>Yes, sunken scars in particular. Combined with subcision, which releases scars tethered to "
                "deeper tissue, the improvement is often larger than with any single treatment.</p>",
            ),
        ],
    },
]
