"""backup_archive --office: one office's rows and files, restored alone into an empty database; archives of every
office round-trip as before; an archive of the release before offices were many restores too."""

import hashlib
import io
import json
import zipfile

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max
from django.utils import timezone

from access.permissions import department_users
from agenda.models import Agency, MonthlyPlan, Office
from backups.archive import project_models
from backups.scope import office_rows
from dossiers.models import FileAccess
from issuing.appearance import generated_signature_png
from issuing.models import ChangeEntry, RegisterEntry, Revision, SignerProfile
from issuing.services import publish_plan
from issuing.verification import check_signature
from meetings.models import Item
from programme.services import start_amendment
from proposals.models import Proposal
from tests.backups.test_archive import everything
from tests.communes import create_commune, load_commune_plan
from tests.conftest import PASSWORD

#: Written by the release before offices were many (commit 9dca22c): `make_dev_certificate`, `demo_setup`, an
#: amendment of January 2024 issued by lanhdao and vanthu (Bản 2), a proposal of sokhdt with a letter, then
#: `BACKUP_KEY=archive-of-the-previous-release manage.py backup_archive` (format version 2).
VERSION_2_ARCHIVE = django_settings.BASE_DIR / "tests" / "fixtures" / "backup-version-2.zip"
VERSION_2_KEY = "archive-of-the-previous-release"
LETTER = b"%PDF-1.4 cong van cua xa"


def office_content(office):
    """Every row of ``office`` and the users they name, as comparable Python data."""
    rows, users = office_rows(office, project_models())
    data = [serializers.serialize("python", queryset.order_by("pk")) for queryset in rows.values()]
    named = User.objects.filter(pk__in=users).order_by("pk")
    return [*data, serializers.serialize("python", named, use_natural_foreign_keys=True)]


def next_register_number(office):
    year = timezone.localdate().year
    return (RegisterEntry.objects.for_year(year, office).aggregate(last=Max("number"))["last"] or 0) + 1


def proposal_with_letter(agency, user, title):
    proposal = Proposal(
        agency=agency, lead=agency, year=2024, month=2, part=Item.Part.SESSION, title=title, submitted_by=user
    )
    proposal.letter.save("cong-van.pdf", ContentFile(LETTER), save=True)
    FileAccess.objects.create(
        user=user, what=FileAccess.What.PROPOSAL_LETTER, object_id=proposal.pk, name="cong-van.pdf"
    )
    return proposal


