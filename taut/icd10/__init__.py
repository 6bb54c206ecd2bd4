"""The ICD-10-CM code set (CDC/NCHS, published by CMS; public domain): every category and
subcategory with its description and whether it is billable, searchable by code and words."""
