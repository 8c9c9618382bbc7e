"""Demo snippets: the conditions, clinicians and shop products the treatment articles refer to."""

from decimal import Decimal

from treatments.models import Clinician, Condition, Product

from .images import SQUARE_SIZE, demo_image

CONDITIONS = [
    ("Acne scars", "acne-scars", "Marks and dents left in the skin after inflamed acne has healed."),
    ("Dark circles", "dark-circles", "Shadowed or discoloured skin under the eyes, from pigment, vessels or hollows."),
    ("Hair loss", "hair-loss", "Thinning hair or a widening part, most often hereditary."),
    ("Sun damage", "sun-damage", "Rough texture, brown spots and fine wrinkles from years of sun exposure."),
    ("Fine lines", "fine-lines", "Shallow creases, mostly around the eyes and mouth."),
    ("Volume loss", "volume-loss", "Hollowing of the cheeks, temples or under-eyes as fat and bone change with age."),
    ("Pigmentation", "pigmentation", "Uneven brown patches such as melasma, sun spots and marks left by inflammation."),
    ("Skin quality", "skin-quality", "Dull, dry or crepey skin that has lost its bounce and glow."),
]

# Fictional clinicians: the demo names no real person.
CLINICIANS = [
    {
        "name": "Dr Maya Ellison",
        "credentials": "Dermatologist, FACD",
        "registration_number": "MED0000000101",
        "bio": "Treats acne scars and pigment with lasers and injectables, and writes most of our treatment guides.",
    },
    {
        "name": "Dr Tomas Reyes",
        "credentials": "Cosmetic physician",
        "registration_number": "MED0000000102",
        "bio": "Focuses on injectables and skin quality; reviews our articles for medical accuracy.",
    },
    {
        "name": "Priya Shah",
        "credentials": "Registered nurse, dermal therapist",
        "registration_number": "NMW0000000103",
        "bio": "Runs our laser and peel clinics and the aftercare programme.",
    },
]

PRODUCTS = [
    {
        "shop_id": 9833,
        "name": "Barrier Repair Serum",
        "price": Decimal("59.00"),
        "description": "A fragrance-free serum with ceramides and peptides for the days after a procedure.",
        "is_active": True,
    },
    {
        "shop_id": 9834,
        "name": "Retinal Night Cream",
        "price": Decimal("45.00"),
        "description": "A gentle vitamin A cream to build up slowly, two or three nights a week at first.",
        "is_active": True,
    },
    {
        "shop_id": 9840,
        "name": "Mineral Sunscreen SPF 50",
        "price": Decimal("32.00"),
        "description": "A tinted zinc sunscreen for every day, and essential after any laser.",
        "is_active": True,
    },
    {
        "shop_id": 9712,
        "name": "Exosome Booster Ampoules",
        "price": Decimal("120.00"),
        "description": "Discontinued: kept so old articles that mention it show nothing instead of an error.",
        "is_active": False,
    },
]


def load_conditions():
    return {
        slug: Condition.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})[0]
        for name, slug, description in CONDITIONS
    }


def load_clinicians():
    clinicians = {}
    for data in CLINICIANS:
        photo = demo_image(f"Demo portrait background: {data['name']}", SQUARE_SIZE)
        clinicians[data["name"]] = Clinician.objects.update_or_create(
            name=data["name"], defaults={**data, "photo": photo}
        )[0]
    return clinicians


def load_products():
    products = {}
    for data in PRODUCTS:
        image = demo_image(f"Demo product: {data['name']}", SQUARE_SIZE)
        defaults = {
            **data,
            "currency": "USD",
            "image": image,
            "buy_url": f"https://shop.example.com/products/{data['shop_id']}",
        }
        products[data["shop_id"]] = Product.objects.update_or_create(shop_id=data["shop_id"], defaults=defaults)[0]
    return products
