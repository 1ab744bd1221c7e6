"""Hypothesis profiles for the whole test suite.

`ci` is bounded and reproducible (derandomized, no example database) so CI time is
predictable; `dev` is the local default; `thorough` searches far longer before a
release or after editing the engine. Pick one with HYPOTHESIS_PROFILE; CI=true alone
selects `ci`. A failing property prints its shrunk example and a reproduce blob.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    print_blob=True,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None, print_blob=True)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _profile() -> str:
    chosen = os.environ.get("HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "dev"


settings.load_profile(_profile())


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_cache_and_report_dir(tmp_path_factory, monkeypatch):
    """Tests never touch the user's cache or the repository's reports/ folder."""
    base = tmp_path_factory.mktemp("io")
    monkeypatch.setenv("COMPLIANCE_CHECK_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("COMPLIANCE_CHECK_REPORT_DIR", str(base / "reports"))
