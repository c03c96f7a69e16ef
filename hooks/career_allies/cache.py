"""A build cache on disk: checked definitions and finished forms, as JSON.

Reading and checking the definitions, compiling the templates and rendering
every form is most of what the extension costs a build. None of it changes
unless a definition, a template or this package changes, so the results are
kept in a folder (`.cache/career-allies/` under MkDocs) keyed by a digest of
exactly those inputs. A missing, stale, unreadable or foreign file is simply
a miss: the cache can be deleted at any time, and it never holds anything
that is not rebuilt from the repository.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import jinja2

_PACKAGE = Path(__file__).parent
_code: str | None = None
_build: dict[Any, Any] | None = None
T = TypeVar("T")


# Python's cyclic garbage collector, during a build: by default it runs
# after every 700 new objects, and a build makes millions (pages, template
# code, YAML), nearly all freed by reference counting, never by the
# collector. From MkDocs' on_startup on it ran some 50-65 times a build,
# once walking every object: 35-50 ms of CPU, fresh clone or warm. After
# every 20,000 new objects it runs once or twice, 5-7 ms (gc.callbacks, the
# two settings against each other). The few objects it frees wait a little
# longer (peak memory +1 MB of 84). What is built does not change.
BUILD_GC_THRESHOLD = (20_000, 20, 20)
_gc_before: tuple[int, int, int] | None = None


def begin_build() -> None:
    """For a host that says when each build starts (hooks/site.py
    does, from on_config): from then on, which definition files and
    templates there are, and when they last changed, is looked up once per
    build instead of once per page. A host that never calls this gets a
    fresh look every time, which is always right, only slower. The
    collector runs less often from here on (collect_less)."""
    global _build
    _build = {}
    collect_less()


def collect_less() -> None:
    """The collector after every BUILD_GC_THRESHOLD[0] new objects, until
    end_build(). begin_build() calls it; a host may call it earlier (the
    MkDocs hooks do, on startup, before any plugin's on_config)."""
    global _gc_before
    if _gc_before is None:
        _gc_before = gc.get_threshold()
        gc.set_threshold(*BUILD_GC_THRESHOLD)


def end_build() -> None:
    """Back to a fresh look every time, and the collector as it was: for a
    host that builds once and then goes on in the same process
    (career_allies.zensical.build, which a test or a script may call again
    after changing a file)."""
    global _build, _gc_before
    _build = None
    if _gc_before is not None:
        gc.set_threshold(*_gc_before)
        _gc_before = None


def once_per_build(key: Any, compute: Callable[[], T]) -> T:
    """compute(), remembered until the next begin_build() (if any)."""
    if _build is None:
        return compute()
    if key not in _build:
        _build[key] = compute()
    return _build[key]


def walk_files(folders: Iterable[str | Path]) -> Iterator[os.DirEntry[str]]:
    """Every file under `folders`, at any depth (a folder that cannot be
    read is passed over). os.scandir: pathlib's rglob is several times slower."""
    pending = [str(folder) for folder in folders]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                pending.append(entry.path)
            else:
                yield entry


def file_stamps(folders: Any, suffixes: tuple[str, ...] | None = None) -> list[tuple[str, int, int]]:
    """(path, change time, size) of every file under `folders` (or only those
    ending in one of `suffixes`): what a memo checks to see if its inputs changed."""
    found = []
    for entry in walk_files(folders):
        if suffixes is None or entry.name.endswith(suffixes):
            st = entry.stat()
            found.append((entry.path, st.st_mtime_ns, st.st_size))
    return found


def write_anew(path: str | Path, data: bytes | memoryview) -> None:
    """Write a file anew. Removed first, not truncated: on ext4, closing a
    file that was truncated and rewritten waits for its blocks to be
    allocated (the auto_da_alloc safeguard), which made a hit's writes twice as slow."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    with open(path, "wb") as handle:
        handle.write(data)


def write_whole(path: str | Path, *chunks: bytes | memoryview) -> None:
    """Write `path` whole or not at all, even with two builds at once: into
    a scratch file named by the process, then renamed over it. On an
    OSError the scratch file goes and the error is raised (a read-only
    checkout: each cache's caller builds on without it)."""
    scratch = f"{path}.{os.getpid()}.tmp"
    try:
        with open(scratch, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(scratch, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(scratch)
        raise


def keep_newest(folder: str | Path, matches: Callable[[str], bool], most: int, keep: int) -> None:
    """When more than `most` files in `folder` have names that `matches`,
    remove the oldest of them (by change time: a hit touches its entry)
    until `keep` remain."""
    entries = [entry for entry in os.scandir(folder) if matches(entry.name)]
    if len(entries) > most:
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
        for entry in entries[: len(entries) - keep]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def digest(*parts: Any) -> str:
    """A short stable digest of JSON-ready parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def code_digest() -> str:
    """The source of this package and the versions of Jinja and Markdown: a
    cached result never outlives the code that made it. Computed once per
    process, because that is the code actually running (a host such as
    `mkdocs serve` reloads pages, not Python)."""
    global _code
    if _code is None:
        import markdown

        sources = sorted((p.name, p.read_bytes().decode("utf-8", "replace")) for p in _PACKAGE.glob("*.py"))
        _code = digest(sources, jinja2.__version__, markdown.__version__)
    return _code


class DiskCache:
    """Files in one folder, one per result, named by the digest of its
    inputs: a JSON line with the key and the digest of the value's JSON text, then that text."""

    LIMIT = 400  # files; past this the oldest half goes, so edits never pile up

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder else None

    def get(self, kind: str, key: str) -> Any | None:
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{kind}-{key}.json", encoding="utf-8") as handle:
                head, _, body = handle.read().partition("\n")
            stored = json.loads(head)
            # Only exactly what put() wrote counts: the right key, and a value
            # whose text matches the digest written with it. Any other file,
            # however well-formed, is a miss, so no reader meets a shape it
            # did not make.
            if not isinstance(stored, dict) or set(stored) != {"key", "digest"} or stored["key"] != key:
                return None
            if stored["digest"] != _text_digest(kind, body):
                return None
            return json.loads(body)
        except (OSError, ValueError, RecursionError):  # RecursionError: nested too deep to read
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        """A line naming the key and the digest of the value's JSON, then
        that JSON: the value is serialised once (get() reads tuples as lists)."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            body = json.dumps(value, ensure_ascii=False)
            head = json.dumps({"key": key, "digest": _text_digest(kind, body)})
            write_whole(self.folder / f"{kind}-{key}.json", (head + "\n" + body).encode("utf-8"))
            keep_newest(self.folder, lambda name: name.endswith(".json"), self.LIMIT, self.LIMIT // 2)
        except OSError:
            pass  # a read-only checkout still builds, just without the cache


def _text_digest(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\n{text}".encode()).hexdigest()[:32]


class _TolerantBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates; a file that is damaged or
    not Jinja's counts as a miss, like every file in this cache."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unpickling junk can raise almost anything
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # As Jinja does (a scratch file, then os.replace), but named by the
        # process: Jinja's NamedTemporaryFile costs about five times as much,
        # and a fresh clone's build writes some sixty of these.
        with contextlib.suppress(OSError):  # a read-only checkout still builds
            write_whole(self._get_cache_filename(bucket), bucket.bytecode_to_string())


def bytecode_cache(folder: str | Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in `folder`, or None. Jinja checks each
    template's source before using what it kept."""
    if not folder:
        return None
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TolerantBytecodeCache(str(folder))
