"""Settings of the database connection that pages depend on."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_jit_is_off_for_the_apps_connections():
    """JIT compilation alone added 1–2 s to the portfolio at 3,000 quartiers."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
