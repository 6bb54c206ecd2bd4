"""The backup file: one header line naming the database kind and whether it is encrypted,
then the database's own dump (SQLite's file, PostgreSQL's custom-format pg_dump).

Encrypted with Fernet (AES-128-CBC with an HMAC-SHA256, from the `cryptography` package)
when BACKUP_KEY is set, so a copy on a shared disk or in the cloud reads as noise without
the key and cannot be altered unnoticed.
"""

from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken

MAGIC = b"TAUT-BACKUP 1"


class BackupError(Exception):
    """A backup that cannot be made or read; the message says why, for the command's user."""


@dataclass(frozen=True)
class Archive:
    engine: str  # "sqlite" or "postgresql"
    payload: bytes  # the dump, in clear


def fernet(key: str) -> Fernet:
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError) as error:
        raise BackupError(
            "BACKUP_KEY is not a Fernet key; make one with `taut backup --new-key`"
        ) from error


def new_key() -> str:
    return Fernet.generate_key().decode()


def pack(archive: Archive, key: str = "") -> bytes:
    body = fernet(key).encrypt(archive.payload) if key else archive.payload
    state = b"encrypted" if key else b"plain"
    return b" ".join([MAGIC, archive.engine.encode(), state]) + b"\n" + body


def unpack(data: bytes, key: str = "") -> Archive:
    header, _, body = data.partition(b"\n")
    parts = header.split(b" ")
    if header[: len(MAGIC)] != MAGIC or len(parts) != 4:
        raise BackupError("this is not a Taut backup file")
    engine, state = parts[2].decode(), parts[3]
    if state == b"encrypted":
        if not key:
            raise BackupError(
                "this backup is encrypted: set BACKUP_KEY to the key it was made with"
            )
        try:
            body = fernet(key).decrypt(body)
        except InvalidToken as error:
            raise BackupError(
                "the key does not open this backup, or the file was altered"
            ) from error
    return Archive(engine, body)
