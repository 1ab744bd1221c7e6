"""The mandatory map: which provisions of a template are mandatory, with a citation for each.

Policy data, not code: one YAML file per template under `rules/templates/`, written by policy
authors next to the rules and linted by `compliance-check rules lint`. A placeholder (a
bracketed fill-in such as "[County]") is declared here, so filling it is never an edit.

    template: {id: mhp-model, title: "...", mou_type: mhp, version: "2026-12"}
    default: optional                # provisions not listed below
    placeholders: {county: ["[County]"], plan: ["[Plan Name]"]}
    provisions:
      - section: "2.2"
        heading: Changing a liaison   # what the section is about (checked against the template)
        mandatory: true
        element: liaison              # optional; an element id from rules/data/elements.yaml
        cite: "MCP Contract Exh. A Att. III §5.6 (our reading)"
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.dsl.codes import code
from checker.dsl.errors import Diagnostic, did_you_mean

MAX_MAP_BYTES = 512_000
_TOP_KEYS = {"template", "default", "placeholders", "provisions"}
_TEMPLATE_KEYS = {"id", "title", "mou_type", "version", "source"}
_ENTRY_KEYS = {"section", "heading", "mandatory", "element", "cite", "note"}


@dataclass(frozen=True)
class MapEntry:
    section: str
    heading: str | None
    mandatory: bool
    cite: str
    element: str | None = None
    note: str | None = None


@dataclass
class TemplateMap:
    """One template's policy data, as read from its map file."""

    path: str
    id: str
    title: str = ""
    mou_type: str | None = None
    version: str = ""
    default_mandatory: bool = False
    placeholders: dict[str, list[str]] = field(default_factory=dict)
    entries: dict[str, MapEntry] = field(default_factory=dict)  # by section

    def entry(self, section: str | None) -> MapEntry | None:
        return self.entries.get(section or "")

    def is_mandatory(self, section: str | None) -> bool:
        e = self.entry(section)
        return e.mandatory if e is not None else self.default_mandatory


class MapError(Exception):
    """A map file with errors; carries every diagnostic so the author sees them all at once."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.render() for d in diagnostics))


def map_files(root: Path) -> list[Path]:
    folder = root / "templates" if (root / "templates").is_dir() else root
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []


def _lines(text: str) -> tuple[dict[str, int], list[int]]:
    """Line numbers (1-based) of the top-level keys and of each provisions entry."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}, []
    top: dict[str, int] = {}
    entries: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            top[str(k.value)] = k.start_mark.line + 1
            if k.value == "provisions" and isinstance(v, yaml.SequenceNode):
                entries = [item.start_mark.line + 1 for item in v.value]
    return top, entries


