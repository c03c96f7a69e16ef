"""Load YAML keeping the line of every key and item, for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass(slots=True)
class Located:
    """A plain value (dict, list, str, int...) with the lines it came from."""

    value: Any
    line: int
    lines: dict[Any, int] = field(default_factory=dict)  # key or index -> line


# Deeper than any definition or setting needs (they use five or six levels),
# and far short of Python's recursion limit.
MAX_DEPTH = 32


def _convert(node: yaml.Node, seen: set[int], depth: int = 1) -> Located:
    """`seen` holds every node met so far: a node met twice is an alias
    (*name), which is refused, so a few lines can never expand into
    billions of values ("billion laughs")."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise _Refused(None, ALIAS_MESSAGE)
    seen.add(id(node))
    if depth > MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        raise _Refused(
            line,
            f"values are nested more than {MAX_DEPTH} levels deep: no definition or setting needs that many; "
            "check the indentation and brackets",
        )
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            # A list or mapping as a key is never right; name it briefly (its
            # repr would spell out every alias inside it, however many).
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else f"({key_node.id} used as a key)"
            child = _convert(value_node, seen, depth + 1)
            if key in out:
                raise _Refused(key_line, f"key '{key}' appears twice; keep one")
            out[key] = child
            lines[key] = key_line
        return Located(out, line, lines)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(n, seen, depth + 1) for n in node.value]
        return Located(items, line, {i: item.line for i, item in enumerate(items)})
    if node.tag == _STR:  # most values: the text as written, no constructor needed
        return Located(node.value, line)
    construct = _SCALARS.get(node.tag)
    if construct is not None:
        return Located(construct(_LOADER, node), line)
    return Located(_LOADER.construct_object(node, deep=True), line)


ALIAS_MESSAGE = "YAML aliases (*name, and '<<: *name' merges) are not supported here: write the value out in full"


class _Refused(Exception):
    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message


def _first_alias_line(text: str) -> int | None:
    """Where the first alias is used (its node only knows its anchor's line)."""
    for event in yaml.parse(text, Loader=_COMPOSER):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return event.start_mark.line + 1
    return None  # pragma: no cover - only called after an alias was found


_LOADER = yaml.SafeLoader("")
# The safe loader's constructors for plain scalars, called directly: through
# construct_object every value would also be remembered by _LOADER for good.
# Any other tag (a collection's on a scalar, an unknown one) still goes the
# long way, with the same result or error as before.
_STR = "tag:yaml.org,2002:str"
_SCALARS = {
    tag: yaml.SafeLoader.yaml_constructors[tag]
    for tag in (f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp"))
}
# libyaml's parser when PyYAML has it (about ten times faster); same nodes and marks.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Located | None:
    """Parse YAML text into Located values; raise ValueError(line, message)."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        # A quote left open is found at the end of the file: point at where it opened.
        unclosed = bool(exc.context and "quoted scalar" in exc.context and exc.context_mark)
        mark = exc.context_mark if unclosed else exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "could not be read"
        raise YamlSyntaxError(
            line,
            f"YAML syntax error: {problem}. Check indentation, colons and quotes",
            "unclosed quote" if unclosed else problem,
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors
        raise YamlSyntaxError(None, f"YAML syntax error: {exc}") from None
    if node is None:
        return None
    try:
        return _convert(node, set())
    except _Refused as refused:
        line = refused.line if refused.message != ALIAS_MESSAGE else _first_alias_line(text)
        raise YamlSyntaxError(line, refused.message) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, f"YAML value error: {exc}") from None


class YamlSyntaxError(Exception):
    def __init__(self, line: int | None, message: str, problem: str = ""):
        super().__init__(message)
        self.line, self.message = line, message
        self.problem = problem  # the parser's own words, for advice fitted to the file


def plain(located: Located) -> Any:
    """Strip line information, giving ordinary Python values."""
    value = located.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
