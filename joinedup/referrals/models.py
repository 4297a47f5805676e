"""Referrals to the MASH, its decisions and feedback to referrers."""

from django.db import models  # noqa: F401
