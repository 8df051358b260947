"""The admin for the editorial side, one module per concern; importing them registers each admin.

Sections, posts (with their preview, history and restore pages in post_views), the image
library, and comments with the blocklist.
"""

from picks.admin import comments, media, posts, sections

__all__ = ["comments", "media", "posts", "sections"]
