"""Curation services and their commands: rename, merge, promote and prune tags; merge entities; batch tagging."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from articles import curation
from articles.models import (
    ArticlePage,
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


def tag_names(page: ArticlePage) -> list[str]:
    return sorted(tag.name for tag in ArticlePage.objects.get(pk=page.pk).tags.all())


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("curator", "curator@example.com", "pw")


@pytest.fixture
def scifi(topic_page):
    """Three live articles tagged with two spellings of science fiction (one with both), and a topic rule."""
    first = ArticlePageFactory(parent=topic_page, title="Alien sequel", links={"tags": ["Sci-Fi"]})
    second = ArticlePageFactory(parent=topic_page, title="Space drama", links={"tags": ["sci fi", "Space"]})
    both = ArticlePageFactory(parent=topic_page, title="Robot saga", links={"tags": ["Sci-Fi", "sci fi"]})
    topic = TopicPageFactory(
        parent=topic_page.get_parent(), title="Genre", rules={"tags": [Tag.objects.get(name="sci fi")]}
    )
    return {"articles": [first, second, both], "topic": topic}


# Merging tags.


def test_merging_tags_moves_taggings_collapses_duplicates_and_redirects(client, scifi, admin_user):
    """Articles carrying either spelling show "Science fiction" once, and both old tag URLs answer 301."""
    hyphen, spaced = Tag.objects.get(name="Sci-Fi"), Tag.objects.get(name="sci fi")
    old_slugs = [hyphen.slug, spaced.slug]

    result = curation.merge_tags([hyphen, spaced], into="Science fiction", user=admin_user)

    assert result.articles == 3
    assert result.topics == 1
    for page in scifi["articles"]:
        assert "Science fiction" in tag_names(page)
        assert not {"Sci-Fi", "sci fi"} & set(tag_names(page))
    assert tag_names(scifi["articles"][2]) == ["Science fiction"]
    assert not Tag.objects.filter(name__in=["Sci-Fi", "sci fi"]).exists()
    assert [tag.name for tag in TopicPage.objects.get(pk=scifi["topic"].pk).rule_tags.all()] == ["Science fiction"]
    for slug in old_slugs:
        response = client.get(f"/tags/{slug}/")
        assert response.status_code == 301
        assert response["Location"] == "/tags/science-fiction/"
    page = client.get("/tags/science-fiction/")
    for article in scifi["articles"]:
        assert article.title in page.content.decode()
    assert "Science fiction" in client.get(scifi["articles"][0].url).content.decode()


def test_merging_tags_is_in_the_audit_log_with_the_number_of_articles(scifi, admin_user):
    """The tag's log says who merged what and how many articles changed; each article's history says so too."""
    into = Tag.objects.create(name="Science fiction")
    curation.merge_tags(Tag.objects.filter(name__in=["Sci-Fi", "sci fi"]), into=into, user=admin_user)

    entry = ModelLogEntry.objects.get(action="newsroom.tag.merge")
    assert entry.user == admin_user
    assert entry.data["articles"] == 3
    assert sorted(entry.data["sources"]) == ["Sci-Fi", "sci fi"]
    assert "3 articles" in entry.message
    for article in scifi["articles"]:
        assert PageLogEntry.objects.filter(page=article, action="newsroom.tag.merge").count() == 1


def test_an_old_revision_still_publishes_after_a_merge(scifi, admin_user):
    """Publishing a revision saved before the merge gives the article the surviving tag, not an error."""
    article = scifi["articles"][0]
    old_revision = article.latest_revision
    curation.merge_tags(Tag.objects.filter(name__in=["Sci-Fi", "sci fi"]), into="Science fiction", user=admin_user)

    Revision.objects.get(pk=old_revision.pk).publish()
    assert tag_names(article) == ["Science fiction"]


def test_redirects_that_pointed_at_a_merged_tag_follow_it(client, scifi, admin_user):
    """A tag renamed earlier and then merged away still redirects from its oldest URL to the survivor."""
    hyphen = Tag.objects.get(name="Sci-Fi")
    curation.rename_tag(hyphen, new_name="SF", user=admin_user)
    curation.merge_tags([hyphen], into="Science fiction", user=admin_user)
    assert client.get("/tags/sci-fi/")["Location"] == "/tags/science-fiction/"
    assert client.get("/tags/sf/")["Location"] == "/tags/science-fiction/"


def test_merging_a_tag_into_itself_only_is_refused(scifi):
    """Merging needs at least one other tag; the message says so."""
    tag = Tag.objects.get(name="Sci-Fi")
    with pytest.raises(curation.CurationError, match="at least one tag"):
        curation.merge_tags([tag], into=tag)


def test_a_dry_run_merge_reports_and_changes_nothing(scifi):
    """A dry run says how many articles would change and leaves tags, taggings and logs as they were."""
    before = sorted(Tag.objects.values_list("name", flat=True))
    result = curation.merge_tags(Tag.objects.filter(name__in=["Sci-Fi", "sci fi"]), into="SF", dry_run=True)
    assert result.articles == 3
    assert result.message.startswith("Dry run")
    assert sorted(Tag.objects.values_list("name", flat=True)) == before
    assert not LegacySlug.objects.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="newsroom.").exists()


# Renaming, pruning, duplicates.


def test_renaming_a_tag_changes_its_slug_and_redirects_the_old_url(client, scifi, admin_user):
    """After a rename the tag page lives at the new slug and the old URL answers 301 to it."""
    tag = Tag.objects.get(name="Sci-Fi")
    result = curation.rename_tag(tag, new_name="Science Fiction", user=admin_user)
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Science Fiction", "science-fiction")
    assert result.articles == 2
    assert client.get("/tags/sci-fi/")["Location"] == "/tags/science-fiction/"
    assert ModelLogEntry.objects.get(action="newsroom.tag.rename").data["old_name"] == "Sci-Fi"


def test_renaming_onto_an_existing_tag_is_refused_with_a_merge_hint(scifi):
    """Renaming "Sci-Fi" to "SCI FI" (another tag's name in other case) is refused and suggests merging."""
    with pytest.raises(curation.CurationError, match="Merge"):
        curation.rename_tag(Tag.objects.get(name="Sci-Fi"), new_name="SCI FI")
    assert Tag.objects.filter(name="Sci-Fi").exists()


def test_a_case_only_rename_keeps_the_url(client, scifi):
    """Fixing the case of a tag keeps its slug and adds no redirect."""
    tag = Tag.objects.get(name="sci fi")
    curation.rename_tag(tag, new_name="Sci Fi")
    assert Tag.objects.get(pk=tag.pk).name == "Sci Fi"
    assert not LegacySlug.objects.exists()


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "x" * 101])
def test_bad_tag_names_are_refused(scifi, bad):
    """Empty, punctuation-only or over-long names are refused with a message."""
    with pytest.raises(curation.CurationError):
        curation.rename_tag(Tag.objects.get(name="Sci-Fi"), new_name=bad)


