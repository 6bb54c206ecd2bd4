"""Errors raised while loading knowledge-base data files."""


class DataError(Exception):
    """A data file is malformed; the message names the file, the entry and the field."""

    def __init__(self, file: str, entry: str, field: str, problem: str):
        self.file, self.entry, self.field, self.problem = file, entry, field, problem
        super().__init__(f"{file}: entry {entry!r}, field {field!r}: {problem}")
