"""HTML to PDF with WeasyPrint, offline: every stylesheet and figure is inline in the page."""

from weasyprint import HTML
from weasyprint.urls import URLFetcher


def html_to_pdf(html: str, base_url: str) -> bytes:
    """The PDF of a self-contained HTML document (A4 and margins come from its @page rule)."""
    # Only data: URLs may be read, so a stray link can never make the server fetch anything.
    offline = URLFetcher(allowed_protocols=("data",), timeout=1)
    return HTML(string=html, base_url=base_url, url_fetcher=offline).write_pdf()
