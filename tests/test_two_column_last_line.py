"""A two-column page whose left column ends level with a larger heading in the right column:
the left column's last line is still read with the left column (blind batch 13 lost "for at
least ten (10) years" into the right column's "23. Entire Agreement" this way)."""
from __future__ import annotations

from checker.extract.pdf import _reading_order

WIDTH = 612.0


def _word(text: str, x0: float, top: float, size: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 6.0 * len(text), "top": top, "bottom": top + size, "size": size}


def _line(words: str, x0: float, top: float, size: float = 10.0) -> list[dict]:
    out, x = [], x0
    for w in words.split():
        out.append(_word(w, x, top, size))
        x += 6.0 * len(w) + 4.0
    return out


def _page(last_left_top: float, heading_top: float) -> list[dict]:
    words: list[dict] = []
    for i in range(8):
        words += _line(f"left line {i} of the first column", 50, 100 + 12 * i)
        words += _line(f"right line {i} of the second column", 330, 100 + 12 * i)
    words += _line("left last line ends here", 50, last_left_top)
    words += _line("23. Entire Agreement", 330, heading_top, size=12.0)
    return words


def test_the_left_columns_last_line_stays_in_the_left_column():
    lines = [ln.text for ln in _reading_order(_page(last_left_top=198.0, heading_top=196.5), WIDTH)]
    assert lines.index("left last line ends here") < lines.index("right line 0 of the second column")
    assert lines[-1] == "23. Entire Agreement"

