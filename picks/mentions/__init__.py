"""Films and people named in a post: recognised against the records (picks/mentions/index.py),
stored as mentions, and the first of each linked to its page."""

from picks.mentions.index import Found, NameIndex, name_index, recognise

__all__ = ["Found", "NameIndex", "name_index", "recognise"]
