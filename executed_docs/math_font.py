"""MkDocs hook: the site's own math font, subset to the formulas it shows.

Browsers draw MathML with whatever font the page names; without one that has
an OpenType MATH table, braces do not stretch and limits and scripts are
placed by guesswork. The site names STIX Two Math (SIL Open Font License 1.1),
taken from the pinned ``ziamath`` wheel, which ships the font file (the only
thing used from that package).

After every build, the characters inside the site's ``<math>`` elements are
collected from the written HTML, the font is subset to them (fontTools keeps
the MATH table's size variants and assembly parts that those glyphs need) and
written as WOFF2 to ``assets/fonts/`` with its licence. ``extra.css`` names it
first for every ``<math>`` (``font-display: swap``: text never waits for it).
Subsets are cached in ``.cache/math-font`` by the characters and the font's
bytes, so a rebuild that adds no new character costs a scan of the HTML.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import re
import shutil
from importlib.resources import files
from pathlib import Path

FONT_FILE = "stix-two-math.woff2"
LICENCE_FILE = "stix-two-math-LICENSE.txt"
OUTPUT_DIR = Path("assets") / "fonts"
OFL_TEXT = Path(__file__).with_name("OFL-1.1.txt")
MATH_ELEMENT = re.compile(r"<math\b.*?</math>", flags=re.S)
TAG = re.compile(r"<[^>]*>")
# Drawn by the browser without being in the text: the radical sign of <msqrt>.
IMPLICIT_CHARACTERS = {"\u221a"}
# The name records kept in the subset: the family's names, its version, and
# its copyright and licence (IDs 0, 13 and 14), which the OFL asks to keep.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


def source_font() -> Path:
    """STIX Two Math as the ziamath wheel ships it (its package data: the one
    place that knows where the file lies)."""
    return Path(str(files("ziamath") / "fonts" / "STIXTwoMath-Regular.ttf"))


def characters_in_math(site_dir: Path) -> set[str]:
    """Every character drawn inside a ``<math>`` element of the built site."""
    found: set[str] = set()
    for page in site_dir.rglob("*.html"):
        for element in MATH_ELEMENT.findall(page.read_text(encoding="utf-8")):
            found.update(html.unescape(TAG.sub("", element)))
    return {char for char in found if not char.isspace()} | IMPLICIT_CHARACTERS


def subset_font(characters: set[str], cache_dir: Path) -> Path:
    """The WOFF2 subset for these characters, from the cache or made now."""
    source = source_font()
    key = hashlib.sha256()
    key.update(source.read_bytes())
    key.update(importlib.metadata.version("fonttools").encode())
    key.update("".join(sorted(characters)).encode())
    cached = cache_dir / f"{key.hexdigest()[:32]}.woff2"
    if cached.exists():
        return cached

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # ssty (script-size glyphs) and the rest
    options.name_IDs = NAME_IDS
    options.hinting = False  # browsers do not need TrueType hinting at these sizes
    options.flavor = "woff2"
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(font)
    if "MATH" not in font:
        raise RuntimeError("the math font's subset lost its MATH table")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    font.save(str(partial))
    partial.replace(cached)  # atomic: a concurrent build never reads half a font
    return cached


def licence_text() -> str:
    from fontTools.ttLib import TTFont

    names = TTFont(str(source_font()), lazy=True)["name"]
    return (
        f"{names.getDebugName(1)}, version {names.getDebugName(5)}, subset for this site.\n"
        f"{names.getDebugName(0)}\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1,\n"
        "copied below.\n\n" + OFL_TEXT.read_text(encoding="utf-8")
    )


def on_post_build(config, **kwargs):
    site_dir = Path(config["site_dir"])
    cache_dir = Path(config["config_file_path"]).parent / ".cache" / "math-font"
    font = subset_font(characters_in_math(site_dir), cache_dir)
    output = site_dir / OUTPUT_DIR
    output.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font, output / FONT_FILE)
    (output / LICENCE_FILE).write_text(licence_text(), encoding="utf-8")
