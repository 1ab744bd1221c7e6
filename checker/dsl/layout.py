"""`rules fmt` that keeps comments: canonical items, every comment where the author put it.

The canonical formatter (`checker.dsl.fmt`) prints ASTs, and ASTs hold no comments. This
module lays the formatted items back into the file's own text: comment lines before, between
and after items are kept (runs of blank lines become one), and an item with a comment inside
it (a comment line between its attributes, or at the end of one of its lines) is kept exactly
as written, so no comment is ever lost. The result is idempotent.
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.dsl import ast, fmt


@dataclass
class _Line:
    text: str
    code: bool = False  # holds rule-language text (strings count), not only a comment or blanks
    comment: bool = False  # holds a '#' comment outside strings


def _scan(text: str) -> list[_Line]:
    """Classify each line, following strings (also triple-quoted ones over several lines)."""
    lines = [_Line(t) for t in text.split("\n")]
    n, i, row = len(text), 0, 0
    string: str | None = None  # the open quote: '"' or '\"\"\"'
    while i < n:
        ch = text[i]
        if ch == "\n":
            row, i = row + 1, i + 1
            if string == '"':
                string = None  # one-line strings end at the line's end (the parser would have said so)
            continue
        if string is not None:
            lines[row].code = True
            if ch == "\\" and string == '"':
                i += 2
                continue
            if text.startswith(string, i):
                i += len(string)
                string = None
                continue
            i += 1
            continue
        if ch == "#":
            lines[row].comment = True
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch == '"':
            string = '"""' if text.startswith('"""', i) else '"'
            lines[row].code = True
            i += len(string)
            continue
        if not ch.isspace():
            lines[row].code = True
        i += 1
    return lines


def _block(lines: list[str]) -> tuple[list[str], bool]:
    """Comment lines with single blank lines between groups, and whether a blank line
    followed the last comment (a comment right above an item stays attached to it)."""
    out: list[str] = []
    for line in (ln.rstrip() for ln in lines):
        if line or (out and out[-1]):
            out.append(line)
    gap = bool(out) and not out[-1]
    while out and not out[-1]:
        out.pop()
    return out, gap


def format_file(items: tuple[ast.Item, ...], text: str) -> str:
    """The file in canonical layout with every comment kept (see the module docstring)."""
    if not items:
        block, _gap = _block(text.split("\n"))
        return "\n".join(block) + ("\n" if block else "")
    lines = _scan(text)
    starts = [it.line - 1 for it in items] + [len(lines)]
    out, gap = _block([ln.text for ln in lines[: starts[0]]])
    if out and gap:
        out.append("")
    for k, it in enumerate(items):
        first, limit = starts[k], starts[k + 1]
        last = max((j for j in range(first, limit) if lines[j].code), default=first)
        body = lines[first:last + 1]
        if any(ln.comment for ln in body):
            out.extend(ln.text.rstrip() for ln in body)
        else:
            out.extend(fmt.item(it).split("\n"))
        between, gap = _block([ln.text for ln in lines[last + 1:limit]])
        if k + 1 < len(items) or between:
            out.append("")
        out.extend(between)
        if between and gap and k + 1 < len(items):
            out.append("")
    return "\n".join(out) + "\n"
