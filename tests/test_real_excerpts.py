"""Real MOU wording (../shared/real-excerpts, read in place, never copied): every element its
expected.yaml lists must be met, and the detected MOU types must include one it names."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from checker.accuracy import fold
from checker.engine.ruleset import load_ruleset
from checker.run import RunOptions, check_paths

#: shared/ lies beside the checkout (the team's layout, and CI's); /work/shared is the workplace copy.
_CANDIDATES = [Path(__file__).resolve().parents[2] / "shared" / "real-excerpts", Path("/work/shared/real-excerpts")]
EXCERPTS = next((c for c in _CANDIDATES if (c / "expected.yaml").is_file()), _CANDIDATES[0])
EXPECTED = EXCERPTS / "expected.yaml"

if not EXPECTED.is_file():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{EXPECTED} is missing: CI lays shared/ beside the clone")
    pytest.skip(f"real excerpts are read from {EXCERPTS}, which this checkout does not have beside it",
                allow_module_level=True)


@pytest.fixture(scope="module")
def results():
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    paths = [EXCERPTS / f"{name}.txt" for name in expected]
    run = check_paths(paths, load_ruleset(), RunOptions(as_of=dt.date(2026, 11, 24)))
    return {Path(d.path).stem: d for d in run.documents}, expected


def test_every_expected_element_is_met(results):
    docs, expected = results
    wrong = []
    for name, want in expected.items():
        verdicts = fold(docs[name])
        wrong += [f"{name} {el}: {verdicts.get(el, 'not checked')}" for el in want["met"] if verdicts.get(el) != "met"]
    assert not wrong, "real wording misjudged: " + "; ".join(wrong)


def test_detected_types_include_one_the_text_shows(results):
    docs, expected = results
    wrong = []
    for name, want in expected.items():
        if "mou_type" in want:
            got = docs[name].mou_types or [docs[name].mou_type]
            if not set(got) & set(want["mou_type"]):
                wrong.append(f"{name}: detected {got}, expected one of {want['mou_type']}")
    assert not wrong, "; ".join(wrong)


def test_combined_excerpt_covers_both_of_its_types(results):
    docs, expected = results
    combined = [n for n, w in expected.items() if len(w.get("mou_type") or []) > 1]
    assert combined, "expected.yaml names a combined MOU (mhp + dmc-ods)"
    for name in combined:
        assert set(expected[name]["mou_type"]) <= set(docs[name].mou_types), docs[name].mou_types
