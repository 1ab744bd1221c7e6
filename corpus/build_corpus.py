"""Render the labelled MOU corpus (corpus/mou/src/*.txt) into PDFs, reproducibly.

Why: the checker must be measured on PDFs whose layout varies the way real executed MOUs do
(running headers, "Page N of M" footers, two columns, contact tables, justified and
hyphenated text), while the ground truth stays in reviewable plain text. The output is
byte-for-byte deterministic so that rebuilding never produces a spurious git diff.

Source format (plain text, also readable by the checker directly):
- blocks are separated by blank lines;
- a one-line block of at most 90 characters that does not end in . , ; : is a heading;
- a block whose lines all start with "|" is a table (cells split on "|", first row = header);
- a block whose lines are all short (< 64 characters) keeps its line breaks
  (addresses, signature blocks); any other block is one paragraph (lines joined).

Layout hints come from <name>.meta.yaml, key ``layout``:
  font: Helvetica | Times | Courier      (default Times)
  font_size: 10..12                      (default 11)
  columns: 1 | 2                         (default 1)
  running_header: "text"                 (printed at the top of every page)
  footer_page_numbers: true              ("Page N of M" centred at the bottom)
  justify: true                          (justified body text)
  hyphenate: true                        (soft hyphens in long words -> hyphenated breaks)

Usage: python corpus/build_corpus.py [--src DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from fpdf import FPDF
from fpdf.enums import Align

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "mou" / "src"
OUT_DIR = HERE / "mou"

#: Fixed metadata so repeated builds give identical bytes.
FIXED_DATE = datetime(2025, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
PRODUCER = "compliance-check corpus builder"
CORE_FONTS = {"helvetica", "times", "courier"}
SOFT_HYPHEN = "\u00ad"

#: Characters outside latin-1 that appear in hand-written text, and their replacements.
_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "--", "\u2026": "...", "\u2022": "-",
    "\u00a0": " ", "\u2010": "-", "\u2011": "-", "\u2212": "-",
}


class CorpusError(Exception):
    """A source or meta file cannot be rendered; the message names the file."""


@dataclass(frozen=True)
class Block:
    """One unit of layout: heading, paragraph, lines (kept breaks) or table."""

    kind: str
    lines: tuple[str, ...]


def to_latin1(text: str) -> str:
    """Replace typographic characters a core PDF font cannot encode; '?' for anything else."""
    for src, dst in _REPLACEMENTS.items():
        text = text.replace(src, dst)
    return text.encode("latin-1", errors="replace").decode("latin-1")


def _is_heading(line: str) -> bool:
    return len(line) <= 90 and not line.rstrip().endswith((".", ",", ";", ":")) and not line.startswith("|")


def parse_blocks(text: str) -> list[Block]:
    """Split source text into layout blocks (see module docstring for the rules)."""
    blocks: list[Block] = []
    for raw in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.rstrip() for ln in raw.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(ln.lstrip().startswith("|") for ln in lines):
            blocks.append(Block("table", tuple(lines)))
        elif len(lines) == 1 and _is_heading(lines[0]):
            blocks.append(Block("heading", (lines[0].strip(),)))
        elif all(len(ln) < 64 for ln in lines) and len(lines) > 1:
            blocks.append(Block("lines", tuple(lines)))
        else:
            blocks.append(Block("paragraph", (" ".join(ln.strip() for ln in lines),)))
    return blocks


_VOWELS = set("aeiouyAEIOUY")
_DIGRAPHS = {"th", "ch", "sh", "ph", "ck", "qu", "gh", "wh"}


def _break_ok(word: str, i: int) -> bool:
    """True if a soft hyphen may go before word[i] (VC|CV or V|CV, never inside a digraph)."""
    a, b, c = word[i - 1], word[i], word[i + 1]
    if b in _VOWELS or c not in _VOWELS or (a + b).lower() in _DIGRAPHS:
        return False
    return a in _VOWELS or (a not in _VOWELS and word[i - 2] in _VOWELS)


def hyphenate_word(word: str, min_len: int = 9) -> str:
    """Insert soft hyphens into a long alphabetic word at simple syllable boundaries.

    Crude but deterministic: each part keeps at least 3 letters, which is enough to give the
    PDF real hyphenated line breaks ("coordi-/nation") for the extractor to undo.
    """
    if len(word) < min_len or not word.isalpha():
        return word
    out: list[str] = []
    last = 0
    for i in range(3, len(word) - 3):
        if i - last >= 3 and _break_ok(word, i):
            out.append(word[last:i])
            last = i
    out.append(word[last:])
    return SOFT_HYPHEN.join(out)


def hyphenate_text(text: str) -> str:
    """Apply :func:`hyphenate_word` to every word of a paragraph."""
    return re.sub(r"[A-Za-z]+", lambda m: hyphenate_word(m.group(0)), text)


def load_meta(path: Path) -> dict[str, Any]:
    """Read and minimally validate a meta.yaml file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: cannot read meta file: {exc}") from exc
    if not isinstance(data, dict) or "mou_type" not in data or "executed" not in data:
        raise CorpusError(f"{path}: meta file must be a mapping with 'mou_type' and 'executed'")
    layout = data.get("layout") or {}
    if not isinstance(layout, dict):
        raise CorpusError(f"{path}: 'layout' must be a mapping")
    font = str(layout.get("font", "Times")).lower()
    if font not in CORE_FONTS:
        raise CorpusError(f"{path}: layout.font {font!r} is not a core font (Helvetica, Times, Courier)")
    columns = int(layout.get("columns", 1))
    if columns not in (1, 2):
        raise CorpusError(f"{path}: layout.columns must be 1 or 2, got {columns}")
    return data


