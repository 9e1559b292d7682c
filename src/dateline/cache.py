"""A cache folder for tables Dateline derives from its own shipped data.

Some tables (the gazetteer index above all) take seconds to build from the data files, and
every process pays for it: each ``--workers`` worker too, inside the run. The built table
is pickled into ``SETTINGS.cache_dir`` (``$DATELINE_CACHE_DIR``, default
``~/.cache/dateline``) under a name that fingerprints what it was built from (Dateline's
version, Python's, the input files' sizes and times, the data packages' versions), so a
change to any of them builds it again. Nothing in it is downloaded.

The cache is an optimisation only: an unreadable, corrupt or unwritable cache falls back to
building in memory, silently; ``DATELINE_CACHE_DIR=off`` turns it off. It is read with
``pickle``, like Python's own ``__pycache__``: the folder is the user's own (created 0700).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from dateline.config import SETTINGS

T = TypeVar("T")
OFF = "off"
STALE_AFTER_S = 7 * 24 * 3600
log = logging.getLogger(__name__)


def cache_folder() -> Path | None:
    """The configured folder, or None when the cache is turned off."""
    configured = SETTINGS.cache_dir.strip()
    return None if configured.lower() in (OFF, "") else Path(configured).expanduser()


def fingerprint(inputs: Iterable[Path | str]) -> str:
    """A short hash of what a table is built from: files by size and time, packages by
    version (a string input names an installed distribution)."""
    parts = [_dateline_version(), sys.version, str(pickle.HIGHEST_PROTOCOL)]
    for item in inputs:
        if isinstance(item, Path):
            try:
                st = item.stat()
                parts.append(f"{item}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{item}:missing")
        else:
            try:
                parts.append(f"{item}=={metadata.version(item)}")
            except metadata.PackageNotFoundError:
                parts.append(f"{item}:missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def load_or_build(
    name: str, build: Callable[[], T], inputs: Iterable[Path | str], folder: Path | None = None
) -> T:
    """The table ``name`` from the cache when it is there and current, else ``build()``
    (then stored for the next process)."""
    folder = folder if folder is not None else cache_folder()
    if folder is None:
        return build()
    path = folder / f"{name}-{fingerprint(inputs)}.pickle"
    found = _read(path)
    if found is not None:
        return found
    value = build()
    _write(path, value)
    return value


def _read(path: Path) -> object | None:
    try:
        with path.open("rb") as fh:
            # Millions of small objects: the cyclic collector would run many times while they
            # are created and find nothing to free (halves the load time).
            gc.disable()
            try:
                return pickle.load(fh)  # noqa: S301 (our own file in the user's own folder)
            finally:
                gc.enable()
    except FileNotFoundError:
        return None
    except Exception as exc:  # corrupt, truncated, written by another version: rebuild
        log.info("ignoring unreadable cache file %s: %s", path, exc)
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def _write(path: Path, value: object) -> None:
    """Write atomically (a temporary file, then a rename): two processes building at once
    never leave a half-written file, the last rename wins."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _remove_stale(path)
    except Exception as exc:  # read-only home, full disk, unpicklable: build next time too
        log.info("not caching %s: %s", path, exc)


def _remove_stale(path: Path) -> None:
    """Other versions of the same table not written for a week (another checkout may still
    use a recent one)."""
    stem = path.stem.rsplit("-", 1)[0]
    week_ago = time.time() - STALE_AFTER_S
    for old in path.parent.glob(f"{stem}-*.pickle"):
        with contextlib.suppress(OSError):
            if old != path and old.stat().st_mtime < week_ago:
                old.unlink()


def _dateline_version() -> str:
    try:
        return metadata.version("dateline")
    except metadata.PackageNotFoundError:
        return "unknown"
