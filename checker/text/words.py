"""Word-level normalisation shared by every text predicate.

Matching is case-, whitespace- and hyphen-insensitive and folds simple inflection,
so "designate / designates / designated / designating" are one word to a rule.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_DOUBLE_CONSONANT = re.compile(r"([bdfgkmnprt])\1$")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small stemmer: plural, past, gerund, final -e and -y."""
    w = word.lower().replace("'s", "")
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if _DOUBLE_CONSONANT.search(w):
                w = w[:-1]
            break
    else:
        if w.endswith("e") and len(w) > 3:
            w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


def _fold(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; hyphens, slashes and punctuation separate words."""
    return _WORD.findall(_fold(text))


def _positions(keys: Iterable[str]) -> dict[str, list[int]]:
    """Index of each key's positions in a sequence, ascending."""
    index: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        at = index.get(key)
        if at is None:
            index[key] = [i]
        else:
            at.append(i)
    return index


def _positions_of(pairs: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    """Index of (key, position) pairs, positions ascending."""
    index: dict[str, list[int]] = {}
    for key, i in pairs:
        index.setdefault(key, []).append(i)
    return index


#: What may stand between the two halves of a hyphenated word: "part-ies", "part- ies", "e-mail".
_HYPHEN_GAP = re.compile(r"[-\u00ad]\s*")


@dataclass(frozen=True)
class TokenizedText:
    """A text split into words, their stems and their character offsets (for quotes)."""

    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    aliased: frozenset[int] = frozenset()  # positions read as another word: whole terms only

    @functools.cached_property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Character offsets of each word, for quotes (most texts are never quoted: built on use)."""
        return tuple(m.span() for m in _WORD.finditer(_fold(self.text)))

    @functools.cached_property
    def memo(self) -> dict[object, list[tuple[int, int]]]:
        """Matches already computed on this text, keyed by their term set (rules share sets)."""
        return {}

    @functools.cached_property
    def by_stem(self) -> dict[str, list[int]]:
        """Token positions of each stem, ascending (built once per text, on first use)."""
        return _positions(self.stems)

    @functools.cached_property
    def by_word(self) -> dict[str, list[int]]:
        """Token positions of each word, ascending."""
        return _positions(self.words)

    @functools.cached_property
    def by_pair(self) -> dict[str, list[int]]:
        """Positions i keyed by the stem of words[i] + words[i + 1] run together where a hyphen
        splits them, so a word a line-end hyphen split in two ("part-ies") still matches its
        term ("party") and "e-mail" matches "email"."""
        if "-" not in self.text and "\u00ad" not in self.text:
            return {}  # most sentences: no hyphen, no pair to join
        w, spans, text = self.words, self.spans, self.text
        return _positions_of((stem(w[i] + w[i + 1]), i) for i in range(len(w) - 1)
                             if _HYPHEN_GAP.fullmatch(text, spans[i][1], spans[i + 1][0]))

    @functools.cached_property
    def sorted_words(self) -> list[str]:
        """The distinct words in order, so a prefix is found by bisection, not a scan."""
        return sorted(self.by_word)

    def has_prefix(self, prefix: str) -> bool:
        """Some word starts with `prefix` ("subcontract*")."""
        words = self.sorted_words
        i = bisect.bisect_left(words, prefix)
        return i < len(words) and words[i].startswith(prefix)

    def prefix_positions(self, prefix: str) -> list[int]:
        """Token positions of the words that start with `prefix`, ascending."""
        words = self.sorted_words
        i = bisect.bisect_left(words, prefix)
        at: list[int] = []
        while i < len(words) and words[i].startswith(prefix):
            at.extend(self.by_word[words[i]])
            i += 1
        return sorted(at)

    @classmethod
    def of(cls, text: str, aliases: dict[str, str] | None = None) -> "TokenizedText":
        """`aliases` reads some words as others ("you" as "plan") while quotes keep the original."""
        words = tuple(_WORD.findall(_fold(text)))
        aliased: frozenset[int] = frozenset()
        if aliases:
            aliased = frozenset(i for i, w in enumerate(words) if w in aliases)
            words = tuple(aliases.get(w, w) for w in words)
        return cls(text, words, tuple(map(stem, words)), aliased)


#: Texts tokenised recently, shared: a heading path or a table header is the context of every
#: sentence under it, and each shared text keeps one set of indexes and one match memo.
SHARED_TEXTS = 8192


@functools.lru_cache(maxsize=SHARED_TEXTS)
def _shared(text: str, aliases: tuple[tuple[str, str], ...]) -> TokenizedText:
    return TokenizedText.of(text, dict(aliases))


def tokenized(text: str, aliases: dict[str, str] | None = None) -> TokenizedText:
    """The tokenised text, built once for equal texts (treat it as read-only)."""
    return _shared(text, tuple(sorted(aliases.items())) if aliases else ())


@dataclass(frozen=True)
class Term:
    """One phrase of a term set, pre-stemmed; a trailing '*' makes its last word a prefix."""

    source: str
    stems: tuple[str, ...]
    prefix_last: bool
    joined: str  # the words run together, so "e-mail" also finds "email"
    joined_stem: str = ""

    @classmethod
    def parse(cls, phrase: str) -> "Term":
        prefix = phrase.rstrip().endswith("*")
        words = tokens(phrase.rstrip().rstrip("*"))
        stems = tuple(w if (prefix and i == len(words) - 1) else stem(w) for i, w in enumerate(words))
        joined = "".join(words)
        return cls(phrase, stems, prefix, joined, stem(joined))

    def positions(self, text: TokenizedText) -> list[tuple[int, int]]:
        """Token index ranges [start, end) where this term occurs (ascending)."""
        n = len(self.stems)
        if n == 0:
            return []
        if n == 1:  # most terms: one index lookup each way
            first = self.stems[0]
            if self.prefix_last:
                return [(i, i + 1) for i in text.prefix_positions(first)]
            found = [(i, i + 1) for i in text.by_stem.get(first, ())]
            split = text.by_pair.get(first)
            if split:
                found.extend((i, i + 2) for i in split)
            return found
        found: list[tuple[int, int]] = []
        stems = text.stems
        words = text.words
        # Only positions whose first word can match are tried (index lookup, not a scan):
        # a rule set runs thousands of terms over every sentence of a document.
        if self.prefix_last and n == 1:
            starts: Iterable[int] = text.prefix_positions(self.stems[0])
        else:
            starts = text.by_stem.get(self.stems[0], ())
        last = len(stems) - n
        # a word read as a party ("we" as "plan") stands for the party, never for part of a phrase
        whole = bool(text.aliased) and n > 1
        for i in starts:
            if i <= last and all(self._word_matches(stems[i + k], words[i + k], k) for k in range(1, n)):
                if whole and not text.aliased.isdisjoint(range(i, i + n)):
                    continue
                found.append((i, i + n))
        if not self.prefix_last:
            found.extend(self._joined_positions(text))
        return found

    def _word_matches(self, text_stem: str, text_word: str, k: int) -> bool:
        if self.prefix_last and k == len(self.stems) - 1:
            return text_word.startswith(self.stems[k])
        return text_stem == self.stems[k]

    def _joined_positions(self, text: TokenizedText) -> list[tuple[int, int]]:
        """Hyphen-insensitive extras: 'e mail' in the text for 'email', 'email' for 'e-mail'."""
        if len(self.stems) == 1:
            return [(i, i + 2) for i in text.by_pair.get(self.stems[0], ())]
        return [(i, i + 1) for i in text.by_stem.get(self.joined_stem, ())]
