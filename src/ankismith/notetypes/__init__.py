"""Our note types: ids, field and template lists, the template files and their stylesheet."""
