"""Reading a PDF back in tests: its text (pdftotext) and its pages and size (pdfinfo)."""

import re
import subprocess
import tempfile


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
