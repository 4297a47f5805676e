"""Inboxes: information from other agencies until someone acts on it."""

from django.db import models  # noqa: F401
