"""ankismith: compile Markdown flashcards into Anki decks that update learners in place."""

__version__ = "0.1.0"
