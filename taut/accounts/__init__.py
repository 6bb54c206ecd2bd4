"""People who log in: clinic staff and patients with a portal login."""
