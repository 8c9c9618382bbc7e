"""Elementor pages: the `_elementor_data` post meta (JSON of sections, columns and widgets) turned into the HTML the
element walker recognises, as the shortcode handlers do. Text, headings, images, accordions and toggles (FAQs when
their titles ask), tabs, videos (embeds) and buttons (booking calls to action) are mapped; an unknown widget is
reported and its text kept."""

import html as htmllib
import json
import re

LAYOUT = {"section", "column", "container", "inner-section"}
TEXT_SETTINGS = ("title", "description", "text", "editor", "content", "caption", "description_text", "title_text")
SILENT_WIDGETS = {"spacer", "divider", "menu-anchor", "shortcode", "html", "sidebar", "icon"}
VIDEO_SETTINGS = ("youtube_url", "vimeo_url", "dailymotion_url", "external_url")


def attr(value):
    return htmllib.escape(str(value or ""), quote=True)


def text(value):
    return htmllib.escape(str(value or ""), quote=False)


class ElementorPage:
    """One post's Elementor data as HTML, with notes (kind, message, text) for the report."""

    def __init__(self):
        self.notes = []

    @classmethod
    def from_meta(cls, meta):
        """(html, notes) from the post meta, or (None, notes) when there is no usable Elementor data."""
        page = cls()
        raw = (meta or {}).get("_elementor_data", "")
        if not raw.strip():
            return None, page.notes
        try:
            data = json.loads(raw)
        except ValueError as exc:
            page.notes.append(("unrecognised", f"Elementor data is not valid JSON ({exc}); the post content is used"))
            return None, page.notes
        if not isinstance(data, list):
            page.notes.append(("unrecognised", "Elementor data is not a list of sections; the post content is used"))
            return None, page.notes
        return "\n".join(page.element(item) for item in data), page.notes

    def element(self, item):
        if not isinstance(item, dict):
            return ""
        kind = item.get("elType", "")
        children = "\n".join(self.element(child) for child in item.get("elements") or [])
        if kind in LAYOUT:
            return f"\n{children}\n"
        if kind == "widget":
            return self.widget(item.get("widgetType", ""), item.get("settings") or {}) + children
        return children

    def widget(self, name, settings):
        handler = getattr(self, "widget_" + name.replace("-", "_"), None)
        if handler is not None:
            return f"\n{handler(settings)}\n"
        if name in SILENT_WIDGETS:
            return ""
        kept = self.texts(settings)
        self.notes.append(
            (
                "unrecognised",
                f"Elementor widget {name!r} is not known: its text is kept as paragraphs",
                " / ".join(kept),
            )
        )
        return "".join(f"<p>{value}</p>" for value in kept)

    @staticmethod
    def texts(settings):
        """The words an unknown widget shows: its text settings, and the text of its repeated items."""
        found = []
        for key, value in settings.items():
            if isinstance(value, str) and key in TEXT_SETTINGS and value.strip():
                found.append(value.strip())
            elif isinstance(value, list):
                for entry in value:
                    if isinstance(entry, dict):
                        found += ElementorPage.texts(entry)
        return found

    # ---------------------------------------------------------------- the widgets
    def widget_text_editor(self, settings):
        return settings.get("editor", "")

    def widget_heading(self, settings):
        level = re.fullmatch(r"h([1-6])", str(settings.get("header_size") or "h2"))
        tag = f"h{level.group(1)}" if level else "h2"
        title = settings.get("title", "")
        return f"<{tag}>{title}</{tag}>" if str(title).strip() else ""

    def widget_image(self, settings):
        image = settings.get("image") or {}
        src, image_id = image.get("url", ""), image.get("id", "")
        if not src and not image_id:
            return ""
        alt = image.get("alt", "") or settings.get("alt", "")
        caption = settings.get("caption", "")
        figcaption = f"<figcaption>{text(caption)}</figcaption>" if caption else ""
        return f'<figure><img src="{attr(src)}" alt="{attr(alt)}" data-id="{attr(image_id)}"/>{figcaption}</figure>'

    def widget_accordion(self, settings):
        return "".join(
            f'<wp-faq data-question="{attr(tab.get("tab_title", ""))}">\n\n{tab.get("tab_content", "")}\n\n</wp-faq>'
            for tab in settings.get("tabs") or []
            if isinstance(tab, dict)
        )

    widget_toggle = widget_accordion

    def widget_tabs(self, settings):
        return "".join(
            f'<wp-tab data-title="{attr(tab.get("tab_title", ""))}">\n\n{tab.get("tab_content", "")}\n\n</wp-tab>'
            for tab in settings.get("tabs") or []
            if isinstance(tab, dict)
        )

    def widget_video(self, settings):
        kind = settings.get("video_type", "youtube")
        url = settings.get(f"{kind}_url") or next((settings[key] for key in VIDEO_SETTINGS if settings.get(key)), "")
        if not url and isinstance(settings.get("hosted_url"), dict):
            url = settings["hosted_url"].get("url", "")
        if not str(url).startswith("http"):
            self.notes.append(("media", "an Elementor video without an address is left out", str(url)))
            return ""
        return f'<wp-embed data-url="{attr(url)}"></wp-embed>'

    def widget_button(self, settings):
        link = settings.get("link") or {}
        href = link.get("url", "") if isinstance(link, dict) else str(link)
        label = settings.get("text", "") or "Book now"
        return f'<wp-booking data-label="{attr(label)}" data-href="{attr(href)}"></wp-booking>'
