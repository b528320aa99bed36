"""Every periodic job of the beat schedule names a registered task, and each runs (eagerly, as on one machine)."""

import pytest
from django.conf import settings

from ubnd_schedule.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names <= set(app.tasks), names - set(app.tasks)
    assert {"followup.tasks.send_task_reminders", "ballots.tasks.send_ballot_reminders"} <= names
    assert "ballots.tasks.close_due_ballots" in names


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["followup.tasks.send_task_reminders", "ballots.tasks.send_ballot_reminders", "ballots.tasks.close_due_ballots"],
)
def test_the_periodic_jobs_of_the_new_work_run_on_an_empty_platform(name):
    app.loader.import_default_modules()
    result = app.tasks[name].apply()
    assert result.successful(), result.traceback
    assert result.get() in (0, [])
