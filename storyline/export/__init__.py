"""Exports: the annotation format (one JSON file per document) and a full JSON dump."""
