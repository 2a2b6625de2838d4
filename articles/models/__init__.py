from .awards import AwardCategory, AwardCeremony, AwardEdition, AwardNomination
from .boxoffice import ExchangeRate, Gross
from .corrections import Correction
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
from .follows import Follow, Follower
from .ingest import AgencyFeed, IngestItem
from .kinds import KINDS, LinkedKind, public_url
from .listings import StoryListing, story_count
from .live import LivePage, LiveUpdate, LiveUpdateTag
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
from .partners import Partner
from .releases import Release
from .slate import SLATE_STAGES, StatusChange
from .tags import ArticleTag, Curation, LegacySlug
from .undo import UNDO_DAYS, CurationChange

__all__ = [
    "AgencyFeed",
    "IngestItem",
    "KINDS",
    "UNDO_DAYS",
    "ArticlePage",
    "ArticleTag",
    "Curation",
    "Correction",
    "CurationChange",
    "Author",
    "AwardCategory",
    "AwardCeremony",
    "AwardEdition",
    "AwardNomination",
    "Entity",
    "ExchangeRate",
    "Film",
    "FilmCompany",
    "FilmCredit",
    "Follow",
    "Follower",
    "Gross",
    "HomeFeaturedTopic",
    "HomePage",
    "HomeTopStory",
    "LegacySlug",
    "LinkedKind",
    "Partner",
    "LivePage",
    "LiveUpdate",
    "LiveUpdateTag",
    "Person",
    "PersonAffiliation",
    "Release",
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
