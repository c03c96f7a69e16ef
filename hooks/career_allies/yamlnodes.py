"""Load YAML keeping the line of every key and item, for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass
class Located:
    """A plain value (dict, list, str, int...) with the lines it came from."""

    value: Any
    line: int
    lines: dict[Any, int] = field(default_factory=dict)  # key or index -> line


def _convert(node: yaml.Node) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader.construct_scalar(_LOADER, key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = _convert(value_node)
            if key in out:
                raise _Duplicate(str(key), key_node.start_mark.line + 1)
            out[key] = child
            lines[key] = key_node.start_mark.line + 1
        return Located(out, line, lines)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(n) for n in node.value]
        return Located(items, line, {i: item.line for i, item in enumerate(items)})
    return Located(_LOADER.construct_object(node, deep=True), line)


class _Duplicate(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


_LOADER = yaml.SafeLoader("")
# libyaml's parser when PyYAML has it (about ten times faster); same nodes and marks.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Located | None:
    """Parse YAML text into Located values; raise ValueError(line, message)."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "could not be read"
        raise YamlSyntaxError(line, f"YAML syntax error: {problem}. Check indentation, colons and quotes") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors
        raise YamlSyntaxError(None, f"YAML syntax error: {exc}") from None
    if node is None:
        return None
    try:
        return _convert(node)
    except _Duplicate as dup:
        raise YamlSyntaxError(dup.line, f"key '{dup.key}' appears twice; keep one") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, f"YAML value error: {exc}") from None


class YamlSyntaxError(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def plain(located: Located) -> Any:
    """Strip line information, giving ordinary Python values."""
    value = located.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
