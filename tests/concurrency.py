"""For tests of transactions running side by side (PostgreSQL)."""

import threading
import time

from django.db import connections


def slow(step):
    """`step`, then a pause, so a second writer reaches the same rows meanwhile."""

    def stepped_then_wait(*args, **kwargs):
        result = step(*args, **kwargs)
        time.sleep(0.3)
        return result

    return stepped_then_wait


def at_once(*steps, timeout: float = 60) -> list:
    """Run each step in a thread of its own (so on a database connection of its own), all
    released together; what each returned, or the exception it raised, in the order given.
    Fails if a step is still running after `timeout` seconds."""
    start, outcomes = threading.Barrier(len(steps)), [None] * len(steps)

    def run(index, step):
        try:
            start.wait(timeout=10)
            outcomes[index] = step()
        except Exception as error:  # noqa: BLE001 - handed to the caller
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a step hung"
    return outcomes


def outcome(result, done: str, refused: type[Exception]) -> str:
    """What a step of `at_once` came to: `done`, or "refused" for the error it may be refused
    with; any other error is raised."""
    if isinstance(result, refused):
        return "refused"
    if isinstance(result, Exception):
        raise result
    return done
