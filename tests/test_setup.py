"""Settings and the demo set-up: what a fresh machine and production rely on."""

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agenda.models import Agency, MonthlyPlan, Office
from issuing.models import Revision


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
    plan = MonthlyPlan.objects.of(Office.objects.get_solo()).get(year=2024, month=1)
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
    assert MonthlyPlan.objects.count() == 2  # the province's, the commune's


@pytest.mark.django_db
def test_demo_setup_sets_up_a_commune_that_issues_its_own_programme_for_the_same_month():
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024", stdout=io.StringIO())
    province, commune = Office.objects.get_solo(), Office.objects.get(slug="xa-tan-yen")
    assert (commune.level, commune.parent, commune.document_symbol) == (Office.Level.COMMUNE, province, "CTr-UBND")
    plan = MonthlyPlan.objects.of(commune).get(year=2024, month=1)
    assert plan.is_published and plan.number == "01"
    assert (plan.signer_authority, plan.signer_position) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert set(plan.items.values_list("part", flat=True)) == {"session", "chairman", "conference"}
    assert Agency.objects.of(commune).filter(name="Công an xã").exists()
    assert not Agency.objects.of(province).filter(name="Công an xã").exists()
    assert sorted(Revision.objects.values_list("office__slug", "number", "register_number")) == [
        ("bac-giang", 1, 1),
        ("xa-tan-yen", 1, 1),
    ]
    assert "UBND XÃ TÂN YÊN" in Revision.objects.of(commune).get().certificate_subject  # its own seal key


@pytest.mark.django_db
def test_demo_setup_with_office_sets_up_that_office_only():
    out = io.StringIO()
    call_command("demo_setup", "--office", "xa-tan-yen", stdout=out)
    assert list(MonthlyPlan.objects.values_list("office__slug", flat=True)) == ["xa-tan-yen"]
    # The commune's own accounts only: the province's come with its own part.
    commune_accounts = {"xa.chuyenvien", "xa.lanhdao", "xa.vanthu", "xa.canbo", "xa.quantri", "xa.uyvien", "xa.uyvien2"}
    assert set(get_user_model().objects.values_list("username", flat=True)) == commune_accounts
    revision = MonthlyPlan.objects.get().revisions.get()  # issued by its own people
    assert (revision.approved_by.username, revision.issued_by.username) == ("xa.lanhdao", "xa.vanthu")
    with pytest.raises(CommandError, match=r"chạy demo_setup \(không có --office\) trên cơ sở dữ liệu mới"):
        call_command("demo_setup", "--office", "bac-giang", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có cơ quan nào có đường dẫn “khong-co”"):
        call_command("demo_setup", "--office", "khong-co", stdout=io.StringIO())


@pytest.mark.django_db
def test_publish_plan_command(sample_plan, capsys):
    call_command("publish_plan", "2024", "1", "--note", "Ban hành")  # one office: --office is optional
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
