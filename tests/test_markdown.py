"""The article sanitiser: Markdown in, only safe HTML out, whatever an editor (or a thief of their account) types."""

from html.parser import HTMLParser

import pytest

from articles.markdown import render_markdown, sanitise


def html(text):
    return str(render_markdown(text))


def elements(markup):
    """The (tag, attributes) of every element the browser would build from `markup`."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(markup)
    return found


def test_markdown_is_rendered():
    out = html("Isi **tebal**, *miring* dan [tautan](https://forcasi.example.id/berita).\n\n- satu\n- dua")
    assert "<strong>tebal</strong>" in out and "<em>miring</em>" in out
    assert '<a href="https://forcasi.example.id/berita" rel="noopener noreferrer nofollow">tautan</a>' in out
    assert "<ul>" in out and "<li>satu</li>" in out


def test_a_level_one_heading_becomes_level_two_because_the_title_is_the_page_h1():
    out = html("# Bagian\n\n## Sub")
    assert "<h1" not in out
    assert "<h2>Bagian</h2>" in out and "<h2>Sub</h2>" in out


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script>",
    "Halo <script src=/static/x.js></script> dunia",
    "<SCRIPT>alert(1)</SCRIPT>",
    "```\n</code><script>alert(1)</script>\n```",
])
def test_script_tags_never_reach_the_page(text):
    assert "script" not in {tag for tag, _attrs in elements(html(text))}


@pytest.mark.parametrize("text", [
    '<img src="/media/a.jpg" onerror="alert(1)">',
    '<b onclick="alert(1)">tebal</b>',
    '<a href="/inovasi/" onmouseover="alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '![foto](/media/a.jpg "judul" onerror=alert(1))',
])
def test_event_handlers_never_reach_the_page(text):
    built = elements(html(text))
    assert all(not name.startswith("on") for _tag, attrs in built for name in attrs)
    assert all(tag not in {"svg", "b"} for tag, _attrs in built)


@pytest.mark.parametrize("link", [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
])
def test_javascript_and_data_links_lose_their_target(link):
    out = html(f"[klik]({link})")
    assert "klik" in out
    assert "href" not in out


def test_ordinary_and_relative_links_are_kept():
    out = html("[surel](mailto:redaksi@forcasi.example.id) dan [inovasi](/inovasi/jumat-smart/)")
    assert 'href="mailto:redaksi@forcasi.example.id"' in out
    assert 'href="/inovasi/jumat-smart/"' in out


def test_raw_html_is_shown_as_text_not_interpreted():
    out = html('<div class="x"><iframe src="https://evil.example"></iframe></div>\n\nTeks <em>biasa</em>')
    assert "<iframe" not in out and "<div" not in out
    assert "&lt;iframe" in out
    assert "&lt;em&gt;biasa&lt;/em&gt;" in out


@pytest.mark.parametrize("src", [
    "https://evil.example/pelacak.png",
    "//evil.example/pelacak.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "/media//evil.example/x.png",
    "/media/../etc/passwd",
])
def test_images_from_elsewhere_become_their_alt_text(src):
    out = html(f"Lihat ![foto kegiatan]({src}) ini")
    assert "<img" not in out
    assert "foto kegiatan" in out


def test_images_from_our_media_and_static_files_are_kept(settings):
    out = html("![sampul](/media/artikel/2025/12/a.jpg) ![logo](/static/img/favicon.svg)")
    assert '<img alt="sampul" src="/media/artikel/2025/12/a.jpg">' in out
    assert '<img alt="logo" src="/static/img/favicon.svg">' in out


def test_the_allow_list_pass_alone_strips_what_markdown_would_not_produce():
    # A second guard: even HTML handed straight to sanitise() loses script, handlers and foreign images.
    out = sanitise('<p onclick="x()">a<script>b()</script><img src="https://evil.example/x.png">'
                   '<a href="javascript:x()">c</a><style>p{}</style><iframe></iframe></p>')
    assert out == '<p>a<img><a rel="noopener noreferrer nofollow">c</a></p>'


def test_tables_render_for_award_lists():
    out = html("| Kategori | Peringkat |\n|---|---|\n| Kecamatan | Juara 1 |")
    assert "<table>" in out and "<td>Juara 1</td>" in out
