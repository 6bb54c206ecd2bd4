"""The home program as a PDF for the patient to print: large type, Letter or A4."""

from django.template.loader import render_to_string

from taut.pdf.render import html_to_pdf
from taut.portal.program import Program

# Countries that print on US Letter; everywhere else prints on A4. The margins suit both
# sizes, so a sheet printed on the other paper at "actual size" still loses nothing.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO"})


def page_size(country: str) -> str:
    return "letter" if country.upper() in LETTER_COUNTRIES else "A4"


def program_pdf(program: Program, request) -> bytes:
    context = {"program": program, "page_size": page_size(program.clinic.country), "pdf": True}
    html = render_to_string("portal/program_document.html", context, request)
    return html_to_pdf(html, base_url=request.build_absolute_uri("/"))


def filename(program: Program) -> str:
    return f"home-program-{program.written_on:%Y-%m-%d}.pdf"