def test_deleting_unused_tags_keeps_tags_used_by_articles_drafts_and_topics(scifi, topic_page):
    """Only tags on nothing are deleted; a tag only in a draft's unpublished revision is kept."""
    Tag.objects.create(name="Orphan")
    draft = ArticlePageFactory(parent=topic_page, title="Draft story")
    draft_only = Tag.objects.create(name="Draft only")
    draft.tags.add(draft_only)
    draft.save_revision()  # the tag is in the draft revision only
    draft.tags.clear()
    draft.save()
    ArticlePage.objects.filter(pk=draft.pk).update(has_unpublished_changes=True)

    result = curation.delete_unused_tags()
    assert result.deleted == ["Orphan"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"Sci-Fi", "sci fi", "Space", "Draft only"}
    assert ModelLogEntry.objects.filter(action="newsroom.tag.delete").count() == 1


def test_likely_duplicates_group_case_accents_punctuation_plurals_and_typos(db):
    """Spellings of one tag are grouped; different short words one letter apart are not."""
    for name in ["Sci-Fi", "sci fi", "Pokémon", "Pokemon", "Superhero", "Superheroes", "Spielberg", "Speilberg"]:
        Tag.objects.create(name=name)
    for name in ["Marvel", "Marcel", "Box office"]:
        Tag.objects.create(name=name)
    groups = [sorted(tag.name for tag in group) for group in curation.likely_duplicate_tags()]
    assert sorted(groups) == [
        ["Pokemon", "Pokémon"],
        ["Sci-Fi", "sci fi"],
        ["Speilberg", "Spielberg"],
        ["Superhero", "Superheroes"],
    ]


