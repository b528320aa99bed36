"""Dossier uploads: a lead department sends files before its deadline; the Office sees the state of
every item's dossier; files reach only those allowed, and every download is logged."""

import pytest

from access.permissions import MEMBER_GROUP
from agenda.models import Agency
from dossiers.models import DossierFile, DossierSubmission, FileAccess
from issuing.services import publish_plan
from meetings.models import Item
from tests.workspace.conftest import make_user
from tests.workspace.files import docx_bytes, pdf_bytes, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def issued_february(february):
    return publish_plan(february)


@pytest.fixture
def own_item(issued_february, planning_dept):
    return Item.objects.get(plan=issued_february, assignments__agency=planning_dept, part="session")


def post_upload(client, item, *files, note=""):
    return client.post(
        f"/van-phong/bac-giang/noi-dung/{item.pk}/ho-so/tai-len/",
        {f"tl-{item.pk}-files": list(files), f"tl-{item.pk}-note": note},
    )


def test_lead_department_uploads_a_pdf_docx_and_xlsx(client, own_item, department_user):
    client.force_login(department_user)
    response = post_upload(
        client,
        own_item,
        upload("to-trinh.pdf", pdf_bytes()),
        upload("du-thao.docx", docx_bytes()),
        upload("bao-cao.xlsx", xlsx_bytes()),
        note="Bản chính thức",
    )
    assert response.status_code == 302
    submission = DossierSubmission.objects.get(item=own_item)
    assert submission.agency.short_name == "Sở KHĐT" and submission.note == "Bản chính thức"
    assert [(f.name, f.kind) for f in submission.files.all()] == [
        ("to-trinh.pdf", "pdf"),
        ("du-thao.docx", "docx"),
        ("bao-cao.xlsx", "xlsx"),
    ]
    stored = submission.files.first().file.name
    assert stored.startswith("ho-so/") and "to-trinh" not in stored  # the app names stored files


def test_a_newer_upload_supersedes_and_nothing_is_deleted(client, own_item, department_user, today):
    today(own_item.plan.first_day)  # the page shows the current window of plans
    client.force_login(department_user)
    post_upload(client, own_item, upload("ban-1.pdf", pdf_bytes("Bản một")))
    post_upload(client, own_item, upload("ban-2.pdf", pdf_bytes("Bản hai")))
    assert DossierSubmission.objects.filter(item=own_item).count() == 2
    assert DossierFile.objects.count() == 2
    current = DossierSubmission.objects.filter(item=own_item).current().get()
    assert current.files.get().name == "ban-2.pdf"
    page = client.get("/van-phong/bac-giang/ho-so/").content.decode()
    assert "ban-2.pdf" in page and "ban-1.pdf" not in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rong.pdf", b"", "rỗng"),
        ("gia.pdf", b"MZ\x90\x00 not a pdf at all", "không phải tệp PDF, DOCX, XLSX hợp lệ"),
        ("bang-tinh.xlsx", docx_bytes(), "không phải tệp PDF, DOCX, XLSX hợp lệ"),
        ("anh.png", b"\x89PNG\r\n\x1a\n", "không phải tệp PDF, DOCX, XLSX hợp lệ"),
    ],
    ids=["empty", "wrong-type-behind-pdf-name", "docx-behind-xlsx-name", "png"],
)
def test_bad_uploads_are_refused_with_a_reason(client, own_item, department_user, name, content, message):
    client.force_login(department_user)
    response = post_upload(client, own_item, upload(name, content))
    assert response.status_code == 302
    assert not DossierSubmission.objects.exists()
    assert message in client.get(response["Location"]).content.decode()


def test_too_large_upload_is_refused(client, own_item, department_user, settings):
    settings.DOSSIER_MAX_UPLOAD_BYTES = 1000
    client.force_login(department_user)
    response = post_upload(client, own_item, upload("lon.pdf", pdf_bytes() + b"\0" * 1000))
    assert "quá lớn" in client.get(response["Location"]).content.decode()
    assert not DossierSubmission.objects.exists()


