"""Read an mkdocs-style config file as data, without MkDocs.

A small safe YAML loader that understands what a site config holds:
`!ENV [NAME, default]` (site_url from the deploy job), and python tags such
as `!!python/name:material.extensions.emoji.twemoji`, which become None (the
site model never needs them). `INHERIT:` is deep-merged as MkDocs does it:
mappings merge key by key, anything else (lists too) is replaced.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .errors import DefinitionError, Problem


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # LibYAML when built in
    """SafeLoader plus the tags a site config uses; records the environment it read."""

    def __init__(self, stream: Any):
        super().__init__(stream)
        self.env_read: dict[str, str | None] = {}


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    # As pyyaml_env_tag (MkDocs' !ENV): the first variable that is set, else
    # the last item of a list of two or more as the default.
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        return None
    for name in names:
        value = os.environ.get(str(name))
        loader.env_read[str(name)] = value
        if value is not None:
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _ignored(loader: _ConfigLoader, suffix: Any, node: yaml.Node | None = None) -> None:
    return None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored)
_ConfigLoader.add_constructor(None, lambda loader, node: None)  # any other tag (!relative...)


def merge(parent: Any, child: Any) -> Any:
    """MkDocs' INHERIT merge: mappings deep-merged, everything else replaced."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = merge(parent[key], value) if key in parent else value
        return out
    return child


def read_config(path: Path, _seen: tuple[Path, ...] = (), *, loader_class: type[_ConfigLoader] | None = None
                ) -> tuple[dict[str, Any], list[Path], dict[str, str | None]]:
    """The config as a dict with INHERIT resolved, the files it came from
    (for a memo's signature), and the environment variables it read.
    `loader_class`: a subclass of the loader that reads some tags otherwise
    (the Zensical path keeps python names, career_allies/zensical.py)."""
    path = path.resolve()
    if path in _seen:
        raise DefinitionError([Problem(str(path.name), None, "INHERIT leads back to this file: remove the loop")])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise DefinitionError(
            [Problem(str(path), None, f"could not be read ({error.strerror}): check the path of the config file")]
        ) from None
    loader = (loader_class or _ConfigLoader)(text)
    try:
        data = loader.get_single_data() or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DefinitionError(
            [
                Problem(
                    path.name,
                    mark.line + 1 if mark else None,
                    f"YAML could not read this file: {getattr(error, 'problem', None) or error}",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise DefinitionError([Problem(path.name, 1, "the config should be a list of 'name: value' settings")])
    files, env = [path], dict(loader.env_read)
    parent_name = data.pop("INHERIT", None)
    if parent_name:
        parent, more, more_env = read_config(path.parent / str(parent_name), (*_seen, path), loader_class=loader_class)
        data = merge(parent, data)
        files += more
        env.update(more_env)
    return data, files, env
