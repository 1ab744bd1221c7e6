"""Diff one submission against its template(s): align, classify, decide how it may be filed."""
from __future__ import annotations

from dataclasses import dataclass

from checker.document import Document
from checker.redline.align import Similarity, align, content_words, moved
from checker.redline.conflicts import conflicts_of
from checker.redline.model import AddedResult, DiffResult, ProvisionResult
from checker.redline.policy import TemplateMap
from checker.redline.provisions import Provision, provisions_of
from checker.redline.spans import MIN_CONTAINED, leftovers, span_in
from checker.redline.tokens import placeholder_table
from checker.redline.worddiff import Classified, classify, describe


SPLIT_GAIN = 0.5  # joining a neighbour must remove changed words worth half its length
UNRELATED_SHARE = 0.25  # fewer template provisions found than this: probably the wrong template


class MapMismatch(ValueError):
    """A map entry that names a section the template does not have (or a different topic)."""


@dataclass
class Template:
    """A template document with its mandatory map (None: no map, every provision mandatory)."""

    id: str
    document: Document
    tmap: TemplateMap | None
    provisions: list[Provision]

    @classmethod
    def of(cls, document: Document, tmap: TemplateMap | None, fallback_id: str) -> "Template":
        tid = tmap.id if tmap else fallback_id
        table = placeholder_table(tmap.placeholders) if tmap else {}
        return cls(tid, document, tmap, provisions_of(document, tid, table))

    def check_map(self) -> None:
        """Every map entry must name a provision of the template, on the topic its heading says."""
        if self.tmap is None:
            return
        by_section = {p.section: p for p in self.provisions if p.section}
        problems = []
        for entry in self.tmap.entries.values():
            p = by_section.get(entry.section)
            if p is None:
                problems.append(f"entry section {entry.section} ({entry.heading or 'no heading'}) is not a section "
                                f"of the template {self.document.path}")
            elif entry.heading and not _same_topic(entry.heading, p):
                problems.append(f"entry section {entry.section} says '{entry.heading}' but the template's "
                                f"§{entry.section} reads '{p.text[:60]}...'")
        if problems:
            raise MapMismatch(f"{self.tmap.path}: " + "; ".join(problems)
                              + " (the map was written for another template or version)")

    def fit(self) -> float:
        """Share of the map's entries found in this template (to pick a map automatically)."""
        if self.tmap is None or not self.tmap.entries:
            return 0.0
        by_section = {p.section: p for p in self.provisions if p.section}
        ok = sum(1 for e in self.tmap.entries.values()
                 if e.section in by_section and (not e.heading or _same_topic(e.heading, by_section[e.section])))
        return ok / len(self.tmap.entries)


