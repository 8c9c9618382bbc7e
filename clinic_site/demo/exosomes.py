"""The demo exosome article: every body block kind and an inline product shortcode, in our own words."""

from . import evidence, raw
from .images import demo_image

SLUG = "exosomes"

FIELDS = {
    "title": "Exosomes",
    "intro": (
        "Exosome treatments are sold as the next leap in skin renewal. Here is what they can do, what they cost, "
        "and where the same money buys more reliable results."
    ),
    "best_used": "Injected off label, rather than needled into the surface",
    "caution": "Results vary widely; it may not work for you",
    "best_for": "An extra on top of treatments that are already proven",
    "comments": "In 2024 the marketing is far ahead of the evidence.",
    "mode_of_action": "Signalling vesicles that pass messages between cells",
    "science_score": 2,
    "price_from": "600",
    "price_to": "800",
    "typical_sessions": 3,
    "seo_title": "Exosomes for skin: uses, costs and better-value options",
    "search_description": "An honest look at exosome skin treatments: how they are applied, PRP, fillers and costs.",
}
CONDITIONS = ["acne-scars", "dark-circles", "hair-loss", "fine-lines", "skin-quality"]
RELATED = ["platelet-rich-plasma", "polynucleotides", "fractional-laser", "collagen-stimulating-fillers"]


def _opening(pages):
    return raw.rich_text(
        "<p>Exosomes are microscopic parcels that cells release to send instructions to their neighbours. "
        "Clinics buy them in vials, most often harvested from stem cells grown in a laboratory, and use them to "
        "prompt the skin to repair itself. The theory is attractive; the evidence in people is still slim.</p>"
        "<p>Below we cover how they are applied, what to combine them with, how they stack up against "
        f"{raw.page_link(pages['platelet-rich-plasma'], 'PRP')} and fillers, and what else the same budget buys.</p>"
        "<p>Whatever you choose, calm, well-supported skin heals better. This is what we send patients home "
        'with:</p><p>[show_products product="9833"]</p>'
    )


def _how_to_use():
    channels = demo_image("Demo illustration: microneedling channels")
    return raw.faq(
        "How should exosomes be used?",
        "best-way-to-use-exosomes",
        "<p>Where the product lands matters more than which brand is in the vial.</p>"
        "<ul><li><b>Injected:</b> the whole dose ends up inside the skin.</li>"
        "<li><b>Spread over the skin after microneedling or a cooling laser:</b> only around 2\u20135% makes it in; "
        "most of the product stays on the surface.</li></ul>",
        raw.image(
            channels,
            alt="Abstract drawing of soft circles on a gradient, standing for channels opened in the skin",
            caption="Needling opens tiny channels, but most of a serum applied on top never passes through them.",
        ),
    )


def _combinations(pages):
    return raw.faq(
        "What are exosomes usually combined with?",
        "what-to-combine-with-exosomes",
        "<p>On their own they do little that you can see, so we use them as one part of an injected mix built on "
        "treatments with a track record:</p>"
        "<ol><li>Hybrid hyaluronic acid complexes, for deep hydration</li>"
        f"<li>{raw.page_link(pages['polynucleotides'], 'Polynucleotides')}, for firmer, healthier-looking skin</li>"
        "<li>A very small dose of neurotoxin, which relaxes tiny muscle fibres and vessels so skin looks smoother "
        "and pores smaller</li></ol>",
    )


def _regulation():
    return raw.faq(
        "Why is injecting exosomes not an approved use?",
        "why-exosomes-are-not-approved-for-injection",
        "<p>Two reasons, and both are about business rather than safety data.</p>"
        "<ul><li><b>Sales:</b> a product labelled for the skin surface can be used by nurses, dermal therapists "
        "and beauty therapists, not only by doctors, so far more clinics can buy it.</li>"
        "<li><b>Approval:</b> regulators such as the FDA, the TGA and European CE bodies set a much lower bar for "
        "products applied to the skin than for anything injected.</li></ul>",
    )


def _next_best():
    return raw.faq(
        "If injection is off the table, what comes closest?",
        "next-best-option-to-injection",
        "<p>We use radiofrequency microneedling with a pressure tip (the Potenza Fusion tip). It first pulls and "
        "then pushes, driving the product down the channels the needles have just made.</p>"
        "<p>The same trick helps deliver fillers, polynucleotides and collagen stimulators. More product in the "
        "skin gives clearly better results than ordinary needling with a serum on top.</p>",
    )


