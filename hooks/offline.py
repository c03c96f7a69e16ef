"""MkDocs adapter for the offline copy (`make offline`, mkdocs-offline.yml).

It does something only when Material's offline plugin is on. Instant
navigation cannot work from file://, and Material, left with it switched on
there, never announces the page to scripts (its `document$` ends without a
page), so worksheets would not load saved answers, and the table of contents
would not follow. This turns instant navigation off for that build, so
mkdocs-offline.yml can inherit the feature list instead of copying it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

OFFLINE_PLUGINS = ("material/offline", "offline")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = next((config.plugins[name] for name in OFFLINE_PLUGINS if name in config.plugins), None)
    if plugin is None or not getattr(plugin, "config", {}).get("enabled", True):
        return config
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    return config
