"""Additions that may conflict with a mandatory provision: the `review` decision.

DHCS lets parties add provisions that do not conflict with the template's minimum. A
conflict we can see in words: an addition on the same topic as a mandatory provision that
allows a longer timeframe, a lower frequency, or says it applies instead of (notwithstanding)
the template. We cannot prove a conflict, so such an addition is sent to a reviewer, never
marked as a redline by itself.
"""
from __future__ import annotations

from checker.redline.align import Similarity, content_words
from checker.redline.provisions import Provision
from checker.text.timeframes import find_durations, find_frequencies

TOPIC_MIN = 0.22  # the addition shares this much weighted vocabulary with the mandatory provision
OVERRIDE_WORDS = frozenset({"notwithstanding", "instead", "lieu", "supersede", "supersedes", "superseded",
                            "waive", "waives", "waived", "override", "overrides"})


def conflicts_of(added: Provision, mandatory: list[Provision], sim: Similarity) -> tuple[list[str], str | None]:
    """Reasons `added` may conflict with the mandatory provision closest to it in topic."""
    terms = content_words(added)
    best, best_score = None, 0.0
    for m in mandatory:
        score = sim.between(terms, content_words(m))
        if score > best_score:
            best, best_score = m, score
    reasons: list[str] = []
    overrides = OVERRIDE_WORDS.intersection(w.strip(",.;:") for w in added.words)
    if best is None or best_score < TOPIC_MIN:
        return reasons, None  # on no mandatory provision's topic: nothing it could conflict with
    where = best.label
    added_d, tmpl_d = find_durations(added.text), find_durations(best.text)
    if added_d and tmpl_d:
        longest = max(added_d, key=lambda d: d.days)
        limit = max(tmpl_d, key=lambda d: d.days)
        if longest.days > limit.days + 1e-9:
            reasons.append(f"allows {longest.describe()} where mandatory {where} allows {limit.describe()}")
    added_f, tmpl_f = find_frequencies(added.text), find_frequencies(best.text)
    if added_f and tmpl_f:
        low = min(added_f, key=lambda f: f.per_year)
        need = min(tmpl_f, key=lambda f: f.per_year)
        if low.per_year < need.per_year - 1e-9:
            reasons.append(f"sets {low.describe()} where mandatory {where} requires {need.describe()}")
    if overrides:
        reasons.append(f"says '{sorted(overrides)[0]}' on the topic of mandatory {where}")
    return reasons, best.id
