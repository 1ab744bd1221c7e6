"""Content-addressed caches: extraction (file bytes -> Document) and verdicts (per rule).

Extraction (pdfplumber) is the slow part of a run; rule edits do not change it. So the
clause tree of every file is stored under a key made of the file's sha256, the
extractor's version and the options that change its output. Editing the file or the
extractor code changes the key; a stale entry is simply never found again.

Safety: entries are written to a temporary file and renamed into place (two runs sharing
the folder never see half an entry); on read, an entry that does not parse, does not
validate, or whose stored key differs from the expected one is deleted and rebuilt,
never trusted. Any cache failure (read-only folder, full disk) falls back to extracting.

Extraction errors that depend only on the bytes (encrypted, corrupt, not a PDF, no text
layer, too many pages, empty) are cached too: the same file always fails the same way.
Errors that may be transient (`timeout`, `unreadable`) are not.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pydantic import BaseModel, ValidationError

from checker import resources
from checker.document import Document, ExtractionError
from checker.extract import DEFAULT_PDF_ENGINE
from checker.extract.util import sha256_file
from checker.report.write import default_mode
from checker.results import Finding

if TYPE_CHECKING:
    from checker.engine.compile import CompiledRule
    from checker.engine.ruleset import RuleSet

# Bump by hand when the meaning of a cached Document changes without a code change in
# checker/extract (e.g. a pdfplumber behaviour we rely on); code edits are hashed below.
EXTRACTOR_MANUAL_VERSION = "1"
CACHE_FORMAT = 1
ENV_CACHE_DIR = "COMPLIANCE_CHECK_CACHE_DIR"
UNCACHED_ERROR_KINDS = frozenset({"timeout", "unreadable", "too-large"})  # too-large: the limit may be raised

_PACKAGE = Path(__file__).resolve().parent


def _source_files() -> list[Path]:
    """The code whose output a cache entry stores: the extractors and the Document model."""
    return sorted((_PACKAGE / "extract").glob("*.py")) + [_PACKAGE / "document.py"]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Manual version + hash of the extractor sources + the PDF library versions."""
    h = hashlib.sha256()
    for path in _source_files():
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            h.update(path.name.encode() + b"\0missing\0")
    libs = []
    for name in ("pdfplumber", "pdfminer", "pypdfium2", "docx"):
        try:
            mod = __import__(name)
            version = getattr(mod, "__version__", None)
            if name == "pypdfium2":  # the binding and the pdfium build it ships
                version = f"{mod.version.PYPDFIUM_INFO}/pdfium-{mod.version.PDFIUM_INFO}"
            libs.append(f"{name}={version or '?'}")
        except ImportError:
            libs.append(f"{name}=none")
    return f"{EXTRACTOR_MANUAL_VERSION}+{h.hexdigest()[:16]}+{','.join(libs)}"


