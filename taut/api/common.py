"""What every endpoint shares: paging, bounded ids, text without NUL, and form errors as 422."""

from typing import Annotated, Generic, TypeVar

from django import forms
from django.db import models
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import AfterValidator

MAX_LIMIT = 100
DEFAULT_LIMIT = 25
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # the largest primary key either database stores

T = TypeVar("T")


def _no_nul(text: str) -> str:
    # PostgreSQL cannot store NUL; refuse it here rather than fail in the database.
    if "\x00" in text:
        raise ValueError("Text cannot contain the NUL character.")
    return text


Text = Annotated[str, AfterValidator(_no_nul)]


class Detail(Schema):
    """An error: 401, 403 and 404 answers carry one sentence."""

    detail: str


class FieldError(Schema):
    type: str
    loc: list[str | int]
    msg: str


class Invalid(Schema):
    """A 422 answer: each error names where (`loc`, e.g. ["body", "payload", "phone"]) and why."""

    detail: list[FieldError]


ERRORS = {401: Detail, 403: Detail, 404: Detail}
WRITE_ERRORS = {**ERRORS, 422: Invalid}


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Page(Schema, Generic[T]):
    """One page of a list: `count` is the number of all matching rows."""

    count: int
    limit: int
    offset: int
    items: list[T]


def page(queryset: models.QuerySet | list, paging: Paging) -> dict:
    if isinstance(queryset, models.QuerySet):
        # The primary key last, so rows that tie on the ordering keep one order across pages.
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering or [])
        queryset = queryset.order_by(*ordering, "pk")
    count = queryset.count() if isinstance(queryset, models.QuerySet) else len(queryset)
    items = queryset[paging.offset : paging.offset + paging.limit]
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": list(items)}


def invalid(form: forms.BaseForm, rename: dict[str, str] | None = None) -> ValidationError:
    """The form's errors as a 422, each located at the body field it is about."""
    rename = rename or {}
    errors = []
    for name, messages in form.errors.get_json_data().items():
        loc = ["body", "payload"] + ([rename.get(name, name)] if name != "__all__" else [])
        errors += [{"type": m["code"] or "invalid", "loc": loc, "msg": m["message"]}
                   for m in messages]  # fmt: skip
    return ValidationError(errors)


def field_error(field: str | list, message: str, kind: str = "invalid") -> ValidationError:
    path = field if isinstance(field, list) else [field]
    return ValidationError([{"type": kind, "loc": ["body", "payload", *path], "msg": message}])
