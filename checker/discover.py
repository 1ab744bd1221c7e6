"""Which files a `check` run looks at: MOUs and plan reports under the given paths.

Every file the walk meets ends in exactly one place: `found` (checked, or reported as an
error document when it cannot even be opened: an unreadable folder, a broken link, a pipe
given by name) or `skipped` with a sentence saying why. A `.checkignore` file in a scanned
folder lists glob patterns (one a line, relative to that folder, `#` comments, a trailing `/`
for folders) to leave out, e.g. sources and expected-findings files of a corpus; ignored and
hidden (dot) entries are left out on purpose and not listed.

Symbolic links are followed at most once per real path: a link back to a folder already
searched (a loop) is skipped, and a file reached twice is checked once.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from checker.extract import SUPPORTED_SUFFIXES as MOU_SUFFIXES  # the one suffix -> reader map
from checker.facts.load import SUFFIXES as REPORT_SUFFIXES

IGNORE_FILE = ".checkignore"
READABLE = "MOUs (.pdf .docx .txt .md) and plan reports (.yaml .yml .json)"


@dataclass(frozen=True)
class Found:
    path: Path
    kind: str  # mou | plan-report
    error: str | None = None  # set: an error document without reading (unreadable folder, broken link)


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str  # a plain sentence: why this file was not checked


@dataclass
class _Walk:
    found: dict[Path, Found] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    real_files: dict[str, Path] = field(default_factory=dict)  # real path -> first path it was found as
    real_dirs: dict[str, Path] = field(default_factory=dict)

    def add(self, path: Path, kind: str, error: str | None = None) -> None:
        if error is None:
            real = os.path.realpath(path)
            first = self.real_files.get(real)
            if first is not None:
                if first != path:
                    self.skip(path, f"is the same file as {first} (reached again through a link); checked once")
                return
            self.real_files[real] = path
        self.found.setdefault(path, Found(path, kind, error))

    def skip(self, path: Path, reason: str) -> None:
        self.skipped.append(Skipped(path, reason))


def _ignore_patterns(folder: Path) -> list[str]:
    f = folder / IGNORE_FILE
    try:
        if not f.is_file():
            return []
        text = f.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def _ignored(rel: str, is_dir: bool, patterns: list[str]) -> bool:
    for pat in patterns:
        if pat.endswith("/"):
            if is_dir and (fnmatch.fnmatch(rel, pat.rstrip("/")) or fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pat.rstrip("/"))):
                return True
            continue
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pat):
            return True
    return False


def _suffix_kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in MOU_SUFFIXES:
        return "mou"
    if suffix in REPORT_SUFFIXES:
        return "plan-report"
    return None


def discover(paths: list[Path]) -> tuple[list[Found], list[Skipped]]:
    """Files to check (sorted, each real file once) and files passed over, each with a reason."""
    walk = _Walk()
    for root in paths:
        if root.is_dir():
            _walk(walk, root, root, _ignore_patterns(root))
        elif root.is_file():
            # Named explicitly: checked as its suffix says (an unknown suffix gets a clear error).
            walk.add(root, _suffix_kind(root) or "mou")
        elif root.is_symlink() and not root.exists():
            walk.add(root, _suffix_kind(root) or "mou", _broken_link(root))
        elif root.exists():
            walk.add(root, "mou", "is not a regular file (a pipe, socket or device); nothing was read from it")
        else:
            walk.add(root, _suffix_kind(root) or "mou", "does not exist; check the path")
    found = sorted(walk.found.values(), key=lambda f: str(f.path))
    return found, sorted(walk.skipped, key=lambda s: str(s.path))


def _broken_link(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (f"is a symbolic link to {target}, which does not exist (or the links go round in a circle); "
            "fix or remove the link")


def _walk(walk: _Walk, base: Path, folder: Path, patterns: list[str]) -> None:
    real = os.path.realpath(folder)
    if real in walk.real_dirs:
        first = walk.real_dirs[real]
        parent = Path(os.path.realpath(folder.parent))
        loop = " (a loop)" if Path(real) == parent or Path(real) in parent.parents else ""  # links to an ancestor
        walk.skip(folder, f"is a link to a folder already searched as {first}{loop}; its files are checked once")
        return
    walk.real_dirs[real] = folder
    local = patterns + [f"{folder.relative_to(base).as_posix()}/{p}" if folder != base else p
                        for p in (_ignore_patterns(folder) if folder != base else [])]
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        walk.add(folder, "mou", f"is a folder that cannot be read ({exc.strerror or exc}); the files in it "
                                "were not checked; fix its permissions or leave it out")
        return
    for entry in entries:
        path = folder / entry.name
        rel = path.relative_to(base).as_posix()
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
            is_link = entry.is_symlink()
        except OSError as exc:
            walk.add(path, _suffix_kind(path) or "mou", f"cannot be examined ({exc.strerror or exc})")
            continue
        if entry.name.startswith(".") or _ignored(rel, is_dir, local):
            continue
        if is_dir:
            _walk(walk, base, path, local)
        elif is_file:
            _add_file(walk, path)
        elif is_link and not os.path.exists(path):
            kind = _suffix_kind(path)
            if kind:
                walk.add(path, kind, _broken_link(path))
            else:
                walk.skip(path, _broken_link(path))
        else:
            walk.skip(path, "is not a regular file (a pipe, socket or device)")


def _add_file(walk: _Walk, path: Path) -> None:
    kind = _suffix_kind(path)
    if kind is None:
        walk.skip(path, f"is neither of the files compliance-check reads: {READABLE}")
        return
    if kind == "plan-report":
        from checker.facts.load import skip_reason

        reason = skip_reason(path)
        if reason is not None:
            walk.skip(path, reason)
            return
    walk.add(path, kind)
