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
from .live import LivePage, LiveUpdate, LiveUpdateTag
from .pages import (
    ArticlePage,
    HomeFeaturedTopic,
    HomePage,
    HomeTopStory,
    TopicPage,
    TopicPinnedStory,
    story_models,
)
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
    "Film",
    "FilmCompany",
    "FilmCredit",
    "HomeFeaturedTopic",
    "HomePage",
    "HomeTopStory",
    "LegacySlug",
    "LinkedKind",
    "LivePage",
    "LiveUpdate",
    "LiveUpdateTag",
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
    "story_models",
]
