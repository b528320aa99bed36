"""With S3_BUCKET, every file the app keeps is an object of the private bucket and nothing is written under
VAR_DIR: the real flows (a programme issued by the real signer, its PDF downloaded by anyone, a dossier file
and a proposal letter uploaded and downloaded, a session packet built, a PDF checked on the verification page)
run against moto's S3 server with VAR_DIR an empty directory, which stays empty."""

import hashlib
import subprocess

from issuing.models import Revision
from tests.storage.flows import PUBLIC_PDF, body, member, pdf_bytes, propose_with_letter, upload_dossier


def test_every_file_goes_to_the_bucket_and_nothing_under_var_dir(
    s3, client, own_item, department_user, time_machine, tmp_path
):
    january = Revision.objects.get(year=2024, month=1, number=1)
    digest = hashlib.sha256(bytes(january.pdf)).hexdigest()

    # The issued PDF, to anyone: written to the bucket once, streamed from it, then from the kept answer.
    first = client.get(PUBLIC_PDF)
    assert first.status_code == 200 and first.streaming and body(first) == bytes(january.pdf)
    assert first["ETag"] == f'"{digest}"' and first["Content-Type"] == "application/pdf"
    assert f"artifacts/pdf/{digest[:2]}/{digest}.pdf" in s3.object_keys("artifacts/")
    again = client.get(PUBLIC_PDF)
    assert again.status_code == 200 and body(again) == bytes(january.pdf)
    assert client.get(PUBLIC_PDF, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    revision = client.get(january.get_pdf_url())
    assert body(revision) == bytes(january.pdf)
    assert "immutable" in revision["Cache-Control"] and "max-age=31536000" in revision["Cache-Control"]

    # A dossier file: uploaded by the lead department into the bucket, downloaded as it was sent.
    client.force_login(department_user)
    sent = pdf_bytes("Tờ trình lưu trong kho đối tượng")
    stored = upload_dossier(client, own_item, "to-trinh.pdf", sent)
    assert stored.file.name in s3.object_keys("ho-so/") and s3.read(stored.file.name) == sent
    download = client.get(f"/van-phong/bac-giang/tep/{stored.pk}/")
    assert download.status_code == 200 and download.streaming and body(download) == sent
    assert download["Cache-Control"] == "private, no-store" and "attachment" in download["Content-Disposition"]

    # A proposal letter, likewise.
    letter = pdf_bytes("Công văn đăng ký nội dung")
    proposal = propose_with_letter(client, time_machine, letter)
    assert proposal.letter.name in s3.object_keys("de-xuat/")
    answer = client.get(f"/van-phong/bac-giang/de-xuat/{proposal.pk}/cong-van/")
    assert answer.status_code == 200 and body(answer) == letter

    # The session packet, built from the dossier's file read back from the bucket.
    member(client)
    packet = client.get(f"/van-phong/bac-giang/phien-hop/{own_item.session_id}/tai-lieu.pdf")
    assert packet.status_code == 200
    path = tmp_path / "packet.pdf"
    path.write_bytes(body(packet))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "TÀI LIỆU PHIÊN HỌP" in text and "Tờ trình lưu trong kho đối tượng" in text

    # The verification page (its concurrency slots are no files in this mode) and a public page.
    client.logout()
    checked = client.post("/xac-thuc/", {"file": pdf_upload(bytes(january.pdf))})
    assert checked.status_code == 200 and "VĂN PHÒNG" in checked.content.decode()
    assert client.get("/bac-giang/ke-hoach/2024/01/").status_code == 200

    assert s3.var_files() == []


def pdf_upload(content):
    from tests.workspace.files import upload

    return upload("chuong-trinh.pdf", content)


def test_test_keys_issued_while_serving_stay_out_of_var_dir_and_signing_dir(s3, sample_plan, signing_key, tmp_path):
    """Development identities (an approver without a token, a commune without a key) are issued at first use:
    with object storage into a private temporary directory of the process, not into SIGNING_DIR or VAR_DIR."""
    import shutil

    from django.test import override_settings

    from issuing.services import publish_plan
    from tests.communes import load_commune_plan

    signing_dir = tmp_path / "signing"
    signing_dir.mkdir()
    for path in signing_key.directory.iterdir():  # the CA and the first office's key; no person's, no commune's
        if path.is_file():
            shutil.copy(path, signing_dir)
    before = sorted(path for path in signing_dir.rglob("*"))
    with override_settings(SIGNING_DIR=str(signing_dir)):
        commune_plan = load_commune_plan()
        issued = publish_plan(commune_plan)
    assert issued.is_issued and issued.office.slug == "xa-tan-yen" and issued.revisions.count() == 1
    assert sorted(path for path in signing_dir.rglob("*")) == before
    assert s3.var_files() == []
