"""Optimistic concurrency: the one check that keeps two people from overwriting each other.

Every record people edit is `Versioned`. An edit page carries the version it was loaded with
(`VersionedForm`'s hidden field, or the API's `version`); `save_versioned` writes only if the
stored record is still at that version, and raises `Stale` otherwise, before anything is
written. The caller then shows `conflict_page`: yours and theirs field by field, with the
choice of each, and a save of the merge goes through the same check again.

The check is a compare-and-set UPDATE of the version column inside the caller's transaction:
one statement, atomic on SQLite and PostgreSQL alike, and it holds the row's write lock until
the transaction ends, so the full save that follows cannot interleave with another.
"""

from django import forms
from django.db import IntegrityError, models, transaction
from django.http import QueryDict
from django.shortcuts import render

from taut.clinics.history import keep_first_version

CONFLICT = 409  # HTTP status of a refused stale save
MERGE_FIELD = "merge"  # set by the conflict page's form
PICK, YOURS, THEIRS = "pick-", "yours-", "theirs-"


class Versioned(models.Model):
    """A record edited by people: its version goes up by one with every saved change."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Stale(Exception):
    """The record moved on since the edit began; nothing was written. `current` is its newest."""

    def __init__(self, current) -> None:
        self.current = current
        super().__init__(f"{current._meta.verbose_name} is at version {current.version} now")


def claim(instance: Versioned, based_on: int) -> None:
    """Move the stored record from `based_on` to the next version, or raise Stale.

    Call inside a transaction, then write the changes: the row stays locked until commit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() must run inside transaction.atomic()")
    keep_first_version(instance)
    model = type(instance)
    moved = model._base_manager.filter(pk=instance.pk, version=based_on).update(
        version=based_on + 1
    )
    if not moved:
        raise Stale(model._base_manager.get(pk=instance.pk))
    instance.version = based_on + 1


def save_versioned(instance: Versioned, based_on: int, fields: list[str] | None = None) -> None:
    """Save `instance` (only `fields`, if given) if it is still at version `based_on`."""
    with transaction.atomic():
        claim(instance, based_on)
        update = None if fields is None else [*fields, "version", *auto_now_fields(instance)]
        instance.save(update_fields=update)


def set_versioned(model, lookup: dict, values: dict, based_on: int, *, gone):
    """Set the one `model` record `lookup` names to `values` if it is still as the page showed
    it: at version `based_on`, or (0) not there, when it is made. Stale otherwise, with nothing
    written; `gone()` is what a conflict shows as theirs when the page showed a record that is
    no longer there. (record, created)."""
    with transaction.atomic():
        held = model.objects.filter(**lookup).first()
        if held is None:
            if based_on:
                raise Stale(gone())
            try:
                with transaction.atomic():
                    return model.objects.create(**lookup, **values), True
            except IntegrityError:  # made by someone else a moment ago
                raise Stale(model.objects.get(**lookup)) from None
        for name, value in values.items():
            setattr(held, name, value)
        save_versioned(held, based_on, list(values))
        return held, False


def auto_now_fields(instance) -> list[str]:
    return [
        f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)
    ]  # fmt: skip


# --- forms --------------------------------------------------------------------------------------


def version_field(least: int = 1) -> forms.IntegerField:
    """The hidden version an edit page was loaded with; `least` 0 where 0 stands for "none
    stored yet" (a value set in place of a default)."""
    stale = "The page was out of date: reload it and try again."
    return forms.IntegerField(
        min_value=least, widget=forms.HiddenInput,
        error_messages={"required": stale, "invalid": stale, "min_value": stale},
    )  # fmt: skip


class VersionedForm(forms.Form):
    """Mixin of an edit form: the hidden version it was loaded with, and the merge it may carry.

    `record` is the Versioned record edited (a ModelForm's instance by default); `merge_fields`
    the fields compared on a conflict (the model fields of a ModelForm by default); `theirs`
    the raw form values of the newest stored record."""

    merge_fields: tuple[str, ...] = ()
    also_saved: tuple[str, ...] = ()  # model fields the form's save sets beyond its own

    def __init__(self, data=None, *args, record=None, **kwargs):
        super().__init__(resolve_merge(data), *args, **kwargs)
        self.record = record if record is not None else getattr(self, "instance", None)
        if self.record is not None and self.record.pk is not None:
            self.fields["version"] = version_field()  # a new record has none to start from
            self.fields["version"].initial = self.record.version

    @property
    def based_on(self) -> int:
        return self.cleaned_data["version"]

    def compared_fields(self) -> list[str]:
        if self.merge_fields:
            return list(self.merge_fields)
        return [name for name in getattr(self._meta, "fields", None) or [] if name in self.fields]

    def theirs(self, current) -> dict[str, list[str]]:
        """The newest stored record as raw form values, field by field."""
        fresh = type(self)(instance=current, **self.theirs_kwargs())
        return {name: raw(fresh[name].value(), fresh.fields[name]) for name in self.fields}

    def theirs_kwargs(self) -> dict:
        return {}

    def save_versioned(self):
        """The ModelForm's save, refused with Stale when the record moved on."""
        instance = self.save(commit=False)
        fields = [name for name in self._meta.fields if name in self.fields]
        save_versioned(instance, self.based_on, [*fields, *self.also_saved])
        return instance


