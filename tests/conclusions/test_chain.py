"""The sample's session of 19/01/2024 gets its notice issued through the programme's chain: "Số: 01/TB-UBND",
the approver's signature then the office's, valid for pdfsig; its own register series; amendments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from conclusions import chain
from conclusions.drafting import find_session, start_conclusion
from conclusions.models import Conclusion, ConclusionRevision, Task
from issuing.models import RegisterEntry
from issuing.services import publish_plan
from programme.errors import PlanError
from tests.conclusions.conftest import pdfsig, pdftotext
from tests.conftest import make_user
from tests.factories import load_and_publish, plan_data

pytestmark = pytest.mark.django_db


def test_sample_notice_is_issued_as_01_tb_with_two_valid_signatures(loaded, people, tmp_path):
    assert Task.objects.published().count() == 0
    call_command("publish_conclusion", "2024-01-19", "--approver", "lanhdao", "--clerk", "vanthu", verbosity=0)
    loaded.refresh_from_db()
    assert loaded.status == Conclusion.Status.ISSUED
    path = tmp_path / "tb.pdf"
    call_command("export_conclusion", "2024-01-19", "--format", "pdf", "-o", str(path))
    first, second = pdfsig(path)
    assert "Signature is Valid" in first and "Lê Tuấn Phú" in first and "Total document signed" not in first
    assert "Signature is Valid" in second and "VĂN PHÒNG" in second and "Total document signed" in second
    text = pdftotext(path)
    assert "Số: 01/TB-UBND" in text
    assert "THÔNG BÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kết luận của Chủ tịch UBND tỉnh tại phiên họp thường kỳ tháng 01 năm 2024" in " ".join(text.split())
    assert "Nơi nhận:" in text and "TL. CHỦ TỊCH" in text and "DỰ THẢO" not in text
    assert Task.objects.published().count() == 7
    assert loaded.entries.get(position=9).item.status == "postponed"  # deferred to February
    revision = ConclusionRevision.objects.get()
    assert (revision.register_label, revision.number, revision.approved_by) == ("01/TB-UBND", 1, people["approver"])


def test_the_second_notice_of_the_year_is_02_and_the_programme_register_is_untouched(loaded, people):
    publish_plan(loaded.session.plan, approver=people["approver"], clerk=people["clerk"])
    chain.publish_conclusion(loaded, approver=people["approver"], clerk=people["clerk"])
    march, _created = load_and_publish(plan_data(2024, 3))
    session = find_session(march.office, march.sessions.first().date)
    second = start_conclusion(march.office, session)
    second.entries.update(text="Thống nhất.")
    revision = chain.publish_conclusion(second, approver=people["approver"], clerk=people["clerk"])
    assert revision.register_label == "02/TB-UBND"
    assert sorted(RegisterEntry.objects.values_list("number", flat=True)) == [1, 2]  # the programmes' own series


def test_only_the_approver_signs_and_only_the_clerk_seals(loaded, people):
    editor, approver, clerk = people["editor"], people["approver"], people["clerk"]
    with pytest.raises(PermissionDenied):
        chain.submit(loaded, clerk)
    chain.submit(loaded, editor)
    draft = chain.prepare_signing(loaded)
    for someone in (editor, clerk):
        with pytest.raises(PermissionDenied):
            chain.sign(loaded, someone, expected_sha256=draft.sha256)
    chain.sign(loaded, approver, expected_sha256=draft.sha256)
    for someone in (editor, approver):
        with pytest.raises(PermissionDenied):
            chain.seal(loaded, someone)
    department = make_user("sokhdt", "department", agency=loaded.tasks.first().lead)
    with pytest.raises(PermissionDenied):
        chain.seal(loaded, department)
    revision = chain.seal(loaded, clerk)
    assert revision.issued_by == clerk


def test_a_stale_signing_page_is_refused(loaded, people):
    chain.submit(loaded, people["editor"])
    draft = chain.prepare_signing(loaded)
    with pytest.raises(PlanError):
        chain.sign(loaded, people["approver"], expected_sha256="0" * 64)
    assert Conclusion.objects.get(pk=loaded.pk).status == Conclusion.Status.IN_REVIEW
    chain.sign(loaded, people["approver"], expected_sha256=draft.sha256)


def test_an_amendment_issues_a_new_revision_with_a_new_number_and_keeps_the_tasks(loaded, people, tmp_path):
    first = chain.publish_conclusion(loaded, approver=people["approver"], clerk=people["clerk"])
    tasks = set(Task.objects.published().values_list("pk", flat=True))
    with pytest.raises(PlanError):
        chain.publish_conclusion(loaded)
    chain.amend(loaded, people["editor"])
    entry = loaded.entries.first()
    entry.text = "Thống nhất, có điều chỉnh."
    entry.save()
    second = chain.publish_conclusion(loaded, approver=people["approver"], clerk=people["clerk"])
    assert (second.number, second.register_label) == (2, "02/TB-UBND")
    assert first.sha256 != second.sha256 and ConclusionRevision.objects.count() == 2
    assert set(Task.objects.published().values_list("pk", flat=True)) == tasks
    assert "Thống nhất, có điều chỉnh." in second.snapshot["conclusions"][0]["text"]


def test_returning_voids_the_signature(loaded, people):
    chain.submit(loaded, people["editor"])
    chain.sign(loaded, people["approver"], expected_sha256=chain.prepare_signing(loaded).sha256)
    with pytest.raises(PlanError):
        chain.return_conclusion(loaded, people["approver"], "")
    chain.return_conclusion(loaded, people["approver"], "Sửa mục 2")
    loaded.refresh_from_db()
    assert loaded.status == Conclusion.Status.RETURNED and not hasattr(loaded, "approver_signature")


def test_issuing_deadline_is_five_working_days_after_the_session(loaded):
    assert loaded.issue_deadline() == datetime.date(2024, 1, 26)
