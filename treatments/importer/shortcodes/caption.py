"""`[caption]<img …> Text[/caption]`: an image with its caption."""

import re

from . import attr, handles, inner_html


@handles("caption", "wp_caption")
def caption(shortcode, expansion):
    inner = inner_html(shortcode, expansion)
    image = re.search(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", inner, re.I | re.S)
    text = shortcode.get("caption")
    if image is None:
        found = re.search(r"attachment_(\d+)", shortcode.get("id"))
        if not found:
            return inner
        text = text or re.sub(r"<[^>]+>", "", inner).strip()
        return f'\n<figure><img data-id="{found.group(1)}" alt=""/><figcaption>{attr(text)}</figcaption></figure>\n'
    text = text or re.sub(r"<[^>]+>", "", inner[image.end() :]).strip()
    return f"\n<figure>{image.group(0)}<figcaption>{attr(text)}</figcaption></figure>\n"
