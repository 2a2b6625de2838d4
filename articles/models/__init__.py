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
from .pages import (
    ArticlePage,
    HomeFeaturedTopic,
    HomePage,
    HomeTopStory,
    ReviewIndexPage,
    ReviewPage,
    TopicPage,
    TopicPinnedStory,
    story_models,
)
from .slate import SLATE_STAGES, StatusChange
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
    "Person",
    "PersonAffiliation",
    "ReviewIndexPage",
    "ReviewPage",
    "SLATE_STAGES",
    "Season",
    "Series",
    "SeriesCompany",
    "SeriesCredit",
    "StoryListing",
    "StatusChange",
    "Studio",
    "TextFingerprint",
    "TopicPage",
    "TopicPinnedStory",
    "public_url",
    "story_count",
    "story_models",
]