class VersionOnly(VersionedForm):
    """Just the version: for an action on a record (remove a row) that has nothing to merge."""

    def compared_fields(self) -> list[str]:
        return []


def resolve_merge(data):
    """Turn the conflict page's post (for each field a choice of yours or theirs) into the
    ordinary post of the form, so the merge is validated and saved like any edit."""
    if data is None or not hasattr(data, "getlist") or MERGE_FIELD not in data:
        return data
    merged = QueryDict(mutable=True)
    for key in data:
        if key.startswith(PICK):
            name = key.removeprefix(PICK)
            side = THEIRS if data.get(key) == "theirs" else YOURS
            merged.setlist(name, data.getlist(side + name))
        elif key.startswith(YOURS):
            name = key.removeprefix(YOURS)
            if PICK + name not in data:
                merged.setlist(name, data.getlist(key))
        elif not key.startswith(THEIRS) and key != MERGE_FIELD:
            merged.setlist(key, data.getlist(key))
    return merged


def raw(value, field) -> list[str]:
    """A form value as the strings a browser would post."""
    if isinstance(field, forms.BooleanField):
        return ["on"] if value else []
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v not in (None, "")]
    shown = field.widget.format_value(value)  # a list for a select
    if isinstance(shown, list):
        return [str(v) for v in shown if v not in (None, "")]
    return [] if shown in (None, "") else [str(shown).replace("\r\n", "\n")]


def shown(values: list[str], field) -> str:
    """What a person reads for these raw values: choice labels, dates as typed, "(empty)"."""
    if isinstance(field, forms.BooleanField):
        return "yes" if values else "no"
    labels = dict(flat_choices(field))
    text = ", ".join(str(labels.get(v, v)) for v in values if v != "")
    return text or "(empty)"


def flat_choices(field) -> list:
    found = []
    for value, label in getattr(field, "choices", []) or []:
        if isinstance(label, list | tuple):
            found += [(str(v), lbl) for v, lbl in label]
        else:
            found.append((str(value), label))
    return found


def posted(form, name: str) -> list[str]:
    """The raw values posted for a field, blanks left out and line ends as stored."""
    if not hasattr(form.data, "getlist"):
        return []
    values = form.data.getlist(form.add_prefix(name))
    return [v.replace("\r\n", "\n") for v in values if v != ""]


def conflict_rows(form: VersionedForm, current, base=None) -> list[dict]:
    """Field by field: yours (as posted), theirs (stored now), and which one to keep.

    `base` is the version the edit started from, when its history is kept: a field only you
    changed keeps yours, a field only they changed keeps theirs; a field both changed is
    flagged and starts on yours."""
    theirs = form.theirs(current)
    before = form.theirs(base) if base is not None else {}
    rows = []
    for name in form.compared_fields():
        field = form.fields[name]
        mine, stored = posted(form, name), theirs.get(name, [])
        if mine == stored:
            continue
        start = before.get(name)
        if start is not None and mine == start:
            pick, both = "theirs", False
        else:
            pick, both = "yours", start is not None and stored != start
        rows.append({
            "name": form.add_prefix(name), "label": field.label or name.replace("_", " "),
            "yours": mine, "theirs": stored, "yours_shown": shown(mine, field),
            "theirs_shown": shown(stored, field), "pick": pick, "both_changed": both,
        })  # fmt: skip
    return rows


def carried(form: VersionedForm, rows: list[dict]) -> list[tuple[str, str]]:
    """The rest of the post, unchanged, for the merge form: every key but the version and the
    fields that are compared."""
    compared = {r["name"] for r in rows} | {form.add_prefix("version"), "csrfmiddlewaretoken"}
    return [(key, value) for key in form.data if key not in compared
            for value in form.data.getlist(key)]  # fmt: skip


def conflict_page(request, form: VersionedForm, stale: Stale, *, title: str, back_url: str,
                  base=None, extra: str = ""):  # fmt: skip
    """The refused save: both versions side by side and a form to merge them and save."""
    rows = conflict_rows(form, stale.current, base)
    context = {
        "title": title,
        "back_url": back_url,
        "rows": rows,
        "carried": carried(form, rows),
        "version_name": form.add_prefix("version"),
        "current": stale.current,
        "based_on": form.data.get(form.add_prefix("version"), ""),
        "extra": extra,
    }
    return render(request, "versions/conflict.html", context, status=CONFLICT)


def history_base(record, version):
    """The stored state of `record` at `version`, from its history, or None if not kept."""
    history = getattr(type(record), "history", None)
    if history is None:
        return None
    try:
        version = int(version)
    except (TypeError, ValueError):
        return None
    entry = history.filter(id=record.pk, version=version).order_by("-history_date").first()
    return entry.instance if entry is not None else None
