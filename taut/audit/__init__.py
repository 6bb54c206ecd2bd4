"""The append-only, hash-chained audit trail of access to patient data and of logins."""
