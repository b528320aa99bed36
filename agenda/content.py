"""What a part of a plan's content is (its tasks, sessions, items and their agencies): it changes only while
its plan is open, whoever writes, and a part with a search text writes it with what the text is made of."""

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext

from ubnd_schedule.errors import ConflictError


def _plan_model():
    """MonthlyPlan: agenda.models builds it on this module, so the guard looks it up when it checks a write."""
    return apps.get_model("agenda", "MonthlyPlan")


class PlanLockedError(ConflictError):
    """A write that would change the content of a plan past review (signed, issued or superseded)."""

    def __init__(self, status):
        statuses = _plan_model().Status
        label = statuses(status).label if status in statuses.values else status
        super().__init__(
            gettext(
                "Chương trình đang ở trạng thái “%(status)s”: không thêm, sửa, chuyển hoặc xóa được "
                "nhiệm vụ, phiên họp, nội dung hay cơ quan chuẩn bị của nó."
            )
            % {"status": label}
        )
        self.status = status


def _refuse_locked(plans):
    """Raise PlanLockedError when one of ``plans`` (a MonthlyPlan queryset) is not open."""
    status = plans.exclude(status__in=_plan_model().OPEN_STATUSES).values_list("status", flat=True).first()
    if status is not None:
        raise PlanLockedError(status)


def _plans_of_rows(rows):
    """The plans the stored ``rows`` (a queryset of one PlanContent model) belong to."""
    return _plan_model().objects.filter(pk__in=rows.values(rows.model.plan_path))


class PlanContentQuerySet(models.QuerySet):
    """The bulk paths of :class:`PlanContent`: update, delete and bulk_create (bulk_update goes through
    update, the many-to-many manager through bulk_create and delete) refuse a plan that is not open, and
    write the search text of the rows whose sources they write."""

    def update(self, **kwargs):
        if set(kwargs) <= self.model.after_issue_fields:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            rows = self.model._base_manager.using(self.db).filter(pk__in=pks)
            _refuse_locked(_plans_of_rows(rows))
            updated = super().update(**kwargs)
            _refuse_locked(_plans_of_rows(rows))  # moved rows
            if self.model.search_sources & kwargs.keys():
                self.model.objects.using(self.db).filter(pk__in=pks).refresh_search_text()
        return updated

    update.alters_data = True

    def delete(self):
        _refuse_locked(_plans_of_rows(self))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_locked(self.model.plans_of(objs))
        if self.model.search_sources:
            for obj in objs:
                obj.search_text = obj.derived_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True


class PlanContent(models.Model):
    """A part of a plan's content: what the document shows. It is added, changed, moved to another plan or
    deleted only while the plan (both plans, for a move) is open (MonthlyPlan.OPEN_STATUSES), whoever
    calls; ``after_issue_fields`` change in any state (an item's follow-up, search texts). Fixtures and
    backups load through raw saves, which do not come here: they hold the rows, search texts included, as
    they were written.

    A part that is found by search has a ``search_text`` made of ``search_sources``: every write of one of
    these writes the text with it, from ``derived_search_text()`` (a save, bulk_create) or by the queryset's
    ``refresh_search_text()`` (a bulk update). What else the text is made of refreshes it when written (an
    item's agencies: meetings.models).
    """

    #: The lookup from this model to its plan.
    plan_path = "plan"
    after_issue_fields = frozenset({"search_text"})
    #: The fields ``search_text`` is made of; none: the part has no search text.
    search_sources = frozenset()

    objects = PlanContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.search_sources and (update_fields is None or self.search_sources & set(update_fields)):
            self.search_text = self.derived_search_text()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        self._refuse_locked_write(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_locked(_plans_of_rows(type(self)._base_manager.filter(pk=self.pk)))
        return super().delete(*args, **kwargs)

    @classmethod
    def plans_of(cls, objs):
        """The plans the (unsaved) ``objs`` point to."""
        return _plan_model().objects.filter(pk__in={obj.plan_id for obj in objs})

    def _refuse_locked_write(self, update_fields):
        parent = self._meta.get_field(self.plan_path.split("__")[0]).attname
        fields = [
            field.attname
            for field in self._meta.concrete_fields
            if not field.primary_key and field.name not in self.after_issue_fields
        ]
        if update_fields is not None:
            named = set(update_fields)
            fields = [attname for attname in fields if attname in named or attname.removesuffix("_id") in named]
            if not fields:
                return
        stored = None
        if self.pk is not None:
            rows = type(self)._base_manager.filter(pk=self.pk)
            stored = rows.values(*{*fields, parent}, locked_status=models.F(f"{self.plan_path}__status")).first()
        if stored is None:  # a new row
            _refuse_locked(self.plans_of([self]))
            return
        if all(stored[attname] == getattr(self, attname) for attname in fields):
            return
        if stored["locked_status"] not in _plan_model().OPEN_STATUSES:
            raise PlanLockedError(stored["locked_status"])
        if stored[parent] != getattr(self, parent):
            _refuse_locked(self.plans_of([self]))
