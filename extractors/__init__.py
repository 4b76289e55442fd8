"""Per-document-kind extractors and their rule packs."""
