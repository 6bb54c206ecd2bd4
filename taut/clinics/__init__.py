"""Clinics (the tenants), staff memberships with roles, and the one door to clinic data."""
