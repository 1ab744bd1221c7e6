"""Which files a `check` run looks at: MOUs and plan reports under the given paths.

A `.checkignore` file in a scanned folder lists glob patterns (one a line, relative to
that folder, `#` comments, a trailing `/` for folders) to leave out, e.g. sources and
expected-findings files of a corpus.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

MOU_SUFFIXES = (".pdf", ".txt", ".md", ".docx")
REPORT_SUFFIXES = (".yaml", ".yml", ".json")
IGNORE_FILE = ".checkignore"


@dataclass(frozen=True)
class Found:
    path: Path
    kind: str  # mou | plan-report


def _ignore_patterns(folder: Path) -> list[str]:
    f = folder / IGNORE_FILE
    if not f.is_file():
        return []
    return [line.strip() for line in f.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


def _ignored(rel: str, is_dir: bool, patterns: list[str]) -> bool:
    for pat in patterns:
        if pat.endswith("/"):
            if is_dir and (fnmatch.fnmatch(rel, pat.rstrip("/")) or fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pat.rstrip("/"))):
                return True
            continue
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pat):
            return True
    return False


def _classify(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in MOU_SUFFIXES:
        return "mou"
    if suffix in REPORT_SUFFIXES:
        from checker.facts.load import is_plan_report

        return "plan-report" if is_plan_report(path) else None
    return None


def discover(paths: list[Path]) -> tuple[list[Found], list[Path]]:
    """Files to check (sorted, each once) and files passed over (unknown type)."""
    found: dict[Path, Found] = {}
    skipped: list[Path] = []
    for root in paths:
        if root.is_file():
            kind = _classify(root) or ("mou" if root.suffix.lower() not in REPORT_SUFFIXES else "plan-report")
            found.setdefault(root, Found(root, kind))
            continue
        if not root.is_dir():
            found.setdefault(root, Found(root, "mou"))  # reported as unreadable by the run
            continue
        _walk(root, root, _ignore_patterns(root), found, skipped)
    return sorted(found.values(), key=lambda f: str(f.path)), skipped


def _walk(base: Path, folder: Path, patterns: list[str], found: dict[Path, Found], skipped: list[Path]) -> None:
    local = patterns + [f"{folder.relative_to(base).as_posix()}/{p}" if folder != base else p
                        for p in (_ignore_patterns(folder) if folder != base else [])]
    for entry in sorted(folder.iterdir()):
        rel = entry.relative_to(base).as_posix()
        if entry.name.startswith(".") or _ignored(rel, entry.is_dir(), local):
            continue
        if entry.is_dir():
            _walk(base, entry, local, found, skipped)
        elif entry.is_file():
            kind = _classify(entry)
            if kind:
                found.setdefault(entry, Found(entry, kind))
            else:
                skipped.append(entry)