def _same_topic(heading: str, p: Provision) -> bool:
    words = {w.lower().strip(",.;:()") for w in heading.split() if len(w) > 3}
    have = {w.lower().strip(",.;:()") for w in " ".join([p.heading or "", *p.heading_path, p.text]).split()}
    stems = {w[:5] for w in have}
    return not words or sum(1 for w in words if w in have or w[:5] in stems) >= max(1, len(words) // 2)


def diff_document(templates: list[Template], submission: Document) -> DiffResult:
    """The full comparison of `submission` with `templates` (several for a merged bespoke MOU)."""
    result = DiffResult(path=submission.path, sha256=submission.sha256)
    for t in templates:
        result.templates.append({"id": t.id, "path": t.document.path, "map": t.tmap.path if t.tmap else None,
                                 "title": (t.tmap.title if t.tmap else None) or t.document.title,
                                 "version": t.tmap.version if t.tmap else None})
        if t.tmap is None:
            result.notes.append(f"no mandatory map for template {t.document.path}: every provision is treated as "
                                "mandatory; name one with --map")
    all_placeholders: dict[str, str] = {}
    for t in templates:
        if t.tmap:
            all_placeholders.update(placeholder_table(t.tmap.placeholders))
    subs = provisions_of(submission, "", all_placeholders)
    used: set[int] = set()
    spans_by_host: dict[int, list[tuple[int, int]]] = {}
    mandatory_all: list[Provision] = []
    sims: list[Similarity] = []
    for t in templates:
        sim = Similarity(t.provisions, subs)
        sims.append(sim)
        pairs = align(t.provisions, subs, sim)
        placed = _place_spans(t.provisions, subs, pairs, sim)  # ti -> (si, start, end)
        out_of_order = moved({ti: (si, a) for ti, (si, a, _) in placed.items()})
        for ti, tp in enumerate(t.provisions):
            entry = t.tmap.entry(tp.section) if t.tmap else None
            mandatory = t.tmap.is_mandatory(tp.section) if t.tmap else True
            if mandatory:
                mandatory_all.append(tp)
            pr = ProvisionResult(
                template_id=tp.id, template=t.id, section=tp.section,
                heading=(entry.heading if entry and entry.heading else tp.heading), mandatory=mandatory,
                citation=entry.cite if entry else None, element=entry.element if entry else None, status="removed",
                template_pages=tp.pages, template_text=tp.text)
            if ti in placed:
                si, a, b = placed[ti]
                sp = subs[si]
                used.add(si)
                whole = (a, b) == (0, len(sp.tokens))
                tokens = sp.tokens if whole else sp.tokens[a:b]
                if not whole:
                    spans_by_host.setdefault(si, []).append((a, b))
                c = classify(tp.tokens, tokens)
                joined = None
                if whole and c.status == "edited":
                    joined = _split_partner(tp, subs, si, c, taken=used | {x for x, _, _ in placed.values()})
                    if joined is not None:
                        nj, tokens, c = joined
                        used.add(nj)
                pr.similarity = round(pairs[ti][1], 3) if ti in pairs else round(sim.between(
                    content_words(tp), {tk.key for tk in tokens}), 3)
                pr.submission_section, pr.submission_heading, pr.submission_pages = sp.section, sp.heading, sp.pages
                pr.submission_text = sp.text if whole else " ".join(tk.shown for tk in tokens)
                pr.diff, pr.tags, pr.cosmetic = c.ops, c.tags, c.cosmetic
                pr.moved = ti in out_of_order
                pr.status = c.status if c.status == "edited" else ("moved" if pr.moved else "kept")
                pr.meaning = c.meaning
                if not whole:
                    pr.cosmetic.append(f"shares submission §{sp.section or sp.id} with another template provision")
                if joined is not None:
                    other = subs[joined[0]]
                    pr.submission_text = " ".join(tk.shown for tk in tokens)
                    pr.submission_pages = sorted(set(sp.pages) | set(other.pages))
                    pr.cosmetic.append(f"split over submission §{sp.section or sp.id} and §{other.section or other.id}")
            result.provisions.append(pr)
    sim_all = sims[0] if len(sims) == 1 else Similarity([p for t in templates for p in t.provisions], subs)
    for si, sp in enumerate(subs):
        if si in used:
            for a, b in leftovers(sp, spans_by_host.get(si, [])) if si in spans_by_host else []:
                part = _part(sp, a, b)
                reasons, related = conflicts_of(part, mandatory_all, sim_all)
                result.added.append(AddedResult(sp.section, sp.heading, sp.pages, part.text, conflicts=reasons,
                                                related_template_id=related))
            continue
        reasons, related = conflicts_of(sp, mandatory_all, sim_all)
        result.added.append(AddedResult(sp.section, sp.heading, sp.pages, sp.text, conflicts=reasons,
                                        related_template_id=related))
    decide(result)
    return result


def _place_spans(template: list[Provision], subs: list[Provision], pairs: dict[int, tuple[int, float]],
                 sim: Similarity) -> dict[int, tuple[int, int, int]]:
    """Every paired template provision with its span: the whole partner, or, where a submission
    provision holds several template provisions, the part of it that is this one's."""
    placed = {ti: (si, 0, len(subs[si].tokens)) for ti, (si, _) in pairs.items()}
    guests: dict[int, list[int]] = {}
    for ti, tp in enumerate(template):
        if ti in pairs:
            continue
        best: tuple[float, int] | None = None
        for si, share in sorted(sim.contained(tp).items(), key=lambda x: -x[1])[:3]:
            if share < MIN_CONTAINED or len(subs[si].tokens) <= len(tp.tokens):
                continue
            found = span_in(tp, subs[si])
            if found and found[2] >= MIN_CONTAINED and (best is None or found[2] > best[0]):
                best = (found[2], si)
        if best is not None:
            guests.setdefault(best[1], []).append(ti)
    host_of = {si: ti for ti, (si, _) in pairs.items()}
    for si, tis in guests.items():
        for ti in tis + ([host_of[si]] if si in host_of else []):
            found = span_in(template[ti], subs[si])
            if found is not None:
                placed[ti] = (si, found[0], found[1])
    return placed


def _changed_words(c: Classified) -> int:
    return sum(len(o.template.split()) + len(o.submission.split()) for o in c.ops
               if o.op in ("replace", "delete", "insert"))


def _split_partner(tp: Provision, subs: list[Provision], si: int, c: Classified,
                   taken: set[int]) -> tuple[int, list, Classified] | None:
    """A template provision split over two submission paragraphs: the unpaired neighbour whose
    words are the template's missing words (in order) is joined back, so the split is not an
    edit plus an addition. Returns (neighbour index, joined tokens, classification) or None."""
    best = None
    for nj, before in ((si + 1, False), (si - 1, True)):
        if not 0 <= nj < len(subs) or nj in taken:
            continue
        nb = subs[nj]
        tokens = nb.tokens + subs[si].tokens if before else subs[si].tokens + nb.tokens
        c2 = classify(tp.tokens, tokens)
        # joined back, the neighbour must explain most of its own length in missing template words
        if _changed_words(c) - _changed_words(c2) >= SPLIT_GAIN * len(nb.tokens) and \
                (best is None or _changed_words(c2) < _changed_words(best[2])):
            best = (nj, tokens, c2)
    return best


def _part(sp: Provision, a: int, b: int) -> Provision:
    tokens = sp.tokens[a:b]
    return Provision(id=sp.id, section=sp.section, heading=sp.heading, heading_path=sp.heading_path,
                     text=" ".join(t.shown for t in tokens), pages=sp.pages, index=sp.index, tokens=tokens)


def decide(result: DiffResult) -> None:
    """file-and-use / redline-required / review, with the reasons a reviewer reads first."""
    redlines = [p for p in result.provisions if p.needs_redline]
    reviews = [a for a in result.added if a.conflicts]
    preserved = [p for p in result.provisions if p.mandatory and p.status == "edited" and p.meaning == "preserved"]
    reasons: list[str] = []
    for p in redlines:
        where = f"§{p.section}" + (f" {p.heading}" if p.heading else "")
        if p.status == "removed":
            reasons.append(f"mandatory {where} ({p.template}) was removed")
        else:
            changes = [o for o in p.diff if o.op in ("replace", "delete", "insert")]
            reasons.append(f"mandatory {where} ({p.template}) was edited [{', '.join(p.tags)}]: " + describe(changes, 4))
    for a in reviews:
        where = f"§{a.submission_section}" if a.submission_section else f"p.{a.submission_pages[0] if a.submission_pages else '?'}"
        reasons.append(f"added {where} may conflict: " + "; ".join(a.conflicts))
    for p in preserved:
        reasons.append(f"mandatory §{p.section} reworded without changing its meaning (shall/must); no redline")
    found = sum(p.status != "removed" for p in result.provisions)
    if result.provisions and found / len(result.provisions) < UNRELATED_SHARE:
        result.notes.append(f"only {found} of {len(result.provisions)} template provisions were found in the "
                            "submission: check that it was drafted from this template")
    if redlines:
        result.decision = "redline-required"
    elif reviews:
        result.decision = "review"
    else:
        result.decision = "file-and-use"
    result.reasons = reasons
