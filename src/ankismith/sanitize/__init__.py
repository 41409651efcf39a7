"""The one output sanitiser: every piece of HTML a card, the description or the preview holds."""
