"""Settings for the test suite: the normal settings in development mode, with a fast password hasher."""

import os
import tempfile

os.environ.setdefault("JOINEDUP_DEV", "1")
os.environ.setdefault("JOINEDUP_VAR_DIR", tempfile.mkdtemp(prefix="joinedup-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

from joinedup.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