def _versus_fillers():
    return raw.faq(
        "Exosomes or dermal fillers: which does more?",
        "exosomes-vs-dermal-fillers",
        "<p>Both aim for the same thing, more collagen, but they get there by different routes.</p>"
        "<p>Collagen-stimulating fillers generally win. They are placed deep, in the dermis or the fat beneath it, "
        "where the controlled inflammation they cause drives more new collagen. They can also be chosen to lift, to "
        "fill or mainly to firm. On a tight budget, pick fillers before exosomes.</p>",
    )


def _filler_types():
    return raw.definition_list(
        "Collagen-stimulating injectables at a glance",
        [
            (
                "Hybrid hyaluronic acid (high and low weight)",
                "Mostly hydration; in the laboratory it nudges collagen and fat production a little.",
            ),
            ("Calcium hydroxyapatite (CaHA)", "A balance of added volume and firming scar-like fibres."),
            ("PLLA and PDLLA", "Similar to CaHA, with less lift and more gradual volume."),
            (
                "Polycaprolactone (PCL)",
                "The most firming of the group, paid for with more inflammation; little volume.",
            ),
            ("Polynucleotides (PN)", "Improve the quality of the skin rather than adding volume."),
        ],
    )


def _acne_scars():
    return raw.faq(
        "Can exosomes treat acne scars?",
        "exosomes-for-acne-scars",
        "<p>A little. The better question is whether they are the best choice for scars, and they are not.</p>"
        "<p>Scars respond best when each type gets its own treatment:</p>"
        "<ul><li>Ice-pick scars: TCA applied into the scar</li>"
        "<li>Rolling scars: lasers and subcision, which frees the tethered skin</li>"
        "<li>Sunken (atrophic) scars: soft-tissue injectables</li></ul>"
        "<p>Where real volume has to be replaced, PLLA, PDLLA, CaHA and hyaluronic acid fillers do far more.</p>",
    )


def _dark_circles():
    return raw.faq(
        "Can exosomes treat dark circles?",
        "exosomes-for-dark-circles",
        "<p>Only modestly. Dark circles have several causes, and no single product deals with all of them. "
        "Depending on the cause we combine:</p>"
        "<ul><li>Injectables: hyaluronic acid filler, diluted CaHA, polynucleotides</li>"
        "<li>Vascular lasers for redness and visible vessels</li>"
        "<li>Pigment lasers such as picosecond or Q-switched lasers</li>"
        "<li>Brightening peels</li>"
        "<li>Skin care that reflects light: peptides, vitamin C, retinol</li></ul>",
    )


def _versus_tretinoin():
    return raw.faq(
        "Exosomes or tretinoin: which is better?",
        "exosomes-vs-tretinoin",
        "<p>Tretinoin binds to retinoid receptors and changes how several kinds of skin cell behave. Its effect is "
        "gentle, but decades of studies back it. Exosomes are meant to work by cell signalling, and the results are "
        "unpredictable.</p>"
        "<p>Put the prices side by side and the gap is hard to justify:</p>",
    )


def _tretinoin_costs():
    return raw.cost_comparison(
        "A tube of tretinoin against a course of exosomes",
        [
            raw.cost_option("Tretinoin cream, one tube", "70", note="Lasts several months"),
            raw.cost_option("Exosome session", "600", "800", sessions=3, note="A usual course is three"),
        ],
        conclusion=(
            "About $70 against roughly $2,000. For that, exosomes would have to work around thirty times better "
            "than tretinoin, and they do not. A laser that reliably works plus a few tubes of tretinoin is the "
            "better spend."
        ),
    )


def _versus_prp():
    return raw.faq(
        "Exosomes or PRP: which is better?",
        "exosomes-vs-prp",
        "<p>PRP has been around since about 2010 and exosomes only recently, yet there is still no clear winner.</p>"
        "<p>PRP comes from your own blood, so how well it works depends on your age and health. Exosomes come from "
        "an outside source and do not depend on your platelets.</p>",
    )


def _prp_table():
    return raw.comparison_table(
        "Exosomes and PRP side by side",
        ["Type", "Application", "Ease of use", "Rate-limiting factors"],
        [
            ["Exosomes", "Applied to the skin; not injected", "Ready to use from a vial", "The source of the exosomes"],
            [
                "PRP",
                "Has to be injected",
                "Blood is drawn, spun and handled on the day",
                "Your own age and health, as the donor",
            ],
        ],
    )


