"""Verifying a PDF stays bounded whatever is uploaded, and says plainly what a file is."""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from issuing import services as issuing
from issuing import verification_limits
from issuing.services import publish_plan, verify_document
from programme.services import start_amendment
from tests.issuing.conftest import pdfsig, tampered, with_trivial_updates

pytestmark = pytest.mark.django_db

TOO_MANY_UPDATES = "quá nhiều lần cập nhật, không xác thực"
#: What a loaded 2-core machine may take to answer; the check itself takes milliseconds.
ANSWER_WITHIN_SECONDS = 3


def _upload(client, content, name="van-ban.pdf"):
    return client.post("/xac-thuc/", {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def _verdict(response):
    return re.search(r"data-verdict>(.*?)</h2>", response.content.decode(), re.S).group(1).strip()


# -- bounded --------------------------------------------------------------------------------------


def test_a_signed_file_with_1500_trivial_updates_is_refused_in_well_under_3_seconds(client, published_sample):
    content = with_trivial_updates(bytes(published_sample.pdf), 1500)
    started = time.perf_counter()
    response = _upload(client, content)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert TOO_MANY_UPDATES in _verdict(response).lower()
    assert not response.context["report"].ok
    assert "text-bg-success" not in response.content.decode()
    assert elapsed < ANSWER_WITHIN_SECONDS, f"{elapsed:.2f} s"


def test_verify_pdf_refuses_the_same_file_as_quickly(published_sample, tmp_path, capsys):
    path = tmp_path / "nhieu-ban.pdf"
    path.write_bytes(with_trivial_updates(bytes(published_sample.pdf), 1500))
    started = time.perf_counter()
    with pytest.raises(CommandError):
        call_command("verify_pdf", str(path))
    assert time.perf_counter() - started < ANSWER_WITHIN_SECONDS
    assert TOO_MANY_UPDATES in capsys.readouterr().out.lower()


def test_updates_hidden_behind_escaped_names_are_counted_too(published_sample):
    # "/P#72ev" is the name /Prev written with a hex escape: what a PDF reader follows all the same.
    content = with_trivial_updates(bytes(published_sample.pdf), 1500, prev_key=b"/P#72ev")
    started = time.perf_counter()
    report = verify_document(content)
    assert time.perf_counter() - started < ANSWER_WITHIN_SECONDS
    assert TOO_MANY_UPDATES in report.check.refused.lower()


def test_a_file_with_too_many_objects_is_refused_before_parsing(published_sample, settings):
    settings.VERIFY_MAX_OBJECTS = 100
    content = bytes(published_sample.pdf)
    padding = b"".join(b"%d 0 obj\n<< >>\nendobj\n" % number for number in range(90_000, 90_100))
    report = verify_document(content + padding)
    assert "quá nhiều đối tượng" in report.check.refused.lower() and not report.ok


def test_a_few_updates_under_the_cap_are_still_checked_and_reported(client, published_sample):
    response = _upload(client, with_trivial_updates(bytes(published_sample.pdf), 3))
    report = response.context["report"]
    assert not report.check.refused and report.check.signed
    assert "Tệp có phần được thêm vào sau chữ ký cuối cùng." in report.check.problems


def test_a_check_that_outlasts_its_time_budget_is_stopped_with_a_verdict(published_sample, settings):
    # Caps lifted: 300 updates cost pyHanko several seconds (N² comparisons); the budget stops it.
    settings.VERIFY_MAX_REVISIONS = 100_000
    settings.VERIFY_TIME_LIMIT = 0.5
    content = with_trivial_updates(bytes(published_sample.pdf), 300)
    started = time.perf_counter()
    report = verify_document(content)
    assert time.perf_counter() - started < ANSWER_WITHIN_SECONDS
    assert "quá thời gian" in report.check.refused.lower() and not report.ok


def test_a_check_whose_process_dies_is_reported_without_waiting_for_the_budget(settings):
    import os

    settings.VERIFY_TIME_LIMIT = 30
    started = time.perf_counter()
    with pytest.raises(verification_limits._Stopped) as stopped:
        verification_limits._within_time_limit(os._exit, 3, seconds=settings.VERIFY_TIME_LIMIT)
    assert not stopped.value.timed_out and time.perf_counter() - started < ANSWER_WITHIN_SECONDS


def test_a_legitimately_issued_pdf_still_verifies_through_the_bounded_check(client, published_sample, amendment):
    publish_plan(amendment)
    for number in (1, 2):  # the first issue, then the amendment: approver's signature and Office seal each
        revision = published_sample.plan.revisions.model.objects.get(year=2024, month=1, number=number)
        response = _upload(client, bytes(revision.pdf))
        report = response.context["report"]
        assert report.ok and report.revision == revision and not report.check.refused
        assert [info.field_name for info in report.check.signatures] == ["ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"]
        assert "Chữ ký số hợp lệ" in _verdict(response)


def test_verifications_beyond_the_concurrency_limit_get_a_503_with_retry_after(client, published_sample, settings):
    settings.VERIFY_MAX_CONCURRENT = 1
    with verification_limits.verification_slot():  # another request (any worker) is verifying
        started = time.perf_counter()
        response = _upload(client, bytes(published_sample.pdf))
        assert time.perf_counter() - started < ANSWER_WITHIN_SECONDS
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "đang bận" in response.content.decode()
    assert response.context["report"] is None
    # the slot is free again: the next upload is checked
    assert _upload(client, bytes(published_sample.pdf)).context["report"].ok


def test_a_verification_frees_its_slot_even_when_the_check_fails(client, published_sample, settings):
    settings.VERIFY_MAX_CONCURRENT = 1
    assert _upload(client, b"%PDF-1.7\nnot really a pdf").status_code == 200
    with verification_limits.verification_slot():
        pass  # acquired: nobody still holds it


def test_the_reader_refuses_more_revisions_than_the_cap_whatever_the_byte_counts_said(published_sample):
    from issuing.verification import check_signature

    content = with_trivial_updates(bytes(published_sample.pdf), 3)  # 3 revisions signed, 3 appended
    assert check_signature(content, max_revisions=6).signed
    check = check_signature(content, max_revisions=5)
    assert TOO_MANY_UPDATES in check.refused.lower() and not check.signatures


# -- verdicts -------------------------------------------------------------------------------------


def test_a_file_signed_only_by_the_approver_is_signed_but_not_issued(client, sample_plan, approver, tmp_path):
    plan = issuing.submit(sample_plan, approver)
    issuing.sign(plan, approver, expected_sha256=issuing.prepare_signing(plan).sha256)
    content = issuing.approver_signed_pdf(plan)
    path = tmp_path / "cho-dong-dau.pdf"
    path.write_bytes(content)
    assert "Signature Validation: Signature is Valid." in pdfsig(path)  # the signature itself is sound

    response = _upload(client, content)
    page = response.content.decode()
    report = response.context["report"]
    assert not report.ok and report.revision is None and report.approver_only
    assert "text-bg-success" not in page
    assert "ký ban hành" not in _verdict(response)
    assert "CHƯA ban hành" in _verdict(response)
    with pytest.raises(CommandError):
        call_command("verify_pdf", str(path))


def test_a_superseded_revision_names_the_amendment_that_replaced_it(client, published_sample):
    kept = client.get("/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/").content.decode()  # kept while it is current
    assert "text-bg-success" in kept and 'data-field="superseded"' not in kept
    publish_plan(start_amendment(published_sample.plan))
    for response in (
        _upload(client, bytes(published_sample.pdf)),
        client.get("/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/"),
    ):
        page = response.content.decode()
        notice = re.search(r'data-field="superseded".*?</div>', page, re.S).group(0)
        assert "Điều chỉnh lần 1" in notice and 'href="/bac-giang/ke-hoach/2024/01/ban/2/"' in notice
        assert "text-bg-success" not in page
    latest = client.get("/bac-giang/ke-hoach/2024/01/ban/2/xac-thuc/").content.decode()
    assert 'data-field="superseded"' not in latest and "text-bg-success" in latest


def test_an_altered_file_never_says_only_signatures_were_added(client, published_sample, tmp_path, capsys):
    content = tampered(bytes(published_sample.pdf))
    path = tmp_path / "da-sua.pdf"
    path.write_bytes(content)
    assert pdfsig(path).count("Signature Validation: Digest Mismatch.") == 2  # independent: both broken

    response = _upload(client, content)
    page = response.content.decode()
    assert "Nội dung đã bị thay đổi sau khi ký" in page
    assert "Chỉ thêm chữ ký số, không thay đổi nội dung" not in page
    assert not any(info.later_changes_allowed for info in response.context["report"].check.signatures)
    with pytest.raises(CommandError):
        call_command("verify_pdf", str(path))
    assert "sau chữ ký chỉ thêm chữ ký số: có" not in capsys.readouterr().out
