"""`[embed]`, `[youtube]`, `[vimeo]`, `[audio]`, `[video]` and builders' video modules: an embed by address."""

import re

from . import attr, handles

MEDIA_ATTRS = ("src", "url", "link", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv", "flv", "src_webm", "video")


def embed(url):
    url = (url or "").strip()
    return f'\n<wp-embed data-url="{attr(url)}"></wp-embed>\n' if url.startswith("http") else ""


@handles("embed", "wpvideo")
def embed_shortcode(shortcode, expansion):
    return embed(re.sub(r"<[^>]+>", "", shortcode.inner or "") or shortcode.get(*MEDIA_ATTRS))


@handles("youtube", "fusion_youtube")
def youtube(shortcode, expansion):
    found = shortcode.get("url", "id", "_0")
    if found and not found.startswith("http"):
        found = f"https://www.youtube.com/watch?v={found}"
    return embed(found)


@handles("vimeo", "fusion_vimeo")
def vimeo(shortcode, expansion):
    found = shortcode.get("url", "id", "_0")
    if found and not found.startswith("http"):
        found = f"https://vimeo.com/{found}"
    return embed(found)


@handles("audio", "video", "playlist", "et_pb_video", "et_pb_audio", "vc_video", "fusion_video")
def media(shortcode, expansion):
    return embed(shortcode.get(*MEDIA_ATTRS, "audio") or re.sub(r"<[^>]+>", "", shortcode.inner or ""))
