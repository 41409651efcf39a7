"""Several decks in one repository: ``ankismith.yaml`` found and every command run per deck.

``project.py`` finds the decks (``find_project``: the project file's, else today's single
``content/``; ``choose_deck``, the one deck of ``diff`` and ``verify``); ``clash.py`` refuses two
decks that would share a deck name, a deck id or a note type id; ``run.py`` builds, checks,
writes ids in and previews every deck, each with its own package, cache folder and site.
"""
