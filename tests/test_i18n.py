"""English beside Indonesian: a complete catalogue, the header's language switch, dates and numbers per language."""

import datetime
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from innovations.models import Innovation, Theme
from regions.models import Kecamatan
from tests.factories import InnovationFactory

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
JAKARTA = ZoneInfo("Asia/Jakarta")


# --- The catalogue ---------------------------------------------------------------------------------

def _unquote(line):
    return bytes(line.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_po(path):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), fuzzy. Header left out."""
    entries, entry, field = [], None, None

    def flush():
        if entry is not None and entry["msgid"]:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            entry, field = {"msgid": "", "msgid_plural": "", "msgstr": {}, "fuzzy": True}, None
        elif line.startswith("msgid "):
            if entry is None or entry["msgid"] or field is not None:
                flush()
                entry = {"msgid": "", "msgid_plural": "", "msgstr": {}, "fuzzy": False}
            field = "msgid"
            entry["msgid"] = _unquote(line[6:])
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
            entry["msgid_plural"] = _unquote(line[13:])
        elif line.startswith("msgstr"):
            match = re.match(r"msgstr(?:\[(\d+)\])? (\".*\")$", line)
            field = int(match.group(1) or 0)
            entry["msgstr"][field] = _unquote(match.group(2))
        elif line.startswith('"') and entry is not None and field is not None:
            if isinstance(field, int):
                entry["msgstr"][field] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        elif not line.strip():
            flush()
            entry, field = None, None
    flush()
    return entries


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}|\{\w*\}")


def test_english_catalogue_translates_every_message():
    entries = read_po(CATALOGUE)
    assert len(entries) > 300, "the catalogue looks empty: run makemessages"
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if e["fuzzy"]]
    assert not untranslated, f"{len(untranslated)} messages without English: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy (unchecked) translations: {fuzzy[:20]}"


def test_english_translations_keep_their_placeholders():
    broken = []
    for entry in read_po(CATALOGUE):
        for index, text in entry["msgstr"].items():
            if not text:
                continue  # reported by the test above
            source = entry["msgid_plural"] if index and entry["msgid_plural"] else entry["msgid"]
            wanted = sorted(set(PLACEHOLDER.findall(source)))
            if sorted(set(PLACEHOLDER.findall(text))) != wanted:
                broken.append((entry["msgid"], text))
    assert not broken, f"placeholders differ between Indonesian and English: {broken[:10]}"


def test_the_catalogue_reader_sees_plurals_fuzzy_and_continued_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.html:1\nmsgid "Beranda"\nmsgstr "Home"\n\n'
        '#, fuzzy\nmsgid "Cari"\nmsgstr "Find"\n\n'
        'msgid ""\n"Satu baris "\n"lagi"\nmsgstr ""\n\n'
        'msgid "%(n)s inovasi"\nmsgid_plural "%(n)s inovasi"\nmsgstr[0] "%(n)s innovation"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    entries = {e["msgid"]: e for e in read_po(po)}
    assert entries["Beranda"]["msgstr"] == {0: "Home"} and not entries["Beranda"]["fuzzy"]
    assert entries["Cari"]["fuzzy"]
    assert entries["Satu baris lagi"]["msgstr"] == {0: ""}
    assert entries["%(n)s inovasi"]["msgstr"] == {0: "%(n)s innovation", 1: ""}


# --- Pages in both languages -------------------------------------------------------------------------

class HeaderLinks(HTMLParser):
    """The language links of the header: {code: href}."""

    def __init__(self):
        super().__init__()
        self.languages = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("hreflang") and "/bahasa/" in (attrs.get("href") or ""):
            self.languages[attrs["hreflang"]] = attrs["href"]


def language_links(response):
    parser = HeaderLinks()
    parser.feed(response.content.decode())
    return parser.languages


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.fixture
def demo_portal(db):
    from tests.conftest import DEMO_REGION_CODES

    call_command("import_regions", only=DEMO_REGION_CODES, stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


def test_indonesian_is_the_default(demo_portal, client):
    response = client.get("/")
    assert html_lang(response) == "id"
    assert "Beranda" in response.content.decode()
    assert "Search" not in response.content.decode()


def test_language_switch_keeps_the_visitor_on_the_same_page(demo_portal, client):
    page = "/inovasi/?q=layanan&provinsi=33"
    links = language_links(client.get(page))
    assert set(links) == {"id", "en"}

    response = client.get(links["en"])
    assert response.status_code == 302
    assert response["Location"] == page
    english = client.get(page)
    assert html_lang(english) == "en"
    text = english.content.decode()
    assert "Innovations" in text and "Daftar inovasi" not in text
    # Only the interface changes language; what people wrote stays as written.
    assert "Inovasi pelayanan publik Kecamatan Jatipurno" in text

    back = client.get(language_links(english)["id"])
    assert back["Location"] == page
    assert html_lang(client.get(page)) == "id"


def test_language_switch_refuses_other_sites_and_unknown_languages(client, db):
    assert client.get("/bahasa/en/?next=https://example.org/").headers["Location"] == "/"
    assert client.get("/bahasa/fr/?next=/").status_code == 404


PUBLIC_PAGES = ["/", "/inovasi/", "/wilayah/", "/wilayah/33.12.21/", "/penghargaan/", "/artikel/", "/statistik/",
                "/data/", "/akun/masuk/", "/halaman-yang-tidak-ada/"]


def long_messages():
    """Indonesian interface sentences of the catalogue: long enough never to be content by chance."""
    return {e["msgid"] for e in read_po(CATALOGUE)
            if len(e["msgid"]) >= 25 and not PLACEHOLDER.search(e["msgid"]) and "<" not in e["msgid"]}


def test_public_pages_in_english_keep_no_indonesian_interface_sentence(demo_portal, client):
    sentences = long_messages()
    left = {}
    for path in PUBLIC_PAGES:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
        indonesian = client.get(path).content.decode()
        shown = {s for s in sentences if s in indonesian}
        assert shown, f"{path}: no interface sentence found in the Indonesian page"
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get(path)
        assert html_lang(english) == "en", path
        still = sorted(s for s in shown if s in english.content.decode())
        if still:
            left[path] = still
    assert not left, f"pages still in Indonesian in English: {left}"


ENGLISH_SENTENCES = {
    "/": ["Search innovations", "Newest innovations", "Skip to content"],
    "/inovasi/": ["Keyword", "All provinces", "Download the data (CSV)"],
    "/wilayah/": ["Regions of Indonesia"],
    "/akun/masuk/": ["Username", "Password", "Log in to the workspace"],
    "/halaman-yang-tidak-ada/": ["Page not found", "Back to the home page"],
}


def test_english_pages_speak_english(demo_portal, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    missing = {path: [s for s in sentences if s not in client.get(path).content.decode()]
               for path, sentences in ENGLISH_SENTENCES.items()}
    assert not any(missing.values()), f"English sentences missing: {missing}"


def test_names_of_regions_and_content_stay_as_written_in_english(demo_portal, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get("/wilayah/33.12.21/").content.decode()
    for name in ("Kecamatan Jatipurno", "Desa Slogoretno", "Kabupaten Wonogiri", "Provinsi Jawa Tengah"):
        assert name in text
    assert "Village Slogoretno" not in text


def test_dates_and_numbers_follow_the_language(demo_portal, client):
    innovation = InnovationFactory(
        published=True, kecamatan=Kecamatan.objects.get(code="33.12.21"), theme=Theme.objects.first(),
        budget_source=Innovation.BudgetSource.APBD,
        budget_amount=150_000_000, title="Pelayanan Tanggal Uji",
        published_at=datetime.datetime(2025, 12, 18, 10, 0, tzinfo=JAKARTA),
    )
    indonesian = client.get(innovation.get_absolute_url()).content.decode()
    assert "18 Desember 2025" in indonesian
    assert "Rp150.000.000" in indonesian

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(innovation.get_absolute_url()).content.decode()
    assert "18 December 2025" in english
    assert "Rp150,000,000" in english
    assert "Desember" not in english
