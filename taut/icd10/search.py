"""Finding ICD-10-CM codes by code or by words, and checking a code may go on a claim."""

import re
from functools import lru_cache

from django.db.models import Q

from taut.icd10.models import Icd10Code

LIMIT = 50  # an engineering choice: a screenful; narrow the words to see others
CODE_LIKE = re.compile(r"^[A-Za-z]\d[0-9A-Za-z]?\.?[0-9A-Za-z]*-?$")

# Everyday words the tabular list does not use, each with the code the ICD-10-CM Alphabetic
# Index gives it (CMS/NCHS, ICD-10-CM Index to Diseases and Injuries, FY2026: "Pain, neck NEC
# M54.2"). The package ships the tabular list only; add an entry only with its index line.
INDEX_ENTRIES: dict[str, str] = {
    "neck pain": "M54.2",
    "pain neck": "M54.2",
}


def normalise(code: str) -> str:
    """'m542' or 'M54.2-' as the table writes it: 'M54.2'."""
    bare = code.strip().upper().rstrip("-").replace(".", "")
    return bare if len(bare) <= 3 else f"{bare[:3]}.{bare[3:]}"


def search(query: str, *, limit: int = LIMIT) -> list[Icd10Code]:
    """Codes starting with `query` when it looks like a code (a category and everything
    under it), else codes whose description holds every word; billable codes first."""
    query = query.strip()
    if not query:
        return []
    codes = Icd10Code.objects.all()
    if CODE_LIKE.match(query):
        return list(codes.filter(code__startswith=normalise(query)).order_by("code")[:limit])
    indexed = INDEX_ENTRIES.get(" ".join(query.lower().split()))
    matches = Q(code=indexed) if indexed else Q(pk__in=[])
    words = Q()
    for word in query.split()[:8]:
        words &= Q(description__icontains=word) | Q(terms__icontains=word)
    found = list(codes.filter(matches | words).order_by("code")[:limit])
    # A category that matches brings the billable codes under it (M79.1 "myalgia" with
    # M79.10-M79.18), since only those can be chosen.
    under = Q(pk__in=[])
    for category in (c.code for c in found if not c.billable):
        under |= Q(code__startswith=category)
    found += codes.filter(under, billable=True).exclude(pk__in=[c.pk for c in found])[:limit]
    found.sort(key=lambda c: (c.code != indexed, c.code))
    return found[:limit]


def billable(codes) -> dict[str, str]:
    """{code: description} of those of `codes` that are billable ICD-10-CM codes."""
    found = Icd10Code.objects.filter(code__in=list(codes), billable=True)
    return dict(found.values_list("code", "description"))


def describe(codes) -> dict[str, str]:
    """{code: description} for any codes of the set (billable or not)."""
    return dict(Icd10Code.objects.filter(code__in=list(codes)).values_list("code", "description"))


@lru_cache(maxsize=4096)
def label(code: str) -> str:
    """The description of one code, '' for a code not in the set. Cached: the set changes
    only when `taut icd10 load` runs (restart the server after it)."""
    return describe([code]).get(code, "")
