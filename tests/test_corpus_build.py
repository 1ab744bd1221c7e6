"""Tests for the labelled MOU corpus: reproducible build, coverage and well-formed ground truth."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MOU = ROOT / "corpus" / "mou"
SRC = MOU / "src"

TYPE_IDS = {"ihss", "mhp", "dmc-ods", "regional-center", "lhd", "social-services", "wic", "tcm",
            "dmc", "first5", "jails", "cdcr", "lea"}
BASE = ["parties", "term", "definitions", "services", "liaison", "oversight", "training", "referrals",
        "closed-loop-referral", "care-coordination", "quality-improvement", "data-sharing",
        "confidentiality", "dispute-resolution", "nondiscrimination", "meetings", "annual-review",
        "posting", "records", "notices", "amendment", "termination", "signatures"]
PROGRAMME = {"mhp": ["mh-screening-transition", "concurrent-care"], "dmc-ods": ["sud-referral", "mat"],
             "dmc": ["sud-referral", "mat"], "lhd": ["public-health-programs"], "ihss": ["ihss-coordination"],
             "social-services": ["child-welfare-coordination"], "jails": ["reentry"], "cdcr": ["reentry"]}


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "corpus" / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["build_corpus"] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
NAMES = sorted(p.stem for p in SRC.glob("*.txt"))


def _expected(name: str) -> dict:
    return yaml.safe_load((MOU / f"{name}.expected.yaml").read_text(encoding="utf-8"))


def _meta(name: str) -> dict:
    return yaml.safe_load((SRC / f"{name}.meta.yaml").read_text(encoding="utf-8"))


def test_at_least_sixteen_sources() -> None:
    assert len(NAMES) >= 16


def test_every_source_has_meta_and_expected() -> None:
    for name in NAMES:
        assert (SRC / f"{name}.meta.yaml").is_file(), name
        assert (MOU / f"{name}.expected.yaml").is_file(), name


def test_top_level_holds_only_pdfs_and_expected_files() -> None:
    for path in MOU.iterdir():
        assert path.is_dir() or path.name.endswith((".pdf", ".expected.yaml")), path


def test_every_type_id_has_a_document() -> None:
    assert {_meta(n)["mou_type"] for n in NAMES} >= TYPE_IDS


def test_expected_files_map_exactly_the_required_elements() -> None:
    for name in NAMES:
        exp = _expected(name)
        meta = _meta(name)
        assert exp["mou_type"] == meta["mou_type"], name
        assert str(exp["executed"]) == str(meta["executed"]), name
        required = set(BASE) | set(PROGRAMME.get(meta["mou_type"], []))
        if str(meta["executed"]) >= "2025-07-01":
            required.add("clr-notification")
        assert set(exp["elements"]) == required, name
        assert set(exp["elements"].values()) <= {"met", "gap"}, name


def test_every_element_is_missing_in_two_documents_and_met_in_one() -> None:
    gaps: Counter[str] = Counter()
    mets: Counter[str] = Counter()
    for name in NAMES:
        for element, status in _expected(name)["elements"].items():
            (gaps if status == "gap" else mets)[element] += 1
    all_elements = set(BASE) | {e for v in PROGRAMME.values() for e in v} | {"clr-notification"}
    for element in all_elements:
        assert gaps[element] >= 2, f"{element} is missing in only {gaps[element]} documents"
        assert mets[element] >= 1, f"{element} is never met"


def test_every_gap_has_a_comment_naming_the_decoy() -> None:
    for name in NAMES:
        lines = (MOU / f"{name}.expected.yaml").read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip().endswith(": gap"):
                element = line.strip().split(":")[0]
                assert lines[i - 1].strip().startswith(f"# GAP {element}:"), (name, element)


def test_clr_corpus_has_fax_or_slow_notification_case() -> None:
    texts = [(SRC / f"{n}.txt").read_text(encoding="utf-8") for n in NAMES]
    assert any("fax" in t and "30 business days" in t for t in texts)


def test_layout_variety_is_present() -> None:
    layouts = [_meta(n).get("layout") or {} for n in NAMES]
    assert any(l.get("columns") == 2 for l in layouts)
    assert any(l.get("running_header") for l in layouts)
    assert any(l.get("footer_page_numbers") for l in layouts)
    assert any(l.get("hyphenate") for l in layouts)
    assert any(l.get("table") for l in layouts)


def test_build_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = builder.build_corpus(SRC, tmp_path / "a")
    second = builder.build_corpus(SRC, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second] == [f"{n}.pdf" for n in NAMES]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_pdfs_match_a_fresh_build(tmp_path: Path) -> None:
    for path in builder.build_corpus(SRC, tmp_path):
        assert (MOU / path.name).read_bytes() == path.read_bytes(), f"{path.name} is stale: rerun the builder"


@pytest.mark.parametrize("name", NAMES)
def test_pdf_opens_and_contains_text(name: str) -> None:
    with pdfplumber.open(MOU / f"{name}.pdf") as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
        assert len(pdf.pages) >= 2
    assert len(text.split()) > 400
    assert "memorandum" in text.lower()


def test_footer_and_header_render() -> None:
    with pdfplumber.open(MOU / "mhp-fresno-anthem.pdf") as pdf:
        n = len(pdf.pages)
        last = pdf.pages[-1].extract_text()
    assert f"Page {n} of {n}" in last
    assert "Fresno County Mental Health Plan" in last


def test_hyphenated_line_breaks_exist() -> None:
    with pdfplumber.open(MOU / "mhp-fresno-anthem.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert any(line.endswith("-") and line[-2].isalpha() for line in text.splitlines())


def test_to_latin1_replaces_typographic_characters() -> None:
    assert builder.to_latin1("\u201cA\u201d \u2014 b\u2019s \u2022 \u4e2d") == '"A" -- b\'s - ?'


def test_missing_meta_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("TITLE\n\nBody text.\n", encoding="utf-8")
    with pytest.raises(builder.CorpusError, match="x.txt: missing meta file x.meta.yaml"):
        builder.build_corpus(tmp_path, tmp_path / "out")


def test_bad_font_is_rejected(tmp_path: Path) -> None:
    meta = tmp_path / "x.meta.yaml"
    meta.write_text("mou_type: mhp\nexecuted: 2024-01-01\nlayout:\n  font: Arial\n", encoding="utf-8")
    with pytest.raises(builder.CorpusError, match="not a core font"):
        builder.load_meta(meta)


def test_parse_blocks_kinds() -> None:
    blocks = builder.parse_blocks("1. PARTIES\n\nThe Plan and the County agree.\n\n| A | B |\n| 1 | 2 |\n\nBy: X\nDate: Y\n")
    assert [b.kind for b in blocks] == ["heading", "paragraph", "table", "lines"]
