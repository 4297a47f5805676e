"""Case decisions: no further action, closure, step-down, deferral."""

from django.db import models  # noqa: F401
