"""Word-level diff of a template provision and its partner, and what the differences mean.

difflib's SequenceMatcher on comparison keys (so case, punctuation and numbering never show);
a placeholder matched by any short run of words is a fill, not an edit; a swap inside one key
class (shall -> must) is a meaning-preserving edit; every other change is tagged with what it
touches (modal, negation, number, date, timeframe, party, or wording).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from checker.redline.model import Op
from checker.redline.tokens import TAG_ORDER, Token, tags_of

MAX_FILL_WORDS = 12  # "[Plan Name]" may become "Blue Cross of California Partnership Plan, Inc."
CONTEXT = 3


@dataclass
class Classified:
    status: str  # kept | edited
    meaning: str | None  # preserved | changed (edited only)
    tags: list[str]
    cosmetic: list[str]
    ops: list[Op]


def _shown(tokens: list[Token]) -> str:
    return " ".join(t.shown for t in tokens)


def _bare(word: str) -> str:
    return word.strip(".,;:()\"'“”")


def word_diff(template: list[Token], submission: list[Token]) -> list[Op]:
    """The steps that turn the template's words into the submission's."""
    tk, sk = [t.key for t in template], [t.key for t in submission]
    ops: list[Op] = []
    matcher = difflib.SequenceMatcher(None, tk, sk, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        t_part, s_part = template[i1:i2], submission[j1:j2]
        if tag == "equal":
            ops.extend(_equal_ops(t_part, s_part))
            continue
        if t_part and all(t.placeholder for t in t_part) and 0 < len(s_part) <= MAX_FILL_WORDS * len(t_part):
            ops.append(Op("fill", _shown(t_part), _shown(s_part)))
            continue
        ops.extend(_peel_fills(t_part, s_part, tk[max(0, i1 - CONTEXT):i1] + tk[i2:i2 + CONTEXT], tag))
    return _merge_equal(ops)


def _peel_fills(t_part: list[Token], s_part: list[Token], context: list[str], tag: str) -> list[Op]:
    """A change next to a fill-in ("[County] must" -> "Fresno may"): the placeholder at either
    end takes one submission word per word of its name at most, the rest is the change."""
    head: list[Op] = []
    tail: list[Op] = []
    while t_part and t_part[0].placeholder and len(s_part) > 1:
        head.append(Op("fill", t_part[0].shown, s_part[0].shown))
        t_part, s_part = t_part[1:], s_part[1:]
    while t_part and t_part[-1].placeholder and len(s_part) > 1:
        tail.insert(0, Op("fill", t_part[-1].shown, s_part[-1].shown))
        t_part, s_part = t_part[:-1], s_part[:-1]
    if not t_part and not s_part:
        return head + tail
    kind = "replace" if t_part and s_part else ("delete" if t_part else "insert")
    keys = [t.key for t in t_part] + [t.key for t in s_part]
    return head + [Op(kind, _shown(t_part), _shown(s_part), tags_of(keys, context))] + tail


def _equal_ops(t_part: list[Token], s_part: list[Token]) -> list[Op]:
    """Equal keys; a key class shared by different words (shall/must) is a swap."""
    out: list[Op] = []
    for t, s in zip(t_part, s_part):
        if t.key.startswith("=") and _bare(t.shown).lower() != _bare(s.shown).lower():
            out.append(Op("swap", t.shown, s.shown, ["modal"]))
        else:
            out.append(Op("equal", t.shown, s.shown))
    return out


def _merge_equal(ops: list[Op]) -> list[Op]:
    """Neighbouring equal steps as one (the per-word steps come from splitting out swaps)."""
    merged: list[Op] = []
    for op in ops:
        if merged and merged[-1].op == op.op == "equal":
            merged[-1] = Op("equal", merged[-1].template + " " + op.template, merged[-1].submission + " " + op.submission)
        else:
            merged.append(op)
    return merged


def classify(template: list[Token], submission: list[Token]) -> Classified:
    """kept (same words, fill-ins filled) or edited, with what the edit touches."""
    ops = word_diff(template, submission)
    changes = [o for o in ops if o.op in ("replace", "delete", "insert")]
    swaps = [o for o in ops if o.op == "swap"]
    cosmetic = _cosmetic(template, submission)
    if not changes and not swaps:
        return Classified("kept", None, [], cosmetic, ops)
    if not changes:
        return Classified("edited", "preserved", ["modal"], cosmetic, ops)
    tags = {t for o in changes for t in o.tags}
    return Classified("edited", "changed", [t for t in TAG_ORDER if t in tags], cosmetic, ops)


def _cosmetic(template: list[Token], submission: list[Token]) -> list[str]:
    """Differences that never count: which of capitalisation, punctuation, cross-reference numbers."""
    found: list[str] = []
    t_keys = {t.key for t in template}
    if any(t.key == "<section-ref>" for t in template) and \
            [t.shown for t in template if t.key == "<section-ref>"] != [s.shown for s in submission if s.key == "<section-ref>"]:
        found.append("cross-reference numbers")
    t_shown = [t.shown for t in template if not t.placeholder]
    s_shown = [s.shown for s in submission if s.key in t_keys]
    t_words, s_words = [_bare(w) for w in t_shown], [_bare(w) for w in s_shown]
    if t_words != s_words and [w.lower() for w in t_words] == [w.lower() for w in s_words]:
        found.append("capitalisation")
    if t_shown != s_shown and t_words == s_words:
        found.append("punctuation")
    return found


def describe(ops: list[Op], limit: int = 6) -> str:
    """The edits in one line: '14' -> '30'; deleted 'x'; inserted 'y'; 'must' -> 'shall' (same meaning)."""
    out = []
    for o in ops:
        if o.op == "replace":
            out.append(f"'{o.template}' -> '{o.submission}'")
        elif o.op == "delete":
            out.append(f"deleted '{o.template}'")
        elif o.op == "insert":
            out.append(f"inserted '{o.submission}'")
        elif o.op == "swap":
            out.append(f"'{o.template}' -> '{o.submission}' (same meaning)")
    return "; ".join(out[:limit]) + (" ..." if len(out) > limit else "")
