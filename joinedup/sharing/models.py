"""Information-sharing decisions."""

from django.db import models  # noqa: F401
