"""Draws the demo's posters, portraits and hero banners with Pillow, so the demo needs no downloads.

Each picture is a deterministic function of its record's slug and text; its `*_alt` companion
describes exactly what is drawn, without drawing it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

POSTER_SIZE = (400, 600)
PORTRAIT_SIZE = (300, 400)
HERO_SIZE = (1200, 675)
JPEG_QUALITY = 82

# Pillow's built-in font (Pillow >= 10.1) is the fallback when no TrueType font is installed.
FONT_CANDIDATES = {
    "serif": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSerif-Bold.ttf",
        "/Library/Fonts/Georgia Bold.ttf",
        "C:/Windows/Fonts/georgiab.ttf",
    ],
    "sans": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/Library/Fonts/Arial Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    ],
}


@dataclass(frozen=True)
class Palette:
    background_name: str
    background: str
    ink_name: str
    ink: str
    accent: str


# Named, so the alt text can say which colours were drawn. Each pair has strong contrast.
PALETTES = [
    Palette("deep blue", "#14213d", "gold", "#f2c14e", "#2b3f6b"),
    Palette("burgundy", "#6b1e2e", "cream", "#f6ecd2", "#8c2f42"),
    Palette("forest green", "#1d3b2a", "pale yellow", "#f4f1a6", "#2d5740"),
    Palette("charcoal", "#22252a", "coral", "#ff7f6b", "#3a3e45"),
    Palette("plum", "#3f1d4a", "mint", "#a8f0d1", "#5a2d69"),
    Palette("teal", "#0f4c5c", "white", "#ffffff", "#1d6b7f"),
    Palette("rust", "#8a3b12", "ivory", "#fffbea", "#a84f21"),
    Palette("navy", "#0b1f3a", "sky blue", "#9fd3ff", "#1b355c"),
    Palette("black", "#101010", "red", "#ff4b4b", "#2a2a2a"),
    Palette("olive", "#4a4a1f", "white", "#ffffff", "#626230"),
    Palette("midnight purple", "#231942", "pink", "#ffb3d1", "#3a2c66"),
    Palette("slate", "#2f3e46", "amber", "#ffbf47", "#455a64"),
]


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def palette_for(key: str) -> Palette:
    return PALETTES[_digest(key)[0] % len(PALETTES)]


@cache
def _font(kind: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES[kind]:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, max_width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fitted_lines(draw, text: str, kind: str, start: int, max_width: int, max_lines: int):
    """The largest font size (from `start` down) at which `text` fits in `max_lines` lines."""
    size = start
    while True:
        font = _font(kind, size)
        lines = _wrap(draw, text, font, max_width)
        widest = max(draw.textlength(line, font=font) for line in lines)
        if (len(lines) <= max_lines and widest <= max_width) or size <= 14:
            return font, lines, size
        size -= 4


def _draw_centered(draw, lines: list[str], font, size: int, centre_x: int, top: int, fill: str):
    line_height = int(size * 1.18)
    for index, line in enumerate(lines):
        draw.text((centre_x, top + index * line_height), line, font=font, fill=fill, anchor="ma")
    return top + len(lines) * line_height


def _backdrop(size: tuple[int, int], key: str, palette: Palette) -> Image.Image:
    """A flat colour with a few soft circles placed by the slug's hash, so no two look alike."""
    image = Image.new("RGB", size, palette.background)
    draw = ImageDraw.Draw(image)
    digest = _digest(key)
    width, height = size
    for index in range(3):
        x = digest[1 + index * 3] / 255 * width
        y = digest[2 + index * 3] / 255 * height
        radius = (0.15 + digest[3 + index * 3] / 255 * 0.25) * min(width, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=palette.accent)
    return image


def _jpeg(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def poster_alt(*, slug: str, title: str, year: int | None) -> str:
    palette = palette_for(slug)
    when = f" ({year})" if year else ""
    beneath = ", with the year beneath" if year else ""
    return (
        f"Poster for {title}{when}, drawn for the demo: the title in {palette.ink_name} "
        f"on {palette.background_name} with paler circles{beneath}."
    )


@cache  # deterministic, and the tests load the demo many times in one process
def draw_poster(*, slug: str, title: str, year: int | None) -> bytes:
    """A 2:3 poster: the title large in the middle, the year beneath, on the slug's colours."""
    palette = palette_for(slug)
    image = _backdrop(POSTER_SIZE, slug, palette)
    draw = ImageDraw.Draw(image)
    width, height = POSTER_SIZE
    font, lines, size = _fitted_lines(draw, title, "serif", 64, width - 60, 4)
    block_height = len(lines) * int(size * 1.18)
    bottom = _draw_centered(
        draw, lines, font, size, width // 2, (height - block_height) // 2 - 20, palette.ink
    )
    if year:
        draw.text(
            (width // 2, bottom + 24),
            str(year),
            font=_font("sans", 30),
            fill=palette.ink,
            anchor="ma",
        )
    draw.rectangle((16, 16, width - 17, height - 17), outline=palette.ink, width=3)
    return _jpeg(image)


NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def initials(name: str) -> str:
    words = [
        word
        for word in name.replace(".", " ").split()
        if word[0].isalpha() and word.lower() not in NAME_SUFFIXES
    ]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


def portrait_alt(*, slug: str, name: str) -> str:
    palette = palette_for(slug)
    return (
        f"Name card for {name}, drawn for the demo (not a photograph): the initials "
        f"{initials(name)} in {palette.ink_name} in a circle on {palette.background_name}, "
        "with the name beneath."
    )


@cache
def draw_portrait(*, slug: str, name: str) -> bytes:
    """A 3:4 card: the person's initials in a circle, their name beneath."""
    palette = palette_for(slug)
    image = Image.new("RGB", PORTRAIT_SIZE, palette.background)
    draw = ImageDraw.Draw(image)
    width, height = PORTRAIT_SIZE
    centre, radius = (width // 2, 150), 95
    draw.ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
        fill=palette.accent,
        outline=palette.ink,
        width=4,
    )
    letters = initials(name)
    draw.text(centre, letters, font=_font("sans", 84), fill=palette.ink, anchor="mm")
    font, lines, size = _fitted_lines(draw, name, "sans", 34, width - 30, 2)
    _draw_centered(draw, lines, font, size, width // 2, 280, palette.ink)
    return _jpeg(image)


def hero_alt(*, slug: str, headline: str, kicker: str) -> str:
    palette = palette_for(slug)
    return (
        f"Banner drawn for the demo: “{headline}” in large {palette.ink_name} letters on "
        f"{palette.background_name} with paler circles, under the label {kicker}."
    )


@cache
def draw_hero(*, slug: str, headline: str, kicker: str) -> bytes:
    """A 16:9 banner: a small section label above a large headline."""
    palette = palette_for(slug)
    image = _backdrop(HERO_SIZE, slug, palette)
    draw = ImageDraw.Draw(image)
    width, height = HERO_SIZE
    font, lines, size = _fitted_lines(draw, headline, "serif", 110, width - 160, 3)
    block_height = len(lines) * int(size * 1.18)
    top = (height - block_height) // 2 + 20
    draw.text(
        (width // 2, top - 70),
        kicker.upper(),
        font=_font("sans", 34),
        fill=palette.ink,
        anchor="ma",
    )
    _draw_centered(draw, lines, font, size, width // 2, top, palette.ink)
    return _jpeg(image)
