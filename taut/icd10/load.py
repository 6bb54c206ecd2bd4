"""Filling the code table from the simple-icd-10-cm package, which ships CMS's ICD-10-CM
tabular list XML (release named in `release()`). MIT-licensed code; the code set itself is
public domain (CDC/NCHS)."""

import warnings
from collections.abc import Iterator
from importlib.metadata import version

from django.db import transaction

BATCH = 2000


def release() -> str:
    """The package version and the CMS file it carries, e.g. '1.5.0 (April-1-2026)'."""
    from importlib.resources import files

    data = files("simple_icd_10_cm") / "data"
    names = [p.name for p in data.iterdir() if p.name.startswith("icd10cm-tabular")]
    names += [p.name for p in data.iterdir() if p.name.startswith("icd10c-tabular")]
    stamp = names[0].split("tabular-")[-1].removesuffix(".xml") if names else "unknown"
    return f"{version('simple-icd-10-cm')} ({stamp})"


def rows() -> Iterator[tuple[str, str, bool, str, str]]:
    """(code, description, billable, parent code, inclusion terms) of every category and
    subcategory."""
    with warnings.catch_warnings():
        # 1.5.0 reads its data with importlib.resources' legacy calls (deprecated, working).
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm  # parses the XML on import: only when loading

    seen = set()
    for code in cm.get_all_codes(with_dots=True):
        # Chapters and blocks are headings, never codes; a block holding one category has the
        # category's name and is listed twice.
        if code in seen or not cm.is_category_or_subcategory(code):
            continue
        seen.add(code)
        parent = cm.get_parent(code)
        yield (
            code,
            cm.get_description(code),
            cm.is_leaf(code),
            parent if cm.is_category_or_subcategory(parent) else "",
            "; ".join(cm.get_inclusion_term(code)),
        )


def load(model) -> int:
    """Replace the table's rows with the package's; returns how many. Diagnoses keep their
    codes as text, so a code retired by CMS stays readable on old records."""
    objects = [
        model(code=c, description=d, billable=b, parent=p, terms=t) for c, d, b, p, t in rows()
    ]
    with transaction.atomic():
        model.objects.all().delete()
        model.objects.bulk_create(objects, batch_size=BATCH)
    from taut.icd10.search import label

    label.cache_clear()
    return len(objects)
