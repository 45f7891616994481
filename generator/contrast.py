"""WCAG 2.1 contrast of the colour palette a site is built with.

Material's named palettes and the theme's own ("custom") are defined in CSS custom properties;
this module reads those stylesheets, works out the colours a page gets for each entry of
``theme.palette`` in mkdocs.yml, and reports every pair below the WCAG 2.1 AA figure: header
text on the header, links and body text on the page (4.5:1), the accent used for focus and
hover on the page (3:1, a user-interface component).
"""

from __future__ import annotations

import colorsys
import glob
import os
import re

# (what, foreground property, background property, WCAG AA minimum)
PAIRS = (
    ("header text", "--md-primary-bg-color", "--md-primary-fg-color", 4.5),
    ("links", "--md-typeset-a-color", "--md-default-bg-color", 4.5),
    ("secondary text", "--md-default-fg-color--light", "--md-default-bg-color", 4.5),
    ("focus and hover accent", "--md-accent-fg-color", "--md-default-bg-color", 3.0),
)
DEFAULTS = {"scheme": "default", "primary": "indigo", "accent": "indigo"}  # Material's own

_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_ATTR = re.compile(r"\[data-md-color-(scheme|primary|accent)=[\"']?([\w-]+)[\"']?\]")
_NOT = re.compile(r":not\(\[data-md-color-(scheme|primary|accent)=[\"']?([\w-]+)[\"']?\]\)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_VAR = re.compile(r"var\((--[\w-]+)\)")


def luminance(rgb: tuple[float, float, float]) -> float:
    """Relative luminance of an sRGB colour with channels 0-1 (WCAG 2.1 definition)."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """The contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def parse_color(text: str, under: tuple[float, float, float] = (1.0, 1.0, 1.0)):
    """An opaque RGB (0-1) for a CSS hex or hsl(a) colour, a translucent one laid over
    ``under``; None for anything else (a keyword, a gradient)."""
    text = text.strip().lower()
    alpha = 1.0
    if re.fullmatch(r"#[0-9a-f]{3,4}", text):
        text = "#" + "".join(c * 2 for c in text[1:])
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", text):
        rgb = tuple(int(text[i:i + 2], 16) / 255 for i in (1, 3, 5))
        if len(text) == 9:
            alpha = int(text[7:9], 16) / 255
    else:
        match = re.fullmatch(r"hsla?\(([\d.]+)(?:deg)?\s*,?\s*([\d.]+)%\s*,?\s*([\d.]+)%"
                             r"(?:\s*[,/]\s*([\d.]+)(%?))?\)", text)
        if not match:
            return None
        hue, sat, light, a, percent = match.groups()
        rgb = colorsys.hls_to_rgb(float(hue) / 360 % 1, float(light) / 100, float(sat) / 100)
        if a is not None:
            alpha = float(a) / (100 if percent else 1)
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(rgb, under))


def _applies(selector: str, wanted: dict[str, str]) -> int | None:
    """The specificity of a selector that styles a page's body with ``wanted`` palette
    attributes (``:root`` counts as 0), or None when it does not style it."""
    selector = selector.strip()
    rest = _NOT.sub("", _ATTR.sub("", selector)).replace(":root", "").strip()
    if rest:
        return None  # a descendant, a class or an element: not the page's own colours
    for kind, value in _NOT.findall(selector):
        if wanted[kind] == value:
            return None
    attrs = _ATTR.findall(selector)
    if any(wanted[kind] != value for kind, value in attrs):
        return None
    return len(attrs) + len(_NOT.findall(selector))


def properties(stylesheets: list[str], wanted: dict[str, str]) -> dict[str, str]:
    """The custom properties a page gets for a palette entry (later and more specific rules
    win, as in the cascade)."""
    found = []
    for order, (selectors, body) in enumerate(
            (m.group(1), m.group(2)) for css in stylesheets
            for m in _RULE.finditer(_COMMENT.sub("", css))):
        for selector in selectors.split(","):
            weight = _applies(selector, wanted)
            if weight is not None:
                found.append((weight, order, body))
    props: dict[str, str] = {"--md-hue": "225"}
    for _weight, _order, body in sorted(found):
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip().startswith("--"):
                props[name.strip()] = value.strip()
    return props


def resolve(props: dict[str, str], name: str, under=(1.0, 1.0, 1.0)):
    """The colour of a property, its var() references followed; None when it is not a colour."""
    value = props.get(name, "")
    for _ in range(10):
        value = _VAR.sub(lambda m: props.get(m.group(1), m.group(0)).replace("deg", ""), value)
    return parse_color(value, under)


def pair_problems(stylesheets: list[str], entry: dict) -> list[str]:
    """Each colour pair of one palette entry below its WCAG AA figure, described."""
    wanted = {k: str(entry.get(k) or DEFAULTS[k]).replace(" ", "-").lower() for k in DEFAULTS}
    props = properties(stylesheets, wanted)
    out = []
    for what, fg_name, bg_name, minimum in PAIRS:
        bg = resolve(props, bg_name)
        fg = resolve(props, fg_name, under=bg) if bg else None
        if fg is None or bg is None:
            continue
        figure = ratio(fg, bg)
        if figure < minimum:
            out.append(f"scheme {wanted['scheme']}, primary {wanted['primary']}, accent "
                       f"{wanted['accent']}: {what} at {figure:.2f}:1 contrast, below the "
                       f"{minimum:g}:1 of WCAG 2.1 AA")
    return out


def material_stylesheets() -> list[str]:
    """Material's main and palette stylesheets, as installed."""
    import material

    folder = os.path.join(os.path.dirname(material.__file__), "templates", "assets", "stylesheets")
    paths = sorted(glob.glob(os.path.join(folder, "main.*.min.css"))) + \
        sorted(glob.glob(os.path.join(folder, "palette.*.min.css")))
    return [_read(p) for p in paths]


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def palette_warnings(theme: dict, extra_css: list[str], folders: list[str]) -> list[str]:
    """What a build should warn about the palette in mkdocs.yml: each pair under WCAG AA, with
    the figure and the fix. ``extra_css`` is looked up in ``folders`` (docs_dir, the theme)."""
    palette = theme.get("palette") or {}
    entries = palette if isinstance(palette, list) else [palette]
    sheets = material_stylesheets()
    for name in extra_css:
        for folder in folders:
            path = os.path.join(folder, str(name))
            if folder and os.path.isfile(path):
                sheets.append(_read(path))
                break
    problems = [p for entry in entries for p in pair_problems(sheets, entry)]
    return [f"theme.palette in mkdocs.yml: {p}. Use primary: custom and accent: custom (the "
            f"theme's own colours), or a darker named colour" for p in problems]
