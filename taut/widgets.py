"""A <select> for long lists, written in Python rather than through Django's templates, and
choices read without being normalised again (`FixedChoices`).

Django renders a select widget through three templates: the select, then each option, then
each option's attributes: some 50 µs an option. The session form's muscle and trigger point
menus hold 330 options a row; drawn through the templates they cost 24 of the new-session
page's 64 ms at the 1M-session bench (issue 18). `LongSelect` builds the same
context as `forms.Select` and writes the HTML Django's templates would write from it
(django/forms/templates/django/forms/widgets/select.html, select_option.html and
attrs.html), newlines and all; tests/test_widgets.py holds the two outputs equal.

It does not go through the form renderer, so a project override of those three templates
would not reach it; Taut overrides none.
"""

from collections.abc import Callable

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
        widget = self.get_context(name, value, attrs)["widget"]
        html = [
            f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>'
        ]
        for group, options, _ in widget["optgroups"]:
            if group:
                html.append(f'\n  <optgroup label="{shown(group)}">')
            html.extend(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{attributes(option['attrs'])}>{shown(option['label'])}</option>\n"
                for option in options
            )
            if group:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


class FixedChoices(BaseChoiceIterator):
    """Choices a cached function returns, already in Django's normal form: (value, label)
    pairs, or (group, pairs). A plain choices function is called and its list normalised again
    each time the choices are read: twice for each select drawn, again to validate; a
    knowledge base's lists, fixed for the process, need neither."""

    def __init__(self, choices: Callable[[], list]):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices())
