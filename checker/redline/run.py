"""A diff run: read templates and submissions (through the extraction cache), diff each
submission, and keep going when one file cannot be read."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from checker.document import Document, ExtractionError
from checker.redline.compare import MapMismatch, Template, diff_document
from checker.redline.model import DiffBatch, DiffResult
from checker.redline.policy import TemplateMap, load_map, map_files
from checker.redline.tracked import TrackedEdit, tracked_edits

MIN_MAP_FIT = 0.8  # a map is picked for a template when this share of its entries is found in it


@dataclass
class ReadOptions:
    max_pages: int = 500
    timeout_s: float = 120.0
    max_text_kb: int = 1000
    ocr: str = "auto"
    pdf_engine: str = "pdfium"
    cache_dir: Path | None = None


def read(path: Path, opts: ReadOptions) -> Document:
    """The clause tree of `path`, from the extraction cache when it holds it."""
    from checker.cache import open_cache
    from checker.document_check import RunOptions, load_mou

    run_opts = RunOptions(dt.date.today(), max_pages=opts.max_pages, timeout_s=opts.timeout_s,
                          max_text_kb=opts.max_text_kb, ocr=opts.ocr, pdf_engine=opts.pdf_engine)
    return load_mou(path, run_opts, open_cache(opts.cache_dir))


def shipped_maps() -> list[Path]:
    from checker.resources import rules_dir

    return map_files(rules_dir())


def load_templates(paths: list[Path], map_paths: list[Path], opts: ReadOptions) -> list[Template]:
    """Templates with their maps: named with --map in order, else the shipped map that fits best.

    Raises ExtractionError (a template cannot be read), MapError (a bad map) or MapMismatch."""
    named = [load_map(p) for p in map_paths]
    if named and len(named) != len(paths):
        raise MapMismatch(f"{len(paths)} template(s) but {len(named)} --map file(s); give one map per template, "
                          "in the same order, or none to pick the shipped maps automatically")
    pool: list[TemplateMap] | None = None
    out: list[Template] = []
    for i, path in enumerate(paths):
        doc = read(path, opts)
        if named:
            t = Template.of(doc, named[i], path.stem)
            t.check_map()
        else:
            if pool is None:
                pool = [load_map(p) for p in shipped_maps()]
            fits = sorted(((Template.of(doc, m, path.stem), m) for m in pool), key=lambda x: -x[0].fit())
            best = fits[0][0] if fits and fits[0][0].fit() >= MIN_MAP_FIT else None
            t = best or Template.of(doc, None, path.stem)
        out.append(t)
    return out


def diff_one(templates: list[Template], path: Path, opts: ReadOptions) -> DiffResult:
    """One submission; an unreadable file becomes an error result, never an exception."""
    try:
        doc = read(path, opts)
        edits = tracked_edits(path, opts.max_text_kb) if path.suffix.lower() == ".docx" else []
    except ExtractionError as exc:
        return DiffResult(path=str(path), status="error", error=f"{exc.message} [{exc.kind}]")
    except Exception as exc:  # a timeout or an extractor fault must not stop the batch
        return DiffResult(path=str(path), status="error", error=f"could not be read ({type(exc).__name__}: {exc})")
    result = diff_document(templates, doc)
    if edits:
        attach_tracked(result, edits)
    return result


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


_LEADING_NUMBER = re.compile(r"^\s*(?:section\s+|§\s*)?\d{1,3}(?:\.\d{1,3})*\.?\s+", re.I)


def attach_tracked(result: DiffResult, edits: list[TrackedEdit]) -> None:
    """Put each tracked change on the provision whose text holds its paragraph; note edits
    of mandatory provisions that the submitter did not mark."""
    placed = 0
    for e in edits:
        para = _norm(_LEADING_NUMBER.sub("", e.paragraph))[:80]
        if not para:
            continue
        for p in result.provisions:
            if p.submission_text and para in _norm(p.submission_text):
                p.tracked.append(e.describe())
                placed += 1
                break
        else:
            for a in result.added:
                if para in _norm(a.text):
                    a.tracked.append(e.describe())
                    placed += 1
                    break
    result.notes.append(f"the Word file holds {len(edits)} tracked change(s); the diff reads it with every change "
                        "accepted and lists each change on its provision")
    for p in result.provisions:
        if p.mandatory and p.status == "edited" and p.meaning == "changed" and not p.tracked:
            result.notes.append(f"§{p.section} of {p.template} differs from the template but no tracked change "
                                "marks it: the submitter's redline does not show this edit")


def diff_batch(templates: list[Template], paths: list[Path], opts: ReadOptions,
               skipped: list[dict[str, str]] | None = None) -> DiffBatch:
    return DiffBatch(results=[diff_one(templates, p, opts) for p in paths], skipped=skipped or [])
