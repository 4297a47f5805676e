"""Shared check for the casework apps' tests: a deadline prompt's page links back to the record it is about,
and the person it is addressed to can open that record."""

from django.test import Client
from django.urls import reverse


def assert_prompt_links_to(prompt, user, address: str) -> None:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("prompts:detail", args=[prompt.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "The record it is about" in html and f'href="{address}"' in html
    assert "The events behind it" not in html        # a deadline has no events: no empty table
    assert client.get(address).status_code == 200, f"{user.username} cannot open {address}"
