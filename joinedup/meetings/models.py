"""Strategy discussions and multi-agency meetings."""

from django.db import models  # noqa: F401
