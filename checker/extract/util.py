"""Small helpers shared by the extractors."""
from __future__ import annotations

import hashlib
import os
import time
from functools import lru_cache
from pathlib import Path

_RACY_S = 2.0  # files modified more recently than this are hashed afresh every time


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """The file's sha256, read once per process while the file stays the same.

    A run asks for the same file's hash several times (the cache key, the pool decision,
    the Document, the "did it change while we read it" check); the answer is remembered
    under the file's identity and stat (inode, size, modification and change times), so an
    edited or replaced file is hashed again and an unchanged one is read only once. File
    times are coarse (a few ms), so a file changed in the last seconds is always re-read
    (git's "racy" rule): two writes of the same length within one tick cannot hide.
    """
    st = os.stat(path)
    if time.time() - st.st_mtime < _RACY_S:
        return _hash.__wrapped__(os.fspath(path), ())
    return _hash(os.path.abspath(path), (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))


@lru_cache(maxsize=4096)
def _hash(path: str, _identity: tuple[int, ...]) -> str:
    """Hash in chunks so a large PDF is never held twice in memory."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
