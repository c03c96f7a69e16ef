"""MkDocs adapter for the site model (career_allies/site.py).

The Site is read from the files on disk (mkdocs.yml, organisation.yml, the
definitions and the docs tree), so this hook only hands it to MkDocs:

- on_config: applies `site.config_changes()` (site name, description,
  footer, logo, favicon, nav after switches with the organisation's pages,
  extra_css with the brand colours, and `extra`: the organisation's template
  data and the course index the templates embed; in the offline copy, the
  theme features without instant navigation);
- on_files: leaves `site.unpublished()` out of the build (the notes folder,
  switched-off pages), adds `site.generated_files()` (the browser's data scripts, the colour stylesheet)
  and the PDFs `make pdf` printed, under pdf/;
- on_serve: also watches organisation.yml.

Every mistake found while reading the site stops the build with file, line
and what to do (a PluginError), never a traceback. The per-page work runs
in the career_allies Markdown extension; hooks/context.py tells it the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from career_allies import DefinitionError
from career_allies.cache import begin_build, collect_less
from career_allies.organisation import SETTINGS_FILE
from career_allies.site import EXTENSION, Site, load_site


def _site(config: MkDocsConfig) -> Site:
    try:
        return load_site(Path(config.config_file_path))
    except DefinitionError as error:
        raise PluginError(error.report()) from None


def on_startup(*, command: str, dirty: bool) -> None:
    collect_less()  # before every plugin's on_config too: a build's garbage collector (career_allies/cache.py)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    begin_build()  # each build (serve rebuilds too) looks at definition and template files once
    if EXTENSION not in config.markdown_extensions:
        raise PluginError(
            f"hooks/site.py needs the '{EXTENSION}' Markdown extension: add it under markdown_extensions in mkdocs.yml"
        )
    for key, value in _site(config).config_changes().items():
        if key in ("theme", "extra"):
            for name, setting in value.items():
                config[key][name] = setting
        else:
            config[key] = value
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    site = _site(config)
    unpublished = site.unpublished()
    generated = site.generated_files()
    for file in list(files):
        if file.src_uri in unpublished or file.src_uri in generated:
            files.remove(file)
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    if site.options.pdf_dir.is_dir():
        for pdf in sorted(site.options.pdf_dir.glob("*.pdf")):
            files.append(File.generated(config, f"pdf/{pdf.name}", abs_src_path=str(pdf)))
    return files


def on_serve(server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(Path(config.config_file_path).resolve().parent / SETTINGS_FILE))
    return server
