"""Stage 4: render cards' Markdown to the HTML fields Anki holds, with a cache of renderings."""
