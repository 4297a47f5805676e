"""API tokens that expire JOINEDUP_API_TOKEN_DAYS after they were issued; deleting one revokes it at once."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

__all__ = ["ExpiringTokenAuthentication", "expires_on"]


def expires_on(token):
    return token.created + timedelta(days=settings.JOINEDUP_API_TOKEN_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if timezone.now() >= expires_on(token):
            raise AuthenticationFailed(f"This API token expired on {timezone.localtime(expires_on(token)):%d %B %Y}; "
                                       "ask an administrator for a new one.")
        return user, token
