"""Intake: the pain drawing, pain scores, history, causes, red flags and the needling screen."""
