"""A password must not contain its user's own username, first name or last name (issue 16: "a password
containing the user's own name is accepted"); Django's similarity check compares whole strings only."""

from django.core.exceptions import ValidationError

__all__ = ["NoOwnNameValidator"]

_SHORTEST = 3  # "Al", "Bo": too short to refuse every password containing them


class NoOwnNameValidator:
    def validate(self, password, user=None):
        if user is None:
            return
        folded = password.casefold()
        for label, value in (("username", user.get_username()), ("first name", getattr(user, "first_name", "")),
                             ("last name", getattr(user, "last_name", ""))):
            value = (value or "").casefold()
            if len(value) >= _SHORTEST and value in folded:
                raise ValidationError(f"The password contains your {label}; choose one that does not.",
                                      code="password_contains_own_name")

    def get_help_text(self):
        return "Your password cannot contain your username, first name or last name."