# Promoting a tag.


def test_promoting_a_tag_to_an_existing_film(client, topic_page, admin_user):
    """Articles tagged "Steel Soldiers" list on the film's page and the tag URL redirects to the film."""
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers")
    stories = [
        ArticlePageFactory(parent=topic_page, title=f"Steel story {n}", links={"tags": ["Steel Soldiers"]})
        for n in range(2)
    ]
    tag = Tag.objects.get(name="Steel Soldiers")
    topic = TopicPageFactory(parent=topic_page.get_parent(), title="Robots", rules={"tags": [tag]})
    old_revision = stories[0].latest_revision

    result = curation.promote_tag(tag, kind="film", entity=film, user=admin_user)

    assert result.articles == 2
    assert not Tag.objects.filter(name="Steel Soldiers").exists()
    page = client.get("/films/steel-soldiers/").content.decode()
    for story in stories:
        assert story.title in page
        assert list(ArticlePage.objects.get(pk=story.pk).films.all()) == [film]
    assert list(TopicPage.objects.get(pk=topic.pk).rule_films.all()) == [film]
    response = client.get(f"/tags/{tag.slug}/")
    assert (response.status_code, response["Location"]) == (301, "/films/steel-soldiers/")
    assert ModelLogEntry.objects.get(action="newsroom.tag.promote").data["articles"] == 2
    Revision.objects.get(pk=old_revision.pk).publish()  # the old revision now names the film instead
    assert list(ArticlePage.objects.get(pk=stories[0].pk).films.all()) == [film]


def test_promoting_a_tag_to_a_new_person(client, topic_page):
    """Without an existing entity a new one is created with the tag's name."""
    ArticlePageFactory(parent=topic_page, links={"tags": ["Greta Gerwig"]})
    curation.promote_tag(Tag.objects.get(name="Greta Gerwig"), kind="person")
    person = Person.objects.get(name="Greta Gerwig")
    assert client.get("/tags/greta-gerwig/")["Location"] == person.get_absolute_url()


def test_promoting_refuses_a_duplicate_new_entity_and_wrong_kinds(topic_page):
    """Creating a second "Marvel Studios" or promoting to an unknown kind is refused with a message."""
    StudioFactory(name="Marvel Studios")
    ArticlePageFactory(parent=topic_page, links={"tags": ["Marvel Studios"]})
    tag = Tag.objects.get(name="Marvel Studios")
    with pytest.raises(curation.CurationError, match="already a studio"):
        curation.promote_tag(tag, kind="studio")
    with pytest.raises(curation.CurationError, match="Unknown kind"):
        curation.promote_tag(tag, kind="planet")
    with pytest.raises(curation.CurationError, match="not a film"):
        curation.promote_tag(tag, kind="film", entity=Studio.objects.get())
    assert Tag.objects.filter(pk=tag.pk).exists()


# Merging entities.


@pytest.fixture
def spielbergs(topic_page):
    keeper = PersonFactory(name="Steven Spielberg", slug="steven-spielberg", aliases="Spielberg")
    loser = PersonFactory(name="Steven Speilberg", slug="steven-speilberg", aliases="S. Spielberg")
    studio = StudioFactory(name="Amblin")
    film = FilmFactory(name="Jaws")
    FilmCreditFactory(film=film, person=loser, role=FilmCredit.Role.DIRECTOR)
    FilmCreditFactory(film=FilmFactory(name="Duel"), person=keeper, role=FilmCredit.Role.DIRECTOR)
    PersonAffiliationFactory(person=loser, studio=studio, title="Founder")
    PersonAffiliationFactory(person=keeper, studio=studio, title="Founder")  # the same row twice: one survives
    story = ArticlePageFactory(parent=topic_page, title="Jaws at fifty", links={"people": [loser]})
    both = ArticlePageFactory(parent=topic_page, title="Two names", links={"people": [loser, keeper]})
    topic = TopicPageFactory(parent=topic_page.get_parent(), title="Directors", rules={"people": [loser]})
    return {"keeper": keeper, "loser": loser, "story": story, "both": both, "topic": topic, "film": film}


