"""Template tags for public pages: absolute URLs, JSON-LD output and first-mention entity links."""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup, NavigableString
from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..seo import absolute_url as _absolute_url
from ..seo import share_path

register = template.Library()


@register.filter
def public_url(obj) -> str:
    """The public page of a studio, person, film, author or tag: ``{{ tag|public_url }}``."""
    from ..models import public_url as url_of

    return url_of(obj)


@register.simple_tag
def linked_kinds() -> tuple:
    """The registry's kinds, in order, for index links: ``{% linked_kinds as kinds %}``."""
    from ..models import KINDS

    return KINDS.all()


_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """``path`` on the site's root URL, as the sitemap and feeds write it (canonical links, og:url, robots.txt)."""
    return _absolute_url(context.get("request"), path)


@register.simple_tag
def json_ld(data: dict[str, Any]) -> SafeString:
    """A JSON-LD script block; <, > and & are escaped so no value can close the script element."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def link_first_mentions(html: str, entities: list) -> str:
    """Link the first mention (name or alias, whole words, outside links) of each entity in rendered body HTML."""
    if not entities or not html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    names = sorted(
        ((name, entity) for entity in entities for name in entity.all_names if len(name) > 1),
        key=lambda pair: -len(pair[0]),
    )
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name, _ in names))
    by_name = dict(names)
    linked: set[tuple[str, int]] = set()
    for node in list(soup.find_all(string=True)):
        if len(linked) == len(entities):
            break
        if not isinstance(node, NavigableString) or node.find_parent(["a", "h2", "h3", "figcaption", "script"]):
            continue
        text, pieces, last = str(node), [], 0
        for match in pattern.finditer(text):
            entity = by_name[match.group(0)]
            key = (entity.entity_type, entity.pk)
            if key in linked:
                continue
            linked.add(key)
            pieces.append(NavigableString(text[last : match.start()]))
            link = soup.new_tag("a", href=entity.get_absolute_url(), attrs={"class": "entity-link"})
            link.string = match.group(0)
            pieces.append(link)
            last = match.end()
        if pieces:
            pieces.append(NavigableString(text[last:]))
            node.replace_with(*pieces)
    return str(soup)


@register.filter
def highlight(text: str, terms: str) -> SafeString:
    """Escape ``text``, then wrap whole-word matches of the search terms in <mark>."""
    escaped = escape(text or "")
    words = [re.escape(escape(word)) for word in (terms or "").split() if len(word) > 1][:10]
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(rf"(?<!\w)({'|'.join(words)})(?!\w)", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))  # noqa: S308 - escaped text, our own tags


@register.filter
def if_published(page):
    """The page while anonymous readers may see it (``ArticlePageQuerySet.published()``'s rule), else None."""
    from ..models.querysets import is_published

    return page if is_published(page) else None


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context: template.Context) -> str:
        # Set where the enclosing template can read it (not in a pushed scope that ends with this tag).
        context.dicts[0][self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered with autoescape
        return ""


@register.tag
def capture(parser, token) -> CaptureNode:
    """``{% capture name %}…{% endcapture %}`` renders its content once into ``name``, so one block (a page's
    description) can fill several tags (meta description, og:description, twitter:description)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% capture %} takes one variable name.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.simple_tag(takes_context=True)
def share_image(context: template.Context) -> str:
    """The absolute URL of the picture a shared link shows (og:image, twitter:image): a 1200×630 rendition of the
    story's hero or the entity's image, else a card drawn with its headline or name (``articles.cards``)."""
    return _absolute_url(context.get("request"), share_path(context.get("page"), context.get("entity")))
