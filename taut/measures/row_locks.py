"""Taking turns on a derived table's row (taut.measures.session_days, outcome_months)."""

from django.db import models


def locked_row(model: type[models.Model], empty: dict, **key) -> models.Model:
    """The row of `model` with `key`, locked until the transaction ends; made first from `key`
    and `empty` (the counts of nothing) if there is none."""
    while True:
        # Waits, on PostgreSQL, for another writer's new row with the key to be committed.
        model.objects.bulk_create([model(**key, **empty)], ignore_conflicts=True)
        row = model.objects.select_for_update().filter(**key).first()
        if row is not None:
            return row
        # Another writer emptied the row's period and removed it while this one waited for it.
