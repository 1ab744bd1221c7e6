"""Words of one PDF page from pdfium, shaped like pdfplumber's `extract_words` output.

Why its own module: this is the hot loop of a cold check. pdfplumber builds a dict per
character (about half of a cold check's CPU); here the page text comes back in one call,
words are cut from it in Python, and pdfium is asked only a few questions per *word*
(which text object, where it starts and ends) and a few per *text object* (font, size,
baseline) - never one per character.

The geometry follows pdfminer's conventions so the layout repair in `checker.extract.pdf`
makes the same decisions on either engine: a word's box spans the glyph advances
(origin of the first character to the end of the last advance, not the ink), and its
height is the font size with the bottom at baseline + font descent.
"""
from __future__ import annotations

import ctypes
import re
from ctypes import POINTER, byref, c_double, c_float, c_int, c_ulong, c_void_p
from dataclasses import dataclass
from functools import lru_cache

import pypdfium2.raw as pdfium_c

# Descents (per 1000 em) pdfminer uses for the standard 14 fonts when a PDF gives no font
# descriptor; pdfium's own metrics differ slightly, and the top/bottom of a line must match.
_STD_DESCENT = (("courier", -194.0), ("helvetica", -207.0), ("arial", -207.0), ("times", -217.0),
                ("symbol", 0.0), ("zapfdingbats", 0.0))
_WORD_RE = re.compile(r"\S+")


def _proto(name: str, restype, *argtypes):
    """A copy of a pdfium function whose handles are plain ints (no ctypes pointer objects per call)."""
    fn = getattr(pdfium_c, name)
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, c_void_p).value)


