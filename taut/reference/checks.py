"""`taut check` (and runserver) load the knowledge base and report a malformed data file."""

from django.core.checks import Error, register

from taut.kb.errors import DataError


@register("taut")
def knowledge_base_loads(app_configs, **kwargs):
    from taut.kb.atlas import load_atlas
    from taut.kb.care import advice, aftercare
    from taut.kb.catalog import catalog
    from taut.kb.exercises import library

    try:
        load_atlas()
        catalog()
        library()
        advice()
        aftercare()
    except DataError as error:
        return [Error(str(error), hint="Fix the data file named above.", id="taut.E001")]
    return []