def test_a_name_with_path_characters_keeps_only_its_last_part(client, own_item, department_user):
    client.force_login(department_user)
    post_upload(client, own_item, upload("../../etc/..\\to trinh<1>.pdf", pdf_bytes()))
    dossier_file = DossierFile.objects.get()
    assert dossier_file.name == "to trinh1.pdf"
    assert ".." not in dossier_file.file.name and dossier_file.file.name.startswith("ho-so/")
    response = client.get(f"/van-phong/bac-giang/tep/{dossier_file.pk}/")
    assert 'filename="to trinh1.pdf"' in response["Content-Disposition"]


def test_supporting_agency_cannot_upload_but_reads_the_leads_dossier(
    client, february, planning_dept, department_user, today
):
    own_item = Item.objects.get(plan=february, assignments__agency=planning_dept, part="session")
    today(own_item.plan.first_day)  # the page shows the current window of plans
    supporting = Agency.objects.get(name="Sở Ngoại vụ")
    own_item.set_agencies([own_item.ordered_agencies[0], supporting])  # before issuing: then it is frozen
    publish_plan(february)
    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes()))
    helper = make_user("songoaivu", "Cán bộ sở, ngành", agency=supporting)
    client.force_login(helper)
    assert post_upload(client, own_item, upload("khac.pdf", pdf_bytes())).status_code == 403
    page = client.get("/van-phong/bac-giang/ho-so/").content.decode()
    assert "phối hợp" in page and "to-trinh.pdf" in page
    dossier_file = DossierFile.objects.get()
    assert client.get(f"/van-phong/bac-giang/tep/{dossier_file.pk}/").status_code == 200


def test_files_are_unreachable_without_the_right_role(
    client, own_item, department_user, other_department_user, outsider
):
    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes()))
    url = f"/van-phong/bac-giang/tep/{DossierFile.objects.get().pk}/"
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(other_department_user)  # Sở Ngoại vụ does not take part in this item
    assert client.get(url).status_code == 404
    assert not FileAccess.objects.exists()


def test_every_download_is_logged(client, own_item, department_user, editor):
    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes()))
    client.force_login(editor)
    response = client.get(f"/van-phong/bac-giang/tep/{DossierFile.objects.get().pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    access = FileAccess.objects.get()
    assert (access.user, access.what, access.name) == (editor, "dossier_file", "to-trinh.pdf")


def test_office_sees_on_time_late_and_missing_per_session(client, own_item, department_user, editor, time_machine):
    deadline = own_item.dossier_deadline(5)
    time_machine(deadline)
    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes()))
    client.force_login(editor)
    response = client.get("/van-phong/bac-giang/ho-so/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/van-phong/bac-giang/ho-so/2024/02/"
    assert 'data-dossier-state="on_time"' in page and "to-trinh.pdf" in page
    assert "Tải tài liệu phiên họp (PDF)" in page


def test_dossier_sent_after_the_deadline_is_late_and_highlighted(
    client, own_item, department_user, editor, time_machine
):
    import datetime

    time_machine(own_item.dossier_deadline(5) + datetime.timedelta(days=1))
    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes()))
    assert "dossier-late" in client.get("/van-phong/bac-giang/ho-so/").content.decode()
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/ho-so/2024/02/").content.decode()
    assert 'data-dossier-state="late"' in page and "dossier-late-row" in page


def test_member_downloads_the_session_packet_with_the_uploaded_pdf(client, own_item, department_user, tmp_path):
    import subprocess

    client.force_login(department_user)
    post_upload(
        client,
        own_item,
        upload("to-trinh.pdf", pdf_bytes("Tờ trình về kinh tế xã hội")),
        upload("du-thao.docx", docx_bytes()),
    )
    member = make_user("uyvien", MEMBER_GROUP)
    client.force_login(member)
    # A member lands on their ballots (issue 23), which link the session documents.
    landing = client.get("/van-phong/", follow=True)
    assert landing.redirect_chain[-1][0] == "/van-phong/bac-giang/lay-y-kien/"
    assert 'href="/van-phong/bac-giang/phien-hop/"' in landing.content.decode()
    response = client.get(f"/van-phong/bac-giang/phien-hop/{own_item.session_id}/tai-lieu.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "packet.pdf"
    path.write_bytes(response.getvalue())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "TÀI LIỆU PHIÊN HỌP" in text
    assert "du-thao.docx" in text  # not a PDF: listed on the cover
    assert "Tờ trình về kinh tế xã hội" in text
    from pypdf import PdfReader

    outline = PdfReader(path).outline
    assert any(getattr(entry, "title", "").startswith("1. ") for entry in outline)
    assert FileAccess.objects.filter(what="session_packet", user=member).exists()


def test_department_and_outsider_cannot_download_the_packet(client, own_item, department_user, outsider):
    url = f"/van-phong/bac-giang/phien-hop/{own_item.session_id}/tai-lieu.pdf"
    client.force_login(department_user)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_a_dossier_sent_before_an_amendment_stays_with_the_amended_item(client, own_item, department_user, editor):
    from programme.services import start_amendment

    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes()))
    amended = publish_plan(start_amendment(own_item.plan))
    assert amended.pk != own_item.plan_id
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/ho-so/2024/02/").content.decode()
    current = Item.objects.get(plan=amended, uid=own_item.uid)
    row = page.split(f'id="hs-{current.pk}"')[1].split("</tr>")[0]
    assert "to-trinh.pdf" in row and 'data-dossier-state="late"' in row  # sent today, long after 05/02/2024