_get_text_object = _proto("FPDFText_GetTextObject", c_void_p, c_void_p, c_int)
_get_char_origin = _proto("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double))
_get_text = _proto("FPDFText_GetText", c_int, c_void_p, c_int, c_int, c_void_p)
_count_chars = _proto("FPDFText_CountChars", c_int, c_void_p)
_get_unicode = _proto("FPDFText_GetUnicode", ctypes.c_uint, c_void_p, c_int)
_obj_font = _proto("FPDFTextObj_GetFont", c_void_p, c_void_p)
_obj_size = _proto("FPDFTextObj_GetFontSize", c_int, c_void_p, POINTER(c_float))
_obj_matrix = _proto("FPDFPageObj_GetMatrix", c_int, c_void_p, POINTER(pdfium_c.FS_MATRIX))
_get_loose_box = _proto("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int, POINTER(pdfium_c.FS_RECTF))
_font_name = _proto("FPDFFont_GetBaseFontName", c_ulong, c_void_p, c_void_p, c_ulong)
_font_descent = _proto("FPDFFont_GetDescent", c_int, c_void_p, c_float, POINTER(c_float))
_font_weight = _proto("FPDFFont_GetWeight", c_int, c_void_p)
_font_embedded = _proto("FPDFFont_GetIsEmbedded", c_int, c_void_p)


def handle(ptr) -> int:
    """The address of a pypdfium2 raw handle, for the int-handle prototypes above."""
    return ctypes.cast(ptr, c_void_p).value or 0


@dataclass(frozen=True)
class _Font:
    name: str
    descent: float  # per unit of font size (negative below the baseline)
    weight: int
    widths: dict[str, float] | None  # advance per character (1/1000 em) of a standard 14 font


@dataclass(frozen=True)
class _Run:
    """One text object: what every word in it shares."""

    font: _Font
    size: float
    top: float  # pdfminer's line box: baseline + descent, one font size high
    bottom: float


def _std_descent(name: str) -> float | None:
    base = name.split("+", 1)[-1].lower().replace(" ", "")
    for prefix, value in _STD_DESCENT:
        if base.startswith(prefix):
            return value / 1000.0
    return None


@lru_cache(maxsize=None)
def _std_widths(name: str) -> dict[str, float] | None:
    """Advance widths pdfminer (so pdfplumber) uses for a non-embedded standard 14 font."""
    from pdfminer.fontmetrics import FONT_METRICS

    entry = FONT_METRICS.get(name.split("+", 1)[-1])
    return dict(entry[1]) if entry else None


@lru_cache(maxsize=None)
def _font_by_name(name: str, embedded: bool, pdfium_descent: float, weight: int) -> _Font:
    std = None if embedded else _std_descent(name)
    return _Font(name, std if std is not None else pdfium_descent, weight,
                 None if embedded else _std_widths(name))


def _font(font: int) -> _Font:
    buf = ctypes.create_string_buffer(256)
    n = _font_name(font, buf, 256)
    name = buf.raw[: max(n - 1, 0)].decode("utf-8", "replace") if n else ""
    d = c_float()
    descent = d.value / 1000.0 if _font_descent(font, 1000.0, byref(d)) else -0.2
    return _font_by_name(name, bool(_font_embedded(font)), descent, int(_font_weight(font)))


def page_text(tp: int) -> str:
    """The page's characters in pdfium's order, one str character per pdfium char index."""
    n = _count_chars(tp)
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = _get_text(tp, 0, n, buf)
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", "surrogatepass")
    if len(text) != n:  # characters outside the BMP come back as surrogate pairs: map one by one
        text = "".join(chr(_get_unicode(tp, i)) for i in range(n))
    # pdfium marks a line-end hyphen (and joins the word across the line break); pdfplumber keeps "-"
    return text.replace("\ufffe", "-")


class PageWords:
    """Collects the words of one text page (`tp`, a pdfium FPDF_TEXTPAGE address).

    Per word pdfium is asked four things: the text object and origin of its first
    character, and the text object and advance box of the character after it (a real space
    of the same object starts where the word's advance ends; justified text widens spaces,
    so the next word's start is asked, not derived). Font, size and baseline are asked once
    per text object.
    """

    def __init__(self, tp: int, height: float):
        self.tp = tp
        self.height = height
        self.runs: dict[int, _Run] = {}
        self._x = c_double()
        self._y = c_double()
        self._box = pdfium_c.FS_RECTF()

    def run(self, obj: int, first: int) -> _Run:
        """The text object's font, size and line box, from its first character `first`."""
        r = self.runs.get(obj)
        if r is None:
            size = c_float()
            _obj_size(obj, byref(size))
            m = pdfium_c.FS_MATRIX()
            scale = 1.0
            if _obj_matrix(obj, byref(m)):
                scale = abs(m.d) if abs(m.b) < 1e-6 else (m.b * m.b + m.d * m.d) ** 0.5
            font = _font(_obj_font(obj))
            size_pt = size.value * scale
            bottom = self.height - (self.origin(first)[1] + font.descent * size_pt)
            r = _Run(font, size_pt, bottom - size_pt, bottom)
            self.runs[obj] = r
        return r

    def origin(self, i: int) -> tuple[float, float]:
        _get_char_origin(self.tp, i, byref(self._x), byref(self._y))
        return self._x.value, self._y.value

    def _advance_end(self, run: _Run, i: int, char: str) -> float:
        """Where the advance of character `i` ends: the x1 pdfminer gives a word's last character."""
        widths = run.font.widths
        if widths is not None and char in widths:
            return self.origin(i)[0] + widths[char] * run.size / 1000.0
        _get_loose_box(self.tp, i, byref(self._box))  # ink or advance, whichever reaches further
        return self._box.right

    def words(self, text: str) -> list[dict]:
        """pdfplumber-shaped word dicts (text, x0, x1, top, bottom, fontname, size, weight)."""
        out: list[dict] = []
        tp, n, runs = self.tp, len(text), self.runs
        get_obj, get_origin, get_box = _get_text_object, _get_char_origin, _get_loose_box
        x, y, box = self._x, self._y, self._box
        x_ref, y_ref, box_ref = byref(x), byref(y), byref(box)
        for m in _WORD_RE.finditer(text):
            s, e = m.span()
            obj = get_obj(tp, s)
            if not obj:
                continue
            run = runs.get(obj) or self.run(obj, s)
            get_origin(tp, s, x_ref, y_ref)
            x0 = x.value
            # A real space of the same object starts where this word's advance ends. pdfium also
            # generates spaces: between objects (no object) and for wide kerning inside one
            # (an empty box at the next word): then the word ends at its last advance.
            space = e < n and text[e] == " " and get_obj(tp, e) == obj
            if space:
                get_box(tp, e, box_ref)
            if space and box.right > box.left:
                x1 = box.left
            elif e - 1 > s and get_obj(tp, e - 1) != obj:
                out.extend(self._split_by_object(text, s, e))
                continue
            else:
                x1 = self._advance_end(run, e - 1, text[e - 1])
            font = run.font
            out.append({"text": m.group(), "x0": x0, "x1": x1, "top": run.top, "bottom": run.bottom,
                        "fontname": font.name, "size": run.size, "weight": font.weight})
        return out

    def _split_by_object(self, text: str, s: int, e: int) -> list[dict]:
        """A word whose characters come from several text objects (rare): one word per object."""
        parts: list[dict] = []
        start, cur = s, _get_text_object(self.tp, s)
        for i in range(s + 1, e + 1):
            obj = _get_text_object(self.tp, i) if i < e else None
            if obj != cur:
                if cur:
                    run = self.runs.get(cur) or self.run(cur, start)
                    parts.append({"text": text[start:i], "x0": self.origin(start)[0],
                                  "x1": self._advance_end(run, i - 1, text[i - 1]), "top": run.top,
                                  "bottom": run.bottom, "fontname": run.font.name, "size": run.size,
                                  "weight": run.font.weight})
                start, cur = i, obj
        return parts
