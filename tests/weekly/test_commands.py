"""build_week and publish_week, as an operator runs them."""

import io

import pytest
from django.core.management import CommandError, call_command

from weekly.models import Week, WeekRevision

from .conftest import WEEK, YEAR


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_build_then_publish(issued_january, leaders, week_approver, week_editor):
    assert "thêm 3 mục, tổng 3 mục" in run("build_week", YEAR, WEEK)
    assert "thêm 0 mục, tổng 3 mục" in run("build_week", YEAR, WEEK, office="bac-giang")
    with pytest.raises(CommandError, match="không có quyền"):
        run("publish_week", YEAR, WEEK, by=week_editor.username)
    assert "Đã phát hành lịch tuần 03/2024: Lịch tuần." in run("publish_week", YEAR, WEEK)
    assert WeekRevision.objects.get().published_by == week_approver  # development: the office's approver
    with pytest.raises(CommandError, match="không có thay đổi"):
        run("publish_week", YEAR, WEEK, by="lanhdao")


def test_refusals(sample_plan, settings):
    with pytest.raises(CommandError, match="Chưa có chương trình tháng đã ban hành"):
        run("build_week", YEAR, WEEK)
    with pytest.raises(CommandError, match="Không có cơ quan"):
        run("build_week", YEAR, WEEK, office="khong-co")
    with pytest.raises(CommandError, match="chạy build_week trước"):
        run("publish_week", YEAR, WEEK)
    Week.objects.create(office_id=sample_plan.office_id, iso_year=YEAR, iso_week=WEEK)
    settings.SIGNING_DEV_IDENTITIES = False
    with pytest.raises(CommandError, match="Cần --by"):
        run("publish_week", YEAR, WEEK)
    with pytest.raises(CommandError, match="Không có tài khoản"):
        run("publish_week", YEAR, WEEK, by="ai-do")
