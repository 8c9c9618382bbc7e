"""Page builders (Divi `et_pb_*`, WPBakery `vc_*`, Avada `fusion_*`, Elementor templates): their layout wrappers are
unwrapped so the content stays; text, image, accordion, toggle, tab, heading and button modules become blocks."""

from . import attr, handles, inner_html

ACCORDION_ITEMS = {"et_pb_accordion_item", "et_pb_toggle", "vc_toggle", "vc_accordion_tab", "fusion_toggle"}
TAB_ITEMS = {"et_pb_tab", "vc_tab", "fusion_tab"}
SECTIONS = {"vc_tta_section"}  # an accordion item or a tab, depending on what holds it
ACCORDIONS = {"vc_tta_accordion", "vc_accordion", "et_pb_accordion", "fusion_accordion", "vc_tta_toggle"}
SILENT = {"vc_separator", "vc_empty_space", "et_pb_divider", "fusion_separator", "vc_raw_js", "et_pb_code"}


def block_break(html):
    # WordPress separates paragraphs with blank lines; a wrapper's edges are paragraph edges too
    return f"\n\n{html}\n\n"


@handles(prefix="et_pb_")
@handles(prefix="vc_")
@handles(prefix="fusion_")
def unwrap(shortcode, expansion):
    """A layout wrapper (section, row, column, text module…): its content, without it."""
    if shortcode.name in SILENT:
        return ""
    return block_break(inner_html(shortcode, expansion))


@handles(*ACCORDION_ITEMS)
def accordion_item(shortcode, expansion):
    title = shortcode.get("title", "heading")
    return f'\n<wp-faq data-question="{attr(title)}">{block_break(inner_html(shortcode, expansion))}</wp-faq>\n'


@handles(*TAB_ITEMS)
def tab(shortcode, expansion):
    title = shortcode.get("title", "heading")
    return f'\n<wp-tab data-title="{attr(title)}">{block_break(inner_html(shortcode, expansion))}</wp-tab>\n'


@handles(*SECTIONS)
def section(shortcode, expansion):
    in_accordion = any(parent in ACCORDIONS for parent in shortcode.parents)
    return accordion_item(shortcode, expansion) if in_accordion else tab(shortcode, expansion)


@handles("et_pb_image", "et_pb_fullwidth_image", "vc_single_image", "fusion_imageframe")
def image(shortcode, expansion):
    src = shortcode.get("src", "image_url")
    image_id = shortcode.get("image", "image_id", "attachment_id").split("|")[0]
    inner = inner_html(shortcode, expansion)
    if "<img" in inner:
        return f"\n<figure>{inner}</figure>\n"
    alt = shortcode.get("alt", "title_text", "alt_text")
    return f'\n<figure><img src="{attr(src)}" alt="{attr(alt)}" data-id="{attr(image_id)}"/></figure>\n'


@handles("vc_custom_heading", "fusion_title", "et_pb_heading")
def heading(shortcode, expansion):
    text = shortcode.get("text", "title") or inner_html(shortcode, expansion)
    return f"\n<h2>{text}</h2>\n" if text.strip() else ""


@handles("et_pb_button", "vc_btn", "vc_button", "fusion_button")
def button(shortcode, expansion):
    link = shortcode.get("button_url", "link", "url", "href")
    if link.startswith("url:"):  # WPBakery packs "url:…|title:…|target:…"
        link = link.split("|")[0][4:].replace("%3A", ":").replace("%2F", "/")
    label = shortcode.get("button_text", "title", "text") or inner_html(shortcode, expansion).strip()
    if not label:
        return ""
    return f'\n<p><a href="{attr(link)}">{label}</a></p>\n' if link else f"\n<p>{label}</p>\n"


@handles("et_pb_cta", "fusion_content_box")
def call_to_action(shortcode, expansion):
    title = shortcode.get("title")
    parts = [f"<h3>{attr(title)}</h3>" if title else "", block_break(inner_html(shortcode, expansion))]
    parts.append(button(shortcode, expansion) if shortcode.get("button_url", "link") else "")
    return "\n".join(parts)


@handles("elementor-template")
def elementor_template(shortcode, expansion):
    expansion.notes.append(
        f"{shortcode.raw}: an Elementor template lives outside the post; import it on its own and place it here"
    )
    return ""
