"""Fuzz: random bytes and random YAML/JSON through discovery, the loaders and a whole run.

Whatever a folder holds, the run ends without a traceback and without hanging, and every
file is accounted for: checked, an error document, or skipped with a reason. Each example
runs under a hard time limit (checker.deadline), so a hang fails the test instead of
stalling the suite.
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.deadline import DocumentTimeout, deadline
from checker.discover import discover
from checker.engine.ruleset import load_ruleset
from checker.facts.load import PlanReportError, load_plan_report, skip_reason
from checker.run import RunOptions, run_check

RULES = Path(__file__).parent / "fixtures" / "rules_small"
GOOD = "1. Liaisons. Each Party shall designate a liaison.\n2. Meetings. The Parties shall meet quarterly.\n"
SUFFIXES = [".txt", ".md", ".pdf", ".docx", ".yaml", ".yml", ".json", ".csv", ""]
LIMIT_S = 60  # far above any example's real time; only a hang reaches it
_RULESET = load_ruleset(RULES)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                    st.dates().map(str), st.sampled_from(["plan-report", "kind", "plan", "cac", "mous"]))
trees = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(["kind", "plan", "cac", "filings", "mous", "quality", "name"]),
                              st.text(max_size=8)), kids, max_size=4)), max_leaves=25)
# Top-level mappings that look like plan reports, with random values
reportish = st.fixed_dictionaries({"kind": st.sampled_from(["plan-report", "plan_report", "plan-reprot", "mou"])},
                                  optional={"plan": trees, "cac": trees, "filings": trees, "quality": trees})
nested = st.integers(min_value=0, max_value=3000).map(lambda n: "kind: plan-report\nplan: " + "[" * n + "]" * n)


def _within_limit(fn):
    try:
        with deadline(LIMIT_S):
            return fn()
    except DocumentTimeout:
        raise AssertionError(f"hung for more than {LIMIT_S} s") from None


def _run_folder(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "good.txt").write_text(GOOD)
        for name, data in files.items():
            (root / name).write_bytes(data)
        found, skipped = discover([root])
        run = run_check(found, _RULESET, RunOptions(as_of=dt.date(2026, 1, 1), max_text_kb=50), skipped=skipped)
        seen = {Path(d.path).name for d in run.documents} | {Path(s.path).name for s in run.skipped}
        assert seen == {"good.txt", *files}, "a file went missing from the report"
        assert len(run.documents) + len(run.skipped) == len(files) + 1, "a file was reported twice"
        good = next(d for d in run.documents if Path(d.path).name == "good.txt")
        assert good.status == "checked"
        for d in run.documents:
            assert d.status == "checked" or (d.error and "internal error" not in d.error), d.error
        assert all(s.reason for s in run.skipped)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(SUFFIXES)).map("".join),
                       st.binary(max_size=2000), min_size=1, max_size=4))
def test_random_bytes_never_crash_or_vanish(files: dict[str, bytes]) -> None:
    files = {n: d for n, d in files.items() if n != "good.txt"}
    _within_limit(lambda: _run_folder(files))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(trees, reportish), st.sampled_from([".yaml", ".json"]))
def test_random_yaml_and_json_never_crash_or_vanish(data, suffix: str) -> None:
    text = json.dumps(data, default=str) if suffix == ".json" else yaml.safe_dump(data, allow_unicode=True)
    _within_limit(lambda: _run_folder({f"r{suffix}": text.encode("utf-8")}))


def _load_quietly(path: Path) -> None:
    reason = skip_reason(path)
    assert reason is None or isinstance(reason, str)
    try:
        load_plan_report(path)
    except PlanReportError as exc:
        assert str(exc).startswith(str(path))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), nested), st.sampled_from([".yaml", ".yml", ".json"]))
def test_loaders_raise_only_their_own_errors(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"r{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _within_limit(lambda: _load_quietly(path))
