"""Demo content for the reference site, one loader module per area, found and run by `manage.py load_demo`.

A loader is any module in this package that defines `ORDER: int` and `load(stdout) -> None`; loaders run in
ascending ORDER (then by name), so an app adds its demo content by dropping a module here. Modules without
both names (such as `images`) are helpers and are not run.
"""

import importlib
import pkgutil


def discover_loaders():
    """The loader modules of this package, sorted by (ORDER, module name)."""
    loaders = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if isinstance(getattr(module, "ORDER", None), int) and callable(getattr(module, "load", None)):
            loaders.append(module)
    return sorted(loaders, key=lambda module: (module.ORDER, module.__name__))
