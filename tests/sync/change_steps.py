"""The change sequence, run in a process of its own (`python -m tests.sync.change_steps`): reads one step name per
line on stdin, runs it on the shifted clock (shifted_clock.py), and answers one JSON line (what the step made)."""

import datetime
import json
import sys
import time
from decimal import Decimal

import django


def seed():
    """A small clinic: two treatments linking each other, a product and clinician shown, a consented case."""
    from tests.factories import galleries as g
    from tests.factories import treatments as f
    from tests.factories.treatments import site_tree

    home, index = site_tree()
    author = f.ClinicianFactory(name="Dr Ada Example")
    serum = f.ProductFactory(name="Recovery serum", price=Decimal("49.00"))
    acne = f.ConditionFactory(name="Acne scars")
    prp = publish(f.TreatmentPageFactory(parent=index, title="PRP", slug="prp"))
    laser = publish(f.TreatmentPageFactory(parent=index, title="Laser", slug="laser"))
    exosomes = f.TreatmentPageFactory(parent=index, title="Exosomes", slug="exosomes", author=author)
    exosomes.body = [
        f.budget_alternatives([f.alternative("Dull skin", prp, price_from="300")]),
        f.product(serum),
        f.gallery_link(case_count=2),
    ]
    exosomes.save()
    exosomes.conditions.add(acne)
    exosomes.related_treatments.create(treatment=laser)
    exosomes = publish(exosomes)
    withdrawn_by_action = g.consented_case(title="Forehead lines", clinician=author)
    withdrawn_by_saving = g.consented_case(title="Cheek texture", clinician=author)
    expiring = g.consented_case(title="Chin scarring")
    for case in (withdrawn_by_action, withdrawn_by_saving, expiring):
        case.treatments.add(exosomes)
        case.save()
    sections = f.TreatmentIndexPageFactory(parent=home, title="Skin", slug="skin")
    publish(sections)
    return {
        "home": home.pk,
        "index": index.pk,
        "exosomes": exosomes.pk,
        "prp": prp.pk,
        "laser": laser.pk,
        "serum": serum.pk,
        "author": author.pk,
        "skin": sections.pk,
        "cases": [withdrawn_by_action.pk, withdrawn_by_saving.pk, expiring.pk],
    }


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def page(pk):
    from wagtail.models import Page

    return Page.objects.get(pk=pk).specific


def edit_and_publish(ids):
    prp = page(ids["prp"])
    prp.title = "Platelet-rich plasma"
    publish(prp)


def unpublish(ids):
    page(ids["laser"]).unpublish()


def delete(ids):
    page(ids["laser"]).delete()


def move(ids):
    prp = page(ids["prp"])
    prp.move(page(ids["skin"]), pos="last-child")


def slug_change(ids):
    skin = page(ids["skin"])
    skin.slug = "skin-care"
    publish(skin)


def product_price(ids):
    from treatments.snippets import Product

    serum = Product.objects.get(pk=ids["serum"])
    serum.price = Decimal("59.00")
    serum.save()


def clinician_name(ids):
    from treatments.snippets import Clinician

    author = Clinician.objects.get(pk=ids["author"])
    author.name = "Dr Ada Example-Smith"
    author.save()


def withdraw_by_admin_action(ids):
    """Through the admin's own Withdraw view, as a clinic operator clicks it."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from galleries.models import ConsentRecord

    user, _ = get_user_model().objects.get_or_create(
        username="operator", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    consent = ConsentRecord.objects.get(case_id=ids["cases"][0])
    response = client.post(reverse("galleries_consent_withdraw", args=[consent.pk]))
    assert response.status_code in (200, 302), response.status_code


def withdraw_by_saving_the_record(ids):
    from django.utils import timezone

    from galleries.models import ConsentRecord

    consent = ConsentRecord.objects.get(case_id=ids["cases"][1])
    consent.withdrawn_on = timezone.localdate()
    consent.save()


def schedule_go_live(ids):
    """A new treatment scheduled for an hour from now: a draft until publish_scheduled runs then."""
    from django.utils import timezone

    from tests.factories import treatments as f

    draft = f.TreatmentPageFactory(parent=page(ids["index"]), title="Microneedling", slug="microneedling")
    draft.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(hours=1))
    return {"microneedling": draft.pk}


def run_publish_scheduled(ids):
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)


def schedule_expiry(ids, at):
    exosomes = page(ids["exosomes"])
    exosomes.expire_at = datetime.datetime.fromisoformat(at)
    publish(exosomes)


def consent_expiring_on(ids, day):
    from galleries.models import ConsentRecord

    consent = ConsentRecord.objects.get(case_id=ids["cases"][2])
    consent.expires_on = datetime.date.fromisoformat(day)
    consent.save()


STEPS = {name: step for name, step in globals().items() if callable(step) and not name.startswith("_")}


def main():
    django.setup()
    import time_machine

    from tests.sync.shifted_clock import offset

    ids = {}
    for line in sys.stdin:
        request = json.loads(line)
        step = STEPS[request["step"]]
        try:
            with time_machine.travel(time.time() + offset(), tick=True):
                made = seed() if step is seed else step(ids, **request.get("args", {}))
            ids.update(made or {})
            print(json.dumps({"ok": True, "ids": ids}), flush=True)
        except Exception as error:  # reported to the test, which fails naming the step
            print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}), flush=True)


if __name__ == "__main__":
    main()
