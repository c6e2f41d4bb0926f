"""The meaning layer: trained heads over multilingual sentence embeddings, beside the rule book.

``read_meaning(draft)`` gives the hints of what a draft means (gossip, regret, a view without a
disclaimer...), for the advisor to merge with the rules' hints. See layer.py.
"""

from .layer import MeaningLayer, Reading, defer_loading, read_meaning, start_loading, status

__all__ = ["MeaningLayer", "Reading", "defer_loading", "read_meaning", "start_loading", "status"]
