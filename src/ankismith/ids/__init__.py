"""``ankismith ids``: give every card without an id a readable one, in its Markdown file."""
