"""A <select> for long lists, written in Python rather than through Django's templates, and
choices read without being normalised again (`FixedChoices`).

Django renders a select widget through three templates: the select, then each option, then
each option's attributes: some 50 µs an option. The session form's muscle and trigger point
menus hold 330 options a row; drawn through the templates they cost 24 of the new-session
page's 64 ms at the 1M-session bench (issue 18). `LongSelect` builds the same
context as `forms.Select` and writes the HTML Django's templates would write from it
(django/forms/templates/django/forms/widgets/select.html, select_option.html and
attrs.html), newlines and all; tests/test_widgets.py holds the two outputs equal. A
`FixedChoices` list's options are written once for the process (their labels are text), and
only which one is selected differs from one menu to the next.

It does not go through the form renderer, so a project override of those three templates
would not reach it; Taut overrides none.
"""

import functools
from collections.abc import Callable, Iterator

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime


def attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def shown(value) -> str:
    """A label as a template writes `{{ value }}`: in local time, localised, escaped."""
    return conditional_escape(localize(template_localtime(value)))


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        if isinstance(self.choices, FixedChoices):
            # the options written once for the process; only which one is selected differs
            widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
            body = chosen(written(self.choices.choices), widget["value"])
        else:
            widget = self.get_context(name, value, attrs)["widget"]
            body = "".join(options(widget["optgroups"]))
        name = conditional_escape(widget["name"])
        return mark_safe(f'<select name="{name}"{attributes(widget["attrs"])}>{body}\n</select>')


def options(optgroups) -> Iterator[str]:
    """The options of django/forms/widgets/select.html, from a select's `optgroups`."""
    for group, choices, _ in optgroups:
        if group:
            yield f'\n  <optgroup label="{shown(group)}">'
        for option in choices:
            yield (
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{attributes(option['attrs'])}>{shown(option['label'])}</option>\n"
            )
        if group:
            yield "\n  </optgroup>"


@functools.cache
def written(choices: Callable[[], list]) -> tuple:
    """A FixedChoices list's options as written unselected and selected, each with its value
    (group markup as plain text): about 0.6 ms a menu of 188 options, once."""
    select = forms.Select(choices=FixedChoices(choices))
    parts = []
    for group, members, index in select.optgroups("", []):
        if group:
            parts.append(f'\n  <optgroup label="{shown(group)}">')
        for option in members:
            picked = select.create_option("", option["value"], option["label"], True, index)
            parts.append((str(option["value"]), *options([(None, [option, picked], 0)])))
        if group:
            parts.append("\n  </optgroup>")
    return tuple(parts)


def chosen(parts: tuple, value: list[str]) -> str:
    """The options of `parts` (`written`), the first whose value is in `value` selected, as
    Django's single select marks only the first."""
    html, found = [], False
    for part in parts:
        if isinstance(part, str):
            html.append(part)
        elif not found and part[0] in value:
            html.append(part[2])
            found = True
        else:
            html.append(part[1])
    return "".join(html)


class FixedChoices(BaseChoiceIterator):
    """Choices a cached function returns, already in Django's normal form: (value, label)
    pairs, or (group, pairs). A plain choices function is called and its list normalised again
    each time the choices are read: twice for each select drawn, again to validate; a
    knowledge base's lists, fixed for the process, need neither."""

    def __init__(self, choices: Callable[[], list]):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices())
