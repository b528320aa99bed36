"""Which rows of the project are one office's, for an archive of that office alone (``backup_archive --office``).

An office's rows are its own Office row, then every row that hangs from it by a foreign key, followed down
from model to model: its plans and agencies, their tasks, sessions and items, the items' agencies and dossier
marks, the revisions and their change lists, the register, the approvers' pending signatures, dossiers and
their files, proposals, memberships, and the history of each (a history row follows the ids of the objects it
records, so that the history of a deleted item goes with its plan). A model no foreign key ties to an office
stops the backup instead of being left out silently. The users are the ones these rows name (who submitted,
signed, issued, decided, belongs to an agency…), with their signer profiles and the downloads they made of the
office's files. Nothing of another office is read into the archive: a row that refers to another office's row
(an agency of office B on an item of office A) stops the backup too, since the archive would not restore alone.
"""

from django.apps import apps
from django.conf import settings

from agenda.models import Office
from meetings.models import RegularSession

#: The downloads log (dossiers.FileAccess) names what was downloaded by kind and id, not by a foreign key.
DOWNLOADED = {
    "dossier_file": "dossiers.dossierfile",
    "proposal_letter": "proposals.proposal",
    "session_packet": RegularSession._meta.label_lower,
}


class ScopeError(Exception):
    """The rows of an office cannot be told apart, or they refer to another office's rows."""


def _base(model):
    """The model a history model records (simple_history's ``instance_type``), else the model itself."""
    return getattr(model, "instance_type", model)


def _is_user_model(model):
    return model._meta.label == settings.AUTH_USER_MODEL


def _owner_field(model, models):
    """The foreign key that ties ``model``'s rows to an office: ``office`` when it has one, else its first
    foreign key to another model of the project (a plan, an item, a revision, an agency…)."""
    relations = [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and _base(field.related_model) in models and _base(field.related_model) is not model
    ]
    for field in relations:
        if field.related_model is Office:
            return field
    return relations[0] if relations else None


def office_rows(office, models):
    """``{model: queryset}`` of ``office``'s rows among ``models`` (the project's, parents before children),
    and the set of the pks of the users they name. Raises :class:`ScopeError`."""
    bases = {_base(model) for model in models}
    chosen = {Office: Office.objects.filter(pk=office.pk)}
    ids = {Office: {office.pk}}  # per model recorded: the ids of its objects that are the office's, history's too
    remaining = [model for model in models if model is not Office]
    while True:
        progressed = False
        for model in list(remaining):
            field = _owner_field(model, bases)
            if field is None:
                continue
            target = _base(field.related_model)
            if any(_base(other) is target for other in remaining if other is not model):
                continue  # the rows of the target (and of its history) are not all known yet
            rows = model._default_manager.filter(**{f"{field.attname}__in": ids.get(target, set())})
            chosen[model] = rows
            ids.setdefault(_base(model), set()).update(rows.values_list(_base(model)._meta.pk.attname, flat=True))
            remaining.remove(model)
            progressed = True
        if not progressed:
            break
    users = _named_users(chosen)
    for model in list(remaining):
        if model._meta.label_lower == "dossiers.fileaccess":
            chosen[model] = _downloads(model, ids)
            users.update(user for user in chosen[model].values_list("user_id", flat=True) if user is not None)
            remaining.remove(model)
    for model in list(remaining):
        user_fields = [field for field in model._meta.concrete_fields if field.is_relation and field.related_model]
        if user_fields and all(_is_user_model(field.related_model) for field in user_fields):
            chosen[model] = model._default_manager.filter(**{f"{user_fields[0].attname}__in": users})
            remaining.remove(model)
    if remaining:
        raise ScopeError(
            "no foreign key tells which office these rows belong to: "
            + ", ".join(model._meta.label_lower for model in remaining)
        )
    _check_self_contained(chosen, ids, bases)
    return {model: chosen[model] for model in models}, users


def _named_users(chosen):
    users = set()
    for model, rows in chosen.items():
        for field in model._meta.concrete_fields:
            if field.is_relation and _is_user_model(field.related_model):
                users.update(user for user in rows.values_list(field.attname, flat=True).distinct() if user is not None)
    return users


def _downloads(model, ids):
    """The downloads of the office's files and session packets."""
    rows = model._default_manager.none()
    for what, label in DOWNLOADED.items():
        downloaded = ids.get(apps.get_model(label), set())
        rows = rows | model._default_manager.filter(what=what, object_id__in=downloaded)
    return rows


def _check_self_contained(chosen, ids, bases):
    """Every reference from a chosen row to a row of the project (a foreign key the database holds, a
    many-to-many) points to a chosen row."""
    for model, rows in chosen.items():
        if model is Office:
            continue  # its parent office, if any, is another office: restored without it when it is missing
        references = [
            (field.attname, field.related_model)
            for field in model._meta.concrete_fields
            if field.is_relation and field.db_constraint and field.related_model in bases
        ]
        references += [
            (field.name, field.related_model)
            for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created and field.related_model in bases
        ]
        for name, related in references:
            outside = set(rows.exclude(**{f"{name}__isnull": True}).values_list(name, flat=True)) - ids.get(
                related, set()
            )
            if outside:
                raise ScopeError(
                    f"{model._meta.label_lower}.{name} refers to rows of {related._meta.label_lower} that are not "
                    f"this office's ({sorted(outside)[:5]}): the office's archive would not restore alone"
                )