def test_merging_people_moves_articles_credits_aliases_and_redirects(client, spielbergs, admin_user):
    """The survivor has the loser's articles, credits, affiliations, topic rules and names; its URL redirects."""
    keeper, loser = spielbergs["keeper"], spielbergs["loser"]
    old_revision = spielbergs["story"].latest_revision

    result = curation.merge_entities(loser, into=keeper, user=admin_user)

    assert result.articles == 2
    assert not Person.objects.filter(pk=loser.pk).exists()
    keeper.refresh_from_db()
    assert keeper.alias_list == ["Spielberg", "Steven Speilberg", "S. Spielberg"]
    assert sorted(credit.film.name for credit in keeper.credits.all()) == ["Duel", "Jaws"]
    assert PersonAffiliation.objects.filter(person=keeper).count() == 1
    for story in (spielbergs["story"], spielbergs["both"]):
        assert list(ArticlePage.objects.get(pk=story.pk).people.all()) == [keeper]
    assert list(TopicPage.objects.get(pk=spielbergs["topic"].pk).rule_people.all()) == [keeper]
    response = client.get("/people/steven-speilberg/")
    assert (response.status_code, response["Location"]) == (301, "/people/steven-spielberg/")
    assert "Jaws at fifty" in client.get("/people/steven-spielberg/").content.decode()
    entry = ModelLogEntry.objects.get(action="newsroom.entity.merge")
    assert (entry.data["source"], entry.data["articles"], entry.user) == ("Steven Speilberg", 2, admin_user)

    Revision.objects.get(pk=old_revision.pk).publish()
    assert list(ArticlePage.objects.get(pk=spielbergs["story"].pk).people.all()) == [keeper]


def test_merging_studios_moves_subsidiaries_companies_and_credits_via(topic_page):
    """A merged studio's labels, film companies and credits-through all land on the survivor."""
    keeper, loser = StudioFactory(name="Alibaba Pictures"), StudioFactory(name="Alibaba Pictures Group")
    label = StudioFactory(name="Label", parent=loser)
    film = FilmFactory()
    FilmCompany.objects.create(film=film, studio=loser, role="producer")
    credit = FilmCreditFactory(film=film, via=loser)
    curation.merge_entities(loser, into=keeper)
    assert Studio.objects.get(pk=label.pk).parent == keeper
    assert list(FilmCompany.objects.filter(film=film).values_list("studio__name", flat=True)) == ["Alibaba Pictures"]
    assert FilmCredit.objects.get(pk=credit.pk).via == keeper


def test_merging_an_entity_into_itself_or_across_types_is_refused(spielbergs):
    """Both refusals say why, and nothing is deleted."""
    keeper = spielbergs["keeper"]
    with pytest.raises(curation.CurationError, match="into itself"):
        curation.merge_entities(keeper, into=keeper)
    with pytest.raises(curation.CurationError, match="one type"):
        curation.merge_entities(keeper, into=spielbergs["film"])
    assert Person.objects.count() == 2


def test_a_dry_run_entity_merge_changes_nothing(spielbergs):
    """The dry run counts the articles; both people, their credits and links stay as they were."""
    result = curation.merge_entities(spielbergs["loser"], into=spielbergs["keeper"], dry_run=True)
    assert result.articles == 2
    assert Person.objects.count() == 2
    assert spielbergs["loser"].credits.count() == 1
    assert Person.objects.get(pk=spielbergs["keeper"].pk).aliases == "Spielberg"
    assert not LegacySlug.objects.exists()


# Batch tagging.


