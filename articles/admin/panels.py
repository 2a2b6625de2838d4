"""The editor's panels for topics and articles, which use our entity autocomplete and the suggestions panel.

They live in the admin layer, above the models, and are set on the page classes at start-up
(``ArticlesConfig.ready``), before Wagtail builds any edit handler or runs its checks."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Page

from ..models import KINDS, ArticlePage, LivePage, ReviewIndexPage, ReviewPage, TopicPage
from .duplicates import DuplicateWarningPanel
from .suggestions import SuggestedEntitiesPanel
from .widgets import EntityAutocompleteWidget


class ArticlePageForm(WagtailAdminPageForm):
    """Compares the publication date with the story's own: a field with a callable default (``timezone.now``) is
    compared with a hidden initial input, which Wagtail never renders, so it always counted as changed and every
    workflow action from the editor ("Approve and Publish") saved a new revision as the reviewer's draft."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = False


def install() -> None:
    TopicPage.rule_panels = [
        HelpPanel(
            content="The topic lists its own articles plus every live article linked to any studio, person, "
            "film or tag chosen here."
        ),
        *(FieldPanel(kind.rule_field, widget=EntityAutocompleteWidget(kind.key)) for kind in KINDS.subjects()),
    ]
    TopicPage.edit_handler = TabbedInterface(
        [
            ObjectList(TopicPage.content_panels, heading="Content"),
            ObjectList(TopicPage.rule_panels, heading="Rules"),
            ObjectList(Page.promote_panels, heading="Promotion & SEO"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    ArticlePage.content_panels = [
        DuplicateWarningPanel(),
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("authors", widget=EntityAutocompleteWidget("author")),
        FieldPanel("date"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading="Hero image",
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("source_name"), FieldPanel("source_url")], heading="Source"),
        # Notes readers see on the story, in /corrections/ and its feed once the story is published (issue #19).
        InlinePanel(
            "corrections",
            heading="Corrections and updates",
            label="Correction, clarification or update",
            help_text="Add a note when a published story is corrected, clarified or updated; it is dated and public.",
        ),
    ]
    ArticlePage.entity_panels = [
        SuggestedEntitiesPanel(),
        *(FieldPanel(kind.article_field, widget=EntityAutocompleteWidget(kind.key)) for kind in KINDS.entities()),
        FieldPanel("tags"),
    ]
    ArticlePage.edit_handler = TabbedInterface(
        [
            ObjectList(ArticlePage.content_panels, heading="Content"),
            ObjectList(ArticlePage.entity_panels, heading="Entities & tags"),
            ObjectList(Page.promote_panels, heading="Promotion & SEO"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ],
        base_form_class=ArticlePageForm,
    )

    # Live coverage: the story's panels plus its status and coverage times; updates are published on their own
    # (articles.admin.live).
    LivePage.content_panels = [
        *ArticlePage.content_panels[:2],
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("coverage_start"), FieldPanel("coverage_end")], heading="Coverage"
        ),
        *ArticlePage.content_panels[2:],
    ]
    LivePage.edit_handler = TabbedInterface(
        [
            ObjectList(LivePage.content_panels, heading="Content"),
            ObjectList(ArticlePage.entity_panels, heading="Entities & tags"),
            ObjectList(Page.promote_panels, heading="Promotion & SEO"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ],
        base_form_class=ArticlePageForm,
    )

    # The Reviews section is a topic; a review is a story with what the critic says of the title.
    ReviewIndexPage.edit_handler = TopicPage.edit_handler
    ReviewPage.review_panels = [
        HelpPanel(content="The critic is the story's author. The reviewed title is linked to the story on saving."),
        FieldPanel("reviewed_film"),
        FieldPanel("reviewed_series"),
        FieldPanel("season_number"),
        MultiFieldPanel([FieldPanel("rating"), FieldPanel("best_rating")], heading="Rating"),
        FieldPanel("verdict"),
        FieldPanel("spoilers"),
    ]
    ReviewPage.edit_handler = TabbedInterface(
        [
            ObjectList(ArticlePage.content_panels, heading="Content"),
            ObjectList(ReviewPage.review_panels, heading="Review"),
            ObjectList(ArticlePage.entity_panels, heading="Entities & tags"),
            ObjectList(Page.promote_panels, heading="Promotion & SEO"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ],
        base_form_class=ArticlePageForm,
    )
