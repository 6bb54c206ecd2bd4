"""How many queries a page costs, to show that it does not grow with what the page lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str) -> list[str]:
    """The SQL of every query a GET of `url` runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured.captured_queries]


def reading(table: str, queries: list[str]) -> list[str]:
    """The queries among `queries` that read from `table`."""
    return [sql for sql in queries if sql.startswith("SELECT") and f'FROM "{table}"' in sql]


def audit_writes(queries: list[str]) -> int:
    """How many times the page wrote to the audit trail (each write moves the chain's head;
    on PostgreSQL the insert is inside the statement that moves it)."""
    return len([sql for sql in queries if 'INSERT INTO "audit_auditentry"' in sql])
