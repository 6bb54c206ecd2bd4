"""HTML to PDF with WeasyPrint, offline: every stylesheet and figure is inline in the page,
and the only files read are Taut's own fonts."""

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from taut.pdf import fonts


class OfflineFetcher(URLFetcher):
    """Reads data: URLs and the shipped font files, so a stray link in a document can never
    make the server fetch anything or read any other file."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", "file"), timeout=1)

    def fetch(self, url, headers=None):
        if url.startswith("file:") and url not in fonts.URLS:
            raise ValueError(f"Taut's PDFs read no files but their fonts: {url[:100]}")
        return super().fetch(url, headers)


def html_to_pdf(html: str, base_url: str) -> bytes:
    """The PDF of a self-contained HTML document (page size and margins come from its @page
    rule); its stylesheets name the font family `fonts.FAMILY`."""
    font_config = FontConfiguration()
    fetcher = OfflineFetcher()
    faces = CSS(string=fonts.font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[faces], font_config=font_config)
