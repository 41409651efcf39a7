"""Stage 1, the input end: read the content tree (settings, card files, media, overrides)."""
