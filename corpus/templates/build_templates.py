"""Render the template corpus reproducibly: every .txt under corpus/templates/ to PDF (the same
renderer and fixed metadata as corpus/build_corpus.py), and the Word redline built from
submissions/docx/*.yaml with real tracked changes (w:ins / w:del).

The templates are the project's own model wording for two MOU types (mhp, dmc-ods); the
submissions are derived from them with known edits, each with an <name>.expected.yaml.
Usage: python corpus/templates/build_templates.py
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from build_corpus import render_document  # noqa: E402

FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(spec: str | dict, author: str, change_id: list[int]) -> str:
    """A paragraph from text with inline marks: {+inserted+} and {-deleted-}; a dict
    {inserted: text} is a whole paragraph added with Track Changes on."""
    def tracked(kind: str, text: str) -> str:
        change_id[0] += 1
        attrs = f'w:id="{change_id[0]}" w:author="{escape(author)}" w:date="2025-01-01T00:00:00Z"'
        if kind == "ins":
            return f"<w:ins {attrs}>{_run(text)}</w:ins>"
        return f'<w:del {attrs}><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'

    if isinstance(spec, dict):
        return f"<w:p>{tracked('ins', spec['inserted'])}</w:p>"
    out, rest = [], spec
    while rest:
        starts = [(rest.find(m), m) for m in ("{+", "{-") if rest.find(m) >= 0]
        if not starts:
            out.append(_run(rest))
            break
        pos, mark = min(starts)
        if pos:
            out.append(_run(rest[:pos]))
        end = rest.index("+}" if mark == "{+" else "-}", pos)
        out.append(tracked("ins" if mark == "{+" else "del", rest[pos + 2:end]))
        rest = rest[end + 2:]
    return "<w:p>" + "".join(out) + "</w:p>"


def build_docx(spec_path: Path, out: Path) -> Path:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    ids = [0]
    body = "".join(_paragraph(p, spec.get("author", "Reviewer"), ids) for p in spec["paragraphs"])
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
                f"<w:body>{body}</w:body></w:document>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out


def build(root: Path = HERE) -> list[Path]:
    written = []
    for src in sorted(root.rglob("*.txt")):
        target = src.with_suffix(".pdf")
        target.write_bytes(render_document(src.read_text(encoding="utf-8"), {}))
        written.append(target)
    for spec in sorted((root / "submissions").glob("*.docx.yaml")):
        written.append(build_docx(spec, spec.with_name(spec.name.removesuffix(".yaml"))))
    return written


if __name__ == "__main__":
    for p in build():
        print(p.relative_to(HERE.parent.parent))
