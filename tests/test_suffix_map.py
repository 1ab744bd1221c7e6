"""One suffix -> reader map: whatever extraction reads, a folder scan finds (".markdown" once drifted)."""
from __future__ import annotations

from checker.discover import discover
from checker.extract import READERS, SLOW_SUFFIXES, SUPPORTED_SUFFIXES, load_document
from checker.parallel import _SLOW_SUFFIXES


def test_a_folder_scan_finds_every_suffix_extraction_reads(tmp_path):
    for suffix in READERS:
        if READERS[suffix] == "text":
            (tmp_path / f"doc{suffix}").write_text("MOU\n\nThis MOU is between the Plan and the County.\n")
    found, skipped = discover([tmp_path])
    kinds = {f.path.suffix: f.kind for f in found}
    assert {s for s, r in READERS.items() if r == "text"} <= set(kinds) and set(kinds.values()) == {"mou"}
    assert load_document(tmp_path / "doc.markdown").clauses


def test_the_worker_pool_and_extraction_agree_on_slow_readers():
    assert _SLOW_SUFFIXES is SLOW_SUFFIXES and SLOW_SUFFIXES == {".pdf", ".docx"}
    assert set(SUPPORTED_SUFFIXES) == set(READERS)
