from .boxoffice import ExchangeRate, Gross
from .entities import (
    Author,
    Entity,
    Film,
    FilmCompany,
    FilmCredit,
    Person,
    PersonAffiliation,
    Season,
    Series,
    SeriesCompany,
    SeriesCredit,
    Studio,
)
from .fingerprints import TextFingerprint
from .kinds import KINDS, LinkedKind, public_url
from .listings import StoryListing, story_count
from .pages import ArticlePage, HomeFeaturedTopic, HomePage, HomeTopStory, TopicPage, TopicPinnedStory
from .tags import ArticleTag, Curation, LegacySlug
from .undo import UNDO_DAYS, CurationChange

__all__ = [
    "KINDS",
    "UNDO_DAYS",
    "ArticlePage",
    "ArticleTag",
    "Curation",
    "CurationChange",
    "Author",
    "Entity",
    "ExchangeRate",
    "Film",
    "FilmCompany",
    "FilmCredit",
    "Gross",
    "HomeFeaturedTopic",
    "HomePage",
    "HomeTopStory",
    "LegacySlug",
    "LinkedKind",
    "Person",
    "PersonAffiliation",
    "Season",
    "Series",
    "SeriesCompany",
    "SeriesCredit",
    "StoryListing",
    "Studio",
    "TextFingerprint",
    "TopicPage",
    "TopicPinnedStory",
    "public_url",
    "story_count",
]
