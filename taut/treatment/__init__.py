"""Treatment sessions: needling, soft tissue work, exercises, adverse events, billing codes."""
