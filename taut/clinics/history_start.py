"""The first history entry of rows that existed before their model kept history.

django-simple-history writes an entry on each save after it is turned on; without a starting
entry, the first change to an older row would show what it became but not what it was."""

from django.db import migrations
from django.utils import timezone

REASON = "history started"
BATCH = 2000


def start_history(app_label: str, *model_names: str) -> migrations.RunPython:
    """A migration step writing each existing row's current state as its first entry."""

    def forward(apps, schema_editor):
        now = timezone.now()
        for name in model_names:
            model = apps.get_model(app_label, name)
            historical = apps.get_model(app_label, f"Historical{name}")
            fields = [
                f.attname
                for f in historical._meta.concrete_fields
                if not f.name.startswith("history_")
            ]
            rows = (
                historical(**values, history_date=now, history_type="+",
                           history_change_reason=REASON)
                for values in model._base_manager.values(*fields).iterator(chunk_size=BATCH)
            )  # fmt: skip
            historical.objects.bulk_create(rows, batch_size=BATCH)

    return migrations.RunPython(forward, migrations.RunPython.noop)