def _no_trials():
    return raw.callout(
        "caution",
        "No head-to-head trials yet",
        "<p>Nobody has yet compared exosomes with PRP in a blinded split-face study. A convincing one would treat "
        "more than 100 patients, each with one side of the face given each treatment at random, and have at "
        "least three assessors rate the photos without knowing which side got what.</p>"
        "<p>If you plan to spend this much, combinations with more predictable results, such as a picosecond laser "
        "with polynucleotides, deserve a look first.</p>",
    )


def _same_budget():
    return raw.faq(
        "What does the same money buy instead?",
        "same-budget-better-options",
        "<p>One exosome session costs $600\u2013800, and a course of three up to about $2,200. For most concerns, that "
        "sum goes further elsewhere.</p>",
    )


def _alternatives(pages):
    laser, fillers = pages["fractional-laser"], pages["collagen-stimulating-fillers"]
    return raw.budget_alternatives(
        "Better uses of an exosome budget",
        "Concern by concern, what we would choose before exosomes.",
        [
            raw.alternative("Sun damage", "One session gives far more visible improvement.", laser, "", "1490"),
            raw.alternative(
                "All-round rejuvenation",
                "Much stronger, well-documented results.",
                laser,
                "Fractional laser plus CO2 resurfacing",
                "2400",
                "2900",
            ),
            raw.alternative("Fine lines", "Reliable smoothing of mild wrinkles.", laser),
            raw.alternative(
                "Acne scars",
                "Beats even three or four exosome sessions.",
                fillers,
                "Profhilo or CaHA with subcision",
                "1790",
            ),
            raw.alternative(
                "Pigmentation", "Goes after the pigment itself.", name="Picosecond laser or chemical peels"
            ),
            raw.alternative("Volume loss", "Predictable, repeatable and safe.", fillers, "Dermal fillers"),
            raw.alternative(
                "Crepey, tired skin",
                "Better evidence for skin quality.",
                pages["polynucleotides"],
                "",
                "550",
                "750",
            ),
            raw.alternative(
                "Hair loss",
                "The one case where exosomes may beat medicines and PRP, with fewer side effects.",
                name="Exosomes, injected",
            ),
            raw.alternative(
                "Hair loss, on a tighter budget",
                "Cheaper per session, with a longer track record.",
                pages["platelet-rich-plasma"],
                "",
                "450",
                "650",
            ),
        ],
    )


def _still_use_them():
    return raw.faq(
        "So are exosomes a waste of money?",
        "are-exosomes-a-waste-of-money",
        "<p>Not entirely. Our own doctors have them, but with three conditions:</p>"
        "<ul><li>Always alongside proven treatments such as polynucleotides, neurotoxin and fillers, because the "
        "combination works better.</li>"
        "<li>Injected, well off label, so a far higher dose reaches the dermis than needling achieves.</li>"
        "<li>At cost price. Paying full price, they would come last, after lasers, neurotoxin, fillers and "
        "peels.</li></ul>"
        "<p>Think of exosomes as the finishing touch, not the foundation.</p>",
    )


def _pro_tip(author):
    return raw.pro_tip(
        author,
        "Dr Ellison's ProTip on exosomes",
        "<p>Exosomes are today what PRP was fifteen years ago: offered for hair loss, scars, rejuvenation, volume "
        "and dark circles alike. Most of the excitement comes from social media rather than from trials.</p>"
        "<p>If you have already had the proven treatments and want one more step, ask for exosomes injected "
        "rather than needled in.</p>",
    )


def body(pages, clinicians, products):
    """The article's raw body: every block kind, in reading order."""
    cover = demo_image("Demo illustration: cell signalling")
    return [
        _opening(pages),
        raw.image(
            cover,
            alt="Abstract soft circles on a warm gradient, standing for cells exchanging signals",
            caption="An abstract illustration: exosomes carry signals from one cell to another.",
            credit="Clinic CMS demo art",
        ),
        _how_to_use(),
        _combinations(pages),
        _regulation(),
        raw.gallery_link(
            "See real results",
            "Before-and-after photos of our own patients, filtered to this treatment.",
            case_count=3,
        ),
        _next_best(),
        _versus_fillers(),
        _filler_types(),
        _acne_scars(),
        _dark_circles(),
        _versus_tretinoin(),
        _tretinoin_costs(),
        _versus_prp(),
        _prp_table(),
        _no_trials(),
        evidence.studies_faq(),
        _same_budget(),
        _alternatives(pages),
        _still_use_them(),
        _pro_tip(clinicians["Dr Maya Ellison"]),
        raw.product(products[9833], "Soothes and supports the skin barrier in the week after a procedure."),
    ]
