"""A URL pattern reversed once per page and filled in per object: a page that links each of
a few hundred rows pays one reverse() per kind of link, not one per row (issue 18)."""

from django.urls import reverse

# A number no appointment id reaches, and a UUID no patient is given (uuid4 sets version bits
# this one lacks): stand-ins replaced by each object's own.
NUMBER = "8064391275"
UUID = "00000000-0000-0000-0000-000000000000"


class Link:
    def __init__(self, name: str, stand_in: str = NUMBER):
        self.stand_in = stand_in
        self.pattern = reverse(name, args=[stand_in])

    def __call__(self, value) -> str:
        return self.pattern.replace(self.stand_in, str(value))
