"""Plain-Python clinical rules of the record: screening, palpation classification, range of
motion norms, diagnosis codes and billing codes. No Django."""
