"""Diagnostics for rule authors: file:line:col, the line with a caret, plain words.

Codes are stable (pylint style): E1xx syntax, E2xx unknown references, E3xx rule
structure, W4xx warnings such as conflicting parameter values.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    col: int
    code: str
    message: str
    hint: str | None = None
    width: int = 1  # how many characters the caret underlines
    severity: str = "error"  # error | warning

    def render(self, source: str | None = None) -> str:
        head = f"{self.file}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        out = [head]
        text_line = _line_of(source, self.line)
        if text_line is not None:
            gutter = f"{self.line:>5} | "
            out.append(gutter + text_line.rstrip("\n"))
            pad = " " * (len(gutter) - 2) + "| " + " " * max(self.col - 1, 0)
            out.append(pad + "^" * max(self.width, 1))
        if self.hint:
            out.append(f"      = {self.hint}")
        return "\n".join(out)


def _line_of(source: str | None, line: int) -> str | None:
    if source is None or line < 1:
        return None
    lines = source.splitlines()
    return lines[line - 1] if line <= len(lines) else None


def did_you_mean(word: str, candidates: object) -> str | None:
    """The closest candidate to a misspelt word, phrased for a hint."""
    pool = sorted({str(c) for c in candidates})  # type: ignore[union-attr]
    match = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


class RuleSetError(Exception):
    """Raised when rule files have errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, str]):
        self.diagnostics = diagnostics
        self.sources = sources
        super().__init__(f"{len(diagnostics)} problem(s) in rule files")

    def render(self) -> str:
        return "\n".join(d.render(self.sources.get(d.file)) for d in self.diagnostics)
