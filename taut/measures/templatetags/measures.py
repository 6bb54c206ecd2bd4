from django import template

from taut.measures.instruments import SPECS

register = template.Library()


@register.filter
def shown_score(response) -> str:
    """A response's score as people read it: "44%", "6.5/10"."""
    return SPECS[response.instrument].shows(response.score)
