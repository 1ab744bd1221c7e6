"""The extraction cache: hits, invalidation, corrupt entries, errors and concurrent writers."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import checker.cache as cache_mod
import checker.extract as extract_pkg
from checker.cache import CacheEntry, ExtractionCache, default_cache_dir, extractor_version
from checker.document import Document, ExtractionError
from checker.run import RunOptions, load_mou

RULES = Path(__file__).parent / "fixtures" / "rules_small"
MOU_TEXT = "1. Liaisons\nEach Party shall designate a liaison for this MOU.\n\n2. Meetings\nThe Parties shall meet at least quarterly.\n"
OPTS = RunOptions(as_of=dt.date(2026, 1, 1))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every real extraction (checker.run imports load_document at call time)."""
    seen: list[str] = []
    real = extract_pkg.load_document

    def counting(path, **kw):
        seen.append(Path(path).name)
        return real(path, **kw)

    monkeypatch.setattr(extract_pkg, "load_document", counting)
    return seen


def _mou(tmp_path: Path, name: str = "a.txt", text: str = MOU_TEXT) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _entries(root: Path) -> list[Path]:
    return sorted((root / "extract").rglob("*.json"))


def test_second_load_is_a_hit_and_equal(tmp_path: Path, calls: list[str]) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    mou = _mou(tmp_path)
    first = load_mou(mou, OPTS, cache)
    second = load_mou(mou, OPTS, cache)
    assert calls == ["a.txt"]
    assert (cache.hits, cache.misses) == (1, 1)
    assert second == first
    assert len(_entries(tmp_path / "cache")) == 1


def test_hit_takes_the_current_path(tmp_path: Path, calls: list[str]) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    load_mou(_mou(tmp_path, "a.txt"), OPTS, cache)
    moved = _mou(tmp_path, "b.txt")  # same bytes, another name
    doc = load_mou(moved, OPTS, cache)
    assert calls == ["a.txt"]
    assert doc.path == str(moved)


def test_file_change_invalidates(tmp_path: Path, calls: list[str]) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    mou = _mou(tmp_path)
    load_mou(mou, OPTS, cache)
    mou.write_text(MOU_TEXT + "\n3. Records\nRecords are kept for ten years.\n", encoding="utf-8")
    doc = load_mou(mou, OPTS, cache)
    assert calls == ["a.txt", "a.txt"]
    assert "ten years" in doc.full_text


def test_extractor_version_change_invalidates(tmp_path: Path, calls: list[str]) -> None:
    mou = _mou(tmp_path)
    load_mou(mou, OPTS, ExtractionCache(tmp_path / "cache", version="v1"))
    load_mou(mou, OPTS, ExtractionCache(tmp_path / "cache", version="v1"))
    load_mou(mou, OPTS, ExtractionCache(tmp_path / "cache", version="v2"))
    assert calls == ["a.txt", "a.txt"]


def test_max_pages_is_part_of_the_key(tmp_path: Path, calls: list[str]) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    mou = _mou(tmp_path)
    load_mou(mou, OPTS, cache)
    load_mou(mou, RunOptions(as_of=OPTS.as_of, max_pages=3), cache)
    assert calls == ["a.txt", "a.txt"]


def test_pdf_engine_is_part_of_the_key_for_pdfs_only(tmp_path: Path, calls: list[str]) -> None:
    from pdf_factory import simple_pdf

    cache = ExtractionCache(tmp_path / "cache")
    pdf = simple_pdf(tmp_path / "a.pdf", MOU_TEXT)
    txt = _mou(tmp_path)
    for engine in ("pdfium", "pdfplumber", "pdfium"):
        opts = RunOptions(as_of=OPTS.as_of, pdf_engine=engine)
        load_mou(pdf, opts, cache)
        load_mou(txt, opts, cache)
    assert calls == ["a.pdf", "a.txt", "a.pdf"]  # each engine extracts the PDF once; the text file is shared
    assert len(_entries(tmp_path / "cache")) == 3
    assert "pypdfium2=" in extractor_version()


def test_extractor_source_edit_changes_the_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "pdf.py"
    src.write_text("x = 1\n")
    monkeypatch.setattr(cache_mod, "_source_files", lambda: [src])
    extractor_version.cache_clear()
    try:
        before = extractor_version()
        src.write_text("x = 2\n")
        extractor_version.cache_clear()
        assert extractor_version() != before
        assert extractor_version().startswith(cache_mod.EXTRACTOR_MANUAL_VERSION + "+")
    finally:
        # No call after this line while the fake sources are patched in: a version cached from
        # them would differ from the one spawned workers compute, and split later tests' caches.
        extractor_version.cache_clear()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong-key", "no-payload", "bad-document"])
