"""Issuing as Nghị định 30 sets it: states, the register's numbers, two signatures, every path."""

import datetime
import io
import threading

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from agenda import dates
from agenda.models import MonthlyPlan, Office
from issuing import services as issuing
from issuing.models import ApproverSignature, RegisterEntry, Revision
from issuing.verification import check_signature
from issuing.workflow import StepRefused
from programme.errors import PlanError
from programme.services import load_plan
from tests.factories import plan_data
from tests.issuing.conftest import pdfsig, pdftotext, tampered

pytestmark = pytest.mark.django_db


def png(mode="RGBA", colour=(20, 50, 160, 0), size=(120, 40)):
    stream = io.BytesIO()
    Image.new(mode, size, colour).save(stream, format="PNG")
    stream.name = "chu-ky.png"
    stream.seek(0)
    return stream


# -- states ----------------------------------------------------------------------------------------


def test_a_draft_cannot_be_signed_nor_an_unsigned_plan_sealed(sample_plan, approver, clerk):
    with pytest.raises(StepRefused, match="đã được gửi duyệt"):
        issuing.prepare_signing(sample_plan)
    with pytest.raises(StepRefused, match="đã được lãnh đạo ký"):
        issuing.seal(sample_plan, clerk)
    plan = issuing.submit(sample_plan, approver)
    with pytest.raises(StepRefused, match="đã được lãnh đạo ký"):
        issuing.seal(plan, clerk)
    assert MonthlyPlan.objects.get(pk=plan.pk).status == "review"
    assert not Revision.objects.exists()


def test_rights_come_from_the_roles_on_every_step(sample_plan, editor, approver, clerk):
    with pytest.raises(PermissionDenied):
        issuing.submit(sample_plan, clerk)
    plan = issuing.submit(sample_plan, editor)
    draft = issuing.prepare_signing(plan)
    for user in (editor, clerk):
        with pytest.raises(PermissionDenied):
            issuing.sign(plan, user, expected_sha256=draft.sha256)
    issuing.sign(plan, approver, expected_sha256=draft.sha256)
    for user in (editor, approver):  # the approver who signed does not seal too
        with pytest.raises(PermissionDenied):
            issuing.seal(plan, user)
    revision = issuing.seal(plan, clerk)
    assert (revision.approved_by, revision.issued_by) == (approver, clerk)


def test_a_superuser_cannot_both_sign_and_seal(sample_plan, db):
    admin = User.objects.create_superuser("quantri", "q@example.org", "x")
    plan = issuing.submit(sample_plan, admin)
    issuing.sign(plan, admin, expected_sha256=issuing.prepare_signing(plan).sha256)
    with pytest.raises(PlanError, match="người khác với người đã ký"):
        issuing.seal(plan, admin)


def test_returning_a_signed_plan_voids_the_signature_and_keeps_the_number(sample_plan, approver, editor):
    plan = issuing.submit(sample_plan, editor)
    first = issuing.prepare_signing(plan)
    issuing.sign(plan, approver, expected_sha256=first.sha256)
    with pytest.raises(PlanError, match="Hãy ghi ý kiến"):
        issuing.return_plan(plan, approver, "  ")
    issuing.return_plan(plan, approver, "Sửa ngày họp")
    plan.refresh_from_db()
    assert plan.status == "returned" and plan.number == "" and plan.issue_date is None
    assert not ApproverSignature.objects.exists()
    issuing.submit(plan, editor)
    again = issuing.prepare_signing(plan)
    assert again.number == first.number == "01"
    assert RegisterEntry.objects.count() == 1


def test_signing_a_stale_render_is_refused_with_the_new_render(sample_plan, approver):
    plan = issuing.submit(sample_plan, approver)
    shown = issuing.prepare_signing(plan)
    MonthlyPlan.objects.filter(pk=plan.pk).update(title="Đã sửa sau khi trang ký được mở", version=plan.version + 1)
    with pytest.raises(issuing.StaleSigningError) as refused:
        issuing.sign(plan, approver, expected_sha256=shown.sha256)
    assert refused.value.draft.sha256 != shown.sha256
    assert MonthlyPlan.objects.get(pk=plan.pk).status == "review"


def test_signing_on_another_day_than_the_page_showed_is_refused(sample_plan, approver):
    plan = issuing.submit(sample_plan, approver)
    today = timezone.localdate()
    shown = issuing.prepare_signing(plan, today=today)
    with pytest.raises(issuing.StaleSigningError):
        issuing.sign(plan, approver, expected_sha256=shown.sha256, today=today + datetime.timedelta(days=1))


