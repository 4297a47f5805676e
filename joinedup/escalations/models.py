"""Escalations: resolving professional differences."""

from django.db import models  # noqa: F401
