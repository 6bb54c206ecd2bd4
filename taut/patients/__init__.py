"""Patients: demographics, contact details, search, soft delete."""
