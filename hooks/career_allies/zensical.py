"""Build the site with Zensical: `python -m career_allies.zensical build`.

Zensical reads mkdocs.yml and runs our Markdown extension (which finds each
page through Zensical's own `rendering_context`), but ignores `hooks:`. So
the site-level work the MkDocs hooks do in on_config comes from the same
site model (career_allies.site.load_site), through a generated config:

1. `site = load_site(mkdocs.yml)` (every problem at once, file and line);
2. a flat copy of the config (INHERIT resolved, as Zensical's own INHERIT
   appends lists where MkDocs replaces them), without `hooks:`, with
   `site.config_changes()` applied, the pages that must not be published
   added to `exclude_docs`, `watch:` listing the definitions, the form
   templates and organisation.yml (so a warm build never serves a stale
   form), and the extension told where the real config file is. It is
   written beside the config, as `<name>.zensical.generated.yml`
   (git-ignored; Zensical resolves paths from its config's folder);
3. `zensical build -f <that file>`;
4. the site model's generated files and the printed PDFs (`make pdf`) into
   the site; with pages switched off, the built pages' links checked
   (career_allies.links: Zensical's own check is off then); then
   career_allies.finish.finish_site, as after a MkDocs build.

Usage:

    python -m career_allies.zensical build [--strict] [-f mkdocs.yml] [-d SITE_DIR]
    python -m career_allies.zensical serve [-f mkdocs.yml] [-a 127.0.0.1:8000]

A problem in the input prints its report and exits 1, no traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

from .cache import begin_build, end_build, write_whole
from .errors import DefinitionError
from .finish import FinishError, finish_site, site_assets, site_palette
from .links import dead_links
from .links import report as dead_links_report
from .organisation import SETTINGS_FILE
from .site import EXTENSION, Site, load_site
from .siteconfig import _ConfigLoader, merge
from .siteconfig import read_config as _read_config

SUFFIX = ".zensical.generated.yml"
# Where Zensical builds when the site is wanted outside the project (Zensical
# keeps site_dir inside the project root); then copied to the folder asked for.
RELAY = Path(".cache") / "career-allies" / "zensical-site"


class ZensicalError(Exception):
    """A problem with the config or the build; the message says what to do."""


# --- Reading the config as the site model does, keeping python names ---

class _Loader(_ConfigLoader):
    """The site model's config loader (!ENV resolved now), except that
    `!!python/name:x.y` is kept as the text "x.y", which Zensical imports
    itself (pymdownx.emoji's index and generator)."""


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str | None:
    return suffix[len("name:"):] if suffix.startswith("name:") else None


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)  # same key: replaces the model's "ignore"


def read_config(config_file: Path) -> dict:
    """The config with INHERIT merged as MkDocs does (Zensical's own INHERIT appends lists)."""
    return _read_config(config_file, loader_class=_Loader)[0]


# --- The generated config ---

def _extension_entry(config: dict) -> tuple[int, dict] | None:
    for index, entry in enumerate(config.get("markdown_extensions") or []):
        if entry == EXTENSION:
            return index, {}
        if isinstance(entry, dict) and EXTENSION in entry:
            return index, dict(entry[EXTENSION] or {})
    return None


def generated_config(site: Site, config_file: Path, site_dir: Path | None = None) -> dict:
    """The user's config, flat, with what the MkDocs hooks would have done to it."""
    config_file = config_file.resolve()
    root = config_file.parent
    config = read_config(config_file)
    config.pop("hooks", None)
    config = merge(config, site.config_changes())
    # The course's stylesheet and the organisation's colours are written for
    # Material's look, which Zensical calls its classic variant (its default,
    # "modern", has a white header and other fonts and icons).
    theme = config.setdefault("theme", {})
    if isinstance(theme, dict):
        theme.setdefault("variant", "classic")

    hidden = sorted(f"/{path}" for path in site.unpublished())
    exclude = [line for line in str(config.get("exclude_docs") or "").splitlines() if line.strip()]
    config["exclude_docs"] = "\n".join([*exclude, *(p for p in hidden if p not in exclude)]) + "\n"

    found = _extension_entry(config)
    if found is None:
        raise ZensicalError(
            f"error: {config_file.name}: the '{EXTENSION}' Markdown extension is missing: "
            "add it under markdown_extensions"
        )
    index, options = found
    # The options as the site model resolved them (absolute paths, the
    # organisation's site_id, what paper copies say), and where the config is.
    options.update(site.options.markdown_config(site.paper))
    options["config_file"] = str(config_file)
    config["markdown_extensions"][index] = {EXTENSION: options}

    if site.off:
        # Zensical checks links in the Markdown source, before the extension
        # has turned links to switched-off pages into text, so it would report
        # every one of them. With pages switched off, the built pages are
        # checked instead, after Zensical (career_allies/links.py).
        validation = config.setdefault("validation", {})
        if isinstance(validation, dict):
            validation["invalid_links"] = False

    watch = [str(w) for w in config.get("watch") or []]
    for path in (site.options.definitions, *site.options.templates, root / SETTINGS_FILE, config_file):
        name = os.path.relpath(path, root)
        if name not in watch and Path(path).exists():
            watch.append(name)
    config["watch"] = watch
    if site_dir is not None:
        config["site_dir"] = str(site_dir)
    return config


