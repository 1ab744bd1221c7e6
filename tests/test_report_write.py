"""Atomic writing: a report file is either the old one or the complete new one, never partial."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from checker.report import emit as emit_mod
from checker.report.emit import emit
from checker.report.options import OutputOptions
from checker.report.write import write_atomic
from checker.results import DocumentResult, RunResult


def test_creates_parent_folders_and_writes(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "report.md"
    write_atomic(target, "hello ✓\n")
    assert target.read_text(encoding="utf-8") == "hello ✓\n"
    assert os.listdir(target.parent) == ["report.md"]


def test_failed_replace_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new content")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_render_error_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(run, opts, ctx):  # noqa: ANN001
        raise RuntimeError("formatter bug")

    monkeypatch.setattr(emit_mod, "renderer", lambda fmt: broken)
    target = tmp_path / "out" / "report.html"
    with pytest.raises(RuntimeError):
        emit(RunResult(as_of="2025-01-01"), OutputOptions(format="html", output=str(target)),
             stdout=io.StringIO(), stderr=io.StringIO())
    assert not target.exists()
    assert not (tmp_path / "out").exists() or os.listdir(tmp_path / "out") == []


def test_emit_writes_output_file_not_stdout(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "r.csv"
    one_checked = RunResult(as_of="2025-01-01", documents=[DocumentResult(path="a.txt")]).recount()
    code = emit(one_checked, OutputOptions(format="csv", output=str(target)), stdout=out, stderr=err)
    assert code == 0 and out.getvalue() == ""
    assert target.read_text().startswith("path,kind,")
    assert "wrote csv report" in err.getvalue()
    err2 = io.StringIO()
    emit(RunResult(as_of="2025-01-01"), OutputOptions(format="csv", output=str(target), quiet=True),
         stdout=io.StringIO(), stderr=err2)
    assert err2.getvalue() == ""


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    err = io.StringIO()
    code = emit(RunResult(as_of="2025-01-01"), OutputOptions(output=str(tmp_path / "file" / "r.txt")),
                stdout=io.StringIO(), stderr=err)
    assert code == 2 and "cannot write the report" in err.getvalue()
