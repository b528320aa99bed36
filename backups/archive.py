"""One archive with everything the offices cannot lose, or one office's, and its restore into an empty database.

The archive is a zip:

- ``data/auth.json``: users and groups (groups by name, permissions by natural key: a fresh
  database recreates them at migrate);
- ``data/records.json``: every row of the project's apps, history tables included, in dependency
  order (Django's JSON serialisation): the offices, agencies, plans and their items, revisions
  (without the PDF bytes, see below), change lists, register entries, approver signatures, signer
  profiles, dossiers, proposals, memberships. An archive of one office (``backup_archive --office``)
  holds that office's rows and the users they name only (``backups.scope``), and its manifest says which;
- ``revisions/<year>-<month>-<number>-<pk>.pdf``: the signed PDF of every revision, byte for byte;
- ``media/<name>``: every uploaded file (dossier files, proposal letters) of the default storage (files under
  MEDIA_ROOT, or the bucket's objects with S3_BUCKET; restored into it);
- ``manifest.json``: the format version, the office of an office's archive, row counts per model, the
  SHA-256 of every other member and, for each revision, the SHA-256 its record holds;
- ``manifest.sig``: an HMAC-SHA256 of ``manifest.json`` keyed by ``BACKUP_KEY`` (default the
  ``SECRET_KEY``): without the key, nobody can change a record and recompute the manifest.

``restore_archive`` refuses a database that already has plans, agencies, revisions, register
entries or users; it checks every member against the manifest, every PDF against its revision's
SHA-256 and the manifest against its signature before anything is written, and loads everything
in one transaction. Restoring on another server needs the same ``BACKUP_KEY`` (or ``SECRET_KEY``).
An office's archive restores with its office's own ids, beside the first office a fresh database has (or over
it, when it is the first office's); it keeps its parent office only if this database has that very office.

Archives of version 2 (the release before offices were many) restore too: their rows are given to their single
office as the migrations of that change give an upgraded database's rows (:func:`_upgrade_version_2`).
"""

import datetime
import hashlib
import json
import zipfile

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from access import roles
from agenda.models import Agency, MonthlyPlan, Office
from agenda.text import vn_slugify
from backups.scope import ScopeError, office_rows
from issuing.models import RegisterEntry, Revision
from ubnd_schedule.postgresql import reset_sequences

FORMAT = "ubnd-schedule-backup"
VERSION = 3  # 2: manifest.sig; 3: many offices (every office's rows, or one office's: the manifest's "office")
READABLE_VERSIONS = {2, 3}
SIGNATURE_SALT = "backups.archive.manifest"
PROJECT_APPS = [
    "agenda",
    "meetings",
    "exports",
    "access",
    "issuing",
    "dossiers",
    "proposals",
    "conclusions",
    "followup",
    "workspace",
    "public",
    "weekly",  # the leaders' weekly schedule: leaders, weeks, entries, published revisions
]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (ECMA-262); a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class BackupError(Exception):
    """The archive is not one of ours, is damaged, or the database is not empty."""


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _signature(manifest, key):
    return salted_hmac(SIGNATURE_SALT, manifest, secret=key, algorithm="sha256").hexdigest().encode()


def _signing_keys():
    """The key that signs (BACKUP_KEY, else SECRET_KEY), then the others that still verify."""
    if settings.BACKUP_KEY:
        return [settings.BACKUP_KEY]
    return [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]


def _check_signature(manifest, signature):
    if not any(constant_time_compare(signature.strip(), _signature(manifest, key)) for key in _signing_keys()):
        raise BackupError(
            "the manifest's signature does not match: the archive was changed after it was written, "
            "or it was written with another BACKUP_KEY (or SECRET_KEY); nothing was restored"
        )


