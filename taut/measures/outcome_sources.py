"""The records the outcomes dashboard is derived from: sessions, questionnaire responses and
episodes. Saving or deleting one recomputes its episode's stored outcomes in the same
transaction (taut.measures.episode_outcomes.refresh), so the dashboard never reads a stale
row; an episode's own write also recounts the month it was opened in before. Queryset-wide
writes (`update`, `bulk_create`, raw SQL) bypass this: follow them with `taut
rebuild_outcomes`."""

from datetime import date

from django.db import models, transaction


class OutcomeSource(models.Model):
    """A record an episode's outcomes are computed from; `outcome_episode_id` names the episode."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            opened = self.outcome_opened()
            super().save(*args, **kwargs)
            refresh(self.outcome_episode_id, opened)

    def delete(self, *args, **kwargs):
        episode_id = self.outcome_episode_id  # an episode's own pk is cleared by the delete
        with transaction.atomic():
            opened = self.outcome_opened()
            deleted = super().delete(*args, **kwargs)
            refresh(episode_id, opened)
        return deleted

    @property
    def outcome_episode_id(self) -> int:
        return self.episode_id

    def outcome_opened(self) -> tuple[int, date] | None:
        """The clinic and opening date of the episode as stored before this write, if the write
        may change or remove them; a session's or a response's never does."""
        return None


def refresh(episode_id: int, opened: tuple[int, date] | None) -> None:
    # Imported here: the summary reads the very models that inherit from OutcomeSource.
    from taut.measures.episode_outcomes import refresh as recompute

    recompute(episode_id, opened)
