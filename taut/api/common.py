"""What every endpoint shares: keyset paging, bounded ids, text without NUL, and form errors
as 422."""

from http import HTTPStatus
from typing import Annotated, Generic, TypeVar

from django import forms
from django.db import models
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import AfterValidator, model_validator

from taut.paging import BadCursor, keyset_page

MAX_LIMIT = 100
DEFAULT_LIMIT = 25
MAX_CURSOR = 200  # far longer than any cursor taut.paging makes
MAX_ID = 2**63 - 1  # the largest primary key either database stores

T = TypeVar("T")


def _no_nul(text: str) -> str:
    # PostgreSQL cannot store NUL; refuse it here rather than fail in the database.
    if "\x00" in text:
        raise ValueError("Text cannot contain the NUL character.")
    return text


Text = Annotated[str, AfterValidator(_no_nul)]


class Body(Schema):
    """A request body: a JSON object. Ninja would otherwise read a list, a number or null as an
    object with no fields set, so `PATCH [1]` would change nothing and answer 200."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        raw = getattr(data, "_obj", data)  # Ninja hands the value over wrapped in a DjangoGetter
        if isinstance(raw, list | str | int | float | bool) or raw is None:
            raise ValueError("The body must be a JSON object.")
        return data


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


# Every operation may answer 401 (no or a bad token), 403 (the role may not), 404 (not in the
# token's clinic) and 422 (a path or query parameter out of range); those with a body also
# 400 (the body is not JSON).
ERRORS = {401: Detail, 403: Detail, 404: Detail, 422: Invalid}
WRITE_ERRORS = {**ERRORS, 400: Detail}
# A list may also answer 400: a cursor that was altered or is not one of ours.
LIST_ERRORS = {**ERRORS, 400: Detail}


def documented(*statuses: int) -> dict:
    """The error answers as `openapi_extra`, for the FHIR operations, which answer raw
    HttpResponses: a 422 is either a bad parameter (JSON, as everywhere) or a FHIR
    OperationOutcome for stored data that makes no valid resource."""
    detail = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}
    invalid = {
        "application/json": {"schema": {"$ref": "#/components/schemas/Invalid"}},
        "application/fhir+json": {"schema": {"type": "object"}},
    }
    return {
        "responses": {
            status: {"description": HTTPStatus(status).phrase,
                     "content": invalid if status == 422 else detail}
            for status in statuses
        }
    }  # fmt: skip


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str = Field(
        "", max_length=MAX_CURSOR,
        description="`next` or `previous` of the page before; empty for the first page.",
    )  # fmt: skip


class Page(Schema, Generic[T]):
    """One page of a list, in the list's order. `next` and `previous` are opaque cursors for
    the pages after and before this one, null at either end of the list."""

    limit: int
    next: str | None
    previous: str | None
    items: list[T]


def page(rows: models.QuerySet | list, paging: Paging) -> dict:
    """The page `paging` asks for, by key (taut.paging), never by offset: a deep page costs
    what the first does. 400 for a cursor that was altered or is not ours."""
    try:
        found = keyset_page(rows, paging.cursor or None, paging.limit)
    except BadCursor as error:
        raise HttpError(400, str(error)) from error
    return {"limit": paging.limit, "next": found.next, "previous": found.previous,
            "items": found.items}  # fmt: skip


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
