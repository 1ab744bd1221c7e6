"""Build step: copy the top-level rules/ and grammar/ into the wheel as package data.

The repository keeps them at the top level (the project layout); an installed tool finds
them as `checker/_shipped/rules` and `checker/_shipped/grammar` through importlib.resources
(see checker/resources.py). Editable installs read the checkout directly and copy nothing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("rules", "grammar")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class build_py_with_shipped(build_py):
    """The usual build_py, plus the shipped rules and grammar under checker/_shipped/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "checker" / "_shipped"
        for name in SHIPPED:
            source = HERE / name
            if not source.is_dir():
                raise SystemExit(f"setup.py: {source} is missing; build from a full checkout or sdist")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(source, target / name, ignore=IGNORE)


setup(cmdclass={"build_py": build_py_with_shipped})
