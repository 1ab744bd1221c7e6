"""Diff report formats: one leaf module each (NAME, EXTENSION, ORDER, render(batch) -> str).

A parallel set to checker/report/formats/ because a diff result (a provision kept, edited,
moved, removed or added, and a filing decision) is not a rule finding; the names are the
same seven, so `--format` means the same thing on `check` and `diff`.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

FORMATS: dict[str, ModuleType] = {}
for _info in pkgutil.iter_modules(__path__):
    if _info.name.startswith("_"):
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    FORMATS[_module.NAME] = _module
FORMATS = dict(sorted(FORMATS.items(), key=lambda item: item[1].ORDER))

__all__ = ["FORMATS"]