# -- the register --------------------------------------------------------------------------------


def test_the_sample_then_another_month_are_numbered_01_then_02_with_the_signing_day(sample_plan, tmp_path):
    issuing.publish_plan(sample_plan)
    february, _created = load_plan(plan_data(2024, 2))
    issuing.publish_plan(february)
    day = dates.long_date(timezone.localdate())
    for month, number in ((1, "01"), (2, "02")):
        path = tmp_path / f"{month}.pdf"
        call_command("export_plan", "2024", str(month), "--format", "pdf", "-o", str(path))
        text = pdftotext(path)
        assert f"Số: {number}/CTr-VP" in text
        assert f"Bắc Giang, {day}" in text
    assert list(RegisterEntry.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_the_number_is_bound_when_the_signing_page_is_first_shown(client, sample_plan, approver, editor):
    issuing.submit(sample_plan, editor)
    client.force_login(approver)
    page = client.get("/van-phong/bac-giang/ke-hoach/2024/01/ky/")
    assert "01/" in page.text
    assert RegisterEntry.objects.get().plan_id == sample_plan.pk
    client.get("/van-phong/bac-giang/ke-hoach/2024/01/ky/")
    assert RegisterEntry.objects.count() == 1


def test_numbers_restart_at_01_in_a_new_year(sample_plan, editor):
    plan = issuing.submit(sample_plan, editor)
    entry = issuing.reserve_number(plan, datetime.date(2025, 12, 31))
    assert (entry.year, entry.number) == (2025, 1)
    entry = issuing.reserve_number(plan, datetime.date(2026, 1, 2))  # signed after New Year
    assert (entry.year, entry.number) == (2026, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL (CI) only")
def test_two_plans_signed_at_the_same_moment_get_two_consecutive_numbers(signing_key):
    """Two threads, two connections, one barrier: the Office row lock serialises the register."""
    from tests.conftest import SAMPLE_FIXTURE

    call_command("loaddata", SAMPLE_FIXTURE, verbosity=0)
    january = MonthlyPlan.objects.get(year=2024, month=1)
    february, _created = load_plan(plan_data(2024, 2))
    plans = [issuing.submit(plan, None) for plan in (january, february)]
    barrier = threading.Barrier(2)
    errors = []

    def reserve(plan):
        try:
            barrier.wait()
            issuing.reserve_number(plan)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(RegisterEntry.objects.values_list("number", flat=True)) == [1, 2]


# -- the signed file -----------------------------------------------------------------------------


def test_published_sample_carries_the_approvers_signature_then_the_offices_over_the_whole_file(
    sample_plan, approver, clerk, tmp_path
):
    issuing.publish_plan(sample_plan, approver=approver, clerk=clerk)
    path = tmp_path / "ctr.pdf"
    call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(path))
    report = pdfsig(path)
    first, second = report.split("Signature #2:")
    assert "Signer Certificate Common Name: Lê Tuấn Phú – CHỨNG THƯ THỬ NGHIỆM" in first
    assert "Signature is Valid" in first and "Total document signed" not in first
    assert "Signer Certificate Common Name: VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM" in second
    assert "Signature is Valid" in second and "Total document signed" in second
    check = check_signature(path.read_bytes())
    assert check.ours and len(check.signatures) == 2
    assert check.signatures[0].later_changes_allowed  # only the seal came after the approver
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(tampered(path.read_bytes()))
    assert "Signature is Valid" not in pdfsig(changed)
    assert not check_signature(changed.read_bytes()).valid


def test_the_issued_file_starts_with_the_render_the_approver_was_shown(sample_plan, approver, clerk):
    plan = issuing.submit(sample_plan, approver)
    shown = issuing.prepare_signing(plan)
    issuing.sign(plan, approver, expected_sha256=shown.sha256)
    revision = issuing.seal(plan, clerk)
    assert bytes(revision.pdf).startswith(shown.content)
    assert revision.register_number == 1


def test_verification_page_reports_both_signatures_and_names_the_office(client, sample_plan, approver, clerk):
    issuing.publish_plan(sample_plan, approver=approver, clerk=clerk)
    page = client.get("/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/").text
    assert "do Văn phòng UBND tỉnh Bắc Giang ký ban hành" in page
    assert "Chữ ký 1: người có thẩm quyền" in page and "Chữ ký 2: cơ quan (văn thư đóng dấu)" in page
    assert "Lê Tuấn Phú – CHỨNG THƯ THỬ NGHIỆM" in page
    assert "Chỉ thêm chữ ký số, không thay đổi nội dung" in page
    assert "số 01/CTr-VP" in page


def test_a_tampered_file_is_reported_as_changed_and_nothing_about_trust(client, sample_plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    issuing.publish_plan(sample_plan)
    content = tampered(bytes(Revision.objects.get().pdf))
    page = client.post("/xac-thuc/", {"file": SimpleUploadedFile("x.pdf", content, "application/pdf")}).text
    assert "Nội dung đã bị thay đổi sau khi ký" in page
    assert "Chứng thư được tin cậy" not in page


def test_verify_pdf_lists_both_signatures(sample_plan, tmp_path, capsys):
    issuing.publish_plan(sample_plan)
    path = tmp_path / "ban-1.pdf"
    path.write_bytes(bytes(Revision.objects.get().pdf))
    call_command("verify_pdf", str(path))
    out = capsys.readouterr().out
    assert "Chữ ký 1: Lê Tuấn Phú – CHỨNG THƯ THỬ NGHIỆM" in out
    assert "Chữ ký 2: VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM" in out
    assert "bao trùm toàn bộ tệp: có" in out


def test_public_plan_page_links_every_revision_its_pdf_and_verification(client, sample_plan):
    plan = issuing.publish_plan(sample_plan)
    from programme.services import start_amendment

    issuing.publish_plan(start_amendment(plan))
    page = client.get("/bac-giang/ke-hoach/2024/01/").text
    for number in (1, 2):
        assert f'href="/bac-giang/ke-hoach/2024/01/ban/{number}/"' in page
        assert f'href="/bac-giang/ke-hoach/2024/01/ban/{number}/xac-thuc/"' in page
    assert 'href="/xac-thuc/"' in page  # the footer
    assert "Điều chỉnh lần 1" in page  # the document itself says it


# -- commands ------------------------------------------------------------------------------------


def test_publish_plan_command_with_an_approver_and_a_clerk(sample_plan, approver, clerk, capsys):
    call_command("publish_plan", "2024", "1", "--approver", "lanhdao", "--clerk", "vanthu")
    assert "số 01" in capsys.readouterr().out
    revision = Revision.objects.get()
    assert (revision.approved_by, revision.issued_by) == (approver, clerk)


@pytest.mark.parametrize(("approver_name", "clerk_name"), [("chuyenvien", "vanthu"), ("lanhdao", "chuyenvien")])
def test_publish_plan_command_refuses_users_without_the_role(
    sample_plan, approver, clerk, editor, approver_name, clerk_name
):
    with pytest.raises(CommandError, match="không có quyền"):
        call_command("publish_plan", "2024", "1", "--approver", approver_name, "--clerk", clerk_name)
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).status == "draft"
    assert not Revision.objects.exists()


def test_publish_plan_command_needs_both_users_outside_development(sample_plan, settings):
    settings.SIGNING_DEV_IDENTITIES = False
    with pytest.raises(CommandError, match="--approver và --clerk"):
        call_command("publish_plan", "2024", "1")


def test_load_plan_publish_runs_the_whole_chain(tmp_path, db):
    import json

    path = tmp_path / "ctr.json"
    path.write_text(json.dumps(plan_data(2024, 3)), encoding="utf-8")
    call_command("load_plan", str(path), "--publish")
    revision = Revision.objects.get()
    assert revision.register_number == 1 and len(check_signature(bytes(revision.pdf)).signatures) == 2


# -- the admin -----------------------------------------------------------------------------------


def test_the_admin_has_no_issuing_action_and_links_to_the_workspace(admin_client, sample_plan):
    page = admin_client.get("/admin/agenda/monthlyplan/")
    assert "publish_selected" not in page.text
    response = admin_client.post(
        "/admin/agenda/monthlyplan/", {"action": "publish_selected", "_selected_action": [sample_plan.pk]}
    )
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).status == "draft"
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("state", ["review", "signed", "published"])
def test_a_plan_past_drafting_is_read_only_in_the_admin(admin_client, sample_plan, state):
    plan = issuing.submit(sample_plan, None)
    if state in ("signed", "published"):
        issuing.sign(plan, None, expected_sha256=issuing.prepare_signing(plan).sha256)
    if state == "published":
        issuing.seal(plan, None)
    url = reverse("admin:agenda_monthlyplan_change", args=[plan.pk])
    assert admin_client.post(url, {"title": "Sửa trong trang quản trị"}).status_code == 403
    assert MonthlyPlan.objects.get(pk=plan.pk).title != "Sửa trong trang quản trị"


