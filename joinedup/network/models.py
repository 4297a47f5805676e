"""The context network around a child, adult or context."""

from django.db import models  # noqa: F401
