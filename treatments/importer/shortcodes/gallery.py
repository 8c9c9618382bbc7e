"""`[gallery ids="1,2,3"]`: the export's attachments shown together."""

from . import attr, handles


@handles("gallery", "vc_gallery", "vc_images_carousel", "et_pb_gallery", "fusion_gallery")
def gallery(shortcode, expansion):
    ids = shortcode.get("ids", "include", "images", "gallery_ids", "image_ids")
    return f'\n<wp-gallery data-ids="{attr(ids)}"></wp-gallery>\n'
