"""``ankismith init``: the files of a new deck project, and the code that writes them."""
