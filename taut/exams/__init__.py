"""Assessment: the differential, palpation exam, range of motion and diagnoses."""
