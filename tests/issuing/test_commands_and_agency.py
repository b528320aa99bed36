"""make_dev_certificate, and the changes an agency page shows."""

import datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.template.loader import render_to_string

from agenda.models import Agency
from issuing.changelog import changes_for_agency
from issuing.keys import signing_configured
from issuing.services import publish_plan
from issuing.verification import check_signature
from meetings.models import Item


@pytest.fixture
def dev_settings(settings, tmp_path):
    """The development defaults, pointed at a temp VAR dir."""
    directory = tmp_path / "var" / "signing"
    settings.SIGNING_P12_PATH = str(directory / "dev-signer.p12")
    settings.SIGNING_P12_PASSWORD = "dev-only-not-secret"
    settings.SIGNING_TRUST_ROOTS = [str(directory / "dev-ca.crt")]
    settings.SIGNING_DIR = str(directory)
    return directory


@pytest.mark.django_db
def test_make_dev_certificate_makes_a_test_key_the_settings_find(dev_settings, sample_plan, capsys):
    assert not signing_configured()
    call_command("make_dev_certificate")
    assert "Đã tạo chứng thư thử nghiệm" in capsys.readouterr().out
    assert signing_configured()
    revision = publish_plan(sample_plan).revisions.get()
    check = check_signature(bytes(revision.pdf))
    assert check.ours
    assert check.signer.endswith("– CHỨNG THƯ THỬ NGHIỆM")
    ca = x509.load_pem_x509_certificate((dev_settings / "dev-ca.crt").read_bytes())
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.endswith("CHỨNG THƯ THỬ NGHIỆM")


@pytest.mark.django_db
def test_make_dev_certificate_again_keeps_the_key_and_force_makes_a_new_one(dev_settings, capsys):
    call_command("make_dev_certificate")
    key = (dev_settings / "dev-signer.key").read_bytes()
    certificate = (dev_settings / "dev-signer.crt").read_bytes()
    call_command("make_dev_certificate")  # exits normally (status 0)
    assert "Giữ nguyên khóa thử nghiệm" in capsys.readouterr().out
    assert (dev_settings / "dev-signer.key").read_bytes() == key
    assert (dev_settings / "dev-signer.crt").read_bytes() == certificate
    call_command("make_dev_certificate", "--force")
    assert (dev_settings / "dev-signer.key").read_bytes() != key


def test_development_settings_default_to_the_var_dir():
    from ubnd_schedule import settings as project_settings

    assert Path(project_settings.SIGNING_P12_PATH) == Path(project_settings.VAR_DIR) / "signing" / "dev-signer.p12"
    assert project_settings.SITE_URL == "http://127.0.0.1:8000"


def _reassign_and_remove(amendment):
    culture = Agency.objects.create(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    items = list(Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).with_agencies().order_by("position"))
    items[0].set_agencies([culture])
    items[1].delete()
    return culture, items


@pytest.mark.django_db
def test_agency_sees_the_changes_that_concern_it(published_sample, amendment, django_assert_num_queries):
    culture, items = _reassign_and_remove(amendment)
    publish_plan(amendment)
    old_lead = items[0].ordered_agencies[0]
    with django_assert_num_queries(1):
        changes = changes_for_agency(culture)
    assert [(change.kind, change.title) for change in changes] == [("reassigned", items[0].title)]
    with django_assert_num_queries(1):  # bounded: the revisions of January 2024's plan and later ones
        assert changes_for_agency(culture, since=(2024, 1)) == changes
    assert changes_for_agency(culture, since=(2024, 2)) == []
    assert changes_for_agency(culture, since=(2023, 12)) == changes
    assert "reassigned" in [change.kind for change in changes_for_agency(old_lead)]
    html = render_to_string("issuing/_agency_changes.html", {"agency_changes": changes})
    assert "Đổi cơ quan chuẩn bị" in html and 'href="/bac-giang/ke-hoach/2024/01/ban/2/"' in html
    assert "Sở Văn hóa, Thể thao và Du lịch" in html


@pytest.mark.django_db
def test_an_agency_not_concerned_sees_no_changes(published_sample, amendment):
    _reassign_and_remove(amendment)
    publish_plan(amendment)
    bystander = Agency.objects.create(name="Sở Y tế thử", short_name="Sở YT")
    assert changes_for_agency(bystander) == []
    assert render_to_string("issuing/_agency_changes.html", {"agency_changes": []}).strip() == ""


@pytest.mark.django_db
def test_agency_page_lists_the_amendments_changes_that_concern_it(client, published_sample, amendment, today):
    today(datetime.date(2024, 1, 20))  # the page shows the changes of the recent months' plans
    culture, items = _reassign_and_remove(amendment)
    publish_plan(amendment)
    page = client.get(culture.get_absolute_url()).content.decode()
    assert "Thay đổi liên quan trong các lần điều chỉnh" in page
    assert items[0].title in page and 'href="/bac-giang/ke-hoach/2024/01/ban/2/"' in page
    bystander = client.get(Agency.objects.get(short_name="Sở Y tế").get_absolute_url()).content.decode()
    assert "Thay đổi liên quan" not in bystander
