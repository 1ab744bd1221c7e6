"""Report formats: one leaf module each, declaring NAME, EXTENSION, ORDER and render().

Why: `--format`, the saved copy's suffix and the renderer all come from this one table, so
a new format is one module in this package plus its tests.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

FORMATS: dict[str, ModuleType] = {}
for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    if _module.NAME in FORMATS:
        raise ValueError(f"report format '{_module.NAME}' declared twice")
    FORMATS[_module.NAME] = _module
FORMATS = dict(sorted(FORMATS.items(), key=lambda item: item[1].ORDER))

__all__ = ["FORMATS"]
