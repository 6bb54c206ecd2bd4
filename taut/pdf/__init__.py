"""Taut's PDFs: HTML rendered by WeasyPrint, offline, in fonts shipped with Taut."""
