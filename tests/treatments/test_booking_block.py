"""The booking call to action shows its button only when it has somewhere real to lead."""

from bs4 import BeautifulSoup

from treatments.blocks.stream import TreatmentBodyBlock


def rendered(url):
    block = TreatmentBodyBlock().child_blocks["booking_cta"]
    value = block.to_python({"heading": "Book a consultation", "text": "", "button_label": "Book now", "url": url})
    return BeautifulSoup(block.render(value), "html.parser")


def test_a_booking_block_with_an_address_links_to_it():
    button = rendered("/contact/").select_one("a.block-booking__button")
    assert button is not None
    assert button["href"] == "/contact/"


def test_a_booking_block_without_an_address_shows_no_dead_link():
    html = rendered("")
    assert html.select_one("a") is None, "an empty address used to become a link to /book/, which does not exist"
    assert html.select_one("h3").get_text() == "Book a consultation"
