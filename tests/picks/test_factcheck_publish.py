"""The fact-check at work: findings kept with an editor's "checked" mark across re-runs, a Best
Pick held back until each contradiction is fixed or checked (workflow, post form, admin panel),
and `manage.py factcheck` failing on a published post."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from picks.factcheck import refresh_findings
from picks.models import FactFinding, Post
from picks.workflow import post_publish
from tests.factories import image_file, make_la_la_land, make_post, make_section
from tests.picks.test_publishing_buttons import sent
from tests.picks.test_roles import change_url, post_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

WRONG = "Mia (Julianne Moore) sings in a bar."
RIGHT = "Mia (Emma Stone) sings in a bar."


@pytest.fixture
def la_la_land():
    return make_la_la_land()


@pytest.fixture
def best_pick_draft(la_la_land):
    return make_post(
        section=make_section(name="Best Pick", slug="best-pick"),
        status=Post.Status.DRAFT,
        films=[la_la_land],
        body=f"La La Land is a musical.\n\n{WRONG}",
        hero_image=image_file("hero.png"),
        hero_image_alt="Two dancers above the city",
        rating=Decimal("4.5"),
        verdict="A musical that knows what dreams cost.",
    )


# -- kept findings ----------------------------------------------------------------------------


def test_a_rerun_keeps_the_checked_mark_and_an_edit_resolves_the_finding(best_pick_draft, editor):
    [finding] = refresh_findings(post=best_pick_draft)
    assert finding.severity == "contradiction" and "Emma Stone" in finding.message
    assert finding.sentence == WRONG
    finding.checked_by, finding.checked_at = editor, best_pick_draft.created_at
    finding.save()

    [again] = refresh_findings(post=best_pick_draft)
    assert again.pk == finding.pk and again.checked_by == editor

    best_pick_draft.body = f"La La Land is a musical.\n\n{RIGHT}"
    best_pick_draft.save()
    assert refresh_findings(post=best_pick_draft) == []
    finding.refresh_from_db()
    assert finding.resolved_at is not None and finding.checked_by == editor


# -- the workflow -----------------------------------------------------------------------------


def test_a_best_pick_with_a_contradiction_cannot_be_published_until_it_is_fixed(
    best_pick_draft, editor
):
    with pytest.raises(ValidationError) as refusal:
        post_publish(post=best_pick_draft, by=editor)
    assert "give Mia Dolan to Emma Stone, not Julianne Moore" in str(refusal.value)
    assert Post.objects.get(pk=best_pick_draft.pk).status == Post.Status.DRAFT

    best_pick_draft.body = RIGHT
    best_pick_draft.save()
    assert post_publish(post=best_pick_draft, by=editor).is_live


def test_marking_the_finding_as_checked_lets_it_go_out(best_pick_draft, editor):
    [finding] = refresh_findings(post=best_pick_draft)
    finding.checked_by, finding.checked_at = editor, best_pick_draft.created_at
    finding.save()
    assert post_publish(post=best_pick_draft, by=editor).is_live


def test_other_sections_are_not_held_back(editor, la_la_land):
    post = make_post(status=Post.Status.DRAFT, films=[la_la_land], body=WRONG)
    assert post_publish(post=post, by=editor).is_live


# -- the post form and the panel --------------------------------------------------------------


def best_pick_form(post: Post, **changes) -> dict:
    link = post.film_links.get()
    fields = {
        "body": post.body,
        "hero_image_alt": post.hero_image_alt,
        "rating": "4.5",
        "verdict": post.verdict,
        **changes,
    }
    return post_form(
        post,
        **fields,
        **{
            "film_links-TOTAL_FORMS": "1",
            "film_links-INITIAL_FORMS": "1",
            "film_links-0-id": str(link.pk),
            "film_links-0-post": str(post.pk),
            "film_links-0-film": str(link.film_id),
            "film_links-0-order": "0",
        },
    )


def test_publish_now_is_refused_with_the_finding_and_what_was_typed_kept(
    client, editor, best_pick_draft
):
    client.force_login(editor)
    typed = f"{WRONG}\n\nA new paragraph I just wrote."
    response = client.post(
        change_url(best_pick_draft), sent(best_pick_form(best_pick_draft, body=typed), "publish")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "can&#x27;t go out yet: the fact-check found a contradiction" in html
    assert "give Mia Dolan to Emma Stone, not Julianne Moore" in html
    assert "A new paragraph I just wrote." in html
    assert 'name="factcheck_checked"' in html and "Mark as checked" in html
    best_pick_draft.refresh_from_db()
    assert (
        best_pick_draft.status == Post.Status.DRAFT and "new paragraph" not in best_pick_draft.body
    )


def test_ticking_mark_as_checked_in_the_form_publishes_and_keeps_who_checked(
    client, editor, best_pick_draft
):
    client.force_login(editor)
    data = sent(best_pick_form(best_pick_draft), "publish")
    response = client.post(change_url(best_pick_draft), data)
    key = response.context["adminform"].form.fact_check_findings[0]["finding"].key

    response = client.post(change_url(best_pick_draft), {**data, "factcheck_checked": key})
    assert response.status_code == 302
    best_pick_draft.refresh_from_db()
    assert best_pick_draft.is_live
    finding = FactFinding.objects.get(post=best_pick_draft, key=key)
    assert finding.checked_by == editor and finding.checked_at is not None


def test_the_fact_check_button_and_the_panels_mark_as_checked(client, editor, best_pick_draft):
    client.force_login(editor)
    html = client.get(change_url(best_pick_draft)).content.decode()
    assert 'form="post-factcheck"' in html and "No open findings" in html

    response = client.post(f"{change_url(best_pick_draft)[:-7]}factcheck/", follow=True)
    html = response.content.decode()
    assert "Fact-check: 1 contradiction and 0 suggestions" in html
    assert "give Mia Dolan to Emma Stone, not Julianne Moore" in html and WRONG in html

    finding = FactFinding.objects.get(post=best_pick_draft)
    mark_url = f"{change_url(best_pick_draft)[:-7]}factcheck/{finding.pk}/checked/"
    html = client.post(mark_url, follow=True).content.decode()
    assert "Checked by Edith Tor on" in html
    assert post_publish(post=best_pick_draft, by=editor).is_live


def test_contributors_see_the_findings_but_only_editors_mark_them(
    client, contributor, best_pick_draft
):
    best_pick_draft.author = contributor
    best_pick_draft.save()
    refresh_findings(post=best_pick_draft)
    finding = FactFinding.objects.get(post=best_pick_draft)
    client.force_login(contributor)
    html = client.get(change_url(best_pick_draft)).content.decode()
    assert "An editor can mark this as checked" in html
    mark_url = f"{change_url(best_pick_draft)[:-7]}factcheck/{finding.pk}/checked/"
    assert client.post(mark_url).status_code == 403
    assert client.get(mark_url).status_code == 405
    finding.refresh_from_db()
    assert finding.checked_at is None


# -- the command ------------------------------------------------------------------------------


def test_the_command_fails_on_a_published_post_with_an_unchecked_contradiction(la_la_land, capsys):
    make_post(slug="mia", films=[la_la_land], body=WRONG)
    make_post(slug="fine", films=[la_la_land], body=RIGHT)
    with pytest.raises(CommandError) as failure:
        call_command("factcheck")
    assert failure.value.returncode == 1 and "mia" in str(failure.value)
    out = capsys.readouterr().out
    assert "give Mia Dolan to Emma Stone, not Julianne Moore" in out and WRONG in out

    call_command("factcheck", "fine")
    assert "1 post checked: no unchecked contradiction" in capsys.readouterr().out


def test_the_command_passes_once_the_finding_is_checked_and_ignores_drafts(
    la_la_land, editor, capsys
):
    post = make_post(slug="mia", films=[la_la_land], body=WRONG)
    make_post(slug="draft", status=Post.Status.DRAFT, films=[la_la_land], body=WRONG)
    [finding] = refresh_findings(post=post)
    finding.checked_by, finding.checked_at = editor, post.created_at
    finding.save()
    call_command("factcheck")
    out = capsys.readouterr().out
    assert "checked by Edith Tor" in out and "2 posts checked" in out


def test_the_command_names_a_slug_it_does_not_know():
    with pytest.raises(CommandError) as failure:
        call_command("factcheck", "no-such-post")
    assert failure.value.returncode == 2 and "no-such-post" in str(failure.value)


def test_the_panels_addresses_answer_a_malformed_or_missing_id_with_404(client, editor):
    client.force_login(editor)
    for url in (
        "/admin/picks/post/abc/factcheck/",
        "/admin/picks/post/999999/factcheck/",
        "/admin/picks/post/%27%3B--/factcheck/1/checked/",
    ):
        assert client.post(url).status_code == 404


def test_a_new_best_pick_is_checked_with_the_films_in_its_form(client, editor, la_la_land):
    client.force_login(editor)
    data = sent(
        post_form(
            title="Dreamers",
            slug="dreamers",
            section=make_section(name="Best Pick", slug="best-pick").pk,
            body=WRONG,
            hero_image=image_file("hero.png"),
            hero_image_alt="Two dancers above the city",
            rating="4",
            verdict="Worth the ticket.",
            **{
                "film_links-TOTAL_FORMS": "1",
                "film_links-0-film": str(la_la_land.pk),
                "film_links-0-order": "0",
            },
        ),
        "publish",
    )
    response = client.post("/admin/picks/post/add/", data)
    assert response.status_code == 200 and not Post.objects.exists()
    [item] = response.context["adminform"].form.fact_check_findings
    assert "give Mia Dolan to Emma Stone" in item["finding"].message

    data["hero_image"] = image_file("hero.png")
    response = client.post(
        "/admin/picks/post/add/", {**data, "factcheck_checked": item["finding"].key}
    )
    post = Post.objects.get()
    assert response.status_code == 302 and post.is_live
    assert post.fact_findings.get().checked_by == editor
