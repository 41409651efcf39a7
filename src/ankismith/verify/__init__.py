"""``ankismith verify``: import a package into real Anki and judge what learners would get."""
