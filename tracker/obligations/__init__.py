"""Obligations: importing them from resolutions, their history, filters and wording."""
