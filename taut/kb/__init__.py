"""Taut's knowledge base: the body atlas, muscles and trigger points, as plain Python data."""
