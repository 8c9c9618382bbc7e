"""Contact and booking form plugins (Contact Form 7, WPForms, Gravity Forms, Ninja Forms and others): a form cannot
be imported, so it becomes a booking call-to-action block."""

from . import attr, handles

FORMS = (
    "contact-form-7",
    "contact-form",
    "wpforms",
    "gravityform",
    "gravityforms",
    "ninja_form",
    "ninja_forms",
    "formidable",
    "caldera_form",
    "fluentform",
    "forminator_form",
    "et_pb_contact_form",
    "fusion_form",
    "bookly-form",
    "booking",
)


@handles(*FORMS)
def booking(shortcode, expansion):
    name = f"{shortcode.name} {shortcode.get('id', 'title')}".strip()
    return f'\n<wp-booking data-form="{attr(name)}"></wp-booking>\n'
