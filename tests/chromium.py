"""Headless Chromium for the HTML report tests: open a page, let its scripts run, return the DOM.

Why no driver library: `chromium --headless --dump-dom` is enough. A test that must act on
the page (open a snippet, press a key, mark a finding, export) appends its own script to a
copy of the report, after the report's script; that script drives the page through the
same DOM events a reviewer causes and writes what it saw as JSON into `<pre id="test-out">`.
Without Chromium a test is skipped locally and FAILS in CI (CI set).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from itertools import count
from pathlib import Path
from typing import Any

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_RUNS = count()


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; .ci/run must `apt-get install -y chromium`.")
    pytest.skip("Chromium not installed (apt-get install -y chromium); required in CI.")


def dump_dom(page: Path, query: str = "", *, script: str | None = None, profile: Path | None = None,
             scripts: bool = True, budget_ms: int = 4000) -> str:
    """The page's DOM after load (and `script`, appended to a copy, has run).

    `scripts=False` opens a copy with every script element removed: what a browser with
    scripts disabled runs (`--blink-settings=scriptEnabled=false` would also stop --dump-dom).
    """
    exe = browser()
    target = page
    if script is not None or not scripts:
        target = page.with_name(f"{page.stem}-test{next(_RUNS)}.html")
        text = page.read_text(encoding="utf-8")
        if not scripts:  # --dump-dom itself needs scripts on; a copy without the page's scripts is the same page
            text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
        if script is not None:
            text = text.replace("</body>", f"<script>{script}</script></body>")
        target.write_text(text, encoding="utf-8")
    profile = profile or page.parent / f"profile-{next(_RUNS)}"
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}"]
    proc = subprocess.run(args + ["--dump-dom", target.as_uri() + query], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


def read_out(dom: str) -> Any:
    """The JSON a test script wrote into <pre id="test-out">."""
    m = re.search(r'<pre id="test-out">(.*?)</pre>', dom, re.S)
    assert m, "the test script did not write <pre id=\"test-out\"> (did it throw?)"
    return json.loads(html.unescape(m.group(1)))


#: helpers for test scripts: `report(obj)` writes the result; `later(fn)` runs after pending tasks
PRELUDE = """
function report(obj){var pre=document.createElement('pre');pre.id='test-out';
  pre.textContent=JSON.stringify(obj);document.body.appendChild(pre);}
function later(fn,ms){setTimeout(function(){try{fn();}catch(e){report({error:String(e&&e.stack||e)});}},ms||50);}
function key(k){document.body.dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true}));}
"""
