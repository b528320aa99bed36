from django.contrib.auth import get_user_model


def test_administrator_logs_in_and_finds_the_sample_plan_in_vietnamese(live_server, page, console_errors, sample_plan):
    get_user_model().objects.create_superuser("quantri", "quantri@example.org", "mat-khau-dai-2024")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("mat-khau-dai-2024")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Chương trình công tác tháng").first.click()
    page.get_by_role("link", name="Công tác của UBND tỉnh tháng 01 năm 2024").click()
    assert page.get_by_label("Năm").input_value() == "2024"
    assert "Tập trung triển khai" in page.content()
    assert console_errors == []
