"""WooCommerce `[product id]`, `[products ids]`, `[add_to_cart id]`, `[product_page id]`: product blocks by shop id."""

from . import attr, handles


@handles("product", "products", "add_to_cart", "product_page", "featured_products", "et_pb_shop")
def products(shortcode, expansion):
    ids = shortcode.get("ids", "id", "include")
    if not ids:
        expansion.notes.append(f"{shortcode.raw}: names no product id; removed")
        return ""
    return f'\n<wp-products data-ids="{attr(ids)}"></wp-products>\n'
