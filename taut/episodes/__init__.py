"""Episodes of care: one complaint from the first visit to discharge, and its consent."""
