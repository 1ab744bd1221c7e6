"""The derived template corpus (corpus/templates/): every template provision's status, every
addition, every filing decision and every redline match the submission's expected file."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.redline.run import ReadOptions, diff_one, load_templates

ROOT = Path(__file__).resolve().parents[1] / "corpus" / "templates"
EXPECTED = sorted((ROOT / "submissions").glob("*.expected.yaml"))


def _run(expected: dict):
    templates = load_templates([ROOT / t for t in expected["templates"]], [], ReadOptions())
    return diff_one(templates, ROOT / "submissions" / expected["submission"], ReadOptions())


def test_the_corpus_has_every_kind_of_edit():
    kinds = set()
    for path in EXPECTED:
        e = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds |= {c["status"] for c in e["changed"].values()} | ({"added"} if e["added"] else set())
        kinds |= {e["decision"]} | ({"merged"} if len(e["templates"]) > 1 else set())
        kinds |= {"docx"} if e["submission"].endswith(".docx") else set()
    assert kinds >= {"edited", "moved", "removed", "added", "file-and-use", "review", "redline-required", "merged",
                     "docx"}


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_statuses_and_decision_match_the_expected_file(path: Path):
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = _run(expected)
    assert result.status == "checked", result.error
    got = {p.template_id: p for p in result.provisions}
    assert set(expected["changed"]) <= set(got)
    for tid, p in got.items():
        want = expected["changed"].get(tid, {"status": "kept"})
        assert p.status == want["status"], (tid, p.status, p.diff)
        if "meaning" in want:
            assert p.meaning == want["meaning"], tid
        assert set(want.get("tags", [])) <= set(p.tags), (tid, p.tags)
        if want.get("tracked"):
            assert p.tracked, tid
    assert sorted(a.submission_section for a in result.added) == sorted(expected["added"])
    assert sorted(a.submission_section for a in result.added if a.conflicts) == sorted(expected["review"])
    assert sorted(p.template_id for p in result.provisions if p.needs_redline) == sorted(expected["redline"])
    assert result.decision == expected["decision"]
    for tid in expected["redline"]:  # the decision names every provision that needs the redline
        section = tid.split(":", 1)[1]
        assert any(f"§{section}" in r and tid.split(":")[0] in r for r in result.reasons), (tid, result.reasons)
    for tid in expected.get("unmarked", []):
        assert any(f"§{tid.split(':')[1]} of {tid.split(':')[0]}" in n and "no tracked change" in n
                   for n in result.notes), result.notes


def test_text_and_pdf_of_each_submission_agree():
    """The corpus PDFs are rendered from the .txt sources; both must give the same alignment."""
    for path in EXPECTED:
        e = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not e["submission"].endswith(".pdf"):
            continue
        as_txt = dict(e, submission=e["submission"].replace(".pdf", ".txt"),
                      templates=[t.replace(".pdf", ".txt") for t in e["templates"]])
        a, b = _run(e), _run(as_txt)
        assert [(p.template_id, p.status, p.submission_section) for p in a.provisions] == \
               [(p.template_id, p.status, p.submission_section) for p in b.provisions], path.name
        assert a.decision == b.decision


def test_the_built_corpus_is_reproducible(tmp_path):
    """build_templates.py writes the same bytes as the committed files."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "templates"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("*.pdf", "*.docx", "__pycache__"))
    shutil.copy(ROOT.parent / "build_corpus.py", tmp_path / "build_corpus.py")
    subprocess.run([sys.executable, str(copy / "build_templates.py")], check=True, capture_output=True)
    for built in sorted([*copy.rglob("*.pdf"), *copy.rglob("*.docx")]):
        assert built.read_bytes() == (ROOT / built.relative_to(copy)).read_bytes(), built.name
