"""Blind batches after study: they joined development once their first-sight score was recorded
(README, Accuracy). This keeps the studied batches from sliding back and checks that each
batch is well formed and its PDFs are what its sources build."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from checker.accuracy import Score, confusion, score_folder

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "corpus" / "blind"
STUDIED = [f"batch-{n}" for n in range(1, 15)]  # each scored at first sight first (README)
BASE = ["parties", "term", "definitions", "services", "liaison", "oversight", "training", "referrals",
        "closed-loop-referral", "care-coordination", "quality-improvement", "data-sharing",
        "confidentiality", "dispute-resolution", "nondiscrimination", "meetings", "annual-review",
        "posting", "records", "notices", "amendment", "termination", "signatures"]


def _builder():
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "corpus" / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_corpus"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def studied() -> Score:
    docs = [d for batch in STUDIED for d in score_folder(BLIND / batch)]
    assert len(docs) == 140
    assert all(d.result.status == "checked" for d in docs)
    return confusion(docs)


def test_studied_batches_keep_their_recall_and_precision(studied):
    report = "\n".join(studied.problems)
    assert studied.recall >= 0.86, f"gap recall {studied.recall:.3f} on studied blind batches:\n{report}"
    assert studied.precision >= 0.96, f"gap precision {studied.precision:.3f} on studied blind batches:\n{report}"


@pytest.mark.parametrize("batch", sorted(p.name for p in BLIND.glob("batch-*")))
def test_batch_is_well_formed(batch):
    folder = BLIND / batch
    expected = sorted(folder.glob("*.expected.yaml"))
    assert len(expected) >= 10, "a batch holds at least 10 documents"
    gaps = 0
    for path in expected:
        exp = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert (folder / exp["document"]).is_file(), exp["document"]
        assert (folder / exp["source"]).is_file(), exp["source"]
        missing = [e for e in BASE if e not in exp["elements"]]
        assert not missing, f"{path.name}: no verdict for {missing}"
        assert set(exp["elements"].values()) <= {"met", "gap"}
        gaps += sum(v == "gap" for v in exp["elements"].values())
    # a document may have no gap at all (batch 8 on: a clean MOU tests precision), the batch has many
    assert gaps >= 2 * len(expected), f"{batch}: {gaps} true gaps in {len(expected)} documents"


@pytest.mark.parametrize("batch", sorted(p.name for p in BLIND.glob("batch-*")))
def test_batch_pdfs_are_what_their_sources_build(batch, tmp_path):
    builder = _builder()
    folder = BLIND / batch
    built = builder.build_corpus(folder / "src", tmp_path)
    assert built, "no sources"
    for pdf in built:
        assert pdf.read_bytes() == (folder / pdf.name).read_bytes(), f"{batch}/{pdf.name} is stale: rebuild it"
