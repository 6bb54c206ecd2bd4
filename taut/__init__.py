"""Taut: a clinical workbench for myofascial trigger point assessment and dry needling."""
