"""The built wheel works outside the checkout: shipped rules, data and grammar are inside it.

Builds the wheel from a copy of the sources (so the checkout gets no build/ folder), installs
it with `--no-deps` into a fresh `--system-site-packages` venv in a temp folder (offline and
fast: the dependencies come from the interpreter running the tests), and runs `rules lint`,
`rules list` and `check` from a folder that holds no rules/ or grammar/.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "checker", "rules", "grammar")
MOU = """MEMORANDUM OF UNDERSTANDING

1. Parties. This MOU is between Example Health Plan and Example County.

2. Liaison. Each Party shall designate a liaison responsible for this MOU.
"""


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["HOME"] = str(tmp / "home")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(venv bin folder, wheel) with the wheel installed in a fresh venv."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    for name in SOURCES:
        item = REPO / name
        if item.is_dir():
            shutil.copytree(item, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            src.mkdir(exist_ok=True)
            shutil.copy2(item, src / name)
    dist = tmp / "dist"
    env = _env(tmp)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
                           capture_output=True, text=True, timeout=600, env=env)
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("compliance_check-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
                              "--no-index", "--force-reinstall", str(wheel)],
                             capture_output=True, text=True, timeout=600, env=env)
    assert install.returncode == 0, install.stderr
    return venv / "bin", wheel


def test_wheel_carries_rules_data_and_grammar(installed) -> None:
    _bin, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (REPO / "rules").rglob("*"), (REPO / "grammar").rglob("*"):
        for f in shipped:
            if f.is_file() and "__pycache__" not in f.parts:
                assert f"checker/_shipped/{f.relative_to(REPO).as_posix()}" in names


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "compliance-check"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=_env(cwd))


def test_installed_tool_works_outside_the_checkout(installed, tmp_path) -> None:
    bin_dir, _wheel = installed
    where = subprocess.run([str(bin_dir / "python"), "-c", "import checker.resources as r; print(r.rules_dir())"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60, env=_env(tmp_path))
    rules_dir = Path(where.stdout.strip())
    assert rules_dir.is_relative_to(bin_dir.parent), where.stdout + where.stderr  # the venv's copy
    assert rules_dir.parts[-2:] == ("_shipped", "rules")

    lint = _run(bin_dir, tmp_path, "rules", "lint")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "0 error(s)" in lint.stdout

    listing = _run(bin_dir, tmp_path, "rules", "list")
    assert listing.returncode == 0, listing.stderr
    assert "MOU.LIAISON" in listing.stdout

    (tmp_path / "draft.txt").write_text(MOU, encoding="utf-8")
    check = _run(bin_dir, tmp_path, "check", "draft.txt", "--as-of", "2026-11-24", "--format", "json",
                 "--fail-on", "never", "--no-cache")
    assert check.returncode == 0, check.stderr
    import json

    data = json.loads(check.stdout)
    assert [d["status"] for d in data["documents"]] == ["checked"]
    assert data["rules"]["count"] > 50
    liaison = [f for f in data["documents"][0]["findings"] if f["rule_id"] == "MOU.LIAISON"]
    assert liaison and liaison[0]["status"] == "met"
    assert not (tmp_path / "rules").exists() and not (tmp_path / "grammar").exists()


def test_installed_tool_reads_a_rules_folder_of_ones_own(installed, tmp_path) -> None:
    """--rules with a folder lacking data/: the grammar and the shipped reference data come from the wheel."""
    bin_dir, _wheel = installed
    shutil.copytree(REPO / "tests" / "fixtures" / "rules_small", tmp_path / "mine")
    lint = _run(bin_dir, tmp_path, "rules", "lint", "mine")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    (tmp_path / "draft.txt").write_text(MOU, encoding="utf-8")
    check = _run(bin_dir, tmp_path, "check", "draft.txt", "--rules", "mine", "--as-of", "2026-11-24",
                 "--fail-on", "never", "--no-cache")
    assert check.returncode == 0, check.stderr
    assert "Traceback" not in check.stderr and "draft.txt" in check.stdout
