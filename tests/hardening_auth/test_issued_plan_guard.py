"""Only a plan in an editable state receives or loses sessions, items, tasks and agency links, by any
path: the admin (add, change, moving to another plan, inlines, delete, the bulk delete action) and the
model layer itself (save, delete, the queryset's update, delete and bulk paths, the many-to-many link).

What may change on an issued plan still does: an item's status, search texts, an agency's names."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from access.roles import EDITOR_GROUP
from agenda.content import PlanLockedError
from agenda.models import Agency, MonthlyPlan, PriorityTask
from issuing.services import prepare_signing, publish_plan, sign, submit
from meetings.models import Item, ItemAgency, RegularSession
from programme.services import load_plan, start_amendment
from tests.conftest import SAMPLE_FIXTURE, make_user
from tests.factories import kept_for_the_group, plan_data

pytestmark = pytest.mark.django_db

INJECTED = "Nội dung chèn trái phép vào chương trình đã ban hành"


@pytest.fixture
def issued(sample_plan):
    """January 2024, issued (signed and sealed)."""
    return publish_plan(sample_plan)


@pytest.fixture(scope="class")
def frozen(django_db_setup, django_db_blocker):
    """January 2024, issued (signed and sealed) once for the tests of a class, each of which writes in its
    own transaction."""
    with kept_for_the_group(django_db_blocker):
        call_command("loaddata", SAMPLE_FIXTURE, verbosity=0)
        yield publish_plan(MonthlyPlan.objects.get(year=2024, month=1))


@pytest.fixture
def draft(db):
    """March 2024, a draft."""
    plan, _created = load_plan(plan_data(2024, 3))
    return plan


@pytest.fixture(params=["editor", "superuser"])
def staff_client(request, client):
    """An editor (Chuyên viên) with staff status, and an administrator."""
    if request.param == "editor":
        user = make_user("chuyenvien", EDITOR_GROUP, is_staff=True)
    else:
        user = User.objects.create_superuser("quantri", "quantri@example.org", "mat-khau-dai-2024")
    client.force_login(user)
    return client


def assert_not_shown(client, plan):
    """The public page and search of ``plan`` do not show the injected text."""
    client.logout()
    page = client.get(plan.get_absolute_url()).text
    assert INJECTED not in page
    assert INJECTED not in client.get("/tim-kiem/", {"q": "chen trai phep"}).text


def item_post(plan, agency, **fields):
    """The admin's item form: a chairman item of ``plan`` led by ``agency``."""
    return {
        "plan": plan.pk,
        "part": "chairman",
        "position": 0,
        "title": INJECTED,
        "assignments-TOTAL_FORMS": 1,
        "assignments-INITIAL_FORMS": 0,
        "assignments-0-position": 0,
        "assignments-0-agency": agency.pk,
        **fields,
    }


REFUSAL = "Chỉ thêm hoặc chuyển vào được chương trình đang là dự thảo hoặc đã được trả lại"


# --- the admin ---------------------------------------------------------------------------------------


def test_admin_refuses_to_add_an_item_to_an_issued_plan(staff_client, issued):
    agency = Agency.objects.get(name="Sở Nội vụ")
    response = staff_client.post(reverse("admin:meetings_item_add"), item_post(issued, agency))
    assert response.status_code == 200
    assert REFUSAL in response.text
    assert not Item.objects.filter(title=INJECTED).exists()
    assert not ItemAgency.objects.filter(item__plan=issued, item__title=INJECTED).exists()
    assert_not_shown(staff_client, issued)


