"""Check MOUs in worker processes: extraction and evaluation both happen in the worker.

Why this shape:
- Workers are started with `spawn` (no inherited locks or threads) and load the rule set
  once each, from its folder (an initializer), instead of unpickling compiled predicates
  per document. The worker checks that it loaded the same rules as the main process.
- Only the small `DocumentResult` + portfolio summary travels back, never the Document.
- Results are returned in the order of `paths`, so output is identical to `--jobs 1`.
- A worker that dies (segfault in a PDF library, out of memory, os._exit) breaks the
  whole `ProcessPoolExecutor`. Each worker appends the index of the document it starts
  to a marker file; after a break, documents that were started but not finished are the
  suspects: each is re-run alone in a fresh one-worker pool, and one that kills that
  worker too becomes its own `error` document. The innocent rest are re-queued.
- If the pool cannot start at all (e.g. the rules changed on disk between the main
  process and the workers), the remaining documents are checked in this process.
- Workers never outlive the main process: each asks the kernel for SIGKILL when its parent
  dies (Linux PR_SET_PDEATHSIG) and a watchdog thread exits when the parent pid changes
  (other systems, and the race before the first). Workers ignore Ctrl-C; the main process
  stops them itself when it is interrupted or terminated, so no orphan keeps running.
- `--timeout` is enforced inside each worker (checker.deadline), so one slow file ends as
  that file's error and the worker moves on.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from checker.engine.ruleset import RuleSet
from checker.extract import DEFAULT_PDF_ENGINE, SLOW_SUFFIXES
from checker.document_check import Loader, MouOutcome, RunOptions, _error, check_mou_file

if TYPE_CHECKING:
    from checker.cache import ExtractionCache

CRASH_MESSAGE = ("the worker process checking this file crashed (it ended abruptly, e.g. a fault in the "
                 "PDF library or running out of memory); the rest of the run went on; check it alone "
                 "with --jobs 1 to see more, or ask the submitter for a re-saved copy")

# Per-worker state, set once by _init_worker.
_STATE: dict[str, Any] = {}


def default_jobs() -> int:
    """Cores this process may use (affinity-aware), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# Starting a spawned worker costs about half a second (imports + rule set); one uncached
# PDF page costs about 0.1 s. Below this many slow, uncached files, one process is faster.
MIN_SLOW_FILES = 4
_SLOW_SUFFIXES = SLOW_SUFFIXES


def worth_workers(paths: list[Path], cache: "ExtractionCache | None", max_pages: int | str, variant: str = "",
                  pdf_engine: str = DEFAULT_PDF_ENGINE) -> bool:
    """Whether enough PDF/Word files need extracting (not in the cache) to pay for workers."""
    slow = 0
    for p in paths:
        if p.suffix.lower() not in _SLOW_SUFFIXES:
            continue
        if cache is None or not cache.contains(p, max_pages, variant, pdf_engine):
            slow += 1
            if slow >= MIN_SLOW_FILES:
                return True
    return False


def all_cached(paths: list[Path], cache: "ExtractionCache | None", max_pages: int | str, variant: str = "",
               pdf_engine: str = DEFAULT_PDF_ENGINE) -> bool:
    """Every file already has a cache entry: workers would only evaluate, and starting them costs more."""
    return cache is not None and all(cache.contains(p, max_pages, variant, pdf_engine) for p in paths)


def _rule_ids(ruleset: RuleSet) -> list[str]:
    return [r.id for r in ruleset.rules]


