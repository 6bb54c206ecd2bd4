"""Clinical notes on a patient's chart: written by clinicians, never edited, not for front desk."""
