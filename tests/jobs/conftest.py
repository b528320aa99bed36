import pytest
from django.core.mail.backends.locmem import EmailBackend

from tests.workspace.conftest import department_user, february, planning_dept, published_january  # noqa: F401


class FailingSMTP(EmailBackend):
    """The network edge: an e-mail server that refuses the first ``failures`` connections, then accepts (into
    django.core.mail.outbox, like the test backend)."""

    failures = 0

    def send_messages(self, messages):
        import smtplib

        if FailingSMTP.failures > 0:
            FailingSMTP.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def failing_smtp(settings):
    settings.EMAIL_BACKEND = "tests.jobs.conftest.FailingSMTP"
    FailingSMTP.failures = 0
    yield FailingSMTP
    FailingSMTP.failures = 0


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
