"""Hostile inputs, built on the fly: every file is checked, an error, or skipped with a reason.

Each probe of issue 14 is here: YAML that is not a plan report, misspelt or missing `kind:`,
folders with nothing to check, an empty PATH, symlink loops and duplicates, broken links,
pipes, an unreadable folder, oversized text/markdown/Word, deep YAML and JSON. Each test
asserts the exit code, the sentence for the file, and that the good file beside it is
still checked.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

RULES = Path(__file__).parent / "fixtures" / "rules_small"
GOOD = "1. Liaisons. Each Party shall designate a liaison.\n2. Meetings. The Parties shall meet quarterly.\n"
DEEP = 200  # nesting levels: well past the limit, well below Python's recursion limit per level


def check(*args: str, fmt: str = "json") -> tuple[int, dict | str, str]:
    """Run `check` in-process: (exit code, parsed JSON or text, stderr)."""
    result = CliRunner().invoke(main, ["check", "--rules", str(RULES), "--as-of", "2026-01-01", "--format", fmt,
                                       "--no-cache", "--fail-on", "never", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    out = result.stdout
    return result.exit_code, (json.loads(out) if fmt == "json" and out.strip() else out), result.stderr


def docs(report: dict) -> dict[str, dict]:
    return {Path(d["path"]).name: d for d in report["documents"]}


def skipped(report: dict) -> dict[str, str]:
    return {Path(s["path"]).name: s["reason"] for s in report["skipped"]}


def good_checked(report: dict, name: str = "good.txt") -> None:
    assert docs(report)[name]["status"] == "checked"
    assert docs(report)[name]["findings"], "the good file was evaluated"


# --------------------------------------------------------------------------- not plan reports


def test_yaml_and_json_that_are_not_plan_reports_are_skipped_visibly(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (tmp_path / "scalar.yml").write_text("42\n")
    (tmp_path / "config.yaml").write_text("name: build settings\nretries: 3\n")
    (tmp_path / "other-kind.json").write_text('{"kind": "invoice", "total": 3}')
    (tmp_path / "broken.yaml").write_text("a: [unclosed\n")
    (tmp_path / "notes.csv").write_text("a,b\n")
    code, report, err = check(str(tmp_path))
    assert code == 0
    good_checked(report)
    assert set(docs(report)) == {"good.txt"}
    reasons = skipped(report)
    assert set(reasons) == {"list.yaml", "scalar.yml", "config.yaml", "other-kind.json", "broken.yaml", "notes.csv"}
    assert "YAML list, not a mapping" in reasons["list.yaml"]
    assert "YAML scalar (int)" in reasons["scalar.yml"]
    assert "has no `kind:` key" in reasons["config.yaml"]
    assert "`kind: invoice`" in reasons["other-kind.json"]
    assert "not valid YAML" in reasons["broken.yaml"]
    assert "neither of the files compliance-check reads" in reasons["notes.csv"]
    assert "skipped 6 file(s)" in err


@pytest.mark.parametrize("fmt, marker", [("table", "Skipped files (seen, not checked): 1"),
                                         ("markdown", "### Skipped files (seen, not checked): 1"),
                                         ("html", '<ul id="skipped">'),
                                         ("csv", ",skipped,"),
                                         ("junit", 'name="skipped files"')])
def test_skipped_files_appear_in_every_format(tmp_path: Path, fmt: str, marker: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "list.yaml").write_text("- a\n")
    code, text, _ = check(str(tmp_path), fmt=fmt)
    assert code == 0
    assert marker in text and "list.yaml" in text


def test_skipped_files_are_sarif_notifications(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "list.yaml").write_text("- a\n")
    code, text, _ = check(str(tmp_path), fmt="sarif")
    import jsonschema

    schema = json.loads((Path(__file__).parent / "golden" / "report" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(json.loads(text))
    notes = json.loads(text)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1])
            for n in notes] == [("note", "list.yaml")]
    assert "YAML list" in notes[0]["message"]["text"]


@pytest.mark.parametrize("text, needle", [
    ("kind: plan-reprot\nplan: {name: X}\n", "got 'plan-reprot'"),
    ("kind: plan_report\nplan: {name: X}\n", "got 'plan_report'"),
    ("plan: {name: X}\ncac: {members: []}\n", "kind: required field is missing"),
])
def test_misspelt_or_missing_kind_is_an_error_never_a_pass(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "report.yaml").write_text(text)
    code, report, _ = check(str(tmp_path))
    assert code == 3
    good_checked(report)
    bad = docs(report)["report.yaml"]
    assert bad["status"] == "error" and bad["kind"] == "plan-report" and needle in bad["error"]


# --------------------------------------------------------------------------- nothing to check


def test_folder_of_only_non_documents_exits_2_never_pass(tmp_path: Path) -> None:
    (tmp_path / "list.yaml").write_text("- a\n")
    (tmp_path / "notes.csv").write_text("a,b\n")
    code, report, err = check(str(tmp_path))
    assert code == 2
    assert report["documents"] == [] and len(report["skipped"]) == 2
    assert "no document was checked" in err and "2 file(s) skipped" in err
    code, text, _ = check(str(tmp_path), fmt="table")
    assert code == 2 and "NOTHING CHECKED" in text and "PASS" not in text


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    code, report, err = check(str(tmp_path))
    assert code == 2 and report["documents"] == [] and "no document was checked" in err


@pytest.mark.parametrize("args", [[""], ["  "], ["GOOD", ""]])
def test_empty_path_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    args = [str(tmp_path / "good.txt") if a == "GOOD" else a for a in args]
    code, out, err = check(*args, fmt="table")
    assert code == 2 and "empty PATH" in err and out == ""


# --------------------------------------------------------------------------- filesystem


def test_symlink_loops_are_followed_once(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "good.txt").write_text(GOOD)
    (root / "sub" / "up").symlink_to("..")  # a loop back to the root
    (root / "sub" / "self").symlink_to(".")  # a loop onto itself
    (root / "again").symlink_to("sub")  # the same folder twice
    code, report, _ = check(str(root))
    assert code == 0
    assert [d["path"] for d in report["documents"]] == [str(root / "again" / "good.txt")]
    good_checked(report)
    reasons = {s["path"]: s["reason"] for s in report["skipped"]}
    assert "(a loop)" in reasons[str(root / "again" / "up")]
    assert "(a loop)" in reasons[str(root / "again" / "self")]
    assert "already searched" in reasons[str(root / "sub")]


def test_file_reached_twice_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "link.txt").symlink_to("good.txt")
    code, report, _ = check(str(tmp_path), str(tmp_path / "good.txt"))
    assert code == 0 and list(docs(report)) == ["good.txt"]
    assert "same file as" in skipped(report)["link.txt"]


def test_broken_links_are_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "gone.pdf").symlink_to("nowhere.pdf")
    (tmp_path / "circle.txt").symlink_to("circle.txt")
    (tmp_path / "gone.bin").symlink_to("nowhere.bin")
    code, report, _ = check(str(tmp_path))
    assert code == 3
    good_checked(report)
    for name in ("gone.pdf", "circle.txt"):
        assert docs(report)[name]["status"] == "error" and "symbolic link" in docs(report)[name]["error"]
    assert "symbolic link to nowhere.bin" in skipped(report)["gone.bin"]


def test_broken_link_given_by_name_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    code, report, _ = check(str(tmp_path / "gone.txt"))
    assert code == 3 and "symbolic link to nowhere.txt" in docs(report)["gone.txt"]["error"]


def test_pipes_are_never_opened(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block forever
    (tmp_path / "to-pipe.txt").symlink_to("pipe.txt")
    code, report, _ = check(str(tmp_path))
    assert code == 0 and "not a regular file" in skipped(report)["pipe.txt"]
    assert "not a regular file" in skipped(report)["to-pipe.txt"]
    good_checked(report)
    code, report, _ = check(str(tmp_path / "pipe.txt"), str(tmp_path / "good.txt"))
    assert code == 3 and "not a regular file" in docs(report)["pipe.txt"]["error"]
    good_checked(report)


def _unreadable_tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "hidden.txt").write_text(GOOD)
    (root / "good.txt").write_text(GOOD)
    return root, root / "locked"


def test_unreadable_folder_is_an_error_entry_simulated(tmp_path: Path, monkeypatch) -> None:
    """Simulated with os.scandir raising PermissionError: the tests run as root, who reads any folder."""
    root, locked = _unreadable_tree(tmp_path)
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, report, _ = check(str(root))
    assert code == 3
    good_checked(report)
    entry = docs(report)["locked"]
    assert entry["status"] == "error" and "folder that cannot be read (Permission denied)" in entry["error"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder; the simulated test covers root")
def test_unreadable_folder_is_an_error_entry_real_permissions(tmp_path: Path) -> None:
    root, locked = _unreadable_tree(tmp_path)
    locked.chmod(0)
    try:
        code, report, _ = check(str(root))
    finally:
        locked.chmod(stat.S_IRWXU)
    assert code == 3
    good_checked(report)
    assert "folder that cannot be read" in docs(report)["locked"]["error"]


# --------------------------------------------------------------------------- size and depth bounds


@pytest.mark.parametrize("name", ["huge.txt", "huge.md"])
def test_oversized_text_is_refused_and_the_batch_goes_on(tmp_path: Path, name: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / name).write_text(GOOD * 200)  # about 20 KB
    code, report, _ = check(str(tmp_path), "--max-text-kb", "5")
    assert code == 3
    good_checked(report)
    assert "more than the limit of 5 KB" in docs(report)[name]["error"]
    assert "--max-text-kb" in docs(report)[name]["error"]


def test_oversized_word_document_is_refused(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for _ in range(200):
        d.add_paragraph(GOOD)
    d.save(tmp_path / "huge.docx")
    (tmp_path / "good.txt").write_text(GOOD)
    code, report, _ = check(str(tmp_path), "--max-text-kb", "5")
    assert code == 3
    good_checked(report)
    assert "more than the limit" in docs(report)["huge.docx"]["error"]
    code, report, _ = check(str(tmp_path), "--max-text-kb", "100")
    assert code == 0 and docs(report)["huge.docx"]["status"] == "checked"


def test_deep_yaml_plan_report_is_a_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "deep.yaml").write_text("kind: plan-report\nplan:\n  name: " + "[" * DEEP + "]" * DEEP + "\n")
    code, report, _ = check(str(tmp_path))
    assert code == 3
    good_checked(report)
    error = docs(report)["deep.yaml"]["error"]
    assert "deep.yaml:3: " in error and "nested more than 64 levels" in error


def test_deep_json_plan_report_is_a_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "deep.json").write_text('{"kind": "plan-report",\n "plan": ' + "[" * 5000 + "]" * 5000 + "}")
    code, report, _ = check(str(tmp_path))
    assert code == 3
    good_checked(report)
    error = docs(report)["deep.json"]["error"]
    assert "deep.json:2: " in error and "nested more than 64 levels" in error


def test_deep_yaml_that_is_not_a_report_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    code, report, _ = check(str(tmp_path))
    assert code == 0 and "not valid YAML" in skipped(report)["deep.yaml"]


def test_deep_suppressions_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    sup = tmp_path / "sup.yml"
    sup.write_text("- " + "[" * 5000 + "]" * 5000 + "\n")
    code, _out, err = check(str(tmp_path / "good.txt"), "--suppressions", str(sup), fmt="table")
    assert code == 2 and "sup.yml" in err
