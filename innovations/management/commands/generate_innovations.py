"""Generate many realistic published innovations for load tests (`is_generated=True`); never demo data."""

import io
import random
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from awards.models import Category, Competition, Rank, Result
from innovations import generated_words as words
from innovations import search
from innovations.models import Indicator, IndicatorValue, Innovation, Photo, Theme
from innovations.uploads import make_renditions, rendition_name, rendition_widths
from regions.models import Desa, Kabupaten, Kecamatan, Provinsi, parent_code, provinsi_code_of

CHUNK = 5000
BATCH = 1000
# A fixed anchor keeps the output identical for a seed, whenever it is run.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)
IMAGE_DIR = "inovasi/foto/buatan"
IMAGE_COLOURS = [(24, 102, 84), (196, 98, 45), (44, 82, 160), (150, 60, 120), (90, 120, 40)]
IMAGE_SIZE = (960, 640)
COMPETITION_MARK = "(data buatan)"
FORMS_BY_CATEGORY = {
    Innovation.Form.PELAYANAN_PUBLIK: 0, Innovation.Form.TATA_KELOLA: 1, Innovation.Form.LAINNYA: 2,
}


def sample_images(write=True):
    """(name, width, height, rendition widths) of the few WebP images every generated photo points to.

    Made once with Pillow, with the responsive renditions a real upload gets. Deleting one
    generated photo removes the shared renditions; generating again writes them back.
    """
    from PIL import Image, ImageDraw

    images = []
    for i, colour in enumerate(IMAGE_COLOURS, start=1):
        name = f"{IMAGE_DIR}/contoh-{i}.webp"
        widths = rendition_widths(IMAGE_SIZE[0])
        if write and not default_storage.exists(rendition_name(name, widths[-1])):
            image = Image.new("RGB", IMAGE_SIZE, colour)
            draw = ImageDraw.Draw(image)
            for k in range(6):
                shade = tuple(min(255, c + 25 * k) for c in colour)
                draw.ellipse([120 * k, 60 * k, 120 * k + 420, 60 * k + 420], fill=shade)
            buffer = io.BytesIO()
            image.save(buffer, "WEBP", quality=70)
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, ContentFile(buffer.getvalue()))
            make_renditions(Photo(image=name).image)
        images.append((name, *IMAGE_SIZE, widths))
    return images


