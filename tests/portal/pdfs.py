"""Reading a PDF back in tests: its text (pdftotext) and its pages and size (pdfinfo)."""

import re
import subprocess
import tempfile


def shipped_only(fonts: set[str]) -> bool:
    """Whether every embedded font is a face of the family Taut ships (taut/pdf/fonts.py)."""
    return bool(fonts) and all(name.startswith("Taut-Sans") for name in fonts)


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            ["pdftotext", "-raw", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout


def pdf_info(pdf: bytes) -> dict[str, str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = subprocess.run(
            ["pdfinfo", file.name], capture_output=True, text=True, check=True
        ).stdout
    return dict(re.findall(r"^([^:]+):\s+(.*)$", out, re.MULTILINE))


def pages(pdf: bytes) -> int:
    return int(pdf_info(pdf)["Pages"])


def pdf_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts embedded in a PDF, less their subset prefix (pdffonts)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = subprocess.run(
            ["pdffonts", file.name], capture_output=True, text=True, check=True
        ).stdout
    rows = out.splitlines()[2:]  # a header line and a rule
    return {row.split()[0].split("+")[-1] for row in rows if row.strip()}
