"""The records the outcomes dashboard is derived from: sessions, questionnaire responses and
episodes. Saving or deleting one recomputes its episode's stored outcomes in the same
transaction (taut.measures.episode_outcomes.refresh), so the dashboard never reads a stale
row. Queryset-wide writes (`update`, `bulk_create`, raw SQL) bypass this: follow them with
`taut rebuild_outcomes`."""

from django.db import models, transaction


class OutcomeSource(models.Model):
    """A record an episode's outcomes are computed from; `outcome_episode_id` names the episode."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            refresh(self.outcome_episode_id)

    def delete(self, *args, **kwargs):
        episode_id = self.outcome_episode_id  # an episode's own pk is cleared by the delete
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            refresh(episode_id)
        return deleted

    @property
    def outcome_episode_id(self) -> int:
        return self.episode_id


def refresh(episode_id: int) -> None:
    # Imported here: the summary reads the very models that inherit from OutcomeSource.
    from taut.measures.episode_outcomes import refresh as recompute

    recompute(episode_id)
