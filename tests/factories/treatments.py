"""Factories for treatment snippets and pages, and raw StreamField data for every body block, built from the
blocks' own samples."""

from decimal import Decimal

import factory
import wagtail_factories
from wagtail.models import Page

from clinic_site.models import HomePage
from treatments.blocks.samples import body_block, body_child_block, sample, stream_child
from treatments.models import Clinician, Condition, Product, TreatmentIndexPage, TreatmentPage


class ClinicianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinician

    name = factory.Faker("name")
    credentials = "Dermatologist, FACD"
    registration_number = factory.Sequence(lambda n: f"MED{n:010d}")
    bio = "Treats skin and scars; reviews our laser articles."


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Serum {n}")
    shop_id = factory.Sequence(lambda n: 10_000 + n)
    price = Decimal("49.00")
    currency = "USD"
    description = "A light serum for after procedures."
    buy_url = "https://shop.example.com/serum"
    is_active = True


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    slug = "clinic-home"
    intro = "Evidence-rated treatments."


class TreatmentIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TreatmentIndexPage

    title = "Treatments"
    slug = "treatments"
    intro = "Every treatment we offer, with an honest score."


class TreatmentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TreatmentPage

    title = factory.Sequence(lambda n: f"Treatment {n}")
    intro = "What it is and who it helps."
    best_used = "Injected"
    caution = "Bruising for a few days"
    best_for = "Fine lines"
    comments = "Works for most people."
    mode_of_action = "Collagen stimulation"
    science_score = 3
    price_from = Decimal("300.00")
    price_to = Decimal("450.00")
    currency = "USD"
    typical_sessions = 3


def site_tree():
    """Home page as the default site's root, with a treatment index below it."""
    from wagtail.models import Site

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    # Wagtail's migrations leave a "Welcome" page; the clinic's home replaces it.
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    index = TreatmentIndexPageFactory(parent=home)
    return home, index


# ---------------------------------------------------------------- raw body blocks
# Each starts from the block's own sample (treatments.blocks.samples) and changes only what a test is about.
block = body_block  # raw data of one body block: its sample with changes, or exactly a value
child_of = body_child_block


def rich_text(html):
    return block("rich_text", html)


def faq(question, answer_html, anchor=""):
    answer = stream_child(child_of("faq").child_blocks["answer"], "rich_text", answer_html)
    return block("faq", question=question, anchor=anchor, answer=[answer])


def comparison_table(header, rows, caption="How they compare"):
    return block("comparison_table", caption=caption, header=header, rows=[{"cells": cells} for cells in rows])


def cost_comparison(options, title="What it costs", currency="USD"):
    return block("cost_comparison", title=title, currency=currency, options=options, conclusion="")


def cost_option(label, unit_price_from, unit_price_to=None, sessions=1, note=""):
    option = child_of("cost_comparison").child_blocks["options"].child_block
    return sample(option, label=label, unit_price_from=unit_price_from, unit_price_to=unit_price_to,
                  sessions=sessions, note=note)  # fmt: skip


def cream_or_sessions():
    """The reference article's comparison: one $70 tube against three sessions at $600 to $800."""
    return cost_comparison([cost_option("Cream", "70"), cost_option("Sessions", "600", "800", sessions=3)])


def alternative(concern, treatment_page=None, treatment_name="", price_from=None, price_to=None, verdict="Better"):
    item = child_of("budget_alternatives").child_blocks["alternatives"].child_block
    return sample(item, concern=concern, treatment_page=treatment_page.pk if treatment_page else None,
                  treatment_name=treatment_name, price_from=price_from, price_to=price_to, verdict=verdict)  # fmt: skip


def budget_alternatives(alternatives, title="Better value", currency="USD"):
    return block("budget_alternatives", title=title, intro="", currency=currency, alternatives=alternatives)


def definition_list(items, title="Terms"):
    definition = child_of("definition_list").child_blocks["items"].child_block
    return block("definition_list", title=title, items=[sample(definition, term=t, description=d) for t, d in items])


def pro_tip(clinician, title="ProTip", body="<p>Book in winter.</p>"):
    return block("pro_tip", clinician=clinician.pk, title=title, body=body)


def product(item, note=""):
    return block("product", product=item.pk, note=note)


def gallery_link(case_count=0, treatment=None):
    return block(
        "gallery_link",
        heading="See real results",
        text="",
        link_label="View our treatment gallery",
        treatment=treatment.pk if treatment else None,
        case_count=case_count,
    )


def callout(body="<p>Not for pregnancy.</p>", tone="caution", title="Before you book"):
    return block("callout", tone=tone, title=title, body=body)


def image(img, caption="A caption", alt="A description"):
    sample_image = sample(child_of("image"))["image"]
    return block("image", image={**sample_image, "image": img.pk, "alt_text": alt}, caption=caption, credit="")
