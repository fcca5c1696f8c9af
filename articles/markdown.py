"""Article bodies: Markdown rendered to HTML, then sanitised with nh3 before it reaches a page.

Two guards, each enough on its own for script:
1. Markdown runs with its raw-HTML handling removed, so `<script>` or `<div onclick=...>` typed
   into the body is shown as text, never passed through; a level-1 heading becomes level 2
   (the page's title is the only h1), and pictures from anywhere but our own media or static files
   become their alt text.
2. nh3 then keeps only an allow-list of tags and attributes, links only to http(s), mailto
   and relative addresses (no `javascript:`, no `data:`), and image sources only under
   MEDIA_URL or STATIC_URL.
"""

import xml.etree.ElementTree as etree

import markdown
import nh3
from django.conf import settings
from django.utils.safestring import mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def own_image_prefixes():
    """Where a picture in an article may come from: our uploads and our static files."""
    return tuple(prefix for prefix in (settings.MEDIA_URL, settings.STATIC_URL) if prefix)


def is_own_image(src):
    src = (src or "").strip()
    # "/media//evil.example/x.png" would still leave our site in some browsers' eyes; refuse it too.
    return src.startswith(own_image_prefixes()) and "//" not in src.split("://", 1)[-1] and ".." not in src


class _PortalTreeprocessor(Treeprocessor):
    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img" and not is_own_image(child.get("src")):
                    # Keep what the picture was about, drop the request to another server.
                    replacement = etree.Element("span")
                    replacement.text = child.get("alt") or ""
                    replacement.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, replacement)
                elif child.tag == "h1":
                    child.tag = "h2"


class PortalMarkdownExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        # Raw HTML in the body stays text: the block and inline HTML handlers are removed.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_PortalTreeprocessor(md), "portal", 0)


def _attribute_filter(tag, attribute, value):
    if tag == "img" and attribute == "src" and not is_own_image(value):
        return None
    return value


def sanitise(html):
    """The allow-list pass: what survives here may be written into a page unescaped."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text):
    """Markdown source to sanitised HTML, marked safe for templates (it has passed `sanitise`)."""
    html = markdown.markdown(
        text or "",
        extensions=["tables", "sane_lists", "fenced_code", "abbr", PortalMarkdownExtension()],
        output_format="html",
    )
    return mark_safe(sanitise(html))  # noqa: S308 (nh3 output)
