"""The account pages, in the site's look."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_logging_out_says_so_in_the_sites_look(client, users):
    client.force_login(users["viewer"])
    response = client.post(reverse("logout"), follow=True)
    assert "You have been logged out." in response.content.decode()
    reset = client.get(reverse("password_reset")).content.decode()
    assert "Reset your password" in reset and "site.css" in reset

