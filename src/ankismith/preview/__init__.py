"""``ankismith preview``: a static site of every card, rendered by Anki's template rules."""
