"""Clinician reference: the knowledge base's pages, the body map, and its command line."""
