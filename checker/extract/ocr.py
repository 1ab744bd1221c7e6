"""OCR for PDF pages without a text layer: Tesseract, through the pytesseract binding.

Why here: a scanned page used to leave every rule `undetermined` with no way forward inside
the tool. With `--ocr auto` (the default) such a page is rendered (pdfplumber / pypdfium2)
and read by Tesseract into the same word boxes pdfplumber gives, so the one layout repair and
the one segmenter handle it. `--ocr always` reads every page this way; `--ocr never` keeps
the old behaviour. Without Tesseract, `auto` leaves the page unreadable and every message
names the install step. Nothing downloads at run time: Tesseract and its English data come
from the system package (Debian: tesseract-ocr).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

MODES = ("auto", "always", "never")
INSTALL_STEP = "apt-get install tesseract-ocr"
NO_TESSERACT = (f"Tesseract OCR is not installed; install it ({INSTALL_STEP}; "
                "on macOS: brew install tesseract) and check again with --ocr auto")
OCR_OFF = "OCR was turned off (--ocr never); check again with --ocr auto to read it"
RESOLUTION = 300  # dpi: Tesseract's accuracy drops sharply below about 200


@lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    """Tesseract's version, or None when the binding or the program is missing."""
    try:
        import pytesseract
    except ImportError:
        return None
    try:
        return str(pytesseract.get_tesseract_version())
    except Exception:  # TesseractNotFoundError, or a broken install
        return None


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"--ocr must be one of {', '.join(MODES)}, got {mode!r}")
    return mode


def cache_variant(mode: str) -> str:
    """What the extraction cache key must hold so an OCR'd tree is never served for another setting."""
    version = tesseract_version() if mode != "never" else None
    return f"ocr={mode},tesseract={version or 'none'}"


_ROMAN_MISREAD = re.compile(r"^[lIVX|]{2,5}[.)]$")
_ROMAN = re.compile(r"^(?=[IVX]+$)X{0,3}(IX|IV|V?I{0,3})$")


def fix_line_start(word: str) -> str:
    """Tesseract reads a Roman 'II.' at a line start as 'll.' or 'Il.': put the capitals back
    when the result is a Roman number (a decimal '1.' is never touched)."""
    if not _ROMAN_MISREAD.match(word) or not any(c in "l|" for c in word):
        return word
    fixed = word[:-1].replace("l", "I").replace("|", "I")
    return fixed + word[-1] if _ROMAN.match(fixed) else word


@dataclass
class OcrPage:
    words: list[dict]  # pdfplumber-shaped word dicts in PDF points, plus "conf"
    confidence: float | None  # mean word confidence, 0-100, None when no word was read


def read_page(page, resolution: int = RESOLUTION) -> OcrPage:
    """Render one pdfplumber page and read it with Tesseract into word boxes in PDF points.

    Every word gets the page's median word height as its size, so OCR noise in glyph
    heights never looks like a heading font; headings come from numbering and capitals.
    """
    import pytesseract

    image = page.to_image(resolution=resolution).original
    data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    scale = float(page.width) / image.width
    words: list[dict] = []
    for i, raw in enumerate(data["text"]):
        text = (raw or "").strip()
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        if not text or conf < 0:
            continue
        if data.get("word_num", [0] * (i + 1))[i] == 1:
            text = fix_line_start(text)
        left, top = data["left"][i] * scale, data["top"][i] * scale
        words.append({
            "text": text, "x0": left, "x1": left + data["width"][i] * scale,
            "top": top, "bottom": top + data["height"][i] * scale,
            "fontname": "OCR", "conf": conf,
            "line": (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
        })
    if not words:
        return OcrPage([], None)
    # Tesseract knows its lines: give every word of a line the line's top and bottom, so a
    # dash or a comma (boxes mid-height) is not taken for a line of its own.
    spans: dict[tuple, tuple[float, float]] = {}
    for w in words:
        top, bottom = spans.get(w["line"], (w["top"], w["bottom"]))
        spans[w["line"]] = (min(top, w["top"]), max(bottom, w["bottom"]))
    for w in words:
        w["top"], w["bottom"] = spans[w.pop("line")]
    size = median(h for top, bottom in spans.values() if (h := bottom - top) > 0) if spans else 10.0
    for w in words:
        w["size"] = size
    return OcrPage(words, round(sum(w["conf"] for w in words) / len(words), 1))
