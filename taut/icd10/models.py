from django.db import models


class Icd10Code(models.Model):
    """One ICD-10-CM category or subcategory. Reference data shared by every clinic (no
    patient data): loaded from the simple-icd-10-cm package by `taut icd10 load`."""

    code = models.CharField(max_length=8, primary_key=True)  # with its dot: M54.2, S13.4XXA
    description = models.CharField(max_length=300)
    # A leaf of the tabular list: only these go on a claim (ICD-10-CM Official Guidelines
    # for Coding and Reporting, section I.A.2 and I.B.1: code to the highest specificity).
    billable = models.BooleanField()
    parent = models.CharField(max_length=8, blank=True)
    # The tabular list's inclusion terms ("Myofascial pain syndrome" under M79.1), searched too.
    terms = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "ICD-10-CM code"

    def __str__(self) -> str:
        return f"{self.code} {self.description}"