def lower_words(text):
    """"Kartu Keluarga" -> "kartu keluarga", keeping acronyms such as "BUMDes" or "KTP"."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in text.split())


class Generator:
    """Builds unsaved rows from one random stream, so that a seed always gives the same entries."""

    def __init__(self, seed, kecamatan, desa_by_kecamatan, themes, taken_slugs):
        self.rng = random.Random(seed)
        self.desa_by_kecamatan = desa_by_kecamatan
        self.themes = themes
        self.taken_slugs = taken_slugs
        self.stem_memo = {}
        by_provinsi = defaultdict(list)
        for code, name in kecamatan:
            by_provinsi[provinsi_code_of(code)].append((code, name))
        self.provinsi = sorted(by_provinsi)
        self.kecamatan_by_provinsi = by_provinsi
        total_kec = sum(len(v) for v in by_provinsi.values())
        total_pop = sum(words.PROVINSI_POPULATION.get(p, 1.0) for p in self.provinsi)
        # Mostly population (Java heavier), partly the number of kecamatan so that no provinsi is empty.
        self.weights = [0.7 * words.PROVINSI_POPULATION.get(p, 1.0) / total_pop + 0.3 * len(by_provinsi[p]) / total_kec
                        for p in self.provinsi]

    def document_stems(self, innovation):
        """What `search.document_stems` gives (save() keeps it; SQLite searches it), with each word stemmed once.

        Stemming every word of 100,000 entries anew would take longer than writing them; the
        generated texts share a small vocabulary. Tests compare the result with `document_stems`.
        """
        memo = self.stem_memo

        def stems(names):
            text = " ".join(getattr(innovation, name) or "" for name in names)
            found = []
            for word in search.words(text):
                if word not in memo:
                    memo[word] = search.stems(word)[0]
                found.append(memo[word])
            return found

        title = " ".join(stems(search.TITLE_FIELDS))
        rest = " ".join(dict.fromkeys(stems(search.REST_FIELDS)))
        return f" {title} {search.TITLE_SEPARATOR} {rest} "

    def _unique_slug(self, title):
        base = slugify(title)[:200].strip("-") or "inovasi"
        slug, n = base, 2
        while slug in self.taken_slugs:
            slug = f"{base}-{n}"
            n += 1
        self.taken_slugs.add(slug)
        return slug

    def _title(self, obj, kec_name):
        rng = self.rng
        core = f"{rng.choice(words.NAME_WORDS)} {obj} {rng.choice(words.QUALIFIERS)}"
        shape = rng.random()
        if shape < 0.35:
            return f"{rng.choice(words.ACRONYMS)}: {core}"
        if shape < 0.7:
            return f"{core} {kec_name.title()}"
        return core

    def innovation(self):
        """One unsaved Innovation plus what its children need (desa, theme objects and indicators)."""
        rng = self.rng
        provinsi = rng.choices(self.provinsi, weights=self.weights)[0]
        kec_code, kec_name = rng.choice(self.kecamatan_by_provinsi[provinsi])
        desa = self.desa_by_kecamatan.get(kec_code, [])
        chosen_desa = rng.sample(desa, min(len(desa), rng.randint(1, 3)))
        theme_name = rng.choice(list(words.THEMES))
        objects, indicators = words.THEMES[theme_name]
        obj = rng.choice(objects)
        title = self._title(obj, kec_name)[:200]
        kec_label = f"Kecamatan {kec_name.title()}"
        desa_label = chosen_desa[0][1].title() if chosen_desa else kec_name.title()
        unit = rng.choice(words.UNITS).format(kec=kec_name.title(), desa=desa_label)
        partners = rng.sample(words.PARTNERS, rng.randint(1, 3))
        aim, aim_verb = rng.choice(words.AIMS)
        first_applied = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3800))
        published_at = ANCHOR - timedelta(days=rng.randint(1, 1500), seconds=rng.randint(0, 86399))
        fill = {
            "title": title, "kec": kec_label, "unit": unit, "partner": partners[0], "aim": aim,
            "aim_verb": aim_verb, "obj_lower": lower_words(obj), "burden": rng.choice(words.BURDENS),
            "n_desa": max(1, len(chosen_desa)), "year": first_applied.year, "year_before": first_applied.year - 1,
            "days": rng.randint(3, 21), "number": rng.randint(40, 4000), "day": rng.choice(words.DAYS),
        }

        def text(templates, k=1):
            return " ".join(t.format(**fill) for t in rng.sample(templates, k))

        form = rng.choices(list(Innovation.Form.values), weights=[6, 3, 1])[0]
        innovation = Innovation(
            title=title, slug=self._unique_slug(title), kecamatan_id=kec_code,
            kabupaten_id=parent_code(kec_code), provinsi_id=provinsi, unit=unit,
            theme_id=self.themes[theme_name], form=form, is_digital=rng.random() < 0.35,
            stage=rng.choices(list(Innovation.Stage.values), weights=[1, 2, 7])[0], first_applied=first_applied,
            summary=text(words.SUMMARY)[:600], problem=text(words.PROBLEM, 2), approach=text(words.APPROACH, 2),
            goals=text(words.GOALS, 2), benefits=text(words.BENEFITS, 2), partners="\n".join(partners),
            budget_source=rng.choice(list(Innovation.BudgetSource.values)),
            budget_amount=rng.choice([None, rng.randint(1, 500) * 1_000_000]),
            development_plan=text(words.PLANS), contact_office=f"Kantor {kec_label}",
            status=Innovation.Status.PUBLISHED, submitted_at=published_at - timedelta(days=rng.randint(1, 30)),
            published_at=published_at, is_generated=True,
        )
        innovation.search_stems = self.document_stems(innovation)
        n_indicators = rng.randint(1, 2)
        chosen_indicators = rng.sample(indicators, min(n_indicators, len(indicators)))
        return innovation, [code for code, _ in chosen_desa], chosen_indicators

    def indicator_values(self, lower_is_better):
        start = self.rng.randint(20, 900)
        step = self.rng.uniform(0.05, 0.4) * (-1 if lower_is_better else 1)
        return [(str(year), round(start * (1 + step * k), 2)) for k, year in enumerate((2023, 2024, 2025))]


class Command(BaseCommand):
    help = (
        "Membuat N inovasi terbit buatan (is_generated=True) untuk uji beban: judul dan teks bahasa "
        "Indonesia dari daftar kata, tersebar di semua provinsi, dengan desa, indikator, foto, dan "
        "penghargaan buatan. Hasilnya sama untuk seed yang sama. Butuh wilayah (import_regions). "
        "Bukan bagian dari data demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="Jumlah inovasi yang dibuat.")
        parser.add_argument("--seed", type=int, default=1, help="Benih acak; seed sama memberi data sama.")
        parser.add_argument("--dry-run", action="store_true", help="Buat semua baris lalu batalkan transaksi.")

    def handle(self, *args, count, seed, dry_run, **options):
        if count < 1:
            raise CommandError("--count harus paling sedikit 1.")
        started = time.monotonic()
        kecamatan = list(Kecamatan.objects.order_by("code").values_list("code", "name"))
        if not kecamatan:
            raise CommandError("Belum ada wilayah. Jalankan dulu: manage.py import_regions")
        desa_by_kecamatan = defaultdict(list)
        for code, name, kec in Desa.objects.order_by("code").values_list("code", "name", "kecamatan_id"):
            desa_by_kecamatan[kec].append((code, name))
        names = {
            **dict(Provinsi.objects.values_list("code", "name")),
            **dict(Kabupaten.objects.values_list("code", "name")),
        }
        images = sample_images(write=not dry_run)
        totals = defaultdict(int)
        with transaction.atomic():
            themes = {}
            for name in words.THEMES:
                theme, _ = Theme.objects.get_or_create(name=name)
                themes[name] = theme.pk
            taken = set(Innovation.objects.values_list("slug", flat=True))
            generator = Generator(seed, kecamatan, desa_by_kecamatan, themes, taken)
            awarded = []
            for chunk_start in range(0, count, CHUNK):
                size = min(CHUNK, count - chunk_start)
                self._write_chunk(generator, size, images, awarded, totals)
                self.stdout.write(f"  {chunk_start + size} / {count} inovasi")
            self._write_awards(generator, awarded, names, totals)
            if dry_run:
                transaction.set_rollback(True)
        if not dry_run:
            from inovasi_portal.cache import invalidate_pages

            invalidate_pages()
        summary = ", ".join(f"{key}: {value}" for key, value in sorted(totals.items()))
        verb = "Akan dibuat (uji coba, tidak disimpan)" if dry_run else "Dibuat"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary} dalam {time.monotonic() - started:.1f} detik."))

    def _write_chunk(self, generator, size, images, awarded, totals):
        rng = generator.rng
        rows = [generator.innovation() for _ in range(size)]
        created = Innovation.objects.bulk_create([row[0] for row in rows], batch_size=BATCH)
        desa_links, indicators, photos = [], [], []
        DesaLink = Innovation.desa.through
        for innovation, (_, desa_codes, chosen_indicators) in zip(created, rows, strict=True):
            desa_links += [DesaLink(innovation_id=innovation.pk, desa_id=code) for code in desa_codes]
            for position, (name, unit, lower) in enumerate(chosen_indicators):
                indicators.append(Indicator(innovation_id=innovation.pk, name=name, unit=unit,
                                            lower_is_better=lower, position=position))
            for position in range(rng.choices([0, 1, 2], weights=[2, 6, 2])[0]):
                image, width, height, widths = rng.choice(images)
                photos.append(Photo(innovation_id=innovation.pk, image=image, width=width, height=height,
                                    rendition_widths=widths, caption=rng.choice(words.PHOTO_CAPTIONS),
                                    position=position))
            if rng.random() < 0.03:
                awarded.append((innovation, desa_codes))
        DesaLink.objects.bulk_create(desa_links, batch_size=BATCH)
        Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        values = [
            IndicatorValue(indicator_id=indicator.pk, period=period, value=value)
            for indicator in indicators
            for period, value in generator.indicator_values(indicator.lower_is_better)
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        Photo.objects.bulk_create(photos, batch_size=BATCH)
        totals["inovasi"] += len(created)
        totals["desa terlibat"] += len(desa_links)
        totals["indikator"] += len(indicators)
        totals["nilai indikator"] += len(values)
        totals["foto"] += len(photos)

    def _write_awards(self, generator, awarded, names, totals):
        """Competitions of kabupaten, provinsi and national level, marked "(data buatan)", and their results."""
        rng = generator.rng
        taken = set(Competition.objects.values_list("slug", flat=True))
        competitions, picks = {}, []
        for innovation, desa_codes in awarded:
            level = rng.choices(list(Competition.Level.values), weights=[6, 3, 1])[0]
            region = {"kabupaten": innovation.kabupaten_id, "provinsi": innovation.provinsi_id}.get(level, "")
            year = rng.choice([2023, 2024, 2025])
            key = (level, region, year)
            if key not in competitions:
                where = names.get(region, "").title() if region else "Nasional"
                name = f"Lomba Inovasi Kecamatan {where} {year} {COMPETITION_MARK}"
                slug, n = "buatan-" + slugify(name)[:180], 2
                while slug in taken:
                    slug, n = f"buatan-{slugify(name)[:180]}-{n}", n + 1
                taken.add(slug)
                competitions[key] = Competition(
                    name=name, short_name=f"LIK {year} {COMPETITION_MARK}", slug=slug,
                    organizer="Penyelenggara buatan (uji beban)", organizer_region_code=region,
                    provinsi_code=provinsi_code_of(region), level=level, year=year, ceremony_date=date(year, 11, 20),
                    description="Dibuat otomatis oleh generate_innovations untuk uji beban; bukan lomba nyata.",
                )
            picks.append((key, innovation, desa_codes))
        Competition.objects.bulk_create(list(competitions.values()), batch_size=BATCH)
        categories = {}
        for key, competition in competitions.items():
            for position, name in enumerate(words.COMPETITION_CATEGORIES):
                categories[key, position] = Category(competition_id=competition.pk, name=name, position=position)
        Category.objects.bulk_create(list(categories.values()), batch_size=BATCH)
        ranks = [Rank.JUARA_1, Rank.JUARA_2, Rank.JUARA_3, Rank.HARAPAN_1, Rank.HARAPAN_2, Rank.HARAPAN_3]
        given = defaultdict(int)
        results = []
        for key, innovation, desa_codes in picks:
            category = categories[key, FORMS_BY_CATEGORY[innovation.form]]
            place = given[category.pk]
            given[category.pk] += 1
            kind = rng.choices(list(Result.RecipientKind.values), weights=[6, 2, 2])[0]
            if kind == Result.RecipientKind.DESA and not desa_codes:
                kind = Result.RecipientKind.KECAMATAN
            results.append(Result(
                category_id=category.pk, rank=ranks[place] if place < len(ranks) else Rank.PEMENANG,
                recipient_kind=kind, kecamatan_id=innovation.kecamatan_id,
                desa_id=desa_codes[0] if kind == Result.RecipientKind.DESA else None,
                unit_name=innovation.unit if kind == Result.RecipientKind.UNIT else "",
                innovation_id=innovation.pk,
            ))
        Result.objects.bulk_create(results, batch_size=BATCH)
        totals["kompetisi buatan"] += len(competitions)
        totals["hasil penghargaan"] += len(results)

