"""The `taut` command: Django's management command line with Taut's settings preselected."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taut.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["taut", *sys.argv[1:]])


if __name__ == "__main__":
    main()
