"""Give every request a UUID so access-log rows and audit records can be tied to one request."""

import uuid

__all__ = ["RequestIdMiddleware"]


class RequestIdMiddleware:
    """Attach `request.id` and echo it in the `X-Request-ID` response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        response = self.get_response(request)
        response["X-Request-ID"] = str(request.id)
        return response
