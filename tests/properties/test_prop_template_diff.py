"""Properties of the template diff on the model MHP and DMC-ODS templates:

- a submission identical to the template (placeholders filled with any plan and county) is
  file-and-use with every provision kept;
- renumbering or reordering provisions alone never yields edited or removed;
- removing any one mandatory provision always yields redline-required naming it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from hypothesis import given, strategies as st

from checker.extract.text import parse_text
from checker.redline.compare import Template, diff_document
from checker.redline.policy import load_map

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = {"mhp": ("corpus/templates/mhp/template.txt", "rules/templates/mhp-model.yaml"),
             "dmc-ods": ("corpus/templates/dmc-ods/template.txt", "rules/templates/dmc-ods-model.yaml")}
PLANS = ["Blue Cross of California Partnership Plan, Inc.", "Health Net Community Solutions, Inc.",
         "Molina Healthcare of California", "Community Health Group Partnership Plan"]
COUNTIES = ["Fresno", "San Bernardino", "Los Angeles", "Inyo", "El Dorado", "Tuolumne"]
_PROVISION = re.compile(r"^(\d+)\.(\d+) (.*)$")
_ARTICLE = re.compile(r"^(\d+)\. (.*)$")


@lru_cache(maxsize=None)
def _template(kind: str) -> tuple[Template, str]:
    text_path, map_path = TEMPLATES[kind]
    text = (ROOT / text_path).read_text(encoding="utf-8")
    return Template.of(parse_text(text, text_path), load_map(ROOT / map_path), kind), text


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in text.split("\n\n") if b.strip()]


def _fill(text: str, plan: str, county: str) -> str:
    return text.replace("[Plan Name]", plan).replace("[County]", county).replace("[Effective Date]", "July 1, 2025")


def _diff(kind: str, submission: str):
    template, _ = _template(kind)
    return diff_document([template], parse_text(submission, "submission.txt"))


kinds = st.sampled_from(sorted(TEMPLATES))
fills = st.tuples(st.sampled_from(PLANS), st.sampled_from(COUNTIES))


@given(kinds, fills)
def test_an_identical_submission_is_file_and_use_with_every_provision_kept(kind, fill):
    _, text = _template(kind)
    result = _diff(kind, _fill(text, *fill))
    assert result.decision == "file-and-use"
    assert {p.status for p in result.provisions} == {"kept"} and not result.added


@given(kinds, fills, st.integers(min_value=1, max_value=40), st.booleans())
def test_renumbering_alone_never_yields_edited_or_removed(kind, fill, offset, lettered):
    """Every article number shifted (and sub-numbers written 1.01 style or not): numbers only."""
    _, text = _template(kind)
    out = []
    for b in _blocks(_fill(text, *fill)):
        if m := _PROVISION.match(b):
            sub = f"{int(m.group(2)):02d}" if lettered else m.group(2)
            b = f"{int(m.group(1)) + offset}.{sub} {m.group(3)}"
        elif m := _ARTICLE.match(b):
            b = f"{int(m.group(1)) + offset}. {m.group(2)}"
        out.append(b)
    result = _diff(kind, "\n\n".join(out))
    assert not {p.status for p in result.provisions} & {"edited", "removed"}, \
        [(p.template_id, p.status) for p in result.provisions if p.status != "kept"]
    assert result.decision == "file-and-use"


@given(kinds, fills, st.randoms(use_true_random=False))
def test_reordering_alone_never_yields_edited_or_removed(kind, fill, rnd):
    """Provisions shuffled (across articles too), then numbered in their new order."""
    _, text = _template(kind)
    blocks = _blocks(_fill(text, *fill))
    head = [b for b in blocks if not _PROVISION.match(b) and not _ARTICLE.match(b)]
    provisions = [_PROVISION.match(b).group(3) for b in blocks if _PROVISION.match(b)]
    rnd.shuffle(provisions)
    out = head + ["1. Terms"] + [f"1.{i + 1} {p}" for i, p in enumerate(provisions)]
    result = _diff(kind, "\n\n".join(out))
    statuses = {p.status for p in result.provisions}
    assert statuses <= {"kept", "moved"}, [(p.template_id, p.status) for p in result.provisions]
    assert result.decision == "file-and-use"


@given(kinds, fills, st.data())
def test_removing_any_mandatory_provision_yields_redline_naming_it(kind, fill, data):
    template, text = _template(kind)
    mandatory = [p for p in template.provisions if template.tmap.is_mandatory(p.section)]
    victim = data.draw(st.sampled_from(mandatory))
    kept = [b for b in _blocks(text) if not b.startswith(f"{victim.section} ")]
    assert len(kept) == len(_blocks(text)) - 1
    result = _diff(kind, _fill("\n\n".join(kept), *fill))
    assert result.decision == "redline-required"
    removed = [p.template_id for p in result.provisions if p.status == "removed"]
    assert removed == [victim.id]
    assert any(f"mandatory §{victim.section}" in r and "removed" in r for r in result.reasons)


@given(kinds, fills, st.data())
def test_merging_two_neighbouring_provisions_into_one_never_yields_edited_or_removed(kind, fill, data):
    """A plan (or the PDF reader) may join two sections into one paragraph: both stay kept."""
    _, text = _template(kind)
    blocks = _blocks(_fill(text, *fill))
    starts = [i for i in range(len(blocks) - 1) if _PROVISION.match(blocks[i]) and _PROVISION.match(blocks[i + 1])]
    i = data.draw(st.sampled_from(starts))
    merged = blocks[:i] + [blocks[i] + " " + _PROVISION.match(blocks[i + 1]).group(3)] + blocks[i + 2:]
    result = _diff(kind, "\n\n".join(merged))
    assert {p.status for p in result.provisions} <= {"kept", "moved"}, \
        [(p.template_id, p.status, p.diff) for p in result.provisions if p.status not in ("kept", "moved")]
    assert not result.added and result.decision == "file-and-use"


@given(kinds, fills, st.data())
def test_splitting_a_provision_into_two_sections_never_yields_edited_or_removed(kind, fill, data):
    """A plan may split one section into two numbered sections: both halves are the template's."""
    _, text = _template(kind)
    blocks = _blocks(_fill(text, *fill))
    splittable = [i for i, b in enumerate(blocks) if _PROVISION.match(b) and b.count(". ") >= 2]
    i = data.draw(st.sampled_from(splittable))
    m = _PROVISION.match(blocks[i])
    sentences = m.group(3).split(". ")
    cut = data.draw(st.integers(min_value=1, max_value=len(sentences) - 1))
    first, second = ". ".join(sentences[:cut]) + ".", ". ".join(sentences[cut:])
    parts = blocks[:i] + [f"{m.group(1)}.{m.group(2)} {first}", f"@@ {second}"] + blocks[i + 1:]
    out, article, n = [], 0, 0  # number every provision again, in order
    for b in parts:
        if a := _ARTICLE.match(b):
            article, n = int(a.group(1)), 0
            out.append(b)
        elif (p := _PROVISION.match(b)) or b.startswith("@@ "):
            n += 1
            out.append(f"{article}.{n} {p.group(3) if p else b[3:]}")
        else:
            out.append(b)
    result = _diff(kind, "\n\n".join(out))
    assert {p.status for p in result.provisions} <= {"kept", "moved"}, \
        [(p.template_id, p.status, p.diff) for p in result.provisions if p.status not in ("kept", "moved")]
    assert not result.added and result.decision == "file-and-use"