def project_models():
    """Every concrete model of the project's apps, parents before children."""
    chosen = [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def _revision_pdf_name(revision):
    return f"revisions/{revision.year:04d}-{revision.month:02d}-{revision.number}-{revision.pk}.pdf"


def _file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _rows(office):
    """``{model: queryset}`` of what the archive holds, and the users: everything, or ``office``'s."""
    models_ = project_models()
    if office is None:
        return {model: model._default_manager.all() for model in models_}, get_user_model().objects.all()
    try:
        rows, user_pks = office_rows(office, models_)
    except ScopeError as error:
        raise BackupError(f"cannot write {office.slug}'s archive: {error}") from error
    return rows, get_user_model().objects.filter(pk__in=user_pks)


def _office_entry(office):
    """The office of an office's archive, and its parent office (whose row the archive does not hold)."""
    parent = office.parent
    return {
        "pk": office.pk,
        "slug": office.slug,
        "name": str(office),
        "parent": None if parent is None else {"pk": parent.pk, "slug": parent.slug},
    }


def write_archive(target, office=None):
    """Write the archive to ``target`` (a path or a binary file): every office's rows, or ``office``'s only;
    return the manifest."""

    members = {}
    counts = {}
    rows_of, users_of = _rows(office)

    users = list(users_of.order_by("pk"))
    groups = list(Group.objects.order_by("pk"))
    members["data/auth.json"] = serializers.serialize(
        "json", [*groups, *users], cls=ExactJSONEncoder, use_natural_foreign_keys=True, indent=1
    ).encode()
    counts["auth.group"], counts["auth.user"] = len(groups), len(users)

    records = []
    media = set()
    for model in project_models():
        rows = list(rows_of[model].order_by("pk"))
        counts[model._meta.label_lower] = len(rows)
        records.extend(rows)
        for field in _file_fields(model):
            media.update(getattr(row, field.attname).name for row in rows if getattr(row, field.attname))
    # The PDF bytes go into their own members; the JSON keeps every other field.
    revision_fields = [field.name for field in Revision._meta.concrete_fields if field.name not in {"pdf", "id"}]
    non_revisions = [row for row in records if not isinstance(row, Revision)]
    revisions = [row for row in records if isinstance(row, Revision)]
    payload = json.loads(
        serializers.serialize("json", non_revisions, cls=ExactJSONEncoder, use_natural_foreign_keys=True)
    )
    payload_revisions = json.loads(
        serializers.serialize("json", revisions, cls=ExactJSONEncoder, fields=revision_fields)
    )
    # Keep the dependency order: revisions right after their own model's position.
    ordered = []
    for model in project_models():
        label = model._meta.label_lower
        source = payload_revisions if model is Revision else payload
        ordered.extend(entry for entry in source if entry["model"] == label)
    members["data/records.json"] = json.dumps(ordered, ensure_ascii=False, indent=1).encode()

    revision_checks = []
    for revision in revisions:
        name = _revision_pdf_name(revision)
        members[name] = bytes(revision.pdf)
        revision_checks.append({"pk": revision.pk, "member": name, "sha256": revision.sha256})
    for name in sorted(media):
        with default_storage.open(name, "rb") as handle:
            members[f"media/{name}"] = handle.read()

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "office": None if office is None else _office_entry(office),
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "counts": counts,
        "members": {name: _sha256(data) for name, data in members.items()},
        "revisions": revision_checks,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", _signature(manifest_bytes, _signing_keys()[0]))
        for name, data in members.items():
            archive.writestr(name, data)
    return manifest


def database_is_empty():

    return not any(model.objects.exists() for model in (MonthlyPlan, Agency, Revision, RegisterEntry, get_user_model()))


def _read_checked(source):
    """The manifest and every member, each checked against its SHA-256; PDFs against their revision."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"not a backup archive: {error}") from error
    with archive:
        try:
            manifest_bytes = archive.read("manifest.json")
            manifest = json.loads(manifest_bytes)
        except (KeyError, ValueError) as error:
            raise BackupError("the archive has no readable manifest.json") from error
        try:
            signature = archive.read("manifest.sig")
        except KeyError as error:
            raise BackupError(
                "the archive is not signed (no manifest.sig): it cannot be trusted, nothing was restored"
            ) from error
        if manifest.get("format") != FORMAT or manifest.get("version") not in READABLE_VERSIONS:
            raise BackupError(f"unknown archive format: {manifest.get('format')} {manifest.get('version')}")
        members = {}
        for name, expected in manifest["members"].items():
            try:
                data = archive.read(name)
            except KeyError as error:
                raise BackupError(f"{name} is missing from the archive") from error
            if _sha256(data) != expected:
                raise BackupError(f"{name}: SHA-256 does not match the manifest")
            members[name] = data
    records = json.loads(members["data/records.json"])
    revision_sha = {entry["pk"]: entry["fields"]["sha256"] for entry in records if entry["model"] == "issuing.revision"}
    for check in manifest["revisions"]:
        pdf = members.get(check["member"])
        if pdf is None or _sha256(pdf) != revision_sha.get(check["pk"]) or check["sha256"] != revision_sha[check["pk"]]:
            raise BackupError(f"{check['member']}: the PDF's SHA-256 differs from its revision's record")
    if set(revision_sha) != {check["pk"] for check in manifest["revisions"]}:
        raise BackupError("a revision has no PDF in the archive")
    # Last, so that a damaged member is named as such; before anything is written all the same.
    _check_signature(manifest_bytes, signature)
    return manifest, members


def _upgrade_version_2(records, auth):
    """The rows of a version 2 archive (one Office) as this release has them: what the migrations that made
    offices many did to an upgraded database's rows (agenda 0010-0012, issuing 0005-0006): the Office gets a
    slug from its place name, and its plans (and their history), agencies, register numbers and revisions
    are that office's; so are the roles its people held (:func:`_memberships_of_version_2`)."""
    offices = [entry for entry in records if entry["model"] == "agenda.office"]
    for entry in offices:
        fields = entry["fields"]
        base = vn_slugify(fields.get("place") or fields.get("parent_body") or "", max_length=44) or "van-phong"
        fields.setdefault("slug", base)
        fields.setdefault("code", "")
        fields.setdefault("level", Office.Level.PROVINCE)
        fields.setdefault("parent", None)
    office_pk = offices[0]["pk"] if offices else Office.objects.get_solo().pk
    owned = {
        "agenda.monthlyplan",
        "agenda.historicalmonthlyplan",
        "agenda.agency",
        "issuing.registerentry",
        "issuing.revision",
    }
    for entry in records:
        if entry["model"] in owned:
            entry["fields"].setdefault("office", office_pk)
    return _memberships_of_version_2(records, auth, office_pk)


def _memberships_of_version_2(records, auth, office_pk):
    """Version 2 held the roles as groups (one Office) and a department user's agency as a
    workspace.AgencyMembership row; this release holds them as memberships of an office (access.Membership):
    each becomes a membership of the archive's office, as access's first migration makes an upgraded
    database's."""
    group_roles = {group: role for role, group in roles.ROLE_GROUPS.items()}
    agencies = {
        tuple(entry["fields"]["user"]): entry["fields"]["agency"]
        for entry in records
        if entry["model"] == "workspace.agencymembership"
    }
    memberships = []
    for entry in auth:
        if entry["model"] != "auth.user":
            continue
        user = (entry["fields"]["username"],)
        for (group,) in entry["fields"].get("groups", []):
            role = group_roles.get(group)
            if role is None or (role == roles.DEPARTMENT and user not in agencies):
                continue  # a department user without an agency held no role before either
            agency = agencies[user] if role == roles.DEPARTMENT else None
            fields = {"user": list(user), "office": office_pk, "role": role, "agency": agency}
            memberships.append({"model": "access.membership", "fields": fields})
    return [entry for entry in records if entry["model"] != "workspace.agencymembership"] + memberships


def _parents_kept(manifest, records):
    """The ids of the parent offices the restored offices may keep: those of the archive and, for an office's
    archive, its parent when this database has that very office (the same id and slug)."""
    kept = {entry["pk"] for entry in records if entry["model"] == "agenda.office"}
    parent = (manifest.get("office") or {}).get("parent")
    if parent and Office.objects.filter(pk=parent["pk"], slug=parent["slug"]).exists():
        kept.add(parent["pk"])
    return kept


def _restorable(obj, parents_kept):
    """A row of the archive as it is written here: an office whose parent office is not kept has none."""
    row = obj.object
    if isinstance(row, Office) and row.parent_id not in parents_kept:
        row.parent_id = None
    return obj


def restore_archive(source):
    """Load the archive into this (empty) database; return the manifest's counts."""

    manifest, members = _read_checked(source)
    if not database_is_empty():
        raise BackupError("the database is not empty: restore only into a freshly migrated database")
    records = json.loads(members["data/records.json"])
    if manifest["version"] == 2:
        records = _upgrade_version_2(records, json.loads(members["data/auth.json"]))
    if (
        manifest.get("office")
        and Office.objects.filter(slug=manifest["office"]["slug"]).exclude(pk=manifest["office"]["pk"]).exists()
    ):
        raise BackupError(
            f"another office of this database has the slug {manifest['office']['slug']}: nothing was restored"
        )
    pdfs = {check["pk"]: members[check["member"]] for check in manifest["revisions"]}
    parents_kept = _parents_kept(manifest, records)
    loaded = set()
    deferred = []
    with transaction.atomic():
        for obj in serializers.deserialize("json", members["data/auth.json"], handle_forward_references=True):
            if isinstance(obj.object, Group):
                existing = Group.objects.filter(name=obj.object.name).first()
                if existing is not None:  # the roles are created by migrate: keep them, add the rest
                    continue
                obj.object.pk = None
            obj.save()
            loaded.add(type(obj.object))
        for obj in serializers.deserialize("json", json.dumps(records), handle_forward_references=True):
            obj = _restorable(obj, parents_kept)
            if isinstance(obj.object, Revision):
                obj.object.pdf = pdfs[obj.object.pk]
            obj.save()
            loaded.add(type(obj.object))
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()
        for name, data in members.items():
            if name.startswith("media/"):
                stored = name.removeprefix("media/")
                if default_storage.exists(stored):
                    default_storage.delete(stored)
                if default_storage.save(stored, ContentFile(data)) != stored:  # its rows name it so
                    raise BackupError(f"{stored}: the storage kept it under another name; nothing was restored")
        reset_sequences(connection, loaded)  # rows written with their primary keys
    return manifest["counts"]
