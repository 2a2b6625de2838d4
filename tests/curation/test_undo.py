"""Undoing curation changes: everything comes back, later changes stay, conflicts and old changes are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from taggit.models import Tag
from wagtail.models import ModelLogEntry, Revision

from articles import curation
from articles.models import (
    KINDS,
    ArticlePage,
    ArticleTag,
    CurationChange,
    Film,
    FilmCompany,
    FilmCredit,
    LegacySlug,
    Person,
    PersonAffiliation,
    Studio,
    TopicPage,
)

from ..factories import (
    ArticlePageFactory,
    FilmCreditFactory,
    FilmFactory,
    PersonAffiliationFactory,
    PersonFactory,
    StudioFactory,
    TopicPageFactory,
)


def state() -> dict:
    """Every row a curation change may touch, as plain values (timestamps of entity edits left out)."""
    rows = {
        "tags": list(Tag.objects.order_by("pk").values_list("pk", "name", "slug")),
        "article_tags": sorted(ArticleTag.objects.values_list("content_object_id", "tag_id")),
        "rule_tags": sorted(TopicPage.rule_tags.through.objects.values_list("topicpage_id", "tag_id")),
        "redirects": sorted(LegacySlug.objects.values_list("kind", "old_slug", "target_type_id", "target_id")),
        "credits": sorted(FilmCredit.objects.values_list("pk", "film_id", "person_id", "via_id", "role")),
        "companies": sorted(FilmCompany.objects.values_list("pk", "film_id", "studio_id", "role")),
        "affiliations": sorted(PersonAffiliation.objects.values_list("pk", "person_id", "studio_id", "title")),
        "revisions": dict(Revision.objects.order_by("pk").values_list("pk", "content")),
    }
    for model in (Studio, Person, Film):
        rows[model.__name__] = list(model.objects.order_by("pk").values_list("pk", "name", "slug", "aliases"))
    for kind in KINDS.entities():
        rows[f"{kind.key} links"] = sorted(
            kind.links.model.objects.values_list(kind.links.owner_column, kind.links.column)
        )
        rows[f"{kind.key} rules"] = sorted(
            kind.rules.model.objects.values_list(kind.rules.owner_column, kind.rules.column)
        )
    return rows


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_superuser("curator", "curator@example.com", "pw")


@pytest.fixture
def newsroom(topic_page):
    """Two spellings of a tag, a tag to promote, two records of one director with credits, and topic rules."""
    keeper = PersonFactory(name="Steven Spielberg", slug="steven-spielberg", aliases="Spielberg")
    loser = PersonFactory(name="Steven Speilberg", slug="steven-speilberg", aliases="S. Spielberg")
    studio = StudioFactory(name="Amblin")
    FilmCreditFactory(film=FilmFactory(name="Jaws"), person=loser, role=FilmCredit.Role.DIRECTOR)
    PersonAffiliationFactory(person=loser, studio=studio, title="Founder")
    PersonAffiliationFactory(person=keeper, studio=studio, title="Founder")
    first = ArticlePageFactory(parent=topic_page, title="Alien sequel", links={"tags": ["Sci-Fi", "Pixar"]})
    second = ArticlePageFactory(
        parent=topic_page, title="Space drama", links={"tags": ["sci fi", "Space"], "people": [loser]}
    )
    both = ArticlePageFactory(
        parent=topic_page, title="Robot saga", links={"tags": ["Sci-Fi", "sci fi"], "people": [loser, keeper]}
    )
    topic = TopicPageFactory(
        parent=topic_page.get_parent(),
        title="Genre",
        rules={"tags": [Tag.objects.get(name="sci fi"), Tag.objects.get(name="Pixar")], "people": [loser]},
    )
    return {"articles": [first, second, both], "topic": topic, "keeper": keeper, "loser": loser}


ACTIONS = {
    "rename": lambda n: curation.rename_tag(Tag.objects.get(name="Space"), new_name="Outer space"),
    "merge tags": lambda n: curation.merge_tags([Tag.objects.get(name="sci fi")], into="Science fiction"),
    "promote to a new studio": lambda n: curation.promote_tag(Tag.objects.get(name="Pixar"), kind="studio"),
    "merge people": lambda n: curation.merge_entities(n["loser"], into=n["keeper"]),
    "batch add": lambda n: curation.batch_tag(n["articles"][:2], add=["Blockbuster", n["keeper"]]),
    "batch remove": lambda n: curation.batch_tag(n["articles"], remove=["Sci-Fi", n["loser"]]),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_undo_puts_back_every_row_and_revision(newsroom, curator, action):
    """After the undo the tags, entities, links, rules, relations, redirects and stored revisions are as before."""
    before = state()
    result = ACTIONS[action](newsroom)
    assert state() != before

    undone = curation.undo_change(CurationChange.objects.get(pk=result.change_id), user=curator)

    assert state() == before
    assert undone.summary.startswith(f"Undid “{result.summary}”")
    change = CurationChange.objects.get(pk=result.change_id)
    assert change.undone_by == curator
    assert ModelLogEntry.objects.filter(action="newsroom.undo", object_id=str(change.pk)).exists()


def test_an_old_revision_publishes_again_with_the_restored_tag(newsroom, curator):
    """The revisions rewritten by the merge name the source tag again, so an old revision publishes with it."""
    article = newsroom["articles"][1]
    old_revision = article.latest_revision
    result = curation.merge_tags([Tag.objects.get(name="sci fi")], into=Tag.objects.get(name="Sci-Fi"))
    curation.undo_change(CurationChange.objects.get(pk=result.change_id), user=curator)

    Revision.objects.get(pk=old_revision.pk).publish()

    assert sorted(t.name for t in ArticlePage.objects.get(pk=article.pk).tags.all()) == ["Space", "sci fi"]


def test_undo_leaves_an_article_edited_since_as_the_editor_left_it(newsroom, curator):
    """An article published after the merge keeps its new tags; the others get the old tag back."""
    edited, untouched = newsroom["articles"][1], newsroom["articles"][2]
    spaced = Tag.objects.get(name="sci fi")
    result = curation.merge_tags([spaced], into=Tag.objects.get(name="Sci-Fi"))
    page = ArticlePage.objects.get(pk=edited.pk)
    page.tags.add("Drama")
    page.save_revision().publish()

    undone = curation.undo_change(CurationChange.objects.get(pk=result.change_id), user=curator)

    assert "Edited since and left as they are: “Space drama”" in undone.summary
    assert sorted(t.name for t in ArticlePage.objects.get(pk=edited.pk).tags.all()) == ["Drama", "Sci-Fi", "Space"]
    assert sorted(t.name for t in ArticlePage.objects.get(pk=untouched.pk).tags.all()) == ["Sci-Fi", "sci fi"]
    assert Tag.objects.get(pk=spaced.pk).slug == spaced.slug
    assert not LegacySlug.objects.filter(kind="tag", old_slug=spaced.slug).exists()


def test_undo_refuses_a_slug_taken_since_and_changes_nothing(newsroom, curator):
    """A tag made since with the old name stops the undo with a message naming it; the rename stays."""
    result = curation.rename_tag(Tag.objects.get(name="Space"), new_name="Outer space")
    Tag.objects.create(name="Space")
    before = state()
    change = CurationChange.objects.get(pk=result.change_id)

    with pytest.raises(curation.CurationError, match="the name “Space” is now used by the tag “Space”"):
        curation.undo_change(change, user=curator)

    assert state() == before
    assert CurationChange.objects.get(pk=change.pk).undone_at is None


def test_undo_refuses_a_revision_rewritten_by_a_later_merge(newsroom, curator):
    """Two merges over the same revisions: the first cannot be undone before the second, and says so."""
    first = curation.merge_tags([Tag.objects.get(name="sci fi")], into=Tag.objects.get(name="Sci-Fi"))
    second = curation.merge_tags([Tag.objects.get(name="Sci-Fi")], into="Science fiction")
    before = state()

    with pytest.raises(curation.CurationError, match="A later change rewrote the stored revision of"):
        curation.undo_change(CurationChange.objects.get(pk=first.change_id), user=curator)
    assert state() == before

    curation.undo_change(CurationChange.objects.get(pk=second.change_id), user=curator)
    curation.undo_change(CurationChange.objects.get(pk=first.change_id), user=curator)
    assert {"Sci-Fi", "sci fi"} <= set(Tag.objects.values_list("name", flat=True))


def test_undo_refuses_changes_older_than_thirty_days_and_second_undos(newsroom, curator):
    result = curation.rename_tag(Tag.objects.get(name="Space"), new_name="Outer space")
    change = CurationChange.objects.get(pk=result.change_id)
    CurationChange.objects.filter(pk=change.pk).update(created_at=change.created_at - timedelta(days=31))

    with pytest.raises(curation.CurationError, match="can be undone for 30 days only"):
        curation.undo_change(CurationChange.objects.get(pk=change.pk), user=curator)
    assert Tag.objects.filter(name="Outer space").exists()

    CurationChange.objects.filter(pk=change.pk).update(created_at=change.created_at)
    curation.undo_change(CurationChange.objects.get(pk=change.pk), user=curator)
    with pytest.raises(curation.CurationError, match="undone already"):
        curation.undo_change(CurationChange.objects.get(pk=change.pk), user=curator)


def test_a_dry_run_undo_reports_and_keeps_nothing(newsroom, curator):
    result = curation.merge_tags([Tag.objects.get(name="sci fi")], into=Tag.objects.get(name="Sci-Fi"))
    after = state()

    report = curation.undo_change(CurationChange.objects.get(pk=result.change_id), user=curator, dry_run=True)

    assert report.message.startswith("Dry run, nothing saved: Undid")
    assert "restored the tag “sci fi”" in report.summary
    assert report.articles == 2 and report.topics == 1
    assert state() == after
    assert CurationChange.objects.get(pk=result.change_id).undone_at is None


def test_a_dry_run_of_an_action_keeps_no_undo_record(newsroom):
    curation.merge_tags([Tag.objects.get(name="sci fi")], into="Science fiction", dry_run=True)
    assert not CurationChange.objects.exists()


def test_undo_refuses_to_delete_a_tag_it_made_that_an_edited_article_now_uses(newsroom, curator):
    """The merge made "Science fiction"; an article published since keeps it, so the tag cannot go: refused."""
    result = curation.merge_tags([Tag.objects.get(name="sci fi")], into="Science fiction")
    page = ArticlePage.objects.get(pk=newsroom["articles"][1].pk)
    page.save_revision().publish()
    before = state()

    with pytest.raises(curation.CurationError, match="^The tag “Science fiction”, made by this change, is now used by"):
        curation.undo_change(CurationChange.objects.get(pk=result.change_id), user=curator)

    assert state() == before
