"""Keep ``Item.search_text`` in step with item titles and agency names, and ``PriorityTask.search_text``
with the task's text (on save, on bulk_create: agenda.models, and when its plan is issued).

Items get their text on save; a change of agencies (ItemAgency saved or deleted) or of an
agency's names refreshes the items concerned. ``bulk_create`` sends no signal: the code that
creates ItemAgency rows in bulk (Item.set_agencies, load_plan, copy_plan) refreshes after it.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from agenda.models import Agency, MonthlyPlan, PriorityTask
from meetings import search
from meetings.models import Item, ItemAgency


@receiver(pre_save, sender=Item, dispatch_uid="item_search_text_on_save")
def item_search_text_on_save(sender, instance, raw, **kwargs):
    if raw or instance._state.adding:
        agencies = []
    else:
        agencies = [link.agency for link in ItemAgency.objects.filter(item_id=instance.pk).select_related("agency")]
    instance.search_text = search.search_text(Item.clean_title(instance.title), agencies)


@receiver(post_save, sender=Item, dispatch_uid="item_search_text_partial_save")
def item_search_text_partial_save(sender, instance, raw, update_fields, **kwargs):
    if not raw and update_fields is not None and "search_text" not in update_fields:
        Item.objects.filter(pk=instance.pk).update(search_text=instance.search_text)


@receiver(post_save, sender=ItemAgency, dispatch_uid="item_agency_saved")
@receiver(post_delete, sender=ItemAgency, dispatch_uid="item_agency_deleted")
def item_agency_changed(sender, instance, **kwargs):
    search.refresh(Item.objects.filter(pk=instance.item_id))


@receiver(post_save, sender=Agency, dispatch_uid="agency_saved")
def agency_saved(sender, instance, raw, created, **kwargs):
    if not raw and not created:
        search.refresh(Item.objects.filter(assignments__agency=instance))


@receiver(pre_save, sender=PriorityTask, dispatch_uid="priority_task_search_text_on_save")
def priority_task_search_text_on_save(sender, instance, raw, **kwargs):
    instance.search_text = instance.folded_text()


@receiver(post_save, sender=PriorityTask, dispatch_uid="priority_task_search_text_partial_save")
def priority_task_search_text_partial_save(sender, instance, raw, update_fields, **kwargs):
    if not raw and update_fields is not None and "search_text" not in update_fields:
        PriorityTask.objects.filter(pk=instance.pk).update(search_text=instance.search_text)


@receiver(post_save, sender=MonthlyPlan, dispatch_uid="plan_published_search_text")
def plan_published_search_text(sender, instance, raw, **kwargs):
    """Whatever wrote a plan's tasks (a queryset update sends no signal), search reads them exactly once issued."""
    if not raw and instance.status == MonthlyPlan.Status.PUBLISHED:
        search.refresh_tasks(instance.priority_tasks.all())
