"""The generated catalogue's editorial side: writers, two sections of its own, published posts
about the generated films (older than every existing post, so the demo's front page stays as it
is), and readers' approved comments in threads, one post drawing 300 of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from random import Random

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from picks.catalog import words
from picks.catalog.records import PREFIX, Catalogue, Progress, insert, tag_objects
from picks.markdown import render_post_body
from picks.mentions.index import renew_name_index
from picks.models import Comment, Post, PostFilm, Section

BUSY_POST_COMMENTS = 300
BUSY_POST = {"title": "The Grand Ensemble: your verdicts", "slug": f"{PREFIX}your-verdicts"}
OWN_SECTIONS = [("Second Looks", 20), ("Double Bills", 21)]
WRITERS = ["Marta Lind", "Tariq Okafor", "Nell Hayes", "Jonas Weber", "Keiko Sato", "Omar Silva"]
# Of a post's comments: the share that start a thread, then the share replying to a reply.
TOP_LEVEL_SHARE = 0.7
SECOND_REPLY_SHARE = 0.33
SYSTEM = "catalogue"


def make_editorial(
    rng: Random, *, posts: int, comments: int, catalogue: Catalogue, progress: Progress
) -> None:
    if not posts or not catalogue.film_ids:
        return
    sections = make_sections(catalogue)
    writers = make_writers(catalogue)
    made = make_posts(rng, posts, sections, writers, catalogue, progress)
    catalogue.counts["post tags"] = tag_objects(
        rng,
        Post,
        [post.pk for post, _ in made],
        catalogue.tags,
        choices=[1, 2, 3],
        label="post tags",
        progress=progress,
    )
    make_comments(rng, comments, made, catalogue, progress)


def make_sections(catalogue: Catalogue) -> list[Section]:
    existing = list(Section.objects.active())
    taken = {section.name for section in existing}
    own = [
        Section(
            name=name,
            slug=f"{PREFIX}{slugify(name)}",
            order=order,
            description=f"{name}: pieces from the back catalogue.",
        )
        for name, order in OWN_SECTIONS
        if name not in taken
    ]
    catalogue.counts["sections"] = len(Section.objects.bulk_create(own))
    return existing + own


def make_writers(catalogue: Catalogue) -> list:
    User = get_user_model()
    writers = []
    for name in WRITERS:
        first, last = name.split()
        writer = User(username=f"{PREFIX}{slugify(name)}", first_name=first, last_name=last)
        writer.set_unusable_password()
        writers.append(writer)
    saved = User.objects.bulk_create(writers)
    catalogue.counts["writers"] = len(saved)
    return saved


def publish_times(rng: Random, total: int) -> list[datetime]:
    """Newest first, one to three days apart, all before the oldest existing post."""
    dates = Post.objects.filter(publish_at__isnull=False).order_by("publish_at")
    oldest = dates.values_list("publish_at", flat=True).first()
    latest = min(oldest or timezone.now(), timezone.now()) - timedelta(days=1)
    times = []
    for _ in range(total):
        times.append(latest)
        latest -= timedelta(hours=rng.randint(18, 72), minutes=rng.randrange(60))
    return times


def make_posts(
    rng: Random,
    total: int,
    sections: list[Section],
    writers: list,
    catalogue: Catalogue,
    progress: Progress,
) -> list[tuple[Post, list[int]]]:
    """Posts and the films each is about; the busy post is about the ensemble film."""
    film_ids = catalogue.film_ids
    plans = []
    for n, publish_at in enumerate(publish_times(rng, total)):
        if n == 0:
            about = [catalogue.ensemble_film_id]
        else:
            about = rng.sample(film_ids, min(len(film_ids), rng.choice([1, 1, 1, 2, 3])))
        plans.append((n, publish_at, about))

    renew_name_index()  # the films and people were inserted in bulk, announced by no signal

    def rows() -> Iterator[Post]:
        for n, publish_at, about in plans:
            lead = catalogue.film_titles[about[0]]
            title = BUSY_POST["title"] if n == 0 else f"{lead}: {rng.choice(words.HOOKS)}"
            body = words.post_body(
                rng, film_title=lead, director=catalogue.director_names[about[0]]
            )
            yield Post(
                section=rng.choice(sections),
                title=title,
                slug=BUSY_POST["slug"] if n == 0 else f"{PREFIX}{slugify(title)[:150]}-{n}",
                standfirst=f"{words.synopsis(rng)} {words.sentence(rng, director='The director')}",
                body=body,
                # Saved in bulk, so the pre_save signal that renders it (and links the films
                # and people it names) does not run.
                body_html=render_post_body(body)[0],
                author=rng.choice(writers) if rng.random() < 0.9 else None,
                status=Post.Status.PUBLISHED,
                publish_at=publish_at,
                reader_question=rng.choice(words.QUESTIONS),
                contains_spoilers=rng.random() < 0.15,
                # Never close comments by age: the busy post must keep taking them.
                comments_close_after_days=0,
            )

    saved: list[Post] = []
    catalogue.counts["posts"] = insert(
        Post, rows(), total=total, label="posts", progress=progress, into=saved
    )
    links = (
        PostFilm(post=post, film_id=film_id, order=order)
        for post, (_, _, about) in zip(saved, plans, strict=True)
        for order, film_id in enumerate(about)
    )
    catalogue.counts["post films"] = insert(
        PostFilm, links, total=total, label="post films", progress=progress
    )
    return [(post, about) for post, (_, _, about) in zip(saved, plans, strict=True)]


def comments_per_post(rng: Random, total: int, posts: int) -> list[int]:
    """How many comments each post gets: the busy post its 300, the rest shared at random."""
    busy = min(BUSY_POST_COMMENTS, total)
    counts = [busy] + [0] * (posts - 1)
    if posts > 1:
        for index in rng.choices(range(1, posts), k=total - busy):
            counts[index] += 1
    else:
        counts[0] = total
    return counts


def make_comments(
    rng: Random,
    total: int,
    posts: list[tuple[Post, list[int]]],
    catalogue: Catalogue,
    progress: Progress,
) -> None:
    """Comments in three rounds (threads, replies, replies to replies), each round's parents
    saved first so the replies can name them."""
    now = timezone.now()
    counts = comments_per_post(rng, total, len(posts))
    done = 0
    parents: list[list[tuple[int, datetime]]] = []  # per post: the previous round's comments
    for depth in range(3):
        planned = []
        for (post, _about), count in zip(posts, counts, strict=True):
            top = max(1, round(count * TOP_LEVEL_SHARE)) if count else 0
            if depth == 0:
                planned.append([(None, post.publish_at)] * top)
            else:
                replies = count - top
                second = round(replies * SECOND_REPLY_SHARE)
                size = replies - second if depth == 1 else second
                previous = parents[len(planned)]
                planned.append([rng.choice(previous) for _ in range(size)] if previous else [])

        def rows(planned=planned, depth=depth) -> Iterator[Comment]:
            for (post, _about), post_plan in zip(posts, planned, strict=True):
                for parent_id, after in post_plan:
                    created = min(now, after + timedelta(minutes=rng.randint(5, 60 * 24 * 20)))
                    yield comment(rng, post, parent_id=parent_id, depth=depth, created=created)

        saved: list[Comment] = []
        size = sum(len(plan) for plan in planned)
        done += insert(
            Comment, rows(), total=size, label=f"comments ({depth})", progress=progress, into=saved
        )
        by_post: dict[int, list[tuple[int, datetime]]] = {post.pk: [] for post, _ in posts}
        for row in saved:
            by_post[row.post_id].append((row.pk, row.created_at))
        parents = [by_post[post.pk] for post, _ in posts]
    catalogue.counts["comments"] = done


def comment(rng: Random, post: Post, *, parent_id: int | None, depth: int, created) -> Comment:
    name = words.person_name(rng)
    return Comment(
        post=post,
        parent_id=parent_id,
        depth=depth,
        name=name,
        email=f"{slugify(name)}@example.com",
        body=words.comment_body(rng),
        status=Comment.Status.APPROVED,
        decided_by_system=SYSTEM,
        decided_at=created,
        created_at=created,
    )
