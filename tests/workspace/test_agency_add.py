"""An editor adds an agency missing from the list, from the editing page."""

from agenda.models import Agency

ADD = "/van-phong/co-quan/them/"


def test_editor_adds_a_missing_agency(client, editor, sample_plan):
    client.force_login(editor)
    response = client.post(ADD, {"name": "Ban Quản lý dự án đầu tư xây dựng tỉnh", "short_name": "BQLDA"})
    assert response.status_code == 201
    agency = Agency.objects.get(name="Ban Quản lý dự án đầu tư xây dựng tỉnh")
    assert response.json() == {"id": agency.pk, "name": agency.name, "short_name": "BQLDA"}
    assert client.get("/van-phong/co-quan/", {"q": "bqlda"}).json()["results"][0]["id"] == agency.pk


def test_a_name_equal_without_diacritics_is_warned_about_until_confirmed(client, editor, sample_plan):
    client.force_login(editor)
    response = client.post(ADD, {"name": "So Noi vu"})
    assert response.status_code == 409
    assert "Sở Nội vụ" in response.json()["warning"]
    assert not Agency.objects.filter(name="So Noi vu").exists()
    assert client.post(ADD, {"name": "So Noi vu", "confirm": "on"}).status_code == 201


def test_an_existing_name_is_refused(client, editor, sample_plan):
    client.force_login(editor)
    response = client.post(ADD, {"name": "sở nội vụ"})
    assert response.status_code == 400 and "Đã có cơ quan" in response.json()["errors"][0]


def test_the_editing_page_offers_to_add_an_agency_and_labels_lead_and_support(client, editor, february):
    client.force_login(editor)
    page = client.get("/van-phong/ke-hoach/2024/02/").text
    assert "Thêm cơ quan chưa có trong danh mục" in page
    assert 'class="chip-role">chủ trì</span>' in page
