"""Stage 5, the output end: the .apkg format, written reproducibly and read back safely."""
