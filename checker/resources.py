"""Where the shipped rules, reference data and grammar live, installed or in a checkout.

The top-level `rules/` and `grammar/` folders of the repository are the source. A built
wheel carries copies of them inside the package (`checker/_shipped/`, put there by
`setup.py`'s build step) and they are found through `importlib.resources`, so an installed
tool never depends on the working folder. In a checkout or an editable install the package
has no `_shipped/` folder and the repository's own folders are used.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

SHIPPED = "_shipped"


class ResourceError(RuntimeError):
    """The installation lacks its rules or grammar (a broken or zipped install)."""


def _package_dir() -> Path:
    root = resources.files("checker")
    if not isinstance(root, Path):  # e.g. imported from a zip file
        raise ResourceError("compliance-check must be installed as files on disk (not a zip) "
                            "to read its shipped rules and grammar; reinstall it with pip")
    return root


def _locate(name: str) -> Path:
    """`_shipped/<name>` of an installed wheel, else `<checkout>/<name>`."""
    package = _package_dir()
    installed = package / SHIPPED / name
    if installed.exists():
        return installed
    return package.parent / name


def rules_dir() -> Path:
    """The shipped rule packs (`rules/`)."""
    return _locate("rules")


def data_dir() -> Path:
    """The shipped reference data (`rules/data/`)."""
    return rules_dir() / "data"


def grammar_dir() -> Path:
    """The folder holding the rule-language grammar (`grammar/`)."""
    return _locate("grammar")


def grammar_path() -> Path:
    return grammar_dir() / "rules.lark"
