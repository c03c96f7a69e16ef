"""Brand colours that stay readable: WCAG contrast maths, the check of a
setting's colour, and the CSS custom properties made from the brand colours."""

from __future__ import annotations

import re

COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MIN_CONTRAST = 4.5  # WCAG 2.2 AA, normal text


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """`amount` of `other` mixed into `colour` (0 = colour, 1 = other)."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def shade_for_contrast(colour: str, against: str | list[str], towards: str, minimum: float = MIN_CONTRAST) -> str:
    """The nearest mix of `colour` towards `towards` with at least `minimum`
    contrast against `against` (a colour, or every colour in a list)."""
    surfaces = [against] if isinstance(against, str) else against
    for step in range(0, 101):
        candidate = mix(colour, towards, step / 100)
        if min(contrast(candidate, s) for s in surfaces) >= minimum:
            return candidate
    return towards


WHITE = "#ffffff"
BLACK = "#000000"
SLATE_BG = "#1e2029"  # Material's dark ("slate") background, hsl(232, 15%, 14%)
# Dark-scheme surfaces text and links sit on: the page, code (hsl(232, 15%, 18%)),
# and the course's cards (--ca-card-bg in career-allies.css), with some headroom.
SLATE_SURFACES = [SLATE_BG, "#272a35", "#232a33", "#2b3240"]


def colour_problem(path: str, colour: str) -> str | None:
    ratio = contrast(colour, WHITE)
    if ratio >= MIN_CONTRAST:
        return None
    better = shade_for_contrast(colour, WHITE, BLACK)
    use = (
        "white text on it (the header) and it as text on white (links)"
        if path.endswith("primary_colour")
        else "it as text on white (links you point at)"
    )
    return (
        f"'{path}' \"{colour}\" is too light to read: {use} has a contrast of {ratio:.2f}:1, "
        f'and WCAG 2.2 AA needs at least {MIN_CONTRAST}:1. Use a darker shade, such as "{better}" '
        f"({contrast(better, WHITE):.2f}:1)"
    )


def night_primary(primary: str) -> str:
    """The header's colour in the dark scheme, for a brand primary colour."""
    return mix(primary, BLACK, 0.25)


def colours_css(primary: str, accent: str) -> str:
    """CSS custom properties for the brand colours (both already checked)."""
    lines = [
        "/* Made from organisation.yml (branding) by hooks/organisation.py. Do not edit: change organisation.yml. */"
    ]
    if primary:
        light = mix(primary, WHITE, 0.12)
        if contrast(light, WHITE) < MIN_CONTRAST:
            light = primary
        dark = mix(primary, BLACK, 0.3)
        night = night_primary(primary)
        night_link = shade_for_contrast(primary, SLATE_SURFACES, WHITE)
        lines += [
            ":root {",
            f"  --ca-primary: {primary};",
            f"  --ca-primary-dark: {dark};",
            f"  --ca-current: {mix(primary, WHITE, 0.88)};",
            "}",
            '[data-md-color-scheme="default"] {',
            f"  --md-primary-fg-color--light: {light};",
            "}",
            '[data-md-color-scheme="slate"] {',
            f"  --md-primary-fg-color: {night};",
            f"  --md-primary-fg-color--light: {mix(night, WHITE, 0.1)};",
            f"  --md-primary-fg-color--dark: {mix(night, BLACK, 0.3)};",
            f"  --md-typeset-a-color: {night_link};",
            f"  --ca-current: {mix(primary, SLATE_BG, 0.7)};",
            "}",
        ]
    if accent:
        night_accent = shade_for_contrast(accent, SLATE_SURFACES, WHITE)
        lines += [
            ":root {",
            f"  --ca-accent: {accent};",
            "}",
            '[data-md-color-scheme="default"] {',
            f"  --md-accent-fg-color--transparent: {accent}1a;",
            "}",
            '[data-md-color-scheme="slate"] {',
            f"  --md-accent-fg-color: {night_accent};",
            f"  --md-accent-fg-color--transparent: {night_accent}1a;",
            "}",
        ]
    return "\n".join(lines) + "\n"
