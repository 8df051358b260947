"""Outlets, scores and critics' quotes: validation, named constraints, protected deletes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from reviews.models import CriticQuote, Outlet, Score
from tests.asserts import database_refuses, validation_errors
from tests.factories import make_critic_quote, make_film, make_outlet, make_score

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("scale", "value", "normalized", "display"),
    [
        (Outlet.Scale.HUNDRED, "93", "93.0", "93"),
        (Outlet.Scale.PERCENT, "91", "91.0", "91%"),
        (Outlet.Scale.TEN, "8.0", "80.0", "8.0/10"),
        (Outlet.Scale.STARS, "4.5", "90.0", "4.5/5"),
    ],
)
def test_score_is_shown_on_its_outlets_scale_and_compared_out_of_100(
    scale, value, normalized, display
):
    score = make_score(outlet=make_outlet(scale=scale), value=Decimal(value))
    score.refresh_from_db()
    assert score.normalized == Decimal(normalized)
    assert score.scale_maximum == Outlet.SCALE_MAXIMUM[scale]
    assert score.display == display


def test_out_of_range_score_is_refused_naming_the_outlets_range():
    metacritic = make_outlet(name="Metacritic", scale=Outlet.Scale.HUNDRED)
    score = Score(film=make_film(), outlet=metacritic, value=Decimal("120"))
    assert validation_errors(score) == {
        "value": ["Metacritic scores run from 0 to 100; 120 is outside that range."]
    }
    stars = Score(film=make_film(), outlet=make_outlet(name="Empire", scale="5"), value=6)
    assert validation_errors(stars)["value"] == [
        "Empire scores run from 0 to 5; 6 is outside that range."
    ]


def test_database_refuses_a_score_above_its_own_copy_of_the_scale_maximum():
    score = make_score(outlet=make_outlet(scale=Outlet.Scale.TEN), value=Decimal("8"))
    message = database_refuses(
        lambda: Score.objects.filter(pk=score.pk).update(value=Decimal("11"))
    )
    assert "score_value_within_scale" in message
    score.refresh_from_db()
    assert score.value == Decimal("8.0")


def test_database_refuses_a_negative_score():
    score = make_score()
    message = database_refuses(lambda: Score.objects.filter(pk=score.pk).update(value=-1))
    assert "score_value_within_scale" in message


def test_database_refuses_a_zero_scale_maximum():
    score = make_score()
    message = database_refuses(lambda: Score.objects.filter(pk=score.pk).update(scale_maximum=0))
    assert "score_scale_maximum_positive" in message
    score.scale_maximum = Decimal(0)
    assert (
        "Constraint “score_scale_maximum_positive” is violated."
        in (validation_errors(score)["__all__"])
    )


def test_database_refuses_a_normalized_score_over_100():
    score = make_score()
    message = database_refuses(
        lambda: Score.objects.filter(pk=score.pk).update(normalized=Decimal("101"))
    )
    assert "score_normalized_0_to_100" in message
    score.normalized = Decimal("101")
    assert (
        "Constraint “score_normalized_0_to_100” is violated."
        in (validation_errors(score)["__all__"])
    )


def test_one_score_per_film_and_outlet():
    score = make_score()
    again = Score(film=score.film, outlet=score.outlet, value=Decimal("50"))
    assert validation_errors(again) == {
        "__all__": ["Score with this Film and Outlet already exists."]
    }
    database_refuses(lambda: make_score(film=score.film, outlet=score.outlet))


def test_outlet_scale_cannot_change_under_existing_scores():
    score = make_score(outlet=make_outlet(scale=Outlet.Scale.HUNDRED))
    outlet = score.outlet
    outlet.scale = Outlet.Scale.TEN
    assert validation_errors(outlet) == {
        "scale": [
            "This outlet already has scores on its old scale. "
            "Change or delete those scores before changing the scale."
        ]
    }


def test_outlet_without_scores_may_change_scale():
    outlet = make_outlet(scale=Outlet.Scale.HUNDRED)
    outlet.scale = Outlet.Scale.TEN
    outlet.full_clean()
    outlet.save()
    outlet.refresh_from_db()
    assert outlet.scale_maximum == 10


def test_outlet_name_and_slug_are_unique():
    make_outlet(name="Metacritic", slug="metacritic")
    assert set(validation_errors(Outlet(name="Metacritic", slug="metacritic"))) == {
        "name",
        "slug",
    }
    database_refuses(lambda: make_outlet(name="Metacritic"))
    database_refuses(lambda: make_outlet(slug="metacritic"))


def test_same_critic_quote_twice_is_refused_by_validation_and_database():
    first = make_critic_quote(quote="A dazzling musical.")
    again = CriticQuote(film=first.film, outlet=first.outlet, quote="A dazzling musical.")
    assert "__all__" in validation_errors(again)
    database_refuses(
        lambda: make_critic_quote(film=first.film, outlet=first.outlet, quote=first.quote)
    )


def test_critic_quote_attribution_names_the_critic_and_outlet():
    outlet = make_outlet(name="The Guardian")
    assert make_critic_quote(outlet=outlet, critic="Peter Bradshaw").attribution == (
        "Peter Bradshaw, The Guardian"
    )
    assert make_critic_quote(outlet=outlet, critic="").attribution == "The Guardian"


@pytest.mark.parametrize(
    "make_work",
    [
        pytest.param(lambda outlet: make_score(outlet=outlet), id="score"),
        pytest.param(lambda outlet: make_critic_quote(outlet=outlet), id="critic quote"),
    ],
)
def test_outlet_with_scores_or_quotes_cannot_be_deleted(make_work):
    outlet = make_outlet()
    work = make_work(outlet)
    with pytest.raises(ProtectedError):
        outlet.delete()
    assert Outlet.objects.filter(pk=outlet.pk).exists()
    work.refresh_from_db()