def _die_with_parent(parent_pid: int) -> None:
    """Make this worker end when the main process ends, however it ends (even SIGKILL)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the main process decides
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the request above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's processes now (interrupted run): waiting could take a whole document."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _init_worker(rules_root: str, expected_ids: list[str], opts: RunOptions, loader: Loader | None,
                 marks_dir: str, parent_pid: int | None = None) -> None:
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    from checker.cache import open_cache, open_verdicts
    from checker.engine.ruleset import load_ruleset

    from checker.facts import data

    ruleset = load_ruleset(rules_root)
    if _rule_ids(ruleset) != expected_ids:
        raise RuntimeError(f"rules under {rules_root} changed since the run started")
    data.activate(ruleset.data_dir)  # the worker reads the same reference data as the run
    _STATE.update(ruleset=ruleset, opts=opts, loader=loader, cache=open_cache(opts.cache_dir),
                  verdicts=open_verdicts(opts.cache_dir, ruleset),
                  marks=os.path.join(marks_dir, f"{os.getpid()}.started"))


def _work(index: int, path: str) -> MouOutcome:
    fd = os.open(_STATE["marks"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{index}\n".encode())  # reaches the kernel before any crash below
    finally:
        os.close(fd)
    return check_mou_file(Path(path), _STATE["ruleset"], _STATE["opts"], _STATE["cache"], _STATE["loader"],
                          _STATE["verdicts"])


def _started(marks_dir: str) -> set[int]:
    seen: set[int] = set()
    for name in os.listdir(marks_dir):
        try:
            with open(os.path.join(marks_dir, name), encoding="ascii") as fh:
                seen.update(int(x) for x in fh.read().split())
        except (OSError, ValueError):
            continue
    return seen


def _run_pool(indices: list[int], paths: list[Path], ruleset: RuleSet, opts: RunOptions, workers: int,
              loader: Loader | None, outcomes: dict[int, MouOutcome],
              advance: Callable[[str], None] | None) -> set[int] | None:
    """Run `indices` in one pool; None when all finished, else the started-but-unfinished ones."""
    with tempfile.TemporaryDirectory(prefix="compliance-check-workers-") as marks:
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=mp.get_context("spawn"), initializer=_init_worker,
            initargs=(str(ruleset.root), _rule_ids(ruleset), opts, loader, marks, os.getpid()),
        )
        broken = False
        finished = False
        try:
            futures: dict[Future, int] = {pool.submit(_work, i, str(paths[i])): i for i in indices}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = futures[fut]
                    try:
                        outcomes[i] = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                        outcomes[i] = (_error(str(paths[i]), paths[i], "mou",
                                              f"internal error in a worker process ({type(exc).__name__}: {exc})"),
                                       None)
                    if advance:
                        advance(str(paths[i]))
            finished = True
        finally:
            if finished:
                pool.shutdown(wait=True, cancel_futures=True)
            else:  # Ctrl-C, SIGTERM or an error in this process: no worker may keep running
                _stop_workers(pool)
        if not broken:
            return None
        return {i for i in _started(marks) if i in indices and i not in outcomes}


def check_mous(paths: list[Path], ruleset: RuleSet, opts: RunOptions,
               advance: Callable[[str], None] | None = None, *, loader: Loader | None = None) -> list[MouOutcome]:
    """Outcome of every path, in order, checked by up to `opts.jobs` worker processes."""
    outcomes: dict[int, MouOutcome] = {}
    remaining = list(range(len(paths)))
    while remaining:
        suspects = _run_pool(remaining, paths, ruleset, opts, min(opts.jobs, len(remaining)), loader,
                             outcomes, advance)
        remaining = [i for i in remaining if i not in outcomes]
        if suspects is None:
            break
        if not suspects:  # the pool died before any document started: check here instead
            _in_process(remaining, paths, ruleset, opts, loader, outcomes, advance)
            break
        for i in sorted(suspects):
            if _run_pool([i], paths, ruleset, opts, 1, loader, outcomes, advance) is not None:
                outcomes[i] = (_error(str(paths[i]), paths[i], "mou", CRASH_MESSAGE), None)
                if advance:
                    advance(str(paths[i]))
        remaining = [i for i in remaining if i not in outcomes]
    return [outcomes[i] for i in range(len(paths))]


def _in_process(indices: list[int], paths: list[Path], ruleset: RuleSet, opts: RunOptions,
                loader: Loader | None, outcomes: dict[int, MouOutcome],
                advance: Callable[[str], None] | None) -> None:
    from checker.cache import open_cache, open_verdicts

    cache, verdicts = open_cache(opts.cache_dir), open_verdicts(opts.cache_dir, ruleset)
    for i in indices:
        outcomes[i] = check_mou_file(paths[i], ruleset, opts, cache, loader, verdicts)
        if advance:
            advance(str(paths[i]))
