"""`taut check --deploy` warns when the FHIR canonical base is not one a deployment can keep."""

from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


def _local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def canonical_base_is_public(app_configs, **kwargs):
    parts = urlsplit(settings.FHIR_CANONICAL_BASE)
    if parts.scheme == "https" and not _local(parts.hostname or ""):
        return []
    return [Warning(
        f"FHIR_CANONICAL_BASE is {settings.FHIR_CANONICAL_BASE}: exported FHIR code systems "
        "and identifiers would be named under a local or unencrypted address.",
        hint="Set SITE_ROOT to the clinic's https address, or FHIR_CANONICAL_BASE to an https "
             "URL the clinic keeps (docs/fhir.md).",
        id="taut.fhir.W001",
    )]  # fmt: skip
