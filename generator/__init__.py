"""Recovery Navigator: a YAML catalog of recovery resources -> a static MkDocs Material site."""

__version__ = "0.1.0"