@pytest.fixture
def two_offices(transactional_db, sample_plan, settings, tmp_path):
    """The province and the commune, each with its January issued (the commune's amended once), a proposal
    with its letter each, sent and downloaded by people of that office (the commune's with a signer profile)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    publish_plan(sample_plan)
    province_only = User.objects.create_user("chi-o-tinh", "tinh@example.org", PASSWORD)
    proposal_with_letter(Agency.objects.of(sample_plan.office).first(), province_only, "Đề án của tỉnh")
    commune = create_commune()
    issued = publish_plan(load_commune_plan(commune))
    amendment = start_amendment(issued)
    item = amendment.items.order_by("pk").first()
    item.title = "Nội dung của xã đã điều chỉnh trước khi sao lưu"
    item.save()
    publish_plan(amendment)
    commune_staff = User.objects.create_user("xa-chuyenvien", "xa@example.org", PASSWORD)
    SignerProfile.objects.create(
        user=commune_staff, full_name="Hoàng Văn Nam", signature_image=generated_signature_png("Hoàng Văn Nam")
    )
    proposal_with_letter(Agency.objects.of(commune).get(name="Phòng Kinh tế"), commune_staff, "Đề án của xã")
    assert Revision.objects.of(commune).count() == 2 and ChangeEntry.objects.filter(revision__office=commune).exists()
    return commune


def test_an_offices_archive_holds_its_rows_only_and_restores_alone_into_an_empty_database(two_offices, tmp_path):
    commune, archive = two_offices, tmp_path / "xa.zip"
    out = io.StringIO()
    call_command("backup_archive", str(archive), "--office", "xa-tan-yen", stdout=out)
    assert "xa-tan-yen: 2 plans, 2 revisions" in out.getvalue()
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        records = opened.read("data/records.json").decode()
        auth = json.loads(opened.read("data/auth.json"))
        pdfs = [name for name in opened.namelist() if name.startswith("revisions/")]
    assert manifest["version"] == 3 and manifest["office"]["slug"] == "xa-tan-yen"
    assert manifest["office"]["parent"] == {"pk": Office.objects.get_solo().pk, "slug": "bac-giang"}
    assert manifest["counts"]["agenda.office"] == 1 and manifest["counts"]["issuing.revision"] == 2 == len(pdfs)
    assert "Sở Kế hoạch và Đầu tư" not in records and "Đề án của tỉnh" not in records  # nothing of the province's
    assert [entry["fields"]["username"] for entry in auth if entry["model"] == "auth.user"] == ["xa-chuyenvien"]
    assert manifest["counts"]["issuing.signerprofile"] == 1 and manifest["counts"]["dossiers.fileaccess"] == 1
    before = office_content(commune)
    signed = {revision.sha256: bytes(revision.pdf) for revision in Revision.objects.of(commune)}

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_archive", str(archive), verbosity=0)

    commune = Office.objects.get(slug="xa-tan-yen")
    assert commune.parent is None  # its province is not in this database
    before[0][0]["fields"]["parent"] = None  # all else as it was
    after = office_content(commune)
    for old, new in zip(before, after, strict=True):
        assert old == new
    for revision in Revision.objects.all():
        assert bytes(revision.pdf) == signed[revision.sha256] and check_signature(bytes(revision.pdf)).ours
    assert not MonthlyPlan.objects.exclude(office=commune).exists()
    assert User.objects.get(username="xa-chuyenvien").check_password(PASSWORD)
    with Proposal.objects.get().letter.open("rb") as letter:
        assert letter.read() == LETTER
    # The restored office goes on issuing: its numbers continue, its new rows take fresh ids.
    Office.objects.get_solo()  # the first office a fresh database has, beside it
    expected_register = next_register_number(commune)
    issued = MonthlyPlan.objects.get(status=MonthlyPlan.Status.PUBLISHED)
    revision = publish_plan(start_amendment(issued)).revisions.get()
    assert (revision.office, revision.number, revision.register_number) == (commune, 3, expected_register)
    Agency.objects.create(office=commune, name="Đơn vị tạo sau khi khôi phục", short_name="Đơn vị mới")


def test_an_offices_archive_keeps_its_parent_when_the_database_has_that_very_office(two_offices, tmp_path):
    archive = tmp_path / "xa.zip"
    call_command("backup_archive", str(archive), "--office", "xa-tan-yen", stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    province = Office.objects.get_solo()  # what migrate makes: the first office, slug bac-giang
    call_command("restore_archive", str(archive), verbosity=0)
    assert Office.objects.get(slug="xa-tan-yen").parent == province
    assert Revision.objects.of(province).count() == 0 and Revision.objects.count() == 2


def test_an_offices_archive_refuses_a_row_that_refers_to_another_offices(two_offices, tmp_path):
    province_agency = Agency.objects.of(Office.objects.get_solo()).first()
    Proposal.objects.filter(title="Đề án của xã").update(lead=province_agency)  # as a forged form would
    archive = tmp_path / "xa.zip"
    with pytest.raises(CommandError, match="proposals.proposal.lead_id refers to rows of agenda.agency"):
        call_command("backup_archive", str(archive), "--office", "xa-tan-yen", stdout=io.StringIO())
    assert not archive.exists()


def test_an_archive_of_every_office_round_trips(two_offices, tmp_path):
    archive = tmp_path / "tat-ca.zip"
    call_command("backup_archive", str(archive), stdout=io.StringIO())  # without --office: everything
    before = everything()
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_archive", str(archive), verbosity=0)
    assert everything() == before
    assert Office.objects.get(slug="xa-tan-yen").parent == Office.objects.get_solo()
    assert sorted(Revision.objects.values_list("office__slug", "number")) == [
        ("bac-giang", 1),
        ("xa-tan-yen", 1),
        ("xa-tan-yen", 2),
    ]


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_the_release_before_offices_restores_as_the_first_offices(settings):
    """Version 2 has no office on plans, agencies, register numbers and revisions (NOT NULL now): they are the
    first office's, as the migration makes an upgraded database's, and the office gets its slug."""
    settings.BACKUP_KEY = VERSION_2_KEY
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as the demo stored them
    settings.MEDIA_ROOT = settings.VAR_DIR / "media-v2"
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_archive", str(VERSION_2_ARCHIVE), verbosity=0)

    office = Office.objects.get()
    assert (office.pk, office.slug, office.level, office.code, office.parent) == (1, "bac-giang", "tinh", "", None)
    assert set(MonthlyPlan.objects.values_list("office", flat=True)) == {office.pk}
    assert set(MonthlyPlan.history.values_list("office", flat=True)) == {office.pk}
    assert Agency.objects.of(office).count() == Agency.objects.count() == 10
    assert sorted(Revision.objects.of(office).values_list("number", "register_number")) == [(1, 1), (2, 2)]
    assert set(RegisterEntry.objects.values_list("office", flat=True)) == {office.pk}
    for revision in Revision.objects.all():
        content = bytes(revision.pdf)
        assert hashlib.sha256(content).hexdigest() == revision.sha256 and check_signature(content).intact
    assert User.objects.get(username="lanhdao").check_password("demo-2024")
    planning = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    assert [user.username for user in department_users([planning.pk])] == ["sokhdt"]  # still its department
    with Proposal.objects.get().letter.open("rb") as letter:
        assert letter.read() == b"%PDF-1.4 cong van dang ky"
    # Its numbers continue: an amendment is the first office's Bản 3 with the register's next number.
    expected_register = next_register_number(office)
    issued = MonthlyPlan.objects.get(status=MonthlyPlan.Status.PUBLISHED)
    revision = publish_plan(start_amendment(issued)).revisions.get()
    assert (revision.office, revision.number, revision.register_number) == (office, 3, expected_register)
