"""Withdrawing an intake sent by mistake. Only its author may, and only before anyone else has
reviewed it: nobody else has opened it (every read is in the audit trail) and no assessment or
session of the episode has been started since it was sent. The intake is kept, marked
withdrawn, and left out of everything that reads intakes."""

from django.db import transaction
from django.utils import timezone

from taut.audit.models import AuditEntry
from taut.intake.models import Intake


class NotWithdrawable(Exception):
    """Why this intake can no longer be withdrawn by this person."""


def refusal(intake: Intake, user) -> str:
    """Why `user` may not withdraw `intake` now; "" if they may."""
    if intake.withdrawn_at is not None:
        return "This intake was already withdrawn."
    if intake.recorded_by_id != user.pk:
        return "Only the person who sent an intake can withdraw it."
    if reviewed(intake):
        return ("Someone has reviewed this intake already: it can no longer be withdrawn. "
                "Ask the clinic to correct it.")  # fmt: skip
    return ""


def reviewed(intake: Intake) -> bool:
    """Opened by someone other than its author, or followed by an assessment or session."""
    opened = AuditEntry.objects.filter(
        object_type=Intake._meta.label_lower, object_id=str(intake.pk)
    ).exclude(user_id=intake.recorded_by_id)
    episode = intake.episode
    return (
        opened.exists()
        or episode.assessments.filter(performed_at__gte=intake.recorded_at).exists()
        or episode.sessions.filter(performed_at__gte=intake.recorded_at).exists()
    )


def withdraw(intake: Intake, user) -> None:
    """Mark the intake withdrawn, or raise NotWithdrawable; checked again under the row lock."""
    with transaction.atomic():
        locked = Intake.with_withdrawn.select_for_update().get(pk=intake.pk)
        why = refusal(locked, user)
        if why:
            raise NotWithdrawable(why)
        now = timezone.now()
        Intake.with_withdrawn.filter(pk=intake.pk).update(withdrawn_at=now, withdrawn_by=user)
        intake.withdrawn_at, intake.withdrawn_by = now, user
