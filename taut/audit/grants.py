"""The PostgreSQL grants that keep the app's own role from rewriting the audit trail.

The tables belong to an owner role that runs `taut migrate`; the app runs as a second role
that may read and write the clinic's records but only read and append audit entries. Not
owning the table, it cannot drop or disable the append-only trigger either.
"""

import re

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

TEMPLATE = """\
-- Run as the role that owns Taut's tables (the one that runs `taut migrate`).
-- The app then connects as {role}, which must not be a superuser.
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_auditentry FROM {role};
-- Tables that later migrations create get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role};
"""


def grants_sql(role: str) -> str:
    """The SQL for `role`; the name is checked, since it cannot be passed as a parameter."""
    if not ROLE_NAME.match(role):
        raise ValueError(f"{role!r} is not a plain PostgreSQL role name (a-z, 0-9, _)")
    return TEMPLATE.format(role=role)