def test_admin_refuses_to_add_a_session_to_an_issued_plan(staff_client, issued):
    data = {"plan": issued.pk, "date": "2024-01-26", "time": "", "place": INJECTED}
    data.update({"items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0})
    response = staff_client.post(reverse("admin:meetings_regularsession_add"), data)
    assert response.status_code == 200
    assert REFUSAL in response.text
    assert issued.sessions.count() == 1


def test_admin_refuses_to_move_a_draft_item_into_an_issued_plan(staff_client, issued, draft):
    item = draft.items.filter(part=Item.Part.CHAIRMAN).first()
    link = item.assignments.get()
    data = item_post(issued, link.agency, **{"assignments-INITIAL_FORMS": 1, "assignments-0-id": link.pk})
    data["assignments-0-item"] = item.pk
    response = staff_client.post(reverse("admin:meetings_item_change", args=[item.pk]), data)
    assert response.status_code == 200
    assert REFUSAL in response.text
    item.refresh_from_db()
    assert item.plan_id == draft.pk and item.title != INJECTED
    assert_not_shown(staff_client, issued)


def test_admin_refuses_to_move_a_draft_session_into_an_issued_plan(staff_client, issued, draft):
    session = draft.sessions.first()
    data = {"plan": issued.pk, "date": "2024-01-26", "time": "", "place": INJECTED}
    data.update({"items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0})
    response = staff_client.post(reverse("admin:meetings_regularsession_change", args=[session.pk]), data)
    assert response.status_code == 200
    assert REFUSAL in response.text
    session.refresh_from_db()
    assert session.plan_id == draft.pk


def test_admin_refuses_to_add_to_a_plan_in_review(staff_client, draft, approver):
    submit(draft, approver)
    agency = Agency.objects.get(name="Sở Nội vụ")
    response = staff_client.post(reverse("admin:meetings_item_add"), item_post(draft, agency))
    assert response.status_code == 200 and REFUSAL in response.text
    assert not Item.objects.filter(title=INJECTED).exists()


def test_admin_still_adds_an_item_to_a_draft(staff_client, draft):
    agency = Agency.objects.get(name="Sở Nội vụ")
    response = staff_client.post(reverse("admin:meetings_item_add"), item_post(draft, agency))
    assert response.status_code == 302
    item = Item.objects.get(title=INJECTED)
    assert item.plan == draft and item.ordered_agencies == [agency]


def test_admin_inlines_of_an_issued_plan_are_refused(staff_client, issued):
    """The plan's inline rows (tasks, sessions) and an issued item's agency rows."""
    url = reverse("admin:agenda_monthlyplan_change", args=[issued.pk])
    data = {"year": 2024, "month": 1, "title": issued.title, "loaded_version": issued.version}
    data.update({"priority_tasks-TOTAL_FORMS": 1, "priority_tasks-INITIAL_FORMS": 0})
    data.update({"priority_tasks-0-position": 9, "priority_tasks-0-text": INJECTED})
    data.update({"sessions-TOTAL_FORMS": 1, "sessions-INITIAL_FORMS": 0, "sessions-0-date": "2024-01-26"})
    assert staff_client.post(url, data).status_code == 403
    item = issued.items.filter(part=Item.Part.CHAIRMAN).first()
    agency = Agency.objects.get(name="Sở Tư pháp")
    data = item_post(issued, agency, title=item.title)
    data.update({"assignments-TOTAL_FORMS": 1, "assignments-INITIAL_FORMS": 0, "assignments-0-position": 5})
    assert staff_client.post(reverse("admin:meetings_item_change", args=[item.pk]), data).status_code == 403
    assert not PriorityTask.objects.filter(text=INJECTED).exists()
    assert issued.sessions.count() == 1 and agency not in item.ordered_agencies


def test_admin_refuses_to_delete_a_part_of_an_issued_plan(staff_client, issued):
    item = issued.items.first()
    session = issued.sessions.first()
    for url in [
        reverse("admin:meetings_item_delete", args=[item.pk]),
        reverse("admin:meetings_regularsession_delete", args=[session.pk]),
    ]:
        assert staff_client.post(url, {"post": "yes"}).status_code == 403
    assert Item.objects.filter(pk=item.pk).exists() and RegularSession.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("model", ["item", "regularsession"])
def test_admin_bulk_delete_action_spares_an_issued_plan(staff_client, issued, draft, model):
    rows = {"item": Item.objects, "regularsession": RegularSession.objects}[model]
    chosen = [rows.filter(plan=issued).first().pk, rows.filter(plan=draft).first().pk]
    data = {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    response = staff_client.post(reverse(f"admin:meetings_{model}_changelist"), data)
    assert response.status_code == 403
    assert rows.filter(pk__in=chosen).count() == 2


# --- the model layer ---------------------------------------------------------------------------------


def issued_chairman_item(plan):
    return plan.items.filter(part=Item.Part.CHAIRMAN).first()


def held(plan):
    """What a plan holds, counted: items, sessions, tasks, and every agency link."""
    return (plan.items.count(), plan.sessions.count(), plan.priority_tasks.count(), ItemAgency.objects.count())


def _retitle(item):
    item.title = INJECTED
    item.save()


def _retext(task):
    task.text = INJECTED
    task.save()


def _replace(session):
    session.place = INJECTED
    session.save()


def _titled(item):
    item.title = INJECTED
    return item


def _moved(obj, plan):
    obj.plan = plan
    obj.save()


def test_a_signed_plan_is_locked_and_a_plan_in_review_is_not(sample_plan, approver):
    """In review, the approver may still correct the content (access.permissions.can); once signed, nobody."""
    plan = submit(sample_plan, approver)
    task = plan.priority_tasks.first()
    _retext(task)
    sign(plan, approver, expected_sha256=prepare_signing(plan).sha256)
    with pytest.raises(PlanLockedError) as refusal:
        PriorityTask.objects.create(plan=plan, text="Một nhiệm vụ nữa")
    assert "Đã ký, chờ phát hành" in str(refusal.value)


class TestAnIssuedPlan:
    """The model layer refuses every write to the content of an issued plan, and lets through what may
    still change."""

    @pytest.mark.parametrize(
        "write",
        [
            lambda plan: Item.objects.create(plan=plan, part=Item.Part.CHAIRMAN, title=INJECTED),
            lambda plan: RegularSession.objects.create(plan=plan, date=datetime.date(2024, 1, 26)),
            lambda plan: PriorityTask.objects.create(plan=plan, text=INJECTED),
            lambda plan: PriorityTask.objects.bulk_create([PriorityTask(plan=plan, text=INJECTED)]),
            lambda plan: Item.objects.bulk_create([Item(plan=plan, part=Item.Part.CHAIRMAN, title=INJECTED)]),
            lambda plan: ItemAgency.objects.create(
                item=issued_chairman_item(plan), agency=Agency.objects.get(name="Sở Tư pháp"), position=5
            ),
            lambda plan: issued_chairman_item(plan).agencies.add(
                Agency.objects.get(name="Sở Tư pháp"), through_defaults={"position": 5}
            ),
            lambda plan: issued_chairman_item(plan).set_agencies([Agency.objects.get(name="Sở Tư pháp")]),
        ],
        ids=["item", "session", "task", "tasks-bulk", "items-bulk", "agency-link", "m2m-add", "set-agencies"],
    )
    def test_nothing_is_added_to_an_issued_plan(self, frozen, write):
        before = held(frozen)
        with pytest.raises(PlanLockedError), transaction.atomic():  # a savepoint: some paths write inside atomic()
            write(frozen)
        assert held(frozen) == before

    @pytest.mark.parametrize(
        "write",
        [
            lambda plan: plan.items.first().delete(),
            lambda plan: plan.sessions.first().delete(),
            lambda plan: plan.priority_tasks.first().delete(),
            lambda plan: plan.items.first().assignments.first().delete(),
            lambda plan: Item.objects.filter(plan=plan).delete(),
            lambda plan: RegularSession.objects.filter(plan=plan).delete(),
            lambda plan: PriorityTask.objects.filter(plan=plan).delete(),
            lambda plan: ItemAgency.objects.filter(item__plan=plan).delete(),
            lambda plan: issued_chairman_item(plan).agencies.clear(),
        ],
        ids=["item", "session", "task", "agency-link", "items", "sessions", "tasks", "agency-links", "m2m-clear"],
    )
    def test_nothing_is_removed_from_an_issued_plan(self, frozen, write):
        before = held(frozen)
        with pytest.raises(PlanLockedError), transaction.atomic():  # a savepoint: some paths write inside atomic()
            write(frozen)
        assert held(frozen) == before

    @pytest.mark.parametrize(
        "write",
        [
            lambda plan: _retitle(plan.items.first()),
            lambda plan: _retext(plan.priority_tasks.first()),
            lambda plan: _replace(plan.sessions.first()),
            lambda plan: Item.objects.filter(plan=plan).update(title=INJECTED),
            lambda plan: PriorityTask.objects.filter(plan=plan).update(text=INJECTED),
            lambda plan: RegularSession.objects.filter(plan=plan).update(place=INJECTED),
            lambda plan: ItemAgency.objects.filter(item__plan=plan).update(position=9),
            lambda plan: Item.objects.bulk_update([_titled(plan.items.first())], ["title"]),
        ],
        ids=[
            "item",
            "task",
            "session",
            "items-update",
            "tasks-update",
            "sessions-update",
            "links-update",
            "bulk_update",
        ],
    )
    def test_nothing_of_an_issued_plan_is_changed(self, frozen, write):
        with pytest.raises(PlanLockedError), transaction.atomic():  # a savepoint: some paths write inside atomic()
            write(frozen)
        assert not Item.objects.filter(title=INJECTED).exists()
        assert not PriorityTask.objects.filter(text=INJECTED).exists()
        assert not RegularSession.objects.filter(place=INJECTED).exists()
        assert not ItemAgency.objects.filter(position=9).exists()

    @pytest.mark.parametrize("model", [Item, RegularSession, PriorityTask])
    @pytest.mark.parametrize("direction", ["into-issued", "out-of-issued"])
    def test_nothing_moves_into_or_out_of_an_issued_plan(self, frozen, draft, model, direction):
        source, target = (draft, frozen) if direction == "into-issued" else (frozen, draft)
        obj = model.objects.filter(plan=source, **({"part": "chairman"} if model is Item else {})).first()
        with pytest.raises(PlanLockedError):
            _moved(obj, target)
        assert model.objects.get(pk=obj.pk).plan_id == source.pk
        with pytest.raises(PlanLockedError):
            model.objects.filter(pk=obj.pk).update(plan=target)
        assert model.objects.get(pk=obj.pk).plan_id == source.pk

    def test_an_agency_link_does_not_move_to_an_item_of_an_issued_plan(self, frozen, draft):
        link = ItemAgency.objects.filter(item__plan=draft).first()
        link.item = issued_chairman_item(frozen)
        link.position = 7
        with pytest.raises(PlanLockedError):
            link.save()
        assert ItemAgency.objects.get(pk=link.pk).item.plan_id == draft.pk

    # --- what still works --------------------------------------------------------------------------------

    def test_the_status_of_an_item_of_an_issued_plan_still_changes(self, frozen):
        item = frozen.items.first()
        item.set_status(Item.Status.POSTPONED, datetime.date(2024, 2, 5))
        item.refresh_from_db()
        assert item.status == Item.Status.POSTPONED and item.postponed_to == datetime.date(2024, 2, 5)
        item.status = Item.Status.DONE
        item.postponed_to = None
        item.save()  # a full save that changes only the follow-up fields
        assert Item.objects.get(pk=item.pk).status == Item.Status.DONE

    def test_renaming_an_agency_refreshes_the_search_text_of_issued_items(self, frozen):
        agency = Agency.objects.get(name="Công an tỉnh")
        agency.short_name = "CA tỉnh Bắc Giang"
        agency.save()
        item = Item.objects.filter(plan=frozen, assignments__agency=agency).first()
        assert "bac giang" in item.search_text
        PriorityTask.objects.filter(plan=frozen).update(search_text="")
        assert PriorityTask.objects.filter(plan=frozen, search_text="").exists()


def test_amending_an_issued_plan_still_copies_and_edits_the_new_draft(issued):
    working = start_amendment(issued)
    item = working.items.filter(part=Item.Part.CHAIRMAN).first()
    _retitle(item)
    item.set_agencies([Agency.objects.get(name="Sở Tư pháp")])
    working.sessions.first().delete()
    assert Item.objects.filter(plan=working, title=INJECTED).exists()
    assert not Item.objects.filter(plan=issued, title=INJECTED).exists()
    publish_plan(working)
    assert MonthlyPlan.objects.get(pk=issued.pk).status == MonthlyPlan.Status.SUPERSEDED


def test_loading_a_draft_replaces_its_content(draft):
    data = plan_data(2024, 3, title="Công tác tháng 3, bản nạp lại")
    plan, created = load_plan(data)
    assert not created and plan.pk == draft.pk and plan.title == "Công tác tháng 3, bản nạp lại"