def generated_path(config_file: Path) -> Path:
    return config_file.resolve().parent / f"{config_file.stem}{SUFFIX}"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # LibYAML when built in
    """Plain YAML; text of several lines (exclude_docs) as a `|` block.
    LibYAML's emitter writes the same text as PyYAML's, five times faster
    (the config carries the course index: some 15 KB)."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def write_generated(config: dict, config_file: Path) -> Path:
    """The generated config, written only if its text changed (the live
    server rebuilds only then), and whole: Zensical never reads half of one."""
    target = generated_path(config_file)
    head = (f"# Generated by `python -m career_allies.zensical` from {config_file.name} and {SETTINGS_FILE}:\n"
            "# do not edit (it is rewritten on every build) and do not commit (it is git-ignored).\n")
    text = head + yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_whole(target, text.encode("utf-8"))
    return target


@contextlib.contextmanager
def _libyaml_config_reader() -> Iterator[None]:
    """Zensical reads the config with PyYAML's pure-Python `yaml.Loader`;
    for the generated config, which carries the course index (some 15 KB,
    four times the hand-written mkdocs.yml), that took some 100 ms of a warm
    build. For the length of one build, Zensical's config module gets
    LibYAML's loader of the same kind (`yaml.CLoader`: the same tags and
    constructors, Zensical's !ENV added to a subclass of its own), which
    reads the same file into the same data in half the time
    (tests/test_engines.py compares the two). Left as it is when LibYAML is
    missing or Zensical reads its config some other way."""
    try:
        from zensical import config as zensical_config
    except ImportError:
        yield
        return
    if getattr(zensical_config, "Loader", None) is not yaml.Loader or not hasattr(yaml, "CLoader"):
        yield
        return
    zensical_config.Loader = _LibYAMLLoader  # type: ignore[misc]
    try:
        yield
    finally:
        zensical_config.Loader = yaml.Loader  # type: ignore[misc]


class _LibYAMLLoader(getattr(yaml, "CLoader", yaml.Loader)):  # type: ignore[misc]
    """yaml.CLoader, with constructors of its own (add_constructor copies the table on first use)."""


# --- After Zensical ---

def publish_extras(site: Site, site_dir: Path) -> None:
    """What Zensical does not know about: generated files (the browser's data
    scripts, the organisation's colours) and the PDFs `make pdf` printed, under pdf/."""
    for name, text in site.generated_files().items():
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    printed = site.options.pdf_dir
    if printed.is_dir():
        for pdf in sorted(printed.glob("*.pdf")):
            (site_dir / "pdf").mkdir(exist_ok=True)
            shutil.copyfile(pdf, site_dir / "pdf" / pdf.name)


def build(config_file: Path, *, strict: bool = False, site_dir: Path | None = None) -> Path:
    """Build the site with Zensical; returns the folder it is in.

    One build, one look at the inputs: Zensical converts each page in a
    fresh Markdown instance, and without this every page would scan docs/,
    the definitions and the templates again to see whether the site model
    and the forms are still current (as MkDocs' on_config does for its builds)."""
    begin_build()
    try:
        return _build(config_file, strict=strict, site_dir=site_dir)
    finally:
        end_build()


def _build(config_file: Path, *, strict: bool, site_dir: Path | None) -> Path:
    config_file = config_file.resolve()
    root = config_file.parent
    site = load_site(config_file)
    if site_dir is None:
        wanted = root / str(read_config(config_file).get("site_dir") or "site")
    else:
        wanted = Path.cwd() / site_dir
    inside = wanted.resolve().is_relative_to(root)
    build_dir = wanted if inside else root / RELAY / config_file.stem
    target = wanted.resolve()
    if target == root or site.docs.is_relative_to(target) or target.is_relative_to(site.docs):
        # It is emptied first, as MkDocs empties site_dir: never the project or its pages.
        raise ZensicalError(
            f"error: the site folder {wanted} holds or sits inside the project's pages: "
            "choose another (site/ is the default)"
        )
    config = generated_config(site, config_file, build_dir.resolve())
    generated = write_generated(config, config_file)
    shutil.rmtree(build_dir, ignore_errors=True)  # as MkDocs does: no page left over from an earlier build

    import zensical

    try:
        with _libyaml_config_reader():
            zensical.build(str(generated), {"strict": strict, "clean": False})
    except DefinitionError:
        raise
    except Exception as error:  # Zensical reports every problem as RuntimeError text
        raise ZensicalError(failure(str(error))) from None

    publish_extras(site, build_dir)
    if site.off:  # Zensical's own link check is off (generated_config): check the built pages
        dead = dead_links(build_dir, site.docs)
        if dead and strict:
            raise ZensicalError("error: " + dead_links_report(dead))
        if dead:
            print("WARNING -  " + dead_links_report(dead), file=sys.stderr)
    finish_site(build_dir, meta_csp=not site.offline, minify=True,
                assets=site_assets(site), docs_dir=site.docs, palette=site_palette(site),
                cache_dir=site.options.cache_dir)
    if not inside:
        shutil.rmtree(wanted, ignore_errors=True)
        shutil.copytree(build_dir, wanted)
        return wanted
    return build_dir


_PROBLEM = re.compile(r"DefinitionError: (.*?)(?=\nTraceback|\Z)", re.S)


def failure(text: str) -> str:
    """What to print when Zensical stops: a problem our extension found on a
    page (Zensical hands it back as text, with Python's traceback) as the
    same report MkDocs prints; anything else without the traceback."""
    found = _PROBLEM.search(text)
    if found:
        return found.group(1).strip()
    return "error: zensical build failed: " + text.split("\nTraceback", 1)[0].strip()


def serve(config_file: Path, *, dev_addr: str | None = None) -> None:
    """Zensical's live-reload server on the generated config. Pages follow
    edits to definitions, templates and pages (the extension reloads the
    site model); site-wide settings (name, nav, colours, pages switched off)
    follow edits to the config and organisation.yml, as under `mkdocs
    serve`: a thread looks at the two files each second and writes the
    generated config afresh when they change, which Zensical then reloads.
    No after-build step here, as under `mkdocs serve`."""
    config_file = config_file.resolve()
    stamp = _settings_stamp(config_file)  # before the first write: an edit from here on is seen
    generated = _write_for_serve(config_file)  # a problem here stops the server before it starts

    import zensical

    stop = threading.Event()
    threading.Thread(target=_follow_settings, args=(config_file, stop, stamp), daemon=True).start()
    try:
        zensical.serve(str(generated), {"dev_addr": dev_addr, "open": False, "strict": False})
    except KeyboardInterrupt:
        pass
    except Exception as error:
        raise ZensicalError(failure(str(error)).replace("zensical build", "zensical serve")) from None
    finally:
        stop.set()


def refresh_generated(config_file: Path) -> Path | None:
    """For the live server, once it runs: the generated config as the
    settings now are (see _write_for_serve). A problem in the settings is
    printed and the last good config stays in place, still served: None."""
    try:
        return _write_for_serve(config_file)
    except DefinitionError as error:
        print(error.report(), file=sys.stderr)
    except ZensicalError as error:
        print(error, file=sys.stderr)
    except OSError as error:
        print(f"error: could not write the generated config: {error}", file=sys.stderr)
    return None


def _write_for_serve(config_file: Path) -> Path:
    """The site model's generated files and the generated config as the
    settings now are: the files first, so the pages Zensical rebuilds on
    the new config find them."""
    site = load_site(config_file)
    config = generated_config(site, config_file)
    publish_extras(site, config_file.parent / str(config.get("site_dir") or "site"))
    return write_generated(config, config_file)


def _settings_stamp(config_file: Path) -> tuple:
    stamp: list[int | None] = []
    for file in (config_file, config_file.parent / SETTINGS_FILE):
        try:
            stamp.append(file.stat().st_mtime_ns)
        except OSError:  # missing, or an editor replacing it just now
            stamp.append(None)
    return tuple(stamp)


def _follow_settings(config_file: Path, stop: threading.Event, stamp: tuple, every: float = 1.0) -> None:
    while not stop.wait(every):
        now = _settings_stamp(config_file)
        if now != stamp:
            stamp = now
            try:
                refresh_generated(config_file)
            except Exception as error:  # noqa: BLE001  keep following: the last good config is still served
                print(f"error: the settings could not be read again: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m career_allies.zensical", description="Build the site with Zensical."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("build", help="build the site into site/ (or -d)")
    run.add_argument(
        "-f", "--config-file", default="mkdocs.yml", type=Path, help="the MkDocs-style config (default mkdocs.yml)"
    )
    run.add_argument(
        "-d", "--site-dir", type=Path, default=None, help="where to put the site (default: the config's site_dir)"
    )
    run.add_argument("-s", "--strict", action="store_true", help="stop on warnings")
    live = commands.add_parser("serve", help="serve the site with live reload")
    live.add_argument(
        "-f", "--config-file", default="mkdocs.yml", type=Path, help="the MkDocs-style config (default mkdocs.yml)"
    )
    live.add_argument("-a", "--dev-addr", default=None, help="IP:PORT (default localhost:8000)")
    args = parser.parse_args(argv)
    if not args.config_file.is_file():
        print(
            f"error: no config file at {args.config_file}: run this from the project folder or pass -f",
            file=sys.stderr,
        )
        return 1
    try:
        if args.command == "serve":
            serve(args.config_file, dev_addr=args.dev_addr)
            return 0
        out = build(args.config_file, strict=args.strict, site_dir=args.site_dir)
    except DefinitionError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except ZensicalError as error:
        print(error, file=sys.stderr)
        return 1
    except FinishError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Zensical built the site into {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