def test_an_admin_save_on_a_stale_page_is_refused(admin_client, sample_plan):
    from tests.test_admin import plan_form

    data = plan_form(sample_plan, title="Bản sửa trong trang quản trị")
    MonthlyPlan.objects.filter(pk=sample_plan.pk).update(version=sample_plan.version + 1)  # a workspace save
    response = admin_client.post(reverse("admin:agenda_monthlyplan_change", args=[sample_plan.pk]), data)
    assert response.status_code == 200 and "đã được người khác sửa" in response.text
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).title != "Bản sửa trong trang quản trị"


def test_the_office_seal_is_uploaded_in_the_admin_as_a_transparent_png(admin_client, office_form):
    office = Office.objects.get_solo()
    url = reverse("admin:agenda_office_change", args=[1])
    form = office_form | {"seal_diameter_mm": 40}
    opaque = admin_client.post(url, {**form, "seal_upload": png("RGB", (200, 0, 0))})
    assert "nền trong suốt" in opaque.text
    not_png = io.BytesIO(b"GIF89a....")
    not_png.name = "con-dau.png"
    assert "không phải ảnh PNG" in admin_client.post(url, {**form, "seal_upload": not_png}).text
    admin_client.post(url, {**form, "seal_upload": png(colour=(200, 0, 0, 128))})
    office.refresh_from_db()
    assert bytes(office.seal_image).startswith(b"\x89PNG") and office.seal_diameter_mm == 40


