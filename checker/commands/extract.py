"""`compliance-check extract FILE`: show the clause tree the checker will read.

Lets an author or reviewer see exactly what was recovered from a file (numbers,
headings, pages) before trusting a gap report built on it.
"""
from __future__ import annotations

import textwrap

import click

from checker.commands.common import ocr_option
from checker.document import Document, ExtractionError
from checker.commands.common import pdf_engine_option
from checker.extract import load_document


def render_text(doc: Document, width: int = 100) -> str:
    """The clause tree as indented plain text, one block per clause."""
    out = [f"{doc.path}  ({doc.extractor}, sha256 {doc.sha256[:12]})"]
    if doc.title:
        out.append(f"title: {doc.title}")
    unreadable = doc.unreadable_pages
    out.append(f"pages: {len(doc.pages)}" + (f" (no text layer: {', '.join(map(str, unreadable))})" if unreadable else ""))
    for w in doc.warnings:
        out.append(f"warning: {w}")
    out.append("")
    for c in doc.clauses:
        depth = max(len(c.path) - (0 if c.section is None else 1), 0)
        pad = "  " * depth
        ocr = doc.ocr_pages
        pages = ",".join(f"{n} (OCR)" if n in ocr else str(n) for n in c.pages)
        label = f"§{c.section}" if c.section else "-"
        head = f" {c.heading}" if c.heading else ""
        out.append(f"{pad}{label}{head}  [{c.kind}, p.{pages}]")
        for para in c.text.split("\n"):
            out.extend(textwrap.wrap(para, width=max(width - len(pad) - 4, 30),
                                     initial_indent=pad + "    ", subsequent_indent=pad + "    ") or [pad + "    "])
    return "\n".join(out)


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Indented clause tree, or the Document as JSON.")
@click.option("--max-pages", type=click.IntRange(min=1), default=500, show_default=True,
              help="Refuse PDFs with more pages than this.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0), default=120, show_default=True,
              help="Give up on a document after this many seconds.")
@click.option("--max-text-kb", "max_text_kb", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Refuse text, markdown and Word documents with more than this many KB of text.")
@ocr_option
@pdf_engine_option
def extract_command(file: str, fmt: str, max_pages: int, timeout_s: float, max_text_kb: int, ocr: str,
                    pdf_engine: str) -> None:
    """Print the clause tree recovered from FILE (.pdf, .docx, .txt, .md).

    Pages read by OCR are marked "(OCR)" and listed with Tesseract's mean word confidence.
    """
    from checker.deadline import DocumentTimeout, deadline

    try:
        with deadline(timeout_s):
            doc = load_document(file, max_pages=max_pages, timeout_s=timeout_s, max_text_kb=max_text_kb, ocr=ocr,
                                pdf_engine=pdf_engine)
    except DocumentTimeout:
        click.echo(f"error: {file}: took longer than {timeout_s:g} s to read (--timeout) [timeout]", err=True)
        raise SystemExit(2) from None
    except ExtractionError as exc:
        click.echo(f"error: {exc} [{exc.kind}]", err=True)
        raise SystemExit(2) from None
    if fmt == "json":
        click.echo(doc.model_dump_json(indent=2))
    else:
        click.echo(render_text(doc))
