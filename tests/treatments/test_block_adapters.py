"""Block adapters are found through the class hierarchy, and a new field kind needs one adapter for its lookups,
its JSON and its schema."""

import pytest
from django import forms
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from treatments import adapters
from treatments.adapters import kinds
from treatments.api.context import ApiContext
from treatments.blocks import CaptionedImageBlock, ShortcodeRichTextBlock


class HexColourBlock(blocks.FieldBlock):
    """A field kind no built-in adapter knows: a colour such as #1a2b3c."""

    def __init__(self, **kwargs):
        self.field = forms.RegexField(regex=r"^#[0-9a-f]{6}$")
        super().__init__(**kwargs)


class HexColourAdapter(kinds.FieldAdapter):
    def to_json(self, block, value, lookups):
        return {"hex": value, "rgb": [int(value[i : i + 2], 16) for i in (1, 3, 5)]}

    def schema(self, block, builder):
        return {"type": "object", "properties": {"hex": {"type": "string"}, "rgb": {"type": "array"}}}


@pytest.fixture
def own_registry(monkeypatch):
    """Adapters registered by a test leave the process's registry as it was."""
    monkeypatch.setattr(adapters.registry, "_adapters", dict(adapters.registry._adapters))
    adapters.registry._adapter_for_class.cache_clear()
    yield adapters.registry
    adapters.registry._adapter_for_class.cache_clear()


def test_the_nearest_class_wins_whatever_the_registration_order():
    assert isinstance(adapters.adapter_for(ImageBlock()), kinds.ImageWithAltAdapter)  # an ImageBlock is a struct
    assert isinstance(adapters.adapter_for(CaptionedImageBlock()), kinds.StructAdapter)
    assert isinstance(adapters.adapter_for(ShortcodeRichTextBlock()), kinds.RichTextAdapter)
    assert isinstance(adapters.adapter_for(blocks.URLBlock()), kinds.TextAdapter)


def test_a_field_kind_without_an_adapter_has_no_schema_and_says_so():
    with pytest.raises(TypeError, match="No API schema for HexColourBlock: register an adapter"):
        adapters.schema(HexColourBlock(), builder=None)


def test_one_adapter_gives_a_new_field_kind_its_json_and_schema(own_registry):
    own_registry.register(HexColourAdapter(), HexColourBlock)
    block = blocks.StructBlock([("colour", HexColourBlock())])
    value = block.to_python({"colour": "#ff8000"})
    assert adapters.represent(block, value, ApiContext()) == {"colour": {"hex": "#ff8000", "rgb": [255, 128, 0]}}
    assert adapters.schema(HexColourBlock(), builder=None)["type"] == "object"


def test_the_walk_reaches_every_nested_value_once():
    block = blocks.StreamBlock([("list", blocks.ListBlock(blocks.StructBlock([("word", blocks.CharBlock())])))])
    value = block.to_python([{"type": "list", "value": [{"word": "one"}, {"word": "two"}]}])
    words = [child for child_block, child in adapters.walk(block, value) if isinstance(child_block, blocks.CharBlock)]
    assert words == ["one", "two"]
