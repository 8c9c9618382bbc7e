"""Reading a StreamField's stored JSON without loading any block: for scans that only look for text."""


def strings_in(data):
    """Every string inside a StreamField's raw JSON, however deeply nested."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from strings_in(value)
