"""Text functions of the rule language, one module per family, found by walking this package."""
from __future__ import annotations

import importlib
import pkgutil

from checker.engine.text_functions.registry import REGISTRY, TextFunction, text_function

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "registry":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "TextFunction", "text_function"]
