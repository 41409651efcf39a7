"""``ankismith import``: an Anki package or a CrowdAnki folder becomes an ankismith project."""
