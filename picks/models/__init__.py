"""The editorial side's records: sections and posts, their revisions, the image library, and
readers' comments with their moderation.

One module per concern; every name is importable from `picks.models` as before. Revisions and
comments name Post by label, and only the image library and the featured quotes import it, so
the imports run one way: sections -> posts -> media, featured.
"""

from picks.models.authors import AuthorProfile
from picks.models.comments import BlocklistEntry, Comment, CommentQuerySet
from picks.models.factcheck import FactFinding, FactFindingQuerySet
from picks.models.featured import PostCriticQuote, PostQuote
from picks.models.media import MediaImage
from picks.models.mentions import Mention, MentionQuerySet
from picks.models.newsletter import (
    Delivery,
    NewsletterIssue,
    NewsletterIssuePost,
    Subscriber,
    SubscriberQuerySet,
)
from picks.models.posts import (
    Post,
    PostFilm,
    PostQuerySet,
    display_name,
    is_staff_author,
)
from picks.models.replies import ReplyNotification, ReplySubscriber, ReplySubscription
from picks.models.revisions import PostRevision
from picks.models.sections import Section, SectionQuerySet

__all__ = [
    "AuthorProfile",
    "BlocklistEntry",
    "Comment",
    "CommentQuerySet",
    "Delivery",
    "FactFinding",
    "FactFindingQuerySet",
    "MediaImage",
    "Mention",
    "MentionQuerySet",
    "NewsletterIssue",
    "NewsletterIssuePost",
    "Post",
    "PostCriticQuote",
    "PostFilm",
    "PostQuerySet",
    "PostQuote",
    "PostRevision",
    "ReplyNotification",
    "ReplySubscriber",
    "ReplySubscription",
    "Section",
    "SectionQuerySet",
    "Subscriber",
    "SubscriberQuerySet",
    "display_name",
    "is_staff_author",
]