def test_issued_revisions_are_listed_read_only_in_the_admin(admin_client, sample_plan):
    issuing.publish_plan(sample_plan)
    revision = Revision.objects.get()
    page = admin_client.get(reverse("admin:issuing_revision_change", args=[revision.pk])).text
    assert revision.sha256 in page and 'href="/bac-giang/ke-hoach/2024/01/ban/1/"' in page
    assert admin_client.post(reverse("admin:issuing_revision_change", args=[revision.pk]), {}).status_code == 403


# -- the workspace: profile and queue ------------------------------------------------------------


def test_an_approver_uploads_a_transparent_signature_image(client, approver):
    client.force_login(approver)
    refused = client.post("/van-phong/bac-giang/tai-khoan/", {"image": png("RGB", (255, 255, 255))})
    assert "nền trong suốt" in refused.text
    client.post("/van-phong/bac-giang/tai-khoan/", {"image": png()})
    from issuing.models import SignerProfile

    assert bytes(SignerProfile.objects.get(user=approver).signature_image).startswith(b"\x89PNG")
    assert client.get("/van-phong/bac-giang/tai-khoan/chu-ky.png")["Content-Type"] == "image/png"


def test_the_queue_flags_what_waits_past_the_next_working_day(client, sample_plan, approver, clerk):
    plan = issuing.submit(sample_plan, approver)
    issuing.sign(plan, approver, expected_sha256=issuing.prepare_signing(plan).sha256)
    client.force_login(clerk)
    assert "data-late" not in client.get("/van-phong/bac-giang/phat-hanh/").text
    ApproverSignature.objects.update(signed_at=timezone.now() - datetime.timedelta(days=6))
    assert "data-late" in client.get("/van-phong/bac-giang/phat-hanh/").text


def test_an_amendment_says_so_in_the_page_the_preview_and_the_pdf(client, sample_plan, approver, tmp_path):
    from programme.services import start_amendment

    plan = issuing.publish_plan(sample_plan)
    start_amendment(plan)
    client.force_login(approver)
    assert "Điều chỉnh lần 1" in client.get("/van-phong/bac-giang/ke-hoach/2024/01/xem-truoc/").text
    draft = tmp_path / "du-thao.pdf"
    draft.write_bytes(client.get("/van-phong/bac-giang/ke-hoach/2024/01/pdf/").content)
    assert "Điều chỉnh lần 1" in pdftotext(draft)
    issuing.publish_plan(MonthlyPlan.objects.working().get(year=2024, month=1))
    assert "Điều chỉnh lần 1</span>" in client.get("/bac-giang/ke-hoach/2024/01/").text
