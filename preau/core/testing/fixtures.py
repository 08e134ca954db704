"""Shared pytest fixtures (directory data, demo académie)."""
