from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key)


@register.filter
def humanize(identifier: str) -> str:
    """'very_common' -> 'Very common'."""
    return str(identifier).replace("_", " ").capitalize()
