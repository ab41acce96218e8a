"""Configuration from the environment, and the database it names."""
import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_named_by_database_url_answers():
    url = os.getenv("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
