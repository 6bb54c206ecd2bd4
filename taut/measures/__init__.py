"""Outcome measures in the product: questionnaires, their scores over time, progress."""
