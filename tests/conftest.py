import os

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from access.models import Membership
from access.roles import APPROVER_GROUP, CLERK_GROUP, DEPARTMENT, EDITOR_GROUP, ROLE_GROUPS
from agenda.models import MonthlyPlan, Office
from tests.reference import reference_data

SAMPLE_FIXTURE = "fixtures/bac_giang_2024_01.json"

# Property-based tests (tests/hardening): a few fixed examples in `make test`, many random ones in
# `make fuzz` (HYPOTHESIS_PROFILE=fuzz; tests/hardening/strategies.examples scales each test's count).
_HYPOTHESIS_COMMON = {
    "deadline": None,  # a PDF takes a quarter of a second, issuing a second: time is not the property
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}
hypothesis_settings.register_profile("default", derandomize=True, database=None, **_HYPOTHESIS_COMMON)
hypothesis_settings.register_profile("fuzz", **_HYPOTHESIS_COMMON)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session", autouse=True)
def signing_key(tmp_path_factory):
    """A test signing key for the whole session: publishing signs, so every test may publish."""
    from issuing.certificates import create_test_pki

    pki, _created = create_test_pki(
        tmp_path_factory.mktemp("signing"),
        organisation="VĂN PHÒNG UBND TỈNH BẮC GIANG",
        common_name="VĂN PHÒNG",
        password="test",
    )
    with override_settings(
        SIGNING_P12_PATH=str(pki.signer_p12),
        SIGNING_P12_PASSWORD="test",
        SIGNING_PKCS11_LIB="",
        SIGNING_TSA_URL="",
        SIGNING_TRUST_ROOTS=[str(pki.ca_cert)],
        SIGNING_DEV_IDENTITIES=True,
        SIGNING_DIR=str(pki.directory),
    ):
        yield pki


@pytest.fixture(scope="session", autouse=True)
def process_cache(tmp_path_factory):
    """Each test process has its own cache and artifact files (not the shared ones under VAR_DIR) ..."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        VAR_DIR=tmp_path_factory.mktemp("var"),
    ):
        yield


@pytest.fixture(autouse=True)
def empty_cache(process_cache):
    """... and each test starts with it empty: no kept public page or render leaks from one test to another."""
    from django.core.cache import cache

    from public import cache as public_cache

    cache.clear()
    public_cache.clear_local()
    yield


@pytest.fixture(autouse=True)
def vietnamese_to_begin_with():
    """A request with the English cookie leaves English active in its thread (the language middleware activates
    it and nothing switches back): each test starts in Vietnamese, whichever test ran before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def sample_plan(db):
    """The reference programme as the sample fixture loads it: a draft for January 2024."""
    call_command("loaddata", SAMPLE_FIXTURE, verbosity=0)
    return MonthlyPlan.objects.get(year=2024, month=1)


@pytest.fixture
def reference():
    return reference_data()


PASSWORD = "mat-khau-dai-2024"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role matrix creates a user per test: a fast hasher keeps it quick (tests only)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


#: The role each group of the release before offices stands for (tests name a role by its group).
GROUP_ROLES = {group: role for role, group in ROLE_GROUPS.items()}


def make_user(username, group=None, agency=None, office=None, **fields):
    """A user holding the role of ``group`` (a group name, or a role) in ``office`` (the first office by
    default); a department user works for ``agency``."""
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
    role = GROUP_ROLES.get(group, group)
    if role and (role != DEPARTMENT or agency is not None):  # department staff without an agency hold nothing
        office = office or (agency.office if agency is not None else Office.objects.get_solo())
        Membership.objects.grant(user, office, role, agency if role == DEPARTMENT else None)
    return user


@pytest.fixture
def editor(db):
    return make_user("chuyenvien", EDITOR_GROUP, first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def approver(db):
    return make_user("lanhdao", APPROVER_GROUP, first_name="Lê Tuấn", last_name="Phú")


@pytest.fixture
def clerk(db):
    return make_user("vanthu", CLERK_GROUP, first_name="Hà", last_name="Trần")


@pytest.fixture
def today(monkeypatch):
    """Fix the clock's date for the public views (timezone.localdate)."""

    real_localdate = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real_localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return day

    return set_today


@pytest.fixture
def jobs_at_once(monkeypatch):
    """The jobs an outbox row asks for (jobs.outbox.send) run at once rather than after the test's transaction,
    which never commits: for tests of what is sent, not of when (tests/jobs has the after-commit rule)."""
    from jobs import outbox, queue

    monkeypatch.setattr(outbox, "enqueue", queue.run_now)
