"""Downloads with object storage: the bucket is private; a file reaches a visitor only through the app's
checks, streamed through the app (the same bytes), or, with S3_PRESIGNED_REDIRECT, redirected to a link of the
bucket signed for S3_PRESIGNED_SECONDS (60 s by default) that no shared cache keeps."""

import datetime
import hashlib
from urllib.parse import parse_qs, urlsplit

import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from dossiers.models import DossierFile
from issuing.models import Revision
from tests.storage.flows import PUBLIC_PDF, body, pdf_bytes, upload_dossier
from ubnd_schedule.storage import stored_file_response

REDIRECT = {"S3_PRESIGNED_REDIRECT": True}


def signed(location, s3):
    """The query of a link to the test's bucket, signed with SigV4 (else an AssertionError)."""
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}" == s3.environ["S3_ENDPOINT_URL"]
    assert parts.path.startswith(f"/{s3.name}/")
    query = parse_qs(parts.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Signature"]
    return query


def test_the_bucket_is_private(s3, client, own_item, department_user):
    client.force_login(department_user)
    stored = upload_dossier(client, own_item, "to-trinh.pdf", pdf_bytes())
    grants = s3.client.get_object_acl(Bucket=s3.name, Key=stored.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's only: no AllUsers grant
    assert "URI" not in grants[0]["Grantee"]
    unsigned = requests.get(f"{s3.environ['S3_ENDPOINT_URL']}/{s3.name}/{stored.file.name}", timeout=10)
    assert unsigned.status_code == 403


def test_an_unpublished_programme_never_reaches_the_bucket_or_anonymous_visitors(s3, client, sample_plan):
    assert client.get(PUBLIC_PDF).status_code == 404
    with override_settings(**REDIRECT):
        response = client.get(PUBLIC_PDF)
        assert response.status_code == 404 and "Location" not in response
    assert s3.object_keys() == []


def test_dossier_files_reach_only_those_allowed_even_with_signed_links(
    s3, client, own_item, department_user, other_department_user, outsider
):
    client.force_login(department_user)
    stored = upload_dossier(client, own_item, "to-trinh.pdf", pdf_bytes())
    url = f"/van-phong/bac-giang/tep/{stored.pk}/"
    with override_settings(**REDIRECT):
        client.logout()
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/van-phong/")  # the login page
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        client.force_login(other_department_user)  # its agency takes no part in the item
        assert client.get(url).status_code == 404
        client.force_login(department_user)
        assert client.get(url).status_code == 302


def test_a_signed_link_comes_after_the_check_and_is_signed_for_a_short_time(s3, client, own_item, department_user):
    client.force_login(department_user)
    sent = pdf_bytes("Tờ trình tải qua liên kết ký")
    stored = upload_dossier(client, own_item, "Tờ trình.pdf", sent)
    with override_settings(**REDIRECT):
        response = client.get(f"/van-phong/bac-giang/tep/{stored.pk}/")
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    assert signed(response["Location"], s3)["X-Amz-Expires"] == ["60"]
    fetched = requests.get(response["Location"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == sent
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert (
        fetched.headers["Content-Disposition"].startswith("attachment;")
        and "T%E1%BB%9D" in fetched.headers["Content-Disposition"]
    )
    with override_settings(S3_PRESIGNED_SECONDS=5, **REDIRECT):
        short = signed(client.get(f"/van-phong/bac-giang/tep/{stored.pk}/")["Location"], s3)
    # Signed now, for S3_PRESIGNED_SECONDS: the bucket refuses it after that (S3 and MinIO do; moto does not check).
    signed_at = datetime.datetime.strptime(short["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert abs((datetime.datetime.now(datetime.UTC) - signed_at).total_seconds()) < 30
    assert short["X-Amz-Expires"] == ["5"]


def test_a_missing_object_is_a_404_streamed_or_redirected(s3, client, own_item, department_user):
    client.force_login(department_user)
    stored = upload_dossier(client, own_item, "to-trinh.pdf", pdf_bytes())
    s3.client.delete_object(Bucket=s3.name, Key=stored.file.name)
    assert client.get(f"/van-phong/bac-giang/tep/{stored.pk}/").status_code == 404
    with override_settings(**REDIRECT):
        assert client.get(f"/van-phong/bac-giang/tep/{stored.pk}/").status_code == 404
    assert DossierFile.objects.filter(pk=stored.pk).exists()


def test_a_large_file_is_streamed_in_chunks_with_its_length(s3):
    content = hashlib.sha256(b"seed").digest() * (6 * 1024 * 1024 // 32)  # 6 MiB
    name = default_storage.save("ho-so/lon.bin", ContentFile(content))
    response = stored_file_response(default_storage, name, filename="lớn.bin", content_type="application/octet-stream")
    chunks = list(response.streaming_content)
    assert len(chunks) > 1 and b"".join(chunks) == content
    assert response["Content-Length"] == str(len(content)) and response["Cache-Control"] == "private, no-store"
    assert s3.var_files() == []


def test_the_public_pdf_is_redirected_to_a_signed_link_never_kept_by_caches(s3, client, published_january):
    january = Revision.objects.get(year=2024, month=1, number=1)
    digest = hashlib.sha256(bytes(january.pdf)).hexdigest()
    with override_settings(**REDIRECT):
        first = client.get(january.get_pdf_url())
        kept = client.get(january.get_pdf_url())  # from the kept answer: a new link each time
        not_modified = client.get(january.get_pdf_url(), HTTP_IF_NONE_MATCH=f'"{digest}"')
        month = client.get(PUBLIC_PDF)
    for response in (first, kept, month):
        assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
        signed(response["Location"], s3)
    assert not_modified.status_code == 304 and "immutable" in not_modified["Cache-Control"]
    fetched = requests.get(first["Location"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == bytes(january.pdf)
    assert "immutable" in fetched.headers["Cache-Control"] and fetched.headers["Content-Type"] == "application/pdf"
    assert requests.get(month["Location"], timeout=10).content == bytes(january.pdf)
    assert s3.object_keys("artifacts/") == [f"artifacts/pdf/{digest[:2]}/{digest}.pdf"]
    assert s3.var_files() == []


def test_streamed_public_pdf_keeps_its_etag_and_long_caching(s3, client, published_january):
    january = Revision.objects.get(year=2024, month=1, number=1)
    response = client.get(january.get_pdf_url())
    assert response.status_code == 200 and body(response) == bytes(january.pdf)
    assert response["ETag"] == f'"{hashlib.sha256(bytes(january.pdf)).hexdigest()}"'
    assert "public" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    s3.client.delete_object(Bucket=s3.name, Key=s3.object_keys("artifacts/")[0])  # a lost object is written again
    from public import cache as public_cache

    public_cache.clear_local()
    again = client.get(january.get_pdf_url())
    assert again.status_code == 200 and body(again) == bytes(january.pdf) and len(s3.object_keys("artifacts/")) == 1
