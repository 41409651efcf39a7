"""Stage 3: the content rules that look beyond one card as the parser sees it. Pure."""