def test_corrupt_entry_is_ignored_deleted_and_rebuilt(tmp_path: Path, calls: list[str], damage: str) -> None:
    root = tmp_path / "cache"
    mou = _mou(tmp_path)
    good = load_mou(mou, OPTS, ExtractionCache(root))
    [entry] = _entries(root)
    raw = entry.read_text(encoding="utf-8")
    data = json.loads(raw)
    if damage == "garbage":
        entry.write_bytes(b"\x00\xffnot json at all")
    elif damage == "truncated":
        entry.write_text(raw[: len(raw) // 2], encoding="utf-8")
    elif damage == "empty":
        entry.write_text("", encoding="utf-8")
    elif damage == "wrong-key":  # a valid entry of another file copied over this one
        data["key"] = "0" * 64
        data["document"]["clauses"] = []
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "no-payload":
        data["document"] = None
        entry.write_text(json.dumps(data), encoding="utf-8")
    else:
        data["document"]["clauses"] = "not a list"
        entry.write_text(json.dumps(data), encoding="utf-8")
    cache = ExtractionCache(root)
    rebuilt = load_mou(mou, OPTS, cache)
    assert calls == ["a.txt", "a.txt"]  # never trusted: extracted again
    assert rebuilt == good
    assert cache.misses == 1
    # the rebuilt entry is valid again and serves the next run
    assert CacheEntry.model_validate_json(entry.read_bytes()).document == good
    load_mou(mou, OPTS, ExtractionCache(root))
    assert calls == ["a.txt", "a.txt"]


def test_deterministic_extraction_errors_are_cached(tmp_path: Path, calls: list[str]) -> None:
    root = tmp_path / "cache"
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    with pytest.raises(ExtractionError) as first:
        load_mou(bad, OPTS, ExtractionCache(root))
    again = tmp_path / "again.pdf"
    again.write_bytes(bad.read_bytes())
    with pytest.raises(ExtractionError) as second:
        load_mou(again, OPTS, ExtractionCache(root))
    assert calls == ["scan.pdf"]
    assert (second.value.kind, second.value.message) == (first.value.kind, first.value.message) == (
        "not-pdf", first.value.message)
    assert second.value.path == str(again)


def test_transient_errors_are_not_cached(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    mou = _mou(tmp_path)
    n = {"calls": 0}

    def slow() -> Document:
        n["calls"] += 1
        raise ExtractionError(str(mou), "took too long", "timeout")

    for _ in range(2):
        with pytest.raises(ExtractionError):
            cache.load(mou, 500, slow)
    assert n["calls"] == 2
    assert _entries(tmp_path / "cache") == []


def test_missing_file_bypasses_the_cache(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    with pytest.raises(ExtractionError) as err:
        load_mou(tmp_path / "gone.txt", OPTS, cache)
    assert err.value.kind == "unreadable"
    assert not (tmp_path / "cache").exists()


def test_unwritable_cache_still_extracts(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    doc = load_mou(_mou(tmp_path), OPTS, ExtractionCache(blocker))
    assert doc.clauses


_WRITER = textwrap.dedent("""
    import sys
    from checker.cache import CACHE_FORMAT, CacheEntry, ExtractionCache
    from checker.document import Clause, Document
    cache = ExtractionCache(sys.argv[1], version="v")
    who = sys.argv[2]
    for i in range(150):
        doc = Document(path=who, clauses=[Clause(text=who * 2000 + str(i))])
        cache.put(CacheEntry(format=CACHE_FORMAT, key="k" * 64, file_sha256="f", version="v", document=doc))
        got = cache.get("k" * 64)
        assert got is None or got.document.clauses[0].text[:1] in "AB", got
    print("ok")
""")


def test_concurrent_writers_leave_a_readable_entry(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(root), who],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in "AB"]
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.strip() == "ok"
    entry = ExtractionCache(root, version="v").get("k" * 64)
    assert entry is not None and entry.document is not None
    assert entry.document.clauses[0].text.startswith(("AAAA", "BBBB"))
    leftovers = [p.name for p in root.rglob("*") if p.is_file() and p.suffix == ".tmp"]
    assert leftovers == []


def test_default_cache_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("COMPLIANCE_CHECK_CACHE_DIR", raising=False)
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "compliance-check"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "compliance-check"
    monkeypatch.setenv("COMPLIANCE_CHECK_CACHE_DIR", str(tmp_path / "explicit"))
    assert default_cache_dir() == tmp_path / "explicit"


def _check(args: list[str], env: dict[str, str]):
    from checker.cli import main

    return CliRunner().invoke(main, ["check", "--rules", str(RULES), "--as-of", "2026-01-01", "--format", "json",
                                     "--jobs", "1", *args], env=env)


def test_cli_cache_options(tmp_path: Path, calls: list[str]) -> None:
    (tmp_path / "in").mkdir()
    mou = _mou(tmp_path / "in")
    env = {"COMPLIANCE_CHECK_CACHE_DIR": str(tmp_path / "envcache")}
    out = tmp_path / "r.json"
    first = _check([str(mou), "--output", str(out)], env)
    assert first.exit_code in (0, 1), first.output
    assert len(_entries(tmp_path / "envcache")) == 1  # the default folder comes from the environment
    report_cold = json.loads(out.read_text())
    second = _check([str(mou), "--output", str(out)], env)
    assert second.exit_code == first.exit_code
    assert json.loads(out.read_text()) == report_cold
    assert calls == ["a.txt"]  # the second run was served from the cache
    _check([str(mou), "--output", str(out), "--cache-dir", str(tmp_path / "other")], env)
    assert len(_entries(tmp_path / "other")) == 1
    _check([str(mou), "--output", str(out), "--no-cache"], env)
    assert calls == ["a.txt", "a.txt", "a.txt"]
    clash = _check([str(mou), "--no-cache", "--cache-dir", str(tmp_path / "x")], env)
    assert clash.exit_code == 2 and "contradict" in clash.output


# --------------------------------------------------------------------------- verdicts


def _run_folder(folder: Path, rules: Path, cache_dir: Path | None):
    from checker.discover import discover
    from checker.engine.ruleset import load_ruleset
    from checker.run import run_check

    found, _ = discover([folder])
    return run_check(found, load_ruleset(rules), RunOptions(as_of=OPTS.as_of, cache_dir=cache_dir))


@pytest.fixture
def evaluated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Rule ids evaluated for real (not served from the verdict cache)."""
    import checker.document_check as run_mod

    seen: list[str] = []
    real = run_mod.evaluate_rule

    def counting(compiled, *a, **kw):
        seen.append(compiled.id)
        return real(compiled, *a, **kw)

    monkeypatch.setattr(run_mod, "evaluate_rule", counting)
    return seen


def _rules_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    dst.mkdir()
    for f in RULES.glob("*.rules"):
        (dst / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return dst


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    _mou(folder, "a.txt")
    _mou(folder, "b.txt", "1. General\nThe Parties may meet as needed.\n")
    return folder


def test_unchanged_rules_reuse_verdicts_and_edited_rules_are_re_evaluated(
        tmp_path: Path, evaluated: list[str]) -> None:
    rules, folder, cache = _rules_copy(tmp_path), _folder(tmp_path), tmp_path / "cache"
    cold = _run_folder(folder, rules, cache)
    n_rules = cold.rules.count
    assert len(evaluated) == 2 * n_rules
    evaluated.clear()
    warm = _run_folder(folder, rules, cache)
    assert evaluated == [] and warm == cold
    # edit one rule: only that rule is evaluated again, and its new verdict is used
    sample = rules / "sample.rules"
    text = sample.read_text(encoding="utf-8")
    edited = text.replace("require any_sentence(all_of(meet, frequency >= param mou.meetings_per_year))",
                          "require any_sentence(meet)")
    assert edited != text
    sample.write_text(edited, encoding="utf-8")
    after = _run_folder(folder, rules, cache)
    assert evaluated == ["MOU.MEETINGS", "MOU.MEETINGS"]
    assert after == _run_folder(folder, rules, None)  # same as checking without any cache
    assert after != cold


def test_term_or_param_edit_re_evaluates_every_rule(tmp_path: Path, evaluated: list[str]) -> None:
    rules, folder, cache = _rules_copy(tmp_path), _folder(tmp_path), tmp_path / "cache"
    cold = _run_folder(folder, rules, cache)
    evaluated.clear()
    sample = rules / "sample.rules"
    sample.write_text(sample.read_text(encoding="utf-8").replace('"convene"', '"convene", "gather"'),
                      encoding="utf-8")
    _run_folder(folder, rules, cache)
    assert len(evaluated) == 2 * cold.rules.count


def test_engine_code_change_re_evaluates(tmp_path: Path, evaluated: list[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    engine = tmp_path / "evaluate.py"
    engine.write_text("v = 1\n")
    monkeypatch.setattr(cache_mod, "_engine_files", lambda: [engine])
    _run_folder(folder, RULES, cache)
    evaluated.clear()
    _run_folder(folder, RULES, cache)
    assert evaluated == []
    engine.write_text("v = 2\n")
    _run_folder(folder, RULES, cache)
    assert len(evaluated) > 0


def test_corrupt_verdict_entry_is_ignored(tmp_path: Path, evaluated: list[str]) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    cold = _run_folder(folder, RULES, cache)
    entries = sorted((cache / "verdicts").rglob("*.json"))
    assert len(entries) == 2
    for e in entries:
        data = json.loads(e.read_text())
        for findings in data["rules"].values():
            for f in findings:
                f["status"] = "not-a-status"
        e.write_text(json.dumps(data))
    evaluated.clear()
    assert _run_folder(folder, RULES, cache) == cold
    assert len(evaluated) == 2 * cold.rules.count


def test_file_hash_is_remembered_only_while_the_file_is_unchanged(tmp_path: Path, monkeypatch) -> None:
    import os
    import time

    from checker.extract import util

    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 one")
    first = util.sha256_file(f)
    f.write_bytes(b"%PDF-1.4 two")  # same length, same tick: a fresh file is never taken from memory
    assert util.sha256_file(f) != first
    old = time.time() - 60
    os.utime(f, (old, old))
    reads: list[str] = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **kw: reads.append(str(p)) or real_open(p, *a, **kw))
    a, b = util.sha256_file(f), util.sha256_file(f)
    assert a == b and reads == [os.path.abspath(f)]  # an old, unchanged file is read once
    f.write_bytes(b"%PDF-1.4 three")
    assert util.sha256_file(f) != a  # changed: read again
