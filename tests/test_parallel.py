"""`--jobs`: worker processes give the same report as one process, and a crash stays local."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.discover import discover
from checker.engine.ruleset import load_ruleset
from checker.parallel import CRASH_MESSAGE, check_mous, worth_workers
from checker.run import RunOptions, check_mou_file, extract_mou, run_check

RULES = Path(__file__).parent / "fixtures" / "rules_small"
AS_OF = dt.date(2026, 1, 1)
PLAN_REPORT = Path(__file__).parents[1] / "corpus" / "plan-reports" / "anthem.yaml"
MET = "1. Liaisons\nEach Party shall designate a liaison for this MOU.\n\n2. Meetings\nThe Parties shall meet at least quarterly.\n"
GAP = "1. General\nThe Parties may meet as needed. The liaison role will be discussed at a later date.\n"


def _folder(tmp_path: Path) -> Path:
    """A few MOUs (text, PDF, broken PDF) and a plan report, as a user would have them."""
    from pdf_factory import simple_pdf as make_pdf

    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a-met.txt").write_text(MET, encoding="utf-8")
    (root / "b-gap.md").write_text(GAP, encoding="utf-8")
    (root / "sub" / "c-met.txt").write_text(MET.replace("quarterly", "monthly"), encoding="utf-8")
    (root / "d-broken.pdf").write_bytes(b"%PDF-1.4\n garbage without any objects")
    (root / "e-empty.txt").write_text("", encoding="utf-8")
    make_pdf(root / "f-met.pdf", MET)
    shutil.copy(PLAN_REPORT, root / "plan.yaml")  # portfolio rules read the MOUs of the run
    return root


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULES)


def _run(root: Path, ruleset, **kw) -> tuple[str, list[str]]:
    seen: list[str] = []
    found, _ = discover([root])
    run = run_check(found, ruleset, RunOptions(as_of=AS_OF, **kw), advance=seen.append)
    return run.model_dump_json(indent=1), seen


def test_jobs_2_report_is_identical_to_jobs_1(tmp_path: Path, ruleset) -> None:
    root = _folder(tmp_path)
    one, seen_one = _run(root, ruleset, jobs=1)
    two, seen_two = _run(root, ruleset, jobs=2)
    warm, _ = _run(root, ruleset, jobs=2, cache_dir=tmp_path / "cache")  # cold cache, in workers
    hot, _ = _run(root, ruleset, jobs=1, cache_dir=tmp_path / "cache")  # every entry cached
    assert two == one
    assert warm == one
    assert hot == one
    report = json.loads(one)
    statuses = {Path(d["path"]).name: d["status"] for d in report["documents"]}
    assert statuses["d-broken.pdf"] == "error" and statuses["e-empty.txt"] == "error"
    assert statuses["a-met.txt"] == statuses["f-met.pdf"] == statuses["plan.yaml"] == "checked"
    assert [d["path"] for d in report["documents"]] == sorted(d["path"] for d in report["documents"])
    # progress is reported once per document, whatever order the workers finish in
    assert sorted(seen_two) == sorted(seen_one) and len(seen_two) == len(report["documents"])


def crash_on_boom(path: Path, opts: RunOptions):
    """A loader that kills its worker process for one file, as a segfaulting PDF library would."""
    if "boom" in path.name:
        os._exit(13)
    return extract_mou(path, opts)


def test_worker_crash_is_that_documents_error(tmp_path: Path, ruleset) -> None:
    names = ["a.txt", "b-boom.txt", "c.txt", "d.txt", "e.txt"]
    paths = []
    for n in names:
        (tmp_path / n).write_text(MET, encoding="utf-8")
        paths.append(tmp_path / n)
    opts = RunOptions(as_of=AS_OF, jobs=2)
    seen: list[str] = []
    outcomes = check_mous(paths, ruleset, opts, seen.append, loader=crash_on_boom)
    by_name = {p.name: result for p, (result, _s) in zip(paths, outcomes)}
    crashed = by_name.pop("b-boom.txt")
    assert crashed.status == "error" and crashed.error == CRASH_MESSAGE and crashed.path == str(paths[1])
    expected = {p.name: check_mou_file(p, ruleset, opts)[0] for p in paths if "boom" not in p.name}
    assert by_name == expected  # the innocent documents are checked normally
    assert all(r.status == "checked" for r in by_name.values())
    assert sorted(seen) == sorted(str(p) for p in paths)
    assert [s is None for _r, s in outcomes] == [False, True, False, False, False]


def test_workers_fall_back_to_this_process_when_rules_differ(tmp_path: Path, ruleset) -> None:
    """A rule set the workers cannot reproduce from its folder is checked here instead."""
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for p in paths:
        p.write_text(MET, encoding="utf-8")
    trimmed = dataclasses.replace(ruleset, rules=ruleset.rules[:1])
    opts = RunOptions(as_of=AS_OF, jobs=2)
    outcomes = check_mous(paths, trimmed, opts)
    assert [r for r, _s in outcomes] == [check_mou_file(p, trimmed, opts)[0] for p in paths]
    assert all(len(r.findings) == 1 for r, _s in outcomes)


def test_automatic_jobs_only_when_slow_uncached_files(tmp_path: Path) -> None:
    from checker.cache import ExtractionCache
    from pdf_factory import simple_pdf as make_pdf

    texts = [tmp_path / f"{i}.txt" for i in range(10)]
    pdfs = [tmp_path / f"{i}.pdf" for i in range(4)]
    for p in pdfs:
        make_pdf(p, MET + p.name)
    assert not worth_workers(texts, None, 500)
    assert worth_workers(pdfs, None, 500)
    cache = ExtractionCache(tmp_path / "cache")
    cache.load(pdfs[0], 500, lambda: extract_mou(pdfs[0], RunOptions(as_of=AS_OF)))
    assert not worth_workers(pdfs, cache, 500)  # one of four is cached: three left to extract


def test_no_worker_pool_when_every_document_is_cached(tmp_path: Path, ruleset, monkeypatch) -> None:
    """--jobs 2 on a fully cached batch checks in this process: spawning workers would cost more."""
    import checker.parallel as parallel

    root = _folder(tmp_path)
    cold, _ = _run(root, ruleset, jobs=2, cache_dir=tmp_path / "cache")  # fills the cache in workers
    pools: list[int] = []
    real = parallel.check_mous
    monkeypatch.setattr(parallel, "check_mous", lambda *a, **kw: pools.append(1) or real(*a, **kw))
    (root / "new.txt").write_text(MET + "3. New\nA clause no other file has.\n", encoding="utf-8")
    _run(root, ruleset, jobs=2, cache_dir=tmp_path / "cache")
    assert pools == [1]  # one file not cached yet: the pool starts, as asked
    pools.clear()
    (root / "new.txt").unlink()
    warm, _ = _run(root, ruleset, jobs=2, cache_dir=tmp_path / "cache")
    from checker.cache import ExtractionCache

    cache = ExtractionCache(tmp_path / "cache")
    missing = [p.name for p in sorted(root.rglob("*")) if p.is_file() and p.suffix != ".yaml"
               and not cache.contains(p, 500)]
    assert pools == [] and warm == cold, missing


def test_cli_jobs_option(tmp_path: Path) -> None:
    from checker.cli import main

    root = _folder(tmp_path)
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.json"
        res = CliRunner().invoke(main, ["check", str(root), "--rules", str(RULES), "--as-of", "2026-01-01",
                                        "--format", "json", "--no-cache", "--jobs", jobs, "--output", str(out)])
        assert res.exit_code in (0, 1, 3), res.output
        reports.append(out.read_text())
    assert reports[0] == reports[1]
    bad = CliRunner().invoke(main, ["check", str(root), "--rules", str(RULES), "--jobs", "0"])
    assert bad.exit_code == 2
