"""An issued revision and its changelog can never be changed or deleted."""

import pytest
from django.db.models.deletion import ProtectedError

from issuing.models import ChangeEntry, ImmutableRecordError, Revision
from issuing.services import publish_plan
from meetings.models import Item

pytestmark = pytest.mark.django_db


def test_saving_a_revision_again_is_refused(published_sample):
    published_sample.note = "sửa ghi chú"
    with pytest.raises(ImmutableRecordError):
        published_sample.save()
    assert Revision.objects.get().note == "Ban hành lần đầu"


def test_deleting_a_revision_is_refused(published_sample):
    with pytest.raises(ImmutableRecordError):
        published_sample.delete()
    assert Revision.objects.count() == 1


@pytest.mark.parametrize(
    "operation",
    [
        lambda revisions: revisions.update(pdf=b"%PDF-1.7 forged"),
        lambda revisions: revisions.delete(),
        lambda revisions: revisions.bulk_update(list(revisions), ["note"]),
        lambda revisions: revisions.update_or_create(number=1, defaults={"note": "x"}),
    ],
    ids=["update", "delete", "bulk_update", "update_or_create"],
)
def test_bulk_paths_cannot_change_revisions(published_sample, operation):
    with pytest.raises(ImmutableRecordError):
        operation(Revision.objects.all())
    revision = Revision.objects.get()
    assert revision.sha256 == published_sample.sha256 and bytes(revision.pdf) == bytes(published_sample.pdf)


def test_the_plan_of_a_revision_cannot_be_deleted(published_sample):
    with pytest.raises(ProtectedError):
        published_sample.plan.delete()


def test_change_entries_cannot_be_changed_or_deleted(published_sample, amendment):
    Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).first().delete()
    publish_plan(amendment)
    entry = ChangeEntry.objects.get()
    entry.title = "khác"
    with pytest.raises(ImmutableRecordError):
        entry.save()
    with pytest.raises(ImmutableRecordError):
        entry.delete()
    with pytest.raises(ImmutableRecordError):
        ChangeEntry.objects.update(title="khác")
    with pytest.raises(ImmutableRecordError):
        ChangeEntry.objects.all().delete()
