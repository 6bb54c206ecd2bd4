"""Every version of a record as it was saved: its fields and its rows (the needlings of a
session, the findings of an assessment), read from django-simple-history's tables.

A version's rows are those in force until the next version was saved: a version's rows are
written just after the record itself, in the same transaction."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

JUST_BEFORE = timedelta(microseconds=1)


@dataclass
class Rows:
    """One kind of row of a record: its history manager, the foreign key to the record, and
    how one row reads."""

    label: str
    model: type
    key: str
    describe: object  # callable: instance -> str


@dataclass
class Version:
    number: int
    saved_at: object
    saved_by: object
    reason: str
    kind: str  # created, changed
    fields: list[tuple[str, str, bool]] = field(default_factory=list)  # label, value, changed
    rows: list[tuple[str, list[str], bool]] = field(default_factory=list)  # label, rows, changed
    changes: list[str] = field(default_factory=list)  # what changed from the version before


def changes(before: Version, after: Version) -> list[str]:
    """What `after` changed from `before`, in plain words, one line per field or kind of row."""
    found = []
    for (label, old, _), (_, new, changed) in zip(before.fields, after.fields, strict=True):
        if changed:
            found.append(f"{label[:1].upper()}{label[1:]}: “{old}” became “{new}”")
    for (label, old, _), (_, new, changed) in zip(before.rows, after.rows, strict=True):
        if changed:
            added = [r for r in new if r not in old]
            removed = [r for r in old if r not in new]
            parts = [f"added {'; '.join(added)}"] if added else []
            parts += [f"removed {'; '.join(removed)}"] if removed else []
            found.append(f"{label}: {', '.join(parts) or 'reordered'}")
    return found


def versions(record, fields: list[str], rows: list[Rows] = ()) -> list[Version]:
    """The record's versions, oldest first; each field and row list flagged where it changed."""
    model = type(record)
    entries = list(model.history.filter(id=record.pk).order_by("history_date", "history_id"))
    found: list[Version] = []
    for i, entry in enumerate(entries):
        until = entries[i + 1].history_date - JUST_BEFORE if i + 1 < len(entries) else None
        before = found[-1] if found else None
        version = Version(
            number=getattr(entry, "version", i + 1),
            saved_at=entry.history_date,
            saved_by=entry.history_user,
            reason=entry.history_change_reason or "",
            kind="created" if entry.history_type == "+" else "changed",
        )
        for n, name in enumerate(fields):
            label = model._meta.get_field(name).verbose_name
            value = shown(entry, name)
            changed = before is not None and before.fields[n][1] != value
            version.fields.append((str(label), value, changed))
        for n, kind in enumerate(rows):
            now = [kind.describe(r) for r in rows_at(kind, record.pk, until)]
            changed = before is not None and before.rows[n][1] != now
            version.rows.append((kind.label, now, changed))
        if before is not None:
            version.changes = changes(before, version)
        found.append(version)
    return found


def rows_at(kind: Rows, pk, until):
    """The rows of one kind as they were at `until` (now, when None)."""
    history = kind.model.history.filter(**{kind.key: pk})
    history = history.filter(history_date__lte=until or timezone.now())
    return sorted(history.latest_of_each().as_instances(), key=lambda r: r.pk)


def shown(entry, name: str) -> str:
    value = getattr(entry, name)
    display = getattr(entry, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


BEFORE_HISTORY = "As recorded before its history was kept"


def keep_first_version(record) -> None:
    """Before the first change of a record saved before history was kept: store it, and its
    rows, as they are, so the version the change replaces stays readable."""
    model = type(record)
    if not hasattr(model, "history") or model.history.filter(id=record.pk).exists():
        return
    stored = model._base_manager.get(pk=record.pk)
    model.history.bulk_history_create([stored], default_change_reason=BEFORE_HISTORY)
    for rows in getattr(stored, "history_rows", list)():
        rows = list(rows)
        if rows:
            manager = get_history_manager_for_model(type(rows[0]))
            manager.bulk_history_create(rows, default_change_reason=BEFORE_HISTORY)
