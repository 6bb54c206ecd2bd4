from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from taut.clinics.models import ClinicRecord
from taut.clinics.versions import Stale, Versioned, claim


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class Conflict(Exception):
    """Someone else saved or signed the draft since it was opened; nothing was written."""


class ClinicalNote(Versioned, ClinicRecord):
    """A chart note. A draft can be edited; a signed note is locked and corrected by addenda.

    Drafts carry a version number: a save names the version it started from and is refused
    when the stored draft has moved on, so two people never overwrite each other (the one
    check of taut.clinics.versions).
    """

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="notes")
    session = models.OneToOneField(
        "treatment.TreatmentSession", null=True, blank=True, on_delete=models.PROTECT,
        related_name="note",
    )  # fmt: skip
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=200)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.SIGNED)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="addenda"
    )

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Notes change only through save_draft() and sign().")
        if self.status == NoteStatus.SIGNED and self.signed_at is None:
            self.signed_by, self.signed_at = self.author, timezone.now()
        super().save(*args, **kwargs)

    def save_draft(self, text: str, *, version: int, by) -> None:
        """Replace the draft's text if it is still at `version`; Conflict otherwise."""
        self._update(version, text=text, edited_by=by, edited_at=timezone.now())

    def sign(self, *, version: int, by, text: str | None = None) -> None:
        """Lock the draft (with its final text) if it is still at `version`; Conflict otherwise."""
        now = timezone.now()
        changes = {"status": NoteStatus.SIGNED, "signed_by": by, "signed_at": now}
        if text is not None:
            changes |= {"text": text, "edited_by": by, "edited_at": now}
        self._update(version, **changes)

    def _update(self, expected: int, **changes) -> None:
        """Apply `changes` only to a draft still at version `expected`; Conflict otherwise."""
        try:
            with transaction.atomic():
                claim(self, expected)
                drafts = ClinicalNote.objects.filter(pk=self.pk, status=NoteStatus.DRAFT)
                if not drafts.update(**changes):
                    raise Stale(self)  # signed at this version: nothing is written
        except Stale:
            self.refresh_from_db()
            raise Conflict(
                "This note was signed meanwhile."
                if self.is_signed
                else "Someone else saved this note meanwhile."
            ) from None
        self.refresh_from_db()
