"""No broken links: a bounded crawl of the demo portal from the home page and the sitemap finds no 404 or 500."""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import DEMO_REGION_CODES

MAX_PAGES = 300
# At most this many pages of one shape (same path with other codes or numbers, same query keys), so that
# the budget covers every kind of page instead of a thousand desa pages.
MAX_PER_SHAPE = 12
# Not pages to crawl: the staff workspace, log-out, the language switch (it would change the language
# of the rest of the crawl; tests/test_i18n.py covers it) and files.
SKIPPED_PREFIXES = ("/admin/", "/akun/keluar/", "/i18n/", "/bahasa/", "/media/", "/static/")


class LinkParser(HTMLParser):
    """Collects the targets of <a href> and <link rel="alternate"> (feeds, other languages)."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and "alternate" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.links.append(attrs["href"])


def internal_target(base, href):
    """The path?query that href points to on this site, or None for another site or a non-page link."""
    url, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", ""):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def shape(url):
    """"/wilayah/33.12.21/?page=2" and "/wilayah/35.20.05/?page=3" have the same shape."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"[0-9]+", "#", parts.path), tuple(keys)


def links_of(response):
    """The links of an HTML page, or the <loc> entries of a sitemap."""
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        parser = LinkParser()
        parser.feed(response.content.decode())
        return parser.links
    if "xml" in content_type and "sitemap" in response.request["PATH_INFO"]:
        return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return []


def crawl(client, start=("/", "/sitemap.xml"), limit=MAX_PAGES):
    """Breadth-first over internal links: {url: status} and {broken url: page that linked it}."""
    starts = [start] if isinstance(start, str) else list(start)
    seen = dict.fromkeys(starts)
    queue = deque(starts)
    statuses = {}
    shapes = Counter()
    while queue and len(statuses) < limit:
        url = queue.popleft()
        response = client.get(url, follow=True)
        statuses[url] = response.status_code
        if response.status_code != 200:
            continue
        final_url = response.redirect_chain[-1][0] if response.redirect_chain else url
        for href in links_of(response):
            target = internal_target(f"http://testserver{final_url}", href)
            if target is not None and target not in seen and shapes[shape(target)] < MAX_PER_SHAPE:
                shapes[shape(target)] += 1
                seen[target] = url
                queue.append(target)
    broken = {url: (status, seen[url]) for url, status in statuses.items() if status >= 400}
    return statuses, broken


@pytest.fixture
def crawler_client(db):
    # A server error counts as a broken link in the report instead of stopping the crawl.
    return Client(raise_request_exception=False)


@pytest.fixture
def demo_portal(db):
    call_command("import_regions", only=DEMO_REGION_CODES, stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


def test_crawl_of_the_demo_portal_finds_no_broken_link(demo_portal, crawler_client):
    statuses, broken = crawl(crawler_client)
    assert not broken, "broken links (url: (status, linked from)):\n" + "\n".join(
        f"{url}: {info}" for url, info in sorted(broken.items())
    )
    # The crawl really went through the portal, not only the home page.
    assert len(statuses) >= 50
    for section in ("/inovasi/", "/wilayah/", "/penghargaan/", "/artikel/", "/artikel/feed/", "/statistik/", "/data/",
                    "/sitemap-"):
        assert any(url.startswith(section) for url in statuses), f"no page under {section} reached"


def test_crawler_reports_broken_pages_and_keeps_to_internal_links(demo_portal, crawler_client):
    """The crawler itself, so that a passing crawl means something."""
    statuses, broken = crawl(crawler_client, start="/inovasi/tidak-ada-sama-sekali/")
    assert broken == {"/inovasi/tidak-ada-sama-sekali/": (404, None)}
    assert internal_target("http://testserver/", "https://example.org/x") is None
    assert internal_target("http://testserver/", "/admin/innovations/") is None
    assert internal_target("http://testserver/", "mailto:camat@example.org") is None
    assert internal_target("http://testserver/a/", "b/?page=2#top") == "/a/b/?page=2"
    assert shape("/wilayah/33.12.21/?page=2") == shape("/wilayah/35.20.05/?page=9") != shape("/wilayah/33/")


