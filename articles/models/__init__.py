from .entities import (
    ENTITY_MODELS,
    Author,
    Entity,
    Film,
    FilmCompany,
    FilmCredit,
    Person,
    PersonAffiliation,
    Studio,
)
from .listings import StoryListing, story_count
from .pages import ArticlePage, HomeFeaturedTopic, HomePage, HomeTopStory, TopicPage, TopicPinnedStory
from .tags import ArticleTag, Curation, LegacySlug

__all__ = [
    "ENTITY_MODELS",
    "ArticlePage",
    "ArticleTag",
    "Curation",
    "Author",
    "Entity",
    "Film",
    "FilmCompany",
    "FilmCredit",
    "HomeFeaturedTopic",
    "HomePage",
    "HomeTopStory",
    "LegacySlug",
    "Person",
    "PersonAffiliation",
    "StoryListing",
    "Studio",
    "TopicPage",
    "TopicPinnedStory",
    "story_count",
]
