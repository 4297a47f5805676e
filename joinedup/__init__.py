"""JoinedUp platform: the Django project that sits on top of the pure-Python engine."""
