"""How people and dates appear in an export: named, or pseudonymised (docs/exports.md).

Row builders ask an `Identified` or a `Pseudonymised` for the columns that identify someone;
the clinical columns are the same in both.
"""

from datetime import date

from django.conf import settings

from taut.exports import pseudonym


class Identified:
    """Names, chart numbers and calendar dates, for the clinic's own use (billing, audits)."""

    pseudonymised = False
    patient_columns = ["patient", "chart number", "age at episode start", "sex"]
    episode_columns = ["episode", "episode opened"]
    when = "date"  # the heading of a column that places something in time

    def __init__(self, clinic) -> None:
        self.clinic = clinic

    def patient(self, patient, episode) -> list:
        age = pseudonym.age_in_years(patient.date_of_birth, episode.opened_on)
        return [patient.full_name, patient.chart_number, age, patient.sex]

    def episode(self, episode) -> list:
        return [episode.title, episode.opened_on.isoformat()]

    def day(self, day: date, episode) -> str:
        return day.isoformat()

    def clinician(self, user) -> str:
        return user.display_name


class Pseudonymised(Identified):
    """Stable pseudonyms, ages with the over-89s grouped, days counted from the episode start;
    no names, birth dates, contact details, chart numbers or free text."""

    pseudonymised = True
    patient_columns = ["patient", "age at episode start", "sex"]
    episode_columns = ["episode"]
    when = "day"  # days since the episode opened, day 0 being that date

    def __init__(self, clinic) -> None:
        super().__init__(clinic)
        self.key = pseudonym.clinic_key(settings.SECRET_KEY, clinic.pk)

    def patient(self, patient, episode) -> list:
        age = pseudonym.age_in_years(patient.date_of_birth, episode.opened_on)
        return [
            pseudonym.pseudonym(self.key, "P", patient.uuid),
            pseudonym.safe_harbor_age(age),
            patient.sex,
        ]

    def episode(self, episode) -> list:
        # The complaint is free text and may hold a name; the body area column says enough.
        return [pseudonym.pseudonym(self.key, "E", episode.pk)]

    def day(self, day: date, episode) -> int:
        return pseudonym.day_of_episode(day, episode.opened_on)

    def clinician(self, user) -> str:
        return pseudonym.pseudonym(self.key, "S", user.pk)


def for_export(clinic, pseudonymise: bool) -> Identified:
    return Pseudonymised(clinic) if pseudonymise else Identified(clinic)
