"""For tests of transactions running side by side (PostgreSQL)."""

import time


def slow(step):
    """`step`, then a pause, so a second writer reaches the same rows meanwhile."""

    def stepped_then_wait(*args, **kwargs):
        result = step(*args, **kwargs)
        time.sleep(0.3)
        return result

    return stepped_then_wait
