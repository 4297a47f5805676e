"""Links other apps add to the site navigation and to a person's page, without editing shared templates.

Register from your app's ``AppConfig.ready()``::

    from joinedup.core.navigation import register_nav_link, register_person_link

    register_nav_link("Referrals", "referrals:list", order=40, visible=lambda user: user.reads_case_data)
    register_person_link("Make a referral", "referrals:new", order=10,
                         visible=lambda user, person: person.person_type == "child")

A nav link's URL takes no arguments; a person link's takes the person's id. ``visible`` decides who sees
it (the view must still check: a hidden link is not a permission). A nav link's label may be a callable
taking the user, e.g. to show a count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

__all__ = ["nav_links", "person_links", "register_nav_link", "register_person_link"]


@dataclass(frozen=True)
class _Link:
    label: str
    url_name: str
    order: int
    visible: Callable


_NAV: dict[str, _Link] = {}
_PERSON: dict[str, _Link] = {}


def register_nav_link(label: str, url_name: str, *, order: int = 50,
                      visible: Callable = lambda user: True) -> None:
    _NAV[url_name] = _Link(label, url_name, order, visible)


def register_person_link(label: str, url_name: str, *, order: int = 50,
                         visible: Callable = lambda user, person: True) -> None:
    _PERSON[url_name] = _Link(label, url_name, order, visible)


def nav_links(user) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [(link.label(user) if callable(link.label) else link.label, reverse(link.url_name))
            for link in sorted(_NAV.values(), key=lambda x: (x.order, x.label if isinstance(x.label, str) else x.url_name))
            if link.visible(user)]


def person_links(user, person) -> list[tuple[str, str]]:
    return [(link.label, reverse(link.url_name, args=[person.pk]))
            for link in sorted(_PERSON.values(), key=lambda x: (x.order, x.label)) if link.visible(user, person)]


def navigation(request) -> dict:
    """Context processor: the registered nav links the signed-in user may see."""
    return {"nav_links": nav_links(getattr(request, "user", None))}
