"""Settings and the demo set-up: what a fresh machine and production rely on."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agenda.models import MonthlyPlan


def django_check(**env):
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = django_check(DEBUG="false")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = django_check(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="ubnd.example.vn")
    assert result.returncode == 0, result.stderr


def test_settings_read_the_database_from_database_url(settings):
    engine = settings.DATABASES["default"]["ENGINE"]
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    assert engine.endswith(expected)
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.django_db
def test_demo_setup_loads_and_publishes_the_sample_and_creates_the_admin():
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024")
    plan = MonthlyPlan.objects.get(year=2024, month=1)
    assert plan.is_published
    user = get_user_model().objects.get(username="demo")
    assert user.is_superuser and user.check_password("mat-khau-dai-2024")
    editor = get_user_model().objects.get(username="chuyenvien")
    assert [group.name for group in editor.groups.all()] == ["Chuyên viên"]
    assert not editor.is_staff
    assert get_user_model().objects.get(username="sokhdt").memberships.get().agency.short_name == "Sở KHĐT"
    member = get_user_model().objects.get(username="uyvien")
    assert member.check_password("mat-khau-dai-2024")
    assert [group.name for group in member.groups.all()] == ["Thành viên UBND tỉnh"]
    assert member.has_perm("dossiers.download_session_packet") and not member.has_perm("agenda.change_monthlyplan")
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024")  # runs again harmlessly
    assert MonthlyPlan.objects.count() == 1


@pytest.mark.django_db
def test_publish_plan_command(sample_plan, capsys):
    call_command("publish_plan", "2024", "1", "--note", "Ban hành")
    sample_plan.refresh_from_db()
    assert sample_plan.is_published
    assert "Đã ban hành chương trình tháng 01 năm 2024: số 01, Bản 1." in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_accounts_have_full_names_and_the_history_shows_them(client):
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024")
    accounts = get_user_model().objects.filter(
        username__in=["demo", "chuyenvien", "lanhdao", "vanthu", "sokhdt", "uyvien"]
    )
    assert all(user.get_full_name() for user in accounts), [u.username for u in accounts if not u.get_full_name()]
    editor = accounts.get(username="chuyenvien")
    plan = MonthlyPlan(year=2030, month=5)
    plan._history_user = editor  # as the workspace records who saved
    plan.save()
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/ke-hoach/2030/05/lich-su/").text
    assert f"<td>{editor.get_full_name()}</td>" in page and "<td>chuyenvien</td>" not in page
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024")  # names an administrator gave stay
    editor.first_name, editor.last_name = "Hoàng", "Anh"
    editor.save()
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024")
    editor.refresh_from_db()
    assert editor.get_full_name() == "Hoàng Anh"