class _CorpusPDF(FPDF):
    """FPDF with optional running header and 'Page N of M' footer."""

    def __init__(self, font: str, header_text: str | None, page_numbers: bool) -> None:
        super().__init__(format="Letter", unit="pt")
        self._font = font
        self._header_text = header_text
        self._page_numbers = page_numbers

    def header(self) -> None:
        if self._header_text:
            self.set_font(self._font, "I", 8)
            self.set_y(24)
            self.cell(0, 10, self._header_text, align="R")
            self.set_y(self.t_margin)

    def footer(self) -> None:
        if self._page_numbers:
            self.set_y(-40)
            self.set_font(self._font, "", 9)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def render_document(text: str, meta: dict[str, Any], title: str = "") -> bytes:
    """Render one MOU source text into deterministic PDF bytes honouring meta['layout']."""
    layout = meta.get("layout") or {}
    font = str(layout.get("font", "Times")).capitalize()
    size = float(layout.get("font_size", 11))
    columns = int(layout.get("columns", 1))
    align = Align.J if layout.get("justify") else Align.L
    hyphenate = bool(layout.get("hyphenate"))

    pdf = _CorpusPDF(font, layout.get("running_header"), bool(layout.get("footer_page_numbers")))
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_title(to_latin1(title))
    pdf.set_margins(60, 54, 60)
    pdf.set_auto_page_break(True, margin=60)
    pdf.add_page()

    blocks = parse_blocks(to_latin1(text))
    if columns == 2:
        _render_columns(pdf, blocks, font, size, align, hyphenate)
    else:
        for block in blocks:
            _render_block(pdf, block, font, size, align, hyphenate)
    return bytes(pdf.output())


def _render_block(pdf: FPDF, block: Block, font: str, size: float, align: Align, hyphenate: bool) -> None:
    lh = size * 1.3
    if block.kind == "heading":
        pdf.ln(size * 0.5)
        pdf.set_font(font, "B", size + 2)
        pdf.multi_cell(0, (size + 2) * 1.3, block.lines[0], align=Align.L, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    elif block.kind == "table":
        _render_table(pdf, block, font, size)
    elif block.kind == "lines":
        pdf.set_font(font, "", size)
        for line in block.lines:
            pdf.multi_cell(0, lh, line, align=Align.L, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.6)
    else:
        pdf.set_font(font, "", size)
        body = hyphenate_text(block.lines[0]) if hyphenate else block.lines[0]
        pdf.multi_cell(0, lh, body, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.6)


def _render_table(pdf: FPDF, block: Block, font: str, size: float) -> None:
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in block.lines]
    rows = [r for r in rows if not all(set(c) <= set("-: ") for c in r)]  # drop markdown rulers
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    pdf.set_font(font, "", size - 1)
    pdf.ln(2)
    with pdf.table(line_height=(size - 1) * 1.3, text_align="LEFT", first_row_as_headings=True) as table:
        for r in rows:
            row = table.row()
            for cell in r:
                row.cell(cell)
    pdf.ln(size * 0.6)


def _render_columns(pdf: FPDF, blocks: list[Block], font: str, size: float, align: Align, hyphenate: bool) -> None:
    """Two-column flow; tables are not supported inside columns (rendered as lines instead)."""
    pdf.set_font(font, "", size)
    with pdf.text_columns(ncols=2, gutter=18, text_align=align, line_height=1.25) as cols:
        for block in blocks:
            if block.kind == "heading":
                cols.write(text="\n")
                pdf.set_font(font, "B", size + 1)
                cols.write(text=block.lines[0] + "\n")
                pdf.set_font(font, "", size)
            elif block.kind in ("lines", "table"):
                pdf.set_font(font, "", size)
                cols.write(text="\n".join(block.lines) + "\n\n")
            else:
                pdf.set_font(font, "", size)
                body = hyphenate_text(block.lines[0]) if hyphenate else block.lines[0]
                cols.write(text=body + "\n\n")


def build_corpus(src_dir: Path = SRC_DIR, out_dir: Path = OUT_DIR) -> list[Path]:
    """Render every <name>.txt in src_dir to out_dir/<name>.pdf; return the written paths."""
    sources = sorted(src_dir.glob("*.txt"))
    if not sources:
        raise CorpusError(f"{src_dir}: no .txt sources found")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for src in sources:
        meta_path = src.with_name(src.stem + ".meta.yaml")
        if not meta_path.exists():
            raise CorpusError(f"{src}: missing meta file {meta_path.name}")
        meta = load_meta(meta_path)
        text = src.read_text(encoding="utf-8")
        title = text.strip().splitlines()[0] if text.strip() else src.stem
        data = render_document(text, meta, title=title)
        target = out_dir / f"{src.stem}.pdf"
        target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=SRC_DIR, help="folder of <name>.txt + <name>.meta.yaml")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write <name>.pdf into")
    args = parser.parse_args(argv)
    try:
        paths = build_corpus(args.src, args.out)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
