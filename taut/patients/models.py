import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from taut.clinics.models import ClinicRecord
from taut.clinics.roles import Capability
from taut.clinics.versions import Versioned
from taut.paging import Keyed, in_order


class Sex(models.TextChoices):
    # The FHIR administrative gender values, so exports need no mapping.
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


# Engineering choice: up to this many search matches are fetched by key (PatientQuerySet.narrowed);
# more are common enough that the name index finds a page of them quickly.
FEW_MATCHES = 1000


class PatientQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def search(self, text: str):
        """Every word must match a name, the chart number, e-mail, phone digits or birth date."""
        queryset = self
        for word in text.split():
            match = (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(chart_number__iexact=word)
                | Q(email__icontains=word)
            )
            digits = "".join(ch for ch in word if ch.isdigit())
            if len(digits) >= 4:
                match |= Q(phone__contains=digits)
            if parsed := parse_date(word):
                match |= Q(date_of_birth=parsed)
            queryset = queryset.filter(match)
        return queryset

    def narrowed(self, few: int = FEW_MATCHES):
        """The same rows, as their keys in list order (`paging.Keyed`) when there are at most
        `few`. Without this, PostgreSQL reads a search's first page by walking the whole name
        index in list order for rare matches (a family name in the middle of the alphabet:
        50,000 rows read at 100k patients); this way it reads only the matches, through the
        trigram indexes, and then the page's rows by key (issue 18)."""
        keys = in_order(self, few + 1)
        return self if len(keys) > few else Keyed(self, keys)

    def same_person(self, given_name: str, family_name: str, date_of_birth: date):
        return self.filter(
            given_name__iexact=given_name.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=date_of_birth,
        )


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def full_name(given_name: str, family_name: str) -> str:
    """A patient's name as pages show it; for lists that read the two names without the row."""
    return f"{given_name} {family_name}"


class Patient(Versioned, ClinicRecord):
    """A person the clinic cares for. Archived, never deleted: nothing is ever lost."""

    read_capability = Capability.SEE_PATIENTS

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    chart_number = models.CharField(max_length=30, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored in E.164 form.")
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    emergency_contact = models.CharField(max_length=200, blank=True)
    portal_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient_records",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PatientQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["portal_user"])

    class Meta:
        ordering = ["family_name", "given_name", "date_of_birth"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "chart_number"],
                condition=~Q(chart_number=""),
                name="chart_number_unique_in_clinic",
            ),
            models.UniqueConstraint(
                fields=["clinic", "portal_user"],
                condition=Q(portal_user__isnull=False),
                name="one_record_per_portal_login",
            ),
        ]
        indexes = [models.Index(fields=["clinic", "family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)

    @property
    def audit_patient_id(self) -> int:
        return self.pk

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def age(self, on: date | None = None) -> int:
        on = on or timezone.localdate()
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def archive(self, by) -> None:
        self.archived_at, self.archived_by = timezone.now(), by
        self.save(update_fields=["archived_at", "archived_by", "updated_at"])

    def restore(self) -> None:
        self.archived_at, self.archived_by = None, None
        self.save(update_fields=["archived_at", "archived_by", "updated_at"])
