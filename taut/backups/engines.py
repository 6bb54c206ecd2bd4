"""Dumping and loading the database Taut runs on: SQLite through its online backup API
(consistent while Taut runs), PostgreSQL through pg_dump and pg_restore."""

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

from taut.backups.archive import Archive, BackupError


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {vendor} databases are not supported")
    return vendor


def dump() -> Archive:
    kind = engine()
    return Archive(kind, dump_sqlite() if kind == "sqlite" else dump_postgresql())


def load(archive: Archive) -> None:
    kind = engine()
    if archive.engine != kind:
        raise BackupError(f"this backup is of a {archive.engine} database, but Taut runs on {kind}")
    if kind == "sqlite":
        load_sqlite(archive.payload)
    else:
        load_postgresql(archive.payload)


def dump_sqlite() -> bytes:
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "taut.sqlite3"
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path.read_bytes()


def load_sqlite(payload: bytes) -> None:
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "taut.sqlite3"
        path.write_bytes(payload)
        source = sqlite3.connect(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("the SQLite database in this backup is damaged")
            source.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"the backup cannot be loaded: {error}") from error
        finally:
            source.close()


def pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, and the password through the environment."""
    config = connection.settings_dict
    args = ["--dbname", config["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            args += [option, str(config[key])]
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return args, env


def run(command: list[str], stdin: bytes | None = None) -> bytes:
    args, env = pg_environment()
    try:
        done = subprocess.run(command + args, input=stdin, capture_output=True, env=env)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def dump_postgresql() -> bytes:
    return run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges"])


def load_postgresql(payload: bytes) -> None:
    connection.close()  # pg_restore drops the tables; our own idle connection must not hold them
    run(
        ["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner",
         "--no-privileges", "--exit-on-error"],
        stdin=payload,
    )  # fmt: skip
