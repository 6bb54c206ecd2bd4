"""WSGI entry point for production servers (gunicorn taut.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taut.settings")
application = get_wsgi_application()


def settle() -> None:
    """Load what a worker keeps for its whole life (the URL patterns and the views they import,
    the knowledge base, the layout), then leave it out of the garbage collector's full passes.

    In a warmed worker a full pass walked about 240,000 such objects: 95-213 ms, about once in
    a thousand requests, on whichever request it fell (issue 18). With them frozen it walks only
    what requests leave behind. Frozen objects are never freed, which these never were anyway.
    """
    from django.template.loader import get_template
    from django.urls import reverse

    from taut.kb.catalog import catalog

    reverse("home")
    catalog()
    get_template("base.html")
    gc.freeze()


settle()
