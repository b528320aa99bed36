"""The admin's plan page links to the workspace preview and draft PDF; the draft PDF itself."""

import pytest
from django.contrib.auth.models import User

from agenda.models import MonthlyPlan
from issuing.services import publish_plan


def test_admin_plan_page_links_to_the_preview_and_the_draft_pdf(client, sample_plan):
    admin = User.objects.create_superuser("quantri", "quantri@example.org", "x")
    client.force_login(admin)
    page = client.get(f"/admin/agenda/monthlyplan/{sample_plan.pk}/change/").text
    assert f'href="/van-phong/bac-giang/ke-hoach/2024/01/xem-truoc/?ban={sample_plan.pk}"' in page
    assert f'href="/van-phong/bac-giang/ke-hoach/2024/01/pdf/?ban={sample_plan.pk}"' in page
    preview = client.get(f"/van-phong/bac-giang/ke-hoach/2024/01/xem-truoc/?ban={sample_plan.pk}")
    assert preview.status_code == 200 and "Ngày 15/01/2024 (thứ Hai): Tiếp công dân định kỳ." in preview.text


def test_superseded_plan_is_shown_from_the_admin_link(client, approver, published_january):
    client.force_login(approver)
    client.post("/van-phong/bac-giang/ke-hoach/2024/01/dieu-chinh/", {"reason": "Sửa"})
    publish_plan(MonthlyPlan.objects.working().get(amends=published_january))
    published_january.refresh_from_db()
    assert published_january.status == MonthlyPlan.Status.SUPERSEDED
    page = client.get(f"/van-phong/bac-giang/ke-hoach/2024/01/?ban={published_january.pk}").text
    assert "đã được thay bằng bản điều chỉnh" in page


def test_draft_pdf_is_rendered_by_the_exports_module(client, editor, february):
    pytest.importorskip(
        "exports.pdf", reason="exports/pdf.py (render_plan_pdf) is built on the pdf branch; runs once merged"
    )
    import subprocess

    client.force_login(editor)
    response = client.get("/van-phong/bac-giang/ke-hoach/2024/02/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    assert "Ngày 19/02/2024 (thứ Hai)" in text.decode()