def test_batch_tagging_adds_and_removes_tags_and_entities(topic_page, admin_user):
    """Selected articles gain (then lose) a tag and a person; drafts keep it in their latest revision."""
    person = PersonFactory(name="Zhang Wei")
    live = ArticlePageFactory(parent=topic_page, title="Live story", links={"tags": ["Box office"]})
    draft = ArticlePageFactory(parent=topic_page, title="Draft story", live=False)
    draft.save_revision()

    result = curation.batch_tag([live, draft], add=["China", person], user=admin_user)
    assert result.articles == 2
    assert tag_names(live) == ["Box office", "China"]
    assert list(ArticlePage.objects.get(pk=live.pk).people.all()) == [person]
    latest = ArticlePage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert [tag.name for tag in latest.tags.all()] == ["China"]
    assert list(latest.people.all()) == [person]
    assert PageLogEntry.objects.filter(action="newsroom.batch_tag").count() == 2

    curation.batch_tag([live, draft], remove=["china", person], user=admin_user)
    assert tag_names(live) == ["Box office"]
    assert not ArticlePage.objects.get(pk=live.pk).people.exists()
    assert not ArticlePage.objects.get(pk=draft.pk).get_latest_revision_as_object().tags.exists()


def test_batch_tagging_needs_something_to_do_and_articles(topic_page):
    """An empty request or a selection without articles is refused with a message."""
    story = ArticlePageFactory(parent=topic_page)
    with pytest.raises(curation.CurationError, match="at least one"):
        curation.batch_tag([story])
    with pytest.raises(curation.CurationError, match="None of the selected"):
        curation.batch_tag([topic_page], add=["X"])


# Commands.


def test_tags_list_command_prints_usage(scifi, capsys):
    """`tags list` prints each tag with its live, draft and topic counts; --duplicates prints groups."""
    call_command("tags", "list")
    out = capsys.readouterr().out
    assert "Sci-Fi" in out and "sci fi" in out
    call_command("tags", "list", "--duplicates")
    assert "Sci-Fi" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["rename", "Sci-Fi", "Science fiction"],
        ["merge", "Sci-Fi", "sci fi", "--into", "Science fiction"],
        ["promote", "Sci-Fi", "--kind", "film"],
        ["prune"],
    ],
)
def test_tag_commands_with_dry_run_change_nothing(scifi, capsys, args):
    """Every changing subcommand with --dry-run reports and leaves the tags as they were."""
    Tag.objects.create(name="Orphan")
    before = sorted(Tag.objects.values_list("name", "slug"))
    call_command("tags", *args, "--dry-run")
    assert capsys.readouterr().out.startswith("Dry run")
    assert sorted(Tag.objects.values_list("name", "slug")) == before
    assert not LegacySlug.objects.exists()


def test_tag_commands_change_tags(scifi, capsys):
    """Without --dry-run the commands do the work and print it."""
    call_command("tags", "merge", "Sci-Fi", "sci-fi_1", "--into", "Science fiction")
    out = capsys.readouterr().out
    assert "Merged" in out and "redirect: /tags/sci-fi/ → /tags/science-fiction/" in out
    call_command("tags", "rename", "science-fiction", "SF")
    assert Tag.objects.filter(name="SF", slug="sf").exists()
    Tag.objects.create(name="Orphan")
    call_command("tags", "prune")
    assert not Tag.objects.filter(name="Orphan").exists()


def test_tag_commands_refuse_unknown_tags_and_conflicts(scifi):
    """Unknown tags and refused operations are CommandErrors with a clear message."""
    with pytest.raises(CommandError, match="No tag"):
        call_command("tags", "rename", "Nope", "Other")
    with pytest.raises(CommandError, match="Merge"):
        call_command("tags", "rename", "Sci-Fi", "sci fi")
    with pytest.raises(CommandError, match="No film"):
        call_command("tags", "promote", "Sci-Fi", "--kind", "film", "--entity", "missing")


def test_merge_entities_command(spielbergs, capsys):
    """The command merges by slug or name, supports --dry-run and refuses unknown records and self-merges."""
    call_command("merge_entities", "person", "steven-speilberg", "Steven Spielberg", "--dry-run")
    assert capsys.readouterr().out.startswith("Dry run")
    assert Person.objects.count() == 2
    with pytest.raises(CommandError, match="No person"):
        call_command("merge_entities", "person", "nobody", "steven-spielberg")
    with pytest.raises(CommandError, match="itself"):
        call_command("merge_entities", "person", "steven-spielberg", "steven-spielberg")
    call_command("merge_entities", "person", "steven-speilberg", "steven-spielberg")
    assert "redirect: /people/steven-speilberg/ → /people/steven-spielberg/" in capsys.readouterr().out
    assert Person.objects.count() == 1
