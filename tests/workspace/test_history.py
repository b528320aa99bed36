"""The history page shows what an editor changed, as the editor saw it, and nothing else."""

from agenda.models import MonthlyPlan
from tests.workspace.conftest import editing_page, save

FEB = "/van-phong/bac-giang/ke-hoach/2024/02/"


def as_browser_posts(data):
    """Browsers submit a textarea's line breaks as CRLF (HTML's form submission algorithm)."""
    data.fields = [(name, value.replace("\n", "\r\n")) for name, value in data.fields]
    return data


def test_saving_a_new_month_unchanged_records_no_field_change(client, editor, february):
    client.force_login(editor)
    assert save(client, february, as_browser_posts(editing_page(client, february))).status_code == 302

    page = client.get(FEB + "lich-su/").text
    assert "→" not in page
    assert "Nơi nhận" not in page
    february.refresh_from_db()
    assert "\r" not in february.recipients


def test_recipients_typed_with_crlf_and_trailing_spaces_are_stored_with_plain_line_breaks(db):
    plan = MonthlyPlan.objects.create(year=2030, month=5, recipients="Như trên;  \r\nLưu: VT.\r\n\r\n")
    plan.refresh_from_db()
    assert plan.recipients == "Như trên;\nLưu: VT."


def test_reordered_items_show_the_positions_the_form_showed(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["items-session-0-ORDER"], data["items-session-1-ORDER"] = "2", "1"
    assert save(client, february, data).status_code == 302

    page = client.get(FEB + "lich-su/").text
    assert "Thứ tự: 1 → 2" in page
    assert "Thứ tự: 2 → 1" in page
    assert "Thứ tự: 0" not in page and "→ 0" not in page


def test_long_titles_in_the_history_are_cut_at_a_word_with_the_full_title_on_hover(client, editor, february):
    from meetings.models import Item

    title = "Đề án phát triển khu công nghiệp trên địa bàn tỉnh Bắc Giang " * 3
    client.force_login(editor)
    data = editing_page(client, february)
    data["items-session-0-title"] = title
    save(client, february, data)
    title = Item.objects.get(plan=february, position=0, part="session").title
    page = client.get(FEB + "lich-su/").text
    assert f'title="{title}"' in page
    assert f'<span class="visually-hidden">{title}</span>' in page
    assert "Bắc Giang Đề án phát triển khu công…</span>" in page


def test_item_status_list_cuts_long_titles_at_a_word(client, editor, published_january):
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/ke-hoach/2024/01/").text
    assert 'class="short-title" title="' in page
    assert "Tết Nguyên đán Giáp Thìn - năm 2024</span>" in page  # the full title, for screen readers


def test_the_migration_stores_recipients_typed_before_the_fix_with_plain_line_breaks(february):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("agenda.migrations.0006_normalize_recipient_line_breaks")
    MonthlyPlan.objects.filter(pk=february.pk).update(recipients="Như trên;\r\nLưu: VT.  \r\n")
    migration.normalize_recipients(apps, None)
    february.refresh_from_db()
    assert february.recipients == "Như trên;\nLưu: VT."


def test_times_in_change_lines_are_local_time_like_the_row_stamp(client, editor, february):
    import datetime

    from django.utils import timezone

    client.force_login(editor)
    when = datetime.datetime(2026, 12, 4, 22, 16, tzinfo=datetime.UTC)  # 05/12/2026 05:16 in Hà Nội
    with timezone.override("UTC"):  # whatever zone the process runs in, the page shows the Office's time
        february.submitted_at = when
        february.save()
    page = client.get(FEB + "lich-su/").text
    assert "→ 05/12/2026 05:16" in page
    assert "04/12/2026 22:16" not in page
