"""strikewatch pipeline: framework-free services (storage, extraction, tagging, stories, coverage, CLI)."""

__version__ = "0.1.0"
