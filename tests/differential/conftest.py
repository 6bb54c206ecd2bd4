"""Prints the differential's self-consistency figures at the end of a run that measured them
(tests/differential/test_consistency.py), so they are seen without -s."""

MEASURED: list = []


def pytest_terminal_summary(terminalreporter):
    if not MEASURED:
        return
    terminalreporter.section("differential self-consistency")
    for figure in MEASURED[-1]:
        terminalreporter.write_line(str(figure))
