"""factory-boy factories shared by the test modules."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from articles.models import Article
from awards.models import Category, Competition, Rank, Result
from innovations.models import Indicator, IndicatorValue, Innovation, Theme
from regions.models import Desa, Kabupaten, Kecamatan, Provinsi, parent_code
from rounds.models import Criterion, Entry, JurorAssignment, Round, RoundStage


class ProvinsiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provinsi
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{(n % 80) + 11:02d}")
    name = factory.Sequence(lambda n: f"Provinsi Uji {n}")


class KabupatenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kabupaten
        django_get_or_create = ["code"]

    provinsi = factory.SubFactory(ProvinsiFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.provinsi.code}.{(n % 99) + 1:02d}")
    name = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    kind = Kabupaten.Kind.KABUPATEN


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan
        django_get_or_create = ["code"]

    kabupaten = factory.SubFactory(KabupatenFactory)
    provinsi = factory.SelfAttribute("kabupaten.provinsi")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.kabupaten.code}.{(n % 99) + 1:02d}")
    name = factory.Sequence(lambda n: f"Uji {n}")


class DesaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desa
        django_get_or_create = ["code"]

    kecamatan = factory.SubFactory(KecamatanFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.kecamatan.code}.{2001 + (n % 999)}")
    name = factory.Sequence(lambda n: f"Desa Uji {n}")
    kind = Desa.Kind.DESA
    postal_code = "57693"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@contoh.go.id")
    is_staff = True
    password = factory.django.Password("sandi-uji-12345")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.STAF
    region_code = ""


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Iterator(["Pelayanan publik", "Kesehatan", "Ketahanan pangan", "Pemberdayaan masyarakat"])


class InnovationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Innovation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Inovasi Uji {n}")
    kecamatan = factory.SubFactory(KecamatanFactory)
    theme = factory.SubFactory(ThemeFactory)
    summary = "Layanan cepat untuk warga desa."
    problem = "Warga menunggu lama."
    approach = "Petugas datang ke desa setiap pekan."
    status = Innovation.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Innovation.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    innovation = factory.SubFactory(InnovationFactory)
    name = "Warga terlayani"
    unit = "orang"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.Sequence(lambda n: str(2020 + n % 6))
    value = 10


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    name = factory.Sequence(lambda n: f"Lomba Inovasi {n}")
    organizer = "Pemerintah Kabupaten Uji"
    level = Competition.Level.KABUPATEN
    year = 2025


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    category = factory.SubFactory(CategoryFactory)
    rank = Rank.JUARA_1
    recipient_kind = Result.RecipientKind.KECAMATAN
    kecamatan = factory.SubFactory(KecamatanFactory)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Artikel Uji {n}")
    summary = "Ringkasan artikel."
    body = "Isi **artikel**."
    status = Article.Status.PUBLISHED


# --- Award rounds ---------------------------------------------------------------------------------

class RoundFactory(factory.django.DjangoModelFactory):
    """A round in preparation; `RoundFactory(with_setup=True)` adds the four default stages and a rubric
    of five criteria (30/25/15/20/10 %)."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"Putaran Uji {n}")
    entry_deadline = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))

    @factory.post_generation
    def with_setup(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        from rounds.models import DEFAULT_STAGES

        for position, kind in enumerate(DEFAULT_STAGES):
            RoundStage.objects.create(round=self, kind=kind, position=position)
        for position, (name, weight) in enumerate([("Kebaruan", 30), ("Kemanfaatan", 25), ("Kolaborasi", 15),
                                                   ("Replikasi", 20), ("Penguasaan", 10)]):
            Criterion.objects.create(round=self, name=name, weight=weight, position=position)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Kriteria {n}")
    weight = 100
    position = factory.Sequence(lambda n: n)


class RoundStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundStage

    round = factory.SubFactory(RoundFactory)
    kind = RoundStage.Kind.ADMINISTRATIVE
    position = factory.Sequence(lambda n: n)


class JurorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JurorAssignment

    round = factory.SubFactory(RoundFactory)
    user = factory.SubFactory(UserFactory, is_staff=False)


class EntryFactory(factory.django.DjangoModelFactory):
    """An entry of a published innovation; pass `stage` (a RoundStage of `round`)."""

    class Meta:
        model = Entry

    round = factory.SubFactory(RoundFactory)
    category = factory.SubFactory(CategoryFactory, competition=factory.SelfAttribute("..round.competition"))
    innovation = factory.SubFactory(InnovationFactory, published=True)
    kecamatan = factory.SelfAttribute("innovation.kecamatan")
    kabupaten_code = factory.LazyAttribute(lambda o: parent_code(o.innovation.kecamatan_id))
    admin_status = Entry.AdminStatus.PENDING
