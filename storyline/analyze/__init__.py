"""Per-document analysis components (pure: text in, spans out)."""
