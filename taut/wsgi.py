"""WSGI entry point for production servers (gunicorn taut.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taut.settings")
application = get_wsgi_application()
