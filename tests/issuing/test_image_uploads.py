"""Signature and seal images are checked from their header before anything is decoded: a tiny PNG claiming a
huge canvas (a decompression bomb) or a truncated one gets a Vietnamese form error, never a 500."""

import io
import struct
import zlib

from django.urls import reverse
from PIL import ImageFile

from agenda.models import Office
from issuing.models import SignerProfile


def crafted_png(width, height, *, rows=1):
    """A PNG whose IHDR claims ``width`` × ``height`` RGBA pixels, with only ``rows`` tiny rows of data."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = zlib.compress(b"\x00" * (1 + min(width, 4) * 4) * rows)
    content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    stream = io.BytesIO(content)
    stream.name = "chu-ky.png"
    return stream


def test_a_signature_image_claiming_60000_by_60000_pixels_is_refused_with_a_message(client, approver):
    client.force_login(approver)
    response = client.post("/van-phong/bac-giang/tai-khoan/", {"image": crafted_png(60000, 60000)})
    assert response.status_code == 200
    assert "Ảnh quá lớn (60000 × 60000 điểm ảnh); tối đa 2000 điểm ảnh mỗi chiều." in response.text
    assert not SignerProfile.objects.filter(user=approver).exclude(signature_image=b"").exists()


def test_a_seal_image_claiming_60000_by_60000_pixels_is_refused_with_a_message(admin_client, office_form):
    url = reverse("admin:agenda_office_change", args=[1])
    response = admin_client.post(url, {**office_form, "seal_upload": crafted_png(60000, 60000)})
    assert response.status_code == 200
    assert "Ảnh quá lớn (60000 × 60000 điểm ảnh)" in response.text
    assert bytes(Office.objects.get_solo().seal_image) == b""


def test_a_signature_image_of_an_allowed_size_with_its_pixels_missing_is_refused_as_damaged(
    client, approver, monkeypatch
):
    # Pillow's default; once WeasyPrint is imported (it sets True for the whole process) the missing rows are read
    # as transparent pixels instead: accepted, never a 500 either.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    client.force_login(approver)
    response = client.post("/van-phong/bac-giang/tai-khoan/", {"image": crafted_png(1500, 1500)})
    assert response.status_code == 200
    assert "Không đọc được ảnh PNG (tệp hỏng)." in response.text


def test_a_seal_image_without_its_header_chunk_is_refused_as_damaged(admin_client, office_form):
    url = reverse("admin:agenda_office_change", args=[1])
    broken = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDX" + b"\x00" * 20)
    broken.name = "con-dau.png"
    response = admin_client.post(url, {**office_form, "seal_upload": broken})
    assert response.status_code == 200
    assert "Không đọc được ảnh PNG (tệp hỏng)." in response.text