def test_stored_files_are_not_served_as_static_or_media_files(client, own_item, department_user, editor):
    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes()))
    stored = DossierFile.objects.get().file.name
    client.force_login(editor)
    assert client.get(f"/media/{stored}").status_code == 404
    assert client.get(f"/static/{stored}").status_code == 404


def packet_of(client, session_id, tmp_path):
    """The session packet downloaded by a member: (pypdf reader, its text by pdftotext)."""
    import subprocess

    from pypdf import PdfReader

    client.force_login(make_user("uyvien", MEMBER_GROUP))
    response = client.get(f"/van-phong/bac-giang/phien-hop/{session_id}/tai-lieu.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "packet.pdf"
    path.write_bytes(response.getvalue())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return PdfReader(path), text


def test_a_damaged_pdf_is_left_out_of_the_packet_and_named_on_its_cover(client, own_item, department_user, tmp_path):
    from tests.workspace.files import damaged_pdf_bytes

    client.force_login(department_user)
    post_upload(
        client,
        own_item,
        upload("to-trinh.pdf", pdf_bytes("Tờ trình về kinh tế xã hội")),
        upload("bi-hong.pdf", damaged_pdf_bytes("Nội dung tệp hỏng")),
        upload("phu-luc.pdf", pdf_bytes("Phụ lục số liệu")),
    )
    reader, text = packet_of(client, own_item.session_id, tmp_path)
    cover = text.split("\f")[0]
    assert "Tờ trình về kinh tế xã hội" in text and "Phụ lục số liệu" in text  # the readable files are in
    assert "Nội dung tệp hỏng" not in text
    assert "Không đọc được" in cover and "bi-hong.pdf" in cover  # the damaged one is named on the cover
    assert len(reader.pages) == text.count("\f") == cover_pages(reader) + 2
    file_titles = [child.title for entry in reader.outline if isinstance(entry, list) for child in entry]
    assert file_titles == ["to-trinh.pdf", "phu-luc.pdf"]


def cover_pages(reader):
    """The number of the packet's cover pages: the page where the first file starts."""
    first_file = next(entry for entry in reader.outline if isinstance(entry, list))[0]
    return reader.get_destination_page_number(first_file)


def test_every_item_bookmark_opens_its_first_page_or_the_cover(client, own_item, department_user, tmp_path):
    from dossiers.packet import session_items

    client.force_login(department_user)
    post_upload(client, own_item, upload("to-trinh.pdf", pdf_bytes("Tờ trình về kinh tế xã hội")))
    reader, _text = packet_of(client, own_item.session_id, tmp_path)
    items = session_items(own_item.session)
    assert len(items) > 1  # the item with a dossier and at least one without
    outline = reader.outline
    item_marks = [entry for entry in outline if not isinstance(entry, list) and entry.title[0].isdigit()]
    assert [mark.title.split(". ", 1)[0] for mark in item_marks] == [str(n) for n in range(1, len(items) + 1)]
    for mark in item_marks:
        following = outline[outline.index(mark) + 1 :] + [None]
        children = following[0] if isinstance(following[0], list) else []
        page = reader.get_destination_page_number(mark)
        if children:
            assert page == reader.get_destination_page_number(children[0]) > 0
            assert "Tờ trình về kinh tế xã hội" in reader.pages[page].extract_text()
        else:
            assert page == 0  # no file: the bookmark opens the cover, where the item is listed
