"""The fonts every Taut PDF is set in, shipped with the package so that a page breaks in the
same place on every machine: fontconfig is never asked for a family by name.

Liberation Sans 2.1.5 (SIL Open Font License 1.1, see fonts/LICENSE-Liberation.txt) has the
metrics of Arial, which clinics' own letters use, and covers the WGL4 set (Latin, Greek,
Cyrillic, arrows, the common math signs) that Taut's text needs.
"""

from pathlib import Path

FAMILY = "Taut Sans"
FOLDER = Path(__file__).resolve().parent / "fonts"

# (file, weight, style)
FACES = (
    ("LiberationSans-Regular.ttf", "normal", "normal"),
    ("LiberationSans-Bold.ttf", "bold", "normal"),
    ("LiberationSans-Italic.ttf", "normal", "italic"),
    ("LiberationSans-BoldItalic.ttf", "bold", "italic"),
)
URLS = frozenset((FOLDER / file).as_uri() for file, _, _ in FACES)


def font_face_css() -> str:
    """@font-face rules naming each shipped file as the one face of FAMILY."""
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{(FOLDER / file).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for file, weight, style in FACES
    )
