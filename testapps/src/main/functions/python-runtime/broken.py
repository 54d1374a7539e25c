"""Fails while it is imported: the environment fails its initialisation."""
raise RuntimeError("cannot initialise: missing configuration")
