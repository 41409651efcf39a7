"""``ankismith diff``: compare two releases, and the release guard that protects learners."""
