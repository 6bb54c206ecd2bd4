"""The money side: the clinic's fee schedule, invoices drafted from visits, payments,
receipts, superbills and the clinic's billing report."""
