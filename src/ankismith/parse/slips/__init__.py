"""Authoring slips: text written almost right, each reported at its own line with the fix.

One module per slip: ``cloze.py`` near-miss cloze deletions, ``sections.py`` misspelt section
headings, ``typein.py`` type-in answers written with markup a learner cannot type.
"""