def default_cache_dir() -> Path:
    """$COMPLIANCE_CHECK_CACHE_DIR, else $XDG_CACHE_HOME/compliance-check, else ~/.cache/compliance-check."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "compliance-check"


def file_sha256(path: Path) -> str:
    """One hash per file and process (remembered while the file's stat is unchanged)."""
    return sha256_file(path)


class CachedError(BaseModel):
    message: str
    kind: str


class CacheEntry(BaseModel):
    """What one cache file holds; the key is stored so a misplaced or forged file is rejected."""

    format: int
    key: str
    file_sha256: str
    version: str
    document: Document | None = None
    error: CachedError | None = None


class ExtractionCache:
    """A folder of entries `<root>/extract/<key[:2]>/<key>.json`."""

    def __init__(self, root: str | Path, version: str | None = None):
        self.root = Path(root).expanduser()
        self.version = version or extractor_version()
        self.hits = 0
        self.misses = 0

    def key(self, file_hash: str, suffix: str, max_pages: int | str, variant: str = "",
            pdf_engine: str = DEFAULT_PDF_ENGINE) -> str:
        """`variant`: run options that change the extracted tree (e.g. 'ocr=auto,tesseract=5.3.0')."""
        parts = [f"format={CACHE_FORMAT}", file_hash, self.version, suffix.lower(), f"max_pages={max_pages}"]
        if suffix.lower() == ".pdf":  # the engine reads only PDFs; other files share one entry
            parts.append(f"pdf_engine={pdf_engine}")
        raw = "\x1f".join(parts + ([variant] if variant else []))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def entry_path(self, key: str) -> Path:
        return self.root / "extract" / key[:2] / f"{key}.json"

    # ------------------------------------------------------------------ read / write

    def get(self, key: str) -> CacheEntry | None:
        """The valid entry under `key`, or None; a bad entry is deleted so it gets rebuilt."""
        path = self.entry_path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        try:
            entry = CacheEntry.model_validate_json(raw)
            if entry.key != key or entry.format != CACHE_FORMAT or entry.version != self.version:
                raise ValueError("entry does not belong to this key")
            if (entry.document is None) == (entry.error is None):
                raise ValueError("entry holds neither or both of document and error")
        except (ValidationError, ValueError):
            self._discard(path)
            return None
        return entry

    def put(self, entry: CacheEntry) -> None:
        """Write atomically (temp file in the same folder + os.replace); never raise."""
        _atomic_write(self.entry_path(entry.key), entry.model_dump_json().encode("utf-8"))

    @staticmethod
    def _discard(path: Path) -> None:
        try:
            path.unlink()
        except OSError:
            pass

    def contains(self, path: Path, max_pages: int | str, variant: str = "", pdf_engine: str = DEFAULT_PDF_ENGINE) -> bool:
        """Cheap guess whether `path` would be a hit (an entry file exists; not validated)."""
        try:
            key = self.key(file_sha256(path), path.suffix, max_pages, variant, pdf_engine)
        except OSError:
            return False
        return self.entry_path(key).is_file()

    # ------------------------------------------------------------------ the one entry point

    def load(self, path: Path, max_pages: int | str, extract: Callable[[], Document], variant: str = "",
             pdf_engine: str = DEFAULT_PDF_ENGINE) -> Document:
        """The Document of `path`: from the cache when its bytes were seen, else `extract()` and store."""
        try:
            file_hash = file_sha256(path)
        except OSError:
            return extract()  # missing or unreadable: let the extractor say so
        key = self.key(file_hash, path.suffix, max_pages, variant, pdf_engine)
        entry = self.get(key)
        if entry is not None:
            self.hits += 1
            if entry.error is not None:
                raise ExtractionError(str(path), entry.error.message, entry.error.kind)
            assert entry.document is not None
            doc = entry.document
            doc.path = str(path)  # the same bytes may sit at another path now
            return doc
        self.misses += 1
        base = dict(format=CACHE_FORMAT, key=key, file_sha256=file_hash, version=self.version)
        try:
            doc = extract()
        except ExtractionError as exc:
            if exc.kind not in UNCACHED_ERROR_KINDS and _unchanged(path, file_hash):
                self.put(CacheEntry(**base, error=CachedError(message=exc.message, kind=exc.kind)))
            raise
        if not doc.sha256 or doc.sha256 == file_hash:  # the file did not change under us
            self.put(CacheEntry(**base, document=doc))
        return doc


def _unchanged(path: Path, file_hash: str) -> bool:
    try:
        return file_sha256(path) == file_hash
    except OSError:
        return False


def open_cache(cache_dir: str | Path | None) -> ExtractionCache | None:
    """The extraction cache for a run, or None when caching is off (cache_dir None)."""
    return ExtractionCache(cache_dir) if cache_dir is not None else None


def open_verdicts(cache_dir: str | Path | None, ruleset: "RuleSet") -> "VerdictCache | None":
    """The verdict cache for a run of `ruleset`, or None when caching is off."""
    return VerdictCache(cache_dir, ruleset) if cache_dir is not None else None



# --------------------------------------------------------------------------- verdict cache
#
# After a rule edit, most rules are unchanged, and so are their verdicts on an unchanged
# document. Findings are stored per document under a key that covers everything a verdict
# depends on except the rule itself (the Document's content, its path, the check date, the
# --mou-type override, every term set, parameter and data file, and the source of the
# engine, text and rule-language code), and inside that entry per rule under a hash of the
# rule's canonical text (`rules fmt` form). So only edited or new rules are evaluated
# again; any change to shared terms, parameters, data or engine code re-evaluates all.

VERDICT_FORMAT = 1


class VerdictEntry(BaseModel):
    format: int
    key: str
    rules: dict[str, list[Finding]]


def _engine_files() -> list[Path]:
    files = [f for group in ((_PACKAGE / d).glob("*.py") for d in ("engine", "text", "dsl")) for f in sorted(group)]
    files += [_PACKAGE / n for n in ("results.py", "document.py", "run.py")]
    return files + sorted(resources.grammar_dir().glob("*.lark"))


def _hash_files(h: "hashlib._Hash", files: list[Path]) -> None:
    for path in files:
        try:
            h.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            h.update(str(path.name).encode() + b"\0missing\0")


def ruleset_context(ruleset: "RuleSet") -> str:
    """Hash of everything shared by all rules' verdicts: terms, params, data, engine code."""
    from checker.dsl import fmt
    from checker.engine.ruleset import DEFAULT_RULES_DIR

    h = hashlib.sha256(f"verdict-format={VERDICT_FORMAT}".encode())
    _hash_files(h, _engine_files())
    for name in sorted(ruleset.terms):
        h.update(fmt.term_set(ruleset.terms[name]).encode() + b"\0")
    for name in sorted(ruleset.params):
        h.update(fmt.param(ruleset.params[name]).encode() + b"\0")
    h.update(json.dumps([ruleset.elements, ruleset.mou_types], sort_keys=True, default=str).encode())
    root = Path(ruleset.root)
    data_dirs = {DEFAULT_RULES_DIR / "data", (root if root.is_dir() else root.parent) / "data"}
    for d in sorted(data_dirs):
        _hash_files(h, sorted(d.rglob("*")) if d.is_dir() else [])
    return h.hexdigest()


def rule_hash(compiled: "CompiledRule") -> str:
    from checker.dsl import fmt

    return hashlib.sha256(fmt.rule(compiled.rule).encode("utf-8")).hexdigest()[:32]


class VerdictCache:
    """Findings per (document, context) and rule, in `<root>/verdicts/`; same safety as extraction."""

    def __init__(self, root: str | Path, ruleset: "RuleSet"):
        self.root = Path(root).expanduser()
        self.context = ruleset_context(ruleset)
        self._rule_hashes = {id(c): rule_hash(c) for c in ruleset.rules}
        self.reused = 0
        self.evaluated = 0

    def key(self, document: Document, path_key: str, as_of: str, mou_type: str | None) -> str:
        content = hashlib.sha256(document.model_dump_json(exclude={"path"}).encode("utf-8")).hexdigest()
        raw = "\x1f".join([self.context, content, path_key, as_of, mou_type or ""])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / "verdicts" / key[:2] / f"{key}.json"

    def evaluate(self, ruleset: "RuleSet", key: str, evaluate_one: Callable[["CompiledRule"], list[Finding]]
                 ) -> list[Finding]:
        """All findings, rule by rule in rule-set order: stored ones where the rule is unchanged."""
        stored = self._get(key)
        fresh: dict[str, list[Finding]] = {}
        findings: list[Finding] = []
        for compiled in ruleset.rules:
            h = self._rule_hashes.get(id(compiled)) or rule_hash(compiled)
            got = stored.get(h)
            if got is None:
                got = evaluate_one(compiled)
                self.evaluated += 1
            else:
                self.reused += 1
            fresh[h] = got
            findings.extend(got)
        if set(fresh) != set(stored):
            _atomic_write(self._path(key), VerdictEntry(format=VERDICT_FORMAT, key=key, rules=fresh)
                          .model_dump_json().encode("utf-8"))
        return findings

    def _get(self, key: str) -> dict[str, list[Finding]]:
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return {}
        try:
            entry = VerdictEntry.model_validate_json(raw)
            if entry.key != key or entry.format != VERDICT_FORMAT:
                raise ValueError("entry does not belong to this key")
        except (ValidationError, ValueError):
            ExtractionCache._discard(path)
            return {}
        return entry.rules


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:12]}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, default_mode())  # shareable like any file the user writes (mkstemp gives 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # a cache that cannot be written only costs speed
    finally:
        if tmp is not None:
            ExtractionCache._discard(Path(tmp))
