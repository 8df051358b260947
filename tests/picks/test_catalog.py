"""`generate_catalog`: a big public catalogue beside the demo content, repeatable by seed, removable
without a trace, and never changing a record it did not make."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from taggit.models import TaggedItem

from films.models import Credit, Film, Person
from picks.catalog import BUSY_POST, ENSEMBLE_FILM, PREFIX, PROLIFIC_PERSON, catalogue_remove
from picks.models import Comment, Post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SMALL = {"films": 90, "people": 200, "posts": 6, "comments": 320}


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_catalog", stdout=out, **{"verbosity": 0, **SMALL, **options})
    return out.getvalue()


def database_dump() -> dict[str, dict[int, dict]]:
    labels = ["core", "films", "reviews", "picks", "taggit"]
    models = [m for label in labels for m in apps.get_app_config(label).get_models()]
    models.append(get_user_model())
    return {m._meta.label: {row["id"]: row for row in m.objects.values()} for m in models}


def test_makes_the_numbers_asked_for():
    generate()
    assert Film.objects.filter(slug__startswith=PREFIX).count() == 90
    assert Person.objects.filter(slug__startswith=PREFIX).count() == 200
    assert Post.objects.filter(slug__startswith=PREFIX).count() == 6
    assert Comment.objects.filter(post__slug__startswith=PREFIX).count() == 320
    # About thirteen credits a film, as in a real catalogue.
    assert 90 * 9 < Credit.objects.filter(film__slug__startswith=PREFIX).count() < 90 * 17


def test_makes_the_big_records_the_bounded_pages_are_measured_on():
    generate()
    ensemble = Film.objects.get(slug=ENSEMBLE_FILM["slug"])
    assert ensemble.credits.cast().count() == 60
    prolific = Person.objects.get(slug=PROLIFIC_PERSON["slug"])
    assert prolific.credits.count() == 80
    busy = Post.objects.get(slug=BUSY_POST["slug"])
    assert busy.comments.visible().count() == 300
    assert busy.comments.filter(parent__isnull=False).exists()
    assert list(busy.films.all()) == [ensemble]


def test_everything_it_makes_is_public():
    generate()
    assert Film.objects.public().filter(slug__startswith=PREFIX).count() == 90
    assert Person.objects.public().filter(slug__startswith=PREFIX).count() == 200
    assert Post.objects.published().filter(slug__startswith=PREFIX).count() == 6
    assert Comment.objects.visible().filter(post__slug__startswith=PREFIX).count() == 320


def test_the_stored_body_is_rendered_as_a_save_would():
    generate()
    post = Post.objects.filter(slug__startswith=PREFIX).first()
    body_html = post.body_html
    post.save()
    post.refresh_from_db()
    assert post.body_html == body_html != ""


@pytest.mark.usefixtures("media_root")
def test_never_changes_the_demo_records_and_removes_only_its_own():
    call_command("load_demo", verbosity=0, stdout=StringIO())
    before = database_dump()

    generate()

    after = database_dump()
    for label, rows in before.items():
        assert {pk: after[label][pk] for pk in rows} == rows, label
    demo_post = Post.objects.get(slug="la-la-land-here-is-to-the-dreamers")
    home_post = Post.objects.published().newest_first().first()
    assert home_post == Post.objects.published().exclude(slug__startswith=PREFIX).newest_first()[0]
    assert demo_post.comments.count() == 0

    catalogue_remove()

    after_removal = database_dump()
    # Tag words it added stay, labelling nothing: another's record may have taken one up since.
    added_tags = after_removal.pop("taggit.Tag").keys() - before.pop("taggit.Tag").keys()
    assert after_removal == before
    assert not TaggedItem.objects.filter(tag__in=added_tags).exists()


def test_the_same_seed_makes_the_same_catalogue():
    def titles():
        return list(
            Film.objects.filter(slug__startswith=PREFIX).order_by("pk").values_list("title")
        )

    generate(seed=7)
    first = titles()
    generate(seed=7, replace=True)
    assert titles() == first
    generate(seed=8, replace=True)
    assert titles() != first


def test_a_second_run_needs_replace():
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    generate(replace=True)
    assert Film.objects.filter(slug__startswith=PREFIX).count() == 90


def test_dry_run_reports_and_writes_nothing():
    output = generate(dry_run=True, verbosity=1)
    assert "Would make" in output
    assert "90 films" in output
    assert not Film.objects.filter(slug__startswith=PREFIX).exists()


def test_quiet_at_verbosity_0_and_a_progress_line_per_step_otherwise():
    assert generate() == ""
    output = generate(replace=True, verbosity=1)
    assert "people" in output and "comments" in output
    assert "Made " in output


def test_refuses_too_few_people():
    with pytest.raises(CommandError, match="people"):
        generate(people=3)
