"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
application = get_wsgi_application()

# Build the language checker's pipeline once per worker, before the first case note is typed.
from engine.language import check_text  # noqa: E402

check_text("warm up")
