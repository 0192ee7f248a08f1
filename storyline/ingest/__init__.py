"""Ingestion: readers, decoding, cleaning, language id and duplicate detection."""
