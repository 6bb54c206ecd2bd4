from django.db import models

from taut.audit.actions import Action


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def delete(self):
        raise TypeError("The audit trail is append-only.")


class AuditEntry(models.Model):
    """One audited event. Plain ids, not foreign keys: the trail outlives what it names."""

    # Which hash chain the entry is in (taut.audit.chain): "clinic-<id>", "no-clinic", or
    # "legacy" for the entries written while one chain held every clinic's.
    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField(db_index=True)
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True)
    clinic_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    patient_id = models.BigIntegerField(null=True, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        # Insertion order: seq counts within one chain only.
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_entry_seq_in_chain")
        ]
        # A clinic's log newest first, a page after a cursor on the id (the audit log page),
        # read in index order whatever the clinic's size; it also serves lookups by clinic.
        indexes = [models.Index(fields=["clinic_id", "id"], name="audit_entry_clinic_id")]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def content(self) -> dict:
        """The hashed fields, in the form they had when the hash was made."""
        from taut.audit.chain import FIELDS

        values = {name: getattr(self, name) for name in FIELDS}
        values["at"] = self.at.isoformat()
        return values


class ChainHead(models.Model):
    """The end of one chain: its row is locked while an entry is appended to that chain."""

    chain = models.CharField(max_length=40, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain} chain head at entry {self.seq}"
