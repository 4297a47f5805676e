"""Sign a user out after JOINEDUP_IDLE_TIMEOUT_MINUTES without a request (a shared office computer left open on
a child's record). The session's absolute limit stays SESSION_COOKIE_AGE; API tokens are not sessions."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

__all__ = ["IdleTimeoutMiddleware"]

_KEY = "joinedup_last_seen"
_WRITE_EVERY = 60  # seconds: the session is saved at most once a minute for this


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now, limit = time.time(), settings.JOINEDUP_IDLE_TIMEOUT_MINUTES * 60
            last = request.session.get(_KEY)
            if last is not None and now - last > limit:
                logout(request)
                messages.info(request, f"You were signed out after {settings.JOINEDUP_IDLE_TIMEOUT_MINUTES} "
                                       "minutes without activity. Sign in again to carry on.")
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
            if last is None or now - last > _WRITE_EVERY:
                request.session[_KEY] = now
        return self.get_response(request)
