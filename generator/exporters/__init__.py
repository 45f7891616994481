"""Exporters: the catalog in formats other programs read (calendars, feeds)."""
