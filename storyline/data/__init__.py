"""Language-neutral data tables (event scores, state codes)."""
