"""Stage 2: turn card files and deck.yaml into frozen Cards and DeckSettings. Pure."""