def lint_map(path: Path, elements: dict[str, Any] | None = None,
             mou_types: dict[str, Any] | None = None) -> tuple[TemplateMap | None, list[Diagnostic]]:
    """Read and check one map file; every problem becomes a diagnostic naming file, entry and fault."""
    f = str(path)
    diags: list[Diagnostic] = []

    def err(line: int, symbol: str, message: str, hint: str | None = None) -> None:
        diags.append(Diagnostic(f, line, 1, code(symbol), message, hint))

    try:
        if path.stat().st_size > MAX_MAP_BYTES:
            err(1, "bad-template-map", f"map file is larger than {MAX_MAP_BYTES // 1000} KB")
            return None, diags
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        err(1, "bad-template-map", f"cannot read map file: {exc}")
        return None, diags
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        diags.append(Diagnostic(f, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                                code("bad-template-map"), f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return None, diags
    top, entry_lines = _lines(text)
    if not isinstance(data, dict):
        err(1, "bad-template-map", "a map file is a mapping with 'template:' and 'provisions:'")
        return None, diags
    for key in data:
        if key not in _TOP_KEYS:
            err(top.get(str(key), 1), "bad-template-map", f"unknown top-level key '{key}'",
                did_you_mean(str(key), _TOP_KEYS) or f"known keys: {', '.join(sorted(_TOP_KEYS))}")
    tpl = data.get("template")
    if not isinstance(tpl, dict) or not isinstance(tpl.get("id"), str) or not tpl.get("id"):
        err(top.get("template", 1), "bad-template-map", "'template:' must be a mapping with a non-empty 'id'")
        tpl = tpl if isinstance(tpl, dict) else {}
    for key in tpl:
        if key not in _TEMPLATE_KEYS:
            err(top.get("template", 1), "bad-template-map", f"unknown key 'template.{key}'",
                did_you_mean(str(key), _TEMPLATE_KEYS) or f"known keys: {', '.join(sorted(_TEMPLATE_KEYS))}")
    mou_type = tpl.get("mou_type")
    if mou_type is not None and mou_types and mou_type not in mou_types:
        err(top.get("template", 1), "unknown-mou-type", f"template.mou_type '{mou_type}' is not an MOU type id",
            did_you_mean(str(mou_type), mou_types) or "type ids are listed in rules/data/mou_types.yaml")
    default = data.get("default", "optional")
    if default not in ("optional", "mandatory"):
        err(top.get("default", 1), "bad-template-map", f"default must be 'optional' or 'mandatory', not {default!r}")
    placeholders: dict[str, list[str]] = {}
    raw_ph = data.get("placeholders") or {}
    if not isinstance(raw_ph, dict):
        err(top.get("placeholders", 1), "bad-template-map", "placeholders: must map a name to its bracketed forms")
        raw_ph = {}
    for name, forms in raw_ph.items():
        forms = [forms] if isinstance(forms, str) else forms
        if not isinstance(forms, list) or not forms or not all(isinstance(x, str) for x in forms):
            err(top.get("placeholders", 1), "bad-placeholder", f"placeholder '{name}' needs a list of bracketed forms")
            continue
        bad = [x for x in forms if not (x.startswith("[") and x.endswith("]") and 2 < len(x) <= 62)]
        if bad:
            err(top.get("placeholders", 1), "bad-placeholder",
                f"placeholder '{name}': {bad[0]!r} is not a bracketed fill-in",
                "write it as it appears in the template, e.g. \"[County Name]\" (at most 60 characters inside)")
            continue
        placeholders[str(name)] = forms
    entries: dict[str, MapEntry] = {}
    raw_entries = data.get("provisions")
    if not isinstance(raw_entries, list) or not raw_entries:
        err(top.get("provisions", 1), "bad-template-map", "'provisions:' must be a non-empty list of entries")
        raw_entries = []
    for i, raw in enumerate(raw_entries):
        line = entry_lines[i] if i < len(entry_lines) else top.get("provisions", 1)
        where = f"provisions entry {i + 1}"
        if not isinstance(raw, dict):
            err(line, "bad-template-map", f"{where} is not a mapping with 'section:', 'mandatory:' and 'cite:'")
            continue
        section = raw.get("section")
        if isinstance(section, (int, float)):
            section = str(section)
        if not isinstance(section, str) or not section.strip():
            err(line, "bad-template-map", f"{where} has no 'section:' (the template's section number, quoted)")
            continue
        where = f"{where} (section {section})"
        for key in raw:
            if key not in _ENTRY_KEYS:
                err(line, "bad-template-map", f"{where}: unknown key '{key}'",
                    did_you_mean(str(key), _ENTRY_KEYS) or f"known keys: {', '.join(sorted(_ENTRY_KEYS))}")
        if section in entries:
            err(line, "duplicate-map-entry", f"{where} is listed twice; keep one entry per section")
            continue
        mandatory = raw.get("mandatory")
        if not isinstance(mandatory, bool):
            err(line, "bad-template-map", f"{where}: 'mandatory:' must be true or false, not {mandatory!r}")
            continue
        cite = raw.get("cite")
        if not isinstance(cite, str) or not cite.strip():
            err(line, "map-entry-without-citation", f"{where} has no citation",
                "add cite: \"...\" naming the contract section, APL or template that makes it (not) mandatory")
            continue
        element = raw.get("element")
        if element is not None and elements and element not in elements:
            err(line, "unknown-element", f"{where}: element '{element}' is not an element id",
                did_you_mean(str(element), elements) or "element ids are listed in rules/data/elements.yaml")
            continue
        heading = raw.get("heading")
        entries[section] = MapEntry(section, str(heading) if heading else None, mandatory, cite.strip(),
                                    str(element) if element else None, raw.get("note"))
    if diags:
        return None, diags
    return TemplateMap(path=f, id=tpl["id"], title=str(tpl.get("title") or ""), mou_type=mou_type,
                       version=str(tpl.get("version") or ""), default_mandatory=default == "mandatory",
                       placeholders=placeholders, entries=entries), diags


def load_map(path: Path) -> TemplateMap:
    """A map ready to use, or MapError with every problem in it."""
    tmap, diags = lint_map(path, *_reference_data())
    if tmap is None:
        raise MapError(diags)
    return tmap


def _reference_data(folder: Path | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Element and MOU type ids from `folder` (a rules folder's data/), else the shipped ones."""
    from checker.resources import data_dir

    folder = folder if folder is not None and folder.is_dir() else data_dir()
    out = []
    for name, key in (("elements.yaml", "elements"), ("mou_types.yaml", "types")):
        try:
            out.append((yaml.safe_load((folder / name).read_text(encoding="utf-8")) or {}).get(key) or {})
        except (OSError, yaml.YAMLError):
            out.append({})
    return out[0], out[1]


def lint_maps(root: Path) -> tuple[int, list[Diagnostic]]:
    """Lint every map under `root/templates/` (for `rules lint`): (files read, diagnostics)."""
    files = map_files(root)
    elements, mou_types = _reference_data(root / "data")
    diags: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for p in files:
        tmap, found = lint_map(p, elements, mou_types)
        diags += found
        if tmap is not None:
            if tmap.id in seen:
                diags.append(Diagnostic(str(p), 1, 1, code("duplicate-map-entry"),
                                        f"template id '{tmap.id}' is also used by {seen[tmap.id]}"))
            seen.setdefault(tmap.id, str(p))
    return len(files), diags
