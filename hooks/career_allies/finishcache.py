"""The after-build step's result, kept between builds (career_allies/finish.py).

finish_site reads the built pages, the site's scripts and stylesheets and
`_headers`, and writes pages, stylesheets, scripts and `_headers` back: the
same output whenever those files, its arguments and this package are the
same, which on a warm build they are. So its result is kept in the build
cache (the site model's cache_dir), keyed by

- every built file it reads or may write: each `*.html`, `*.js` and `*.css`
  anywhere in the site (the pages; the scripts the main stylesheet's trim
  scans; the theme's main and palette stylesheets; our own CSS and JS; a
  trimmed stylesheet's content-derived name, should it exist already) and
  `_headers`, by path and content;
- its arguments, and `docs/_headers` when it is given the docs folder;
- the code: this package's source (cache.code_digest) and the minifiers'.

An entry holds what the step changed: each file it wrote or made (path and
bytes) and each it removed. A hit writes those and runs none of the steps
(nor imports the Go minifier); a miss runs them and keeps what they did.
Any doubt is a miss: an entry that is unreadable, damaged (its body's digest
is stored with it), made for another key or naming a path outside the site;
and a run that changed a file the key does not cover is not kept. The cache
can be deleted at any time.

Plain Python, no MkDocs imports.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .cache import code_digest, keep_newest, walk_files, write_anew, write_whole

VERSION = "finish-1"
KIND = "finish"  # entries are finish-<key>.bin in the cache folder
KEEP = 6  # entries kept: a build of each config (MkDocs, Zensical, offline) and a few edits back
KEYED_SUFFIXES = (".html", ".js", ".css")
KEYED_NAMES = ("_headers",)


def _keyed(name: str) -> bool:
    return name.endswith(KEYED_SUFFIXES) or name in KEYED_NAMES


def _walk(site_dir: Path) -> dict[str, os.stat_result]:
    """Every file under site_dir, by site-relative path (with '/'), and its stat."""
    root = str(site_dir)
    return {os.path.relpath(entry.path, root).replace(os.sep, "/"): entry.stat() for entry in walk_files([root])}


def _read(site_dir: Path, names: list[str]) -> dict[str, bytes]:
    out = {}
    root = str(site_dir)
    for name in names:
        with open(os.path.join(root, name), "rb") as handle:
            out[name] = handle.read()
    return out


def _minifier_stamp() -> list:
    """What identifies the minifiers without importing the Go one (its import
    alone costs more than a hit): its package's files, by size and time."""
    import rcssmin
    import rjsmin

    stamp: list = [rcssmin.__version__, rjsmin.__version__]
    try:
        spec = importlib.util.find_spec("minify")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
        try:
            stamp += sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder) if e.is_file())
        except OSError:
            stamp.append("unreadable")
    return stamp


def finish_key(files: dict[str, bytes], arguments: Any) -> str:
    """The digest of everything the step's output depends on."""
    meta = json.dumps([VERSION, code_digest(), _minifier_stamp(), arguments], sort_keys=True, default=str)
    h = hashlib.blake2b(meta.encode("utf-8"), digest_size=20)
    for name in sorted(files):
        data = files[name]
        h.update(f"\0{name}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        h.update(data)
    return h.hexdigest()


class FinishStore:
    """One file per entry in the cache folder: a JSON line (the key, the
    files' names and sizes, the names removed, the step's report and the
    digest of the body), then the files' bytes one after another."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / f"{KIND}-{key}.bin"

    def get(self, key: str) -> tuple[list[tuple[str, memoryview]], list[str], Any] | None:
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                head = json.loads(handle.readline())
                body = memoryview(handle.read())
            if not isinstance(head, dict) or set(head) != {"key", "files", "removed", "done", "digest"}:
                return None
            files, removed = head["files"], head["removed"]
            if head["key"] != key or not isinstance(files, list) or not isinstance(removed, list):
                return None
            if hashlib.blake2b(body, digest_size=20).hexdigest() != head["digest"]:
                return None
            out, at = [], 0
            for name, size in files:
                if not _safe(name) or not isinstance(size, int) or size < 0:
                    return None
                out.append((name, body[at: at + size]))
                at += size
            if at != len(body) or not all(_safe(name) for name in removed):
                return None
            try:
                os.utime(path)  # recently used: kept longest
            except OSError:
                pass
            return out, removed, head["done"]
        except (OSError, ValueError, TypeError, RecursionError):
            return None

    def put(self, key: str, files: dict[str, bytes], removed: list[str], done: Any) -> None:
        names = sorted(files)
        body = b"".join(files[name] for name in names)
        try:
            head = json.dumps({"key": key, "files": [[name, len(files[name])] for name in names],
                               "removed": sorted(removed), "done": done,
                               "digest": hashlib.blake2b(body, digest_size=20).hexdigest()})
        except (TypeError, ValueError):
            return  # a report that is not JSON: not kept
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_whole(self._path(key), head.encode("utf-8") + b"\n", body)
            keep_newest(self.folder, lambda name: name.startswith(f"{KIND}-") and name.endswith(".bin"), KEEP, KEEP)
        except OSError:
            pass  # a read-only checkout still builds, just without the cache


def _safe(name: Any) -> bool:
    """A site-relative path that stays inside the site."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name or "\0" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def cached_finish(site_dir: Path, cache_dir: Path, arguments: Any, run: Callable[[], dict]) -> dict:
    """run() (the after-build step on site_dir), or what it did last time
    with exactly these inputs. `arguments`: everything else it depends on, as JSON-ready data."""
    site_dir = Path(site_dir)
    before = _walk(site_dir)
    keyed = sorted(name for name in before if _keyed(name.rsplit("/", 1)[-1]))
    files = _read(site_dir, keyed)
    key = finish_key(files, arguments)
    store = FinishStore(cache_dir)
    found = store.get(key)
    if found is not None:
        written, removed, done = found
        for name, data in written:
            target = os.path.join(site_dir, name)
            if name not in before:
                os.makedirs(os.path.dirname(target), exist_ok=True)
            write_anew(target, data)
        for name in removed:
            try:
                (site_dir / name).unlink()
            except FileNotFoundError:
                pass
        return done
    done = run()
    after = _walk(site_dir)
    changed: dict[str, bytes] = {}
    for name, stat in after.items():
        if name not in before:
            changed.update(_read(site_dir, [name]))
        elif name in files:
            now = _read(site_dir, [name])[name]
            if now != files[name]:
                changed[name] = now
        elif (stat.st_size, stat.st_mtime_ns) != (before[name].st_size, before[name].st_mtime_ns):
            return done  # a file the key does not cover changed: not kept
    removed = [name for name in before if name not in after]
    store.put(key, changed, removed, done)
    return done
