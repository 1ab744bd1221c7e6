"""Process hygiene: workers die with the main process, --timeout holds in workers, files are
written with normal permissions, and no report copy lands in the working folder unasked.

The worker tests run the real CLI in a subprocess through a small driver script whose top
level makes files named `slow*` take minutes to extract. With the `spawn` start method the
workers run the driver's top level too, so they are slow in exactly the same way: the test
controls the timing instead of guessing how fast this machine reads a big file.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

RULES = Path(__file__).parent / "fixtures" / "rules_small"
GOOD = "1. Liaisons. Each Party shall designate a liaison.\n2. Meetings. The Parties shall meet quarterly.\n"
DRIVER = '''
import time
import checker.document_check as run  # where one document is read and checked

_extract = run.extract_mou


def _slow(path, opts):
    if path.name.startswith("slow"):
        time.sleep(600)
    return _extract(path, opts)


run.extract_mou = _slow

if __name__ == "__main__":
    from checker.cli import main

    main()
'''


def _folder(tmp_path: Path, slow: int = 2) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(GOOD)
    for i in range(slow):
        (root / f"slow{i}.txt").write_text(GOOD + f"\n3. Copy {i}.\n")
    return root


def _start(tmp_path: Path, *args: str, **kw) -> subprocess.Popen:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    return subprocess.Popen([sys.executable, str(driver), "check", "--rules", str(RULES), "--as-of", "2026-01-01",
                             "--no-cache", "--fail-on", "never", "-q", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, **kw)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


def _workers(parent: int) -> list[int]:
    """Live worker processes of `parent` (multiprocessing children other than the resource tracker)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"multiprocessing" in cmd and b"resource_tracker" not in cmd and _alive(int(entry)):
            out.append(int(entry))
    return out


def _wait_for_busy_workers(proc: subprocess.Popen, n: int = 2) -> list[int]:
    end = time.monotonic() + 60
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        pids = _workers(proc.pid)
        if len(pids) >= n:
            time.sleep(2.0)  # the initializer loads the rules; then each worker sleeps in a slow file
            return pids
        time.sleep(0.1)
    raise AssertionError("the workers never started")


def _cleanup(proc: subprocess.Popen, pids: list[int]) -> None:
    """After a failed assertion: leave no process of this test running."""
    for pid in [proc.pid, *pids]:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    try:
        proc.communicate(timeout=10)
    except (subprocess.TimeoutExpired, ValueError):
        pass


def _assert_gone(pids: list[int]) -> None:
    end = time.monotonic() + 15
    while time.monotonic() < end and any(_alive(p) for p in pids):
        time.sleep(0.1)
    assert not [p for p in pids if _alive(p)], "worker processes outlived the main process"


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def test_workers_die_when_the_main_process_is_killed(tmp_path: Path) -> None:
    proc = _start(tmp_path, "--jobs", "2", str(_folder(tmp_path)))
    workers: list[int] = []
    try:
        workers = _wait_for_busy_workers(proc)
        proc.kill()  # SIGKILL: no cleanup code runs in the main process
        proc.communicate(timeout=30)
        _assert_gone(workers)
    finally:
        _cleanup(proc, workers)


@pytest.mark.parametrize("sig, code, word", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_terminate_or_ctrl_c_stops_workers_and_writes_no_report(tmp_path: Path, sig, code: int, word: str) -> None:
    out = tmp_path / "report.json"
    proc = _start(tmp_path, "--jobs", "2", "--format", "json", "--output", str(out), str(_folder(tmp_path)),
                  start_new_session=True)
    workers: list[int] = []
    try:
        workers = _wait_for_busy_workers(proc)
        # Ctrl-C in a terminal signals the whole foreground process group; SIGTERM comes to the main process.
        os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
        _stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == code, stderr
        assert word in stderr and "Traceback" not in stderr
        assert not out.exists()
        _assert_gone(workers)
    finally:
        _cleanup(proc, workers)


def test_timeout_is_enforced_in_workers(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = _start(tmp_path, "--jobs", "2", "--timeout", "2", "--format", "json", "--output", str(out),
                  str(_folder(tmp_path, slow=3)))
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 3, stderr
    report = {Path(d["path"]).name: d for d in json.loads(out.read_text())["documents"]}
    assert report["good.txt"]["status"] == "checked"
    for name in ("slow0.txt", "slow1.txt", "slow2.txt"):
        assert report[name]["status"] == "error"
        assert "took longer than 2 s to read and check (--timeout)" in report[name]["error"]


def test_timeout_is_enforced_in_one_process(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = _start(tmp_path, "--jobs", "1", "--timeout", "1", "--format", "json", "--output", str(out),
                  str(_folder(tmp_path, slow=1)))
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 3, stderr
    report = {Path(d["path"]).name: d for d in json.loads(out.read_text())["documents"]}
    assert report["good.txt"]["status"] == "checked" and "took longer than 1 s" in report["slow0.txt"]["error"]


def _cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "check", "--rules", str(RULES), "--as-of", "2026-01-01",
                           "--fail-on", "never", "-q", *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, env=env, preexec_fn=lambda: os.umask(0o022))


def test_output_files_get_normal_permissions(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    res = _cli(tmp_path, "good.txt", "--output", "out/report.html", "--format", "html", "--report-dir", "")
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "out" / "report.html").stat().st_mode & 0o777 == 0o644
    cache = Path(os.environ["COMPLIANCE_CHECK_CACHE_DIR"])
    entries = [p for p in cache.rglob("*.json")]
    assert entries and all(p.stat().st_mode & 0o777 == 0o644 for p in entries)


def test_no_report_copy_in_the_working_folder_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    env = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_CHECK_REPORT_DIR"}
    res = _cli(tmp_path, "good.txt", env=env)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.txt"]  # no reports/ folder appeared
    res = _cli(tmp_path, "good.txt", "--report-dir", "saved", env=env)
    assert (tmp_path / "saved" / "compliance-report.txt").stat().st_mode & 0o777 == 0o644
