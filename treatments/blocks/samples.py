"""Sample values: every block of the treatment body writes one valid stored value of itself, `sample_value()`, in
its own module. The block chooser's preview, the test factories and the demo all start from it, so a block's shape
is written once. A sample may pick a record the preview can show (an image, a product, a clinician); it never
creates one.
"""


def preview_from_sample(block):
    """The block chooser's preview: the sample, loaded the way a page loads its body from the database.

    Blocks use it as their `get_preview_value`."""
    return block.to_python(block.sample_value())


def sample(block, **changes):
    """A block's sample in stored form; for a struct block, with some of its fields changed."""
    value = block.sample_value()
    return {**value, **changes} if changes else value


def stream_child(stream_block, name, value=None, **changes):
    """One child of a stream in stored form (`{"type", "value"}`): `value` as given, else the child's sample with
    `changes`. This is how the test factories and the demo write a body."""
    if value is None:
        value = sample(stream_block.child_blocks[name], **changes)
    return {"type": name, "value": value}


def treatment_body():
    """The treatment body's stream block as the page model holds it (a site's extra blocks included)."""
    from ..models import TreatmentPage  # here, not at the top: the models import the blocks

    return TreatmentPage._meta.get_field("body").stream_block


def body_child_block(name):
    """The body's child block called `name`, e.g. "faq"."""
    return treatment_body().child_blocks[name]


def body_block(name, value=None, **changes):
    """Raw data of one body block: the block's sample with `changes`, or exactly `value`."""
    return stream_child(treatment_body(), name, value, **changes)
