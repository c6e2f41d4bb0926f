"""Tuumaustauko: a compose-time advisor for social media in a work role."""

__version__ = "0.1.0"
