"""Issued pages and PDFs served like files.

What the public site shows of an issued plan is the same for every visitor until something it shows
changes, and that happens a few times a month. So the first request for a public page renders it and
keeps the answer (status, headers, body; the ETag is the body's SHA-256) in Django's cache; the requests
after it are answered from there by ``PublicArtifactMiddleware``, before the URL is resolved, the
session or the user is looked at, or the database is asked anything. A signed PDF is kept as a file,
named by its SHA-256 in the artifact storage (issuing.pdf_files: under ``VAR_DIR/artifacts``, or the bucket's
``artifacts/`` with S3_BUCKET), and sent like a static file (or handed to nginx with ``X-Accel-Redirect`` / to
Apache with ``X-Sendfile`` when ``ARTIFACT_SENDFILE`` says so; streamed from the bucket, or redirected to a
short-lived signed link of it when ``S3_PRESIGNED_REDIRECT`` says so).

The key of a kept answer holds everything its content depends on:
- the code's release (``RELEASE``, else a digest of the project's code, templates and catalogs): a
  deploy never serves an answer rendered by the code before it;
- the publication generation of the answer's office (its own token, replaced whenever something its pages
  show changes: ``public.signals``: a plan issued or superseded, a revision, an agency, the office's settings,
  and every bulk change the data announces with ``agenda.signals.public_content_changed``), so that a
  publication in one office leaves the others' answers kept; the platform's pages (``/``, ``/tim-kiem/``)
  have a token that any office's change replaces;
- the language, the day (the current month and what is upcoming depend on it), the path and the
  query parameters the view declares it reads, in their canonical form (``@artifact(query=Form)``); every
  other parameter is dropped from the request before the view sees it, so ``?x=1`` is the same answer as
  no query at all, found under the same key.
Nothing is ever invalidated by deleting: a change moves every key, and the old answers expire.

Only views decorated with ``@artifact`` are kept, and only a 200 that sets no cookie, is not private and
whose rendering read neither the session nor the visitor's messages: a draft PDF shown to staff, a
search, a form, the workspace, a page showing a signed-in user's message never are. Absolute links in
kept answers come from ``SITE_URL``, never from the request's Host, and a Host that ``ALLOWED_HOSTS``
refuses gets Django's 400, never a kept answer.
"""

import functools
import hashlib
import os
import threading
import uuid
from collections import OrderedDict
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import parse_etags, urlencode
from django.utils.translation import get_language

from agenda.converters import RESERVED_SLUGS
from agenda.offices import FIRST_OFFICE_PK, office_slug
from public.files import file_answer, file_redirect
from public.files import file_response as file_response  # the views' name for it
from ubnd_schedule.storage import artifact_storage, redirects

GENERATION_KEY = "public-artifacts:generation"
ENTRY_TIMEOUT = 2 * 24 * 60 * 60  # keys hold the day: an entry is useless after it
# A scope's token lasts as long as the answers it keys: one for a path naming no office goes away, and a new
# token only makes the scope's answers stale (rendered once again).
SCOPE_TIMEOUT = ENTRY_TIMEOUT
# Headers a kept answer carries; everything else (cookies, Date, Server) is the request's own.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Cache-Control",
    "Last-Modified",
    "Vary",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Security-Policy",  # a PDF kept before the policy's middleware runs carries it from its first answer
)
NOT_MODIFIED_HEADERS = ("Cache-Control", "Last-Modified", "Vary", "Content-Language")
FILE_SUFFIX = "/pdf/"
SKIPPED_PREFIXES = ("/van-phong/", "/admin/", "/static/", "/media/", "/healthz", "/ngon-ngu/", "/readyz", "/metrics")


def artifact(view=None, *, query=None):
    """Mark what ``view`` answers as the same for every visitor: the middleware may keep it.

    ``query``: the form of the query parameters the view reads (``@artifact(query=AgencyYearForm)``).
    The middleware keeps one answer per valid, canonical value of them and drops every other parameter
    from the request; a view without one reads no parameter, and any query string gets its plain answer.
    """
    if view is None:
        return functools.partial(artifact, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_artifact = True
        return response

    wrapper.artifact_query = query
    return wrapper


def site_url(path=""):
    """The absolute address of ``path`` on the public site: ``SITE_URL``, never the request's Host."""
    return settings.SITE_URL.rstrip("/") + path


# The code's release ---------------------------------------------------------------------------------------

_code_release = None
_CODE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}
_SKIPPED_DIRS = {".git", ".venv", "var", "tests", "bench", "docs", "node_modules", "staticfiles", "__pycache__"}


def release():
    """``settings.RELEASE`` (a deploy sets it, e.g. to the commit), else a digest of the project's code."""
    global _code_release
    if getattr(settings, "RELEASE", ""):
        return settings.RELEASE
    if _code_release is None:
        _code_release = _code_digest(Path(settings.BASE_DIR))
    return _code_release


def _code_digest(root):
    digest = hashlib.sha256(django.get_version().encode())
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(name for name in subdirectories if name not in _SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(directory, name)
            if path.suffix in _CODE_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# The publication generations ---------------------------------------------------------------------------------
#
# Each office's kept answers have their own token: a publication in one office leaves the others' answers kept.
# The platform's pages (the offices' list, the search of all offices) have one that moves with any office's.
# A key holds its scope's token and ALL's, which a change no one can place moves (every answer is stale then).

ALL = "all"
PLATFORM = "platform"
#: The scope of the old unprefixed URLs, which answer for the first office.
FIRST_OFFICE = "first-office"
#: The first words of the old paths (public.legacy): the first office's.
LEGACY_WORDS = frozenset({"ke-hoach", "co-quan"})


def office_scope(slug):
    return f"office:{slug}"


def scope(path):
    """The generation scope of the answer at ``path``: its office's (``/<office>/…``), the first office's (the old
    paths), or the platform's (``/``, ``/tim-kiem/``)."""
    word = path.split("/", 2)[1] if path.startswith("/") else ""
    if word in LEGACY_WORDS:
        return FIRST_OFFICE
    if not word or word in RESERVED_SLUGS:
        return PLATFORM
    return office_scope(word)


def _token_key(name):
    return GENERATION_KEY if name == ALL else f"{GENERATION_KEY}:{name}"


def generation(name=PLATFORM):
    """The generation of ``name``'s kept answers (a scope: PLATFORM, FIRST_OFFICE, ``office_scope(slug)``), ALL's
    token with the scope's, shared by every process through the cache."""
    names = [ALL] if name == ALL else [ALL, name]
    keys = [_token_key(each) for each in names]
    tokens = cache.get_many(keys)
    missing = [key for key in keys if key not in tokens]
    for key in missing:
        cache.add(key, uuid.uuid4().hex, timeout=None if key == GENERATION_KEY else SCOPE_TIMEOUT)
    if missing:
        tokens.update(cache.get_many(missing))
    # A token the cache does not keep (a dummy cache): a key no answer was ever kept under.
    return ":".join(tokens.get(key) or uuid.uuid4().hex for key in keys)


def changed(offices=None):
    """Something a public page shows has changed: the kept answers that may show it are stale.

    ``offices``: the pks of the offices whose pages show it (their pages and the platform's go stale); None:
    every kept answer. The tokens move at once (this process's next request sees the change, even inside the
    transaction) and again once the transaction commits: a request that rendered the old content under the
    first new token, before the commit, is not served afterwards.
    """
    names = [ALL] if offices is None else _scopes(offices)
    _new_generation(names)
    transaction.on_commit(functools.partial(_new_generation, names))


def _scopes(offices):
    names = [PLATFORM, *(office_scope(office_slug(pk)) for pk in offices)]
    if FIRST_OFFICE_PK in offices:
        names.append(FIRST_OFFICE)
    return names


def _new_generation(names=(ALL,)):
    for name in names:
        key = _token_key(name)
        cache.set(key, uuid.uuid4().hex, timeout=None if key == GENERATION_KEY else SCOPE_TIMEOUT)


_NOT_AN_ARTIFACT = object()


def canonical_query(request):
    """The query string an answer to ``request`` is kept for: the parameters its view declares, valid
    and in canonical form, in a fixed order (``""`` when it declares none); None when no answer is kept
    (not an ``@artifact`` view, or a value its form refuses)."""
    if not request.META.get("QUERY_STRING"):
        return ""
    try:
        declared = getattr(resolve(request.path_info).func, "artifact_query", _NOT_AN_ARTIFACT)
    except Resolver404:
        return None
    if declared is _NOT_AN_ARTIFACT:
        return None
    if declared is None:
        return ""
    form = declared(request.GET)
    if not form.is_valid():
        return None
    return urlencode(sorted((name, value) for name, value in form.cleaned_data.items() if value not in (None, "")))


def key(request):
    """The cache key of what ``request`` asks for, or None when no answer to it is ever kept.

    A PDF (a path ending in ``/pdf/``) is the same bytes in every language and on every day. The query
    string is cut to what the view declares (``canonical_query``), in the request too: the view renders
    the answer every such request gets.
    """
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
        return None
    query = canonical_query(request)
    if query is None:
        return None
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    path = request.get_full_path()
    tokens = generation(scope(request.path))
    if path.endswith(FILE_SUFFIX):
        return f"public-artifacts:{release()}:{tokens}:file:{path}"
    day = timezone.localdate().isoformat()
    path_digest = hashlib.sha256(path.encode()).hexdigest()
    return f"public-artifacts:{release()}:{tokens}:{get_language()}:{day}:{path_digest}"


# Kept answers --------------------------------------------------------------------------------------------------


class Entry:
    """A kept answer: its headers and either its body or the file it is read from."""

    __slots__ = ("status", "headers", "etag", "body", "file", "size")

    def __init__(self, status, headers, etag, body=None, file=None):
        self.status = status
        self.headers = headers
        self.etag = etag
        self.body = body
        self.file = file
        self.size = len(body) if body is not None else 0

    def __getstate__(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)

    def response(self, request):
        if _matches(request, self.etag):
            response = HttpResponseNotModified()
            headers = {name: value for name, value in self.headers.items() if name in NOT_MODIFIED_HEADERS}
        elif self.file is not None and redirects(artifact_storage()):
            return file_redirect(self.file, self.headers)
        elif self.file is not None:
            response, headers = file_answer(self.file), self.headers
        else:
            response, headers = HttpResponse(self.body, status=self.status), self.headers
        for name, value in headers.items():
            response[name] = value
        response["ETag"] = self.etag
        return response


def _matches(request, etag):
    """If-None-Match names ``etag``: a list, ``*``, weak or strong (the weak comparison RFC 9110 asks
    of If-None-Match)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


def _read_the_visitor(request):
    """Whether the rendering read what is the visitor's own: their session (reading a visitor's empty
    session, as the messages do, reveals nothing), or messages shown to them. The session cookie is set
    after the keeping is decided, so the cookie check alone misses them."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        (session is not None and session.accessed and not session.is_empty())
        or (messages is not None and messages.used)
    )


def keep(cache_key, response, request=None):
    """Keep ``response`` under ``cache_key`` if it is a public answer; returns the Entry or None."""
    if (
        not getattr(response, "public_artifact", False)
        or response.status_code != 200
        or response.cookies
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
        or (request is not None and _read_the_visitor(request))
    ):
        return None
    file = getattr(response, "artifact_file", None)
    if file is not None:
        etag, body = response["ETag"], None
    elif response.streaming:
        return None
    else:
        body = response.content
        etag = f'"{hashlib.sha256(body).hexdigest()}"'
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    entry = Entry(response.status_code, headers, etag, body=body, file=file)
    _local.put(cache_key, entry)
    cache.set(cache_key, entry, timeout=ENTRY_TIMEOUT)
    return entry


def lookup(cache_key):
    entry = _local.get(cache_key)
    if entry is None:
        entry = cache.get(cache_key)
        if entry is not None and (entry.file is None or artifact_storage().exists(entry.file)):
            _local.put(cache_key, entry)
        else:
            entry = None
    return entry


class _LocalEntries:
    """This process's copy of the answers it served last, bounded in bytes (least recently used out).

    Keys hold the generation, so an entry here is never stale: it is only never asked for again.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.bytes = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, cache_key):
        with self.lock:
            entry = self.entries.get(cache_key)
            if entry is not None:
                self.entries.move_to_end(cache_key)
            return entry

    def put(self, cache_key, entry):
        if entry.size > self.max_bytes // 4:
            return
        with self.lock:
            previous = self.entries.pop(cache_key, None)
            if previous is not None:
                self.bytes -= previous.size
            self.entries[cache_key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.bytes -= dropped.size

    def forget(self, cache_key):
        with self.lock:
            entry = self.entries.pop(cache_key, None)
            if entry is not None:
                self.bytes -= entry.size

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0


_local = _LocalEntries(max_bytes=getattr(settings, "ARTIFACT_LOCAL_BYTES", 16 * 1024 * 1024))


def clear_local():
    """Forget this process's copies (tests; the shared cache is cleared on its own)."""
    _local.clear()


# The middleware -------------------------------------------------------------------------------------------------------


class PublicArtifactMiddleware:
    """Answers a kept public page before anything else runs; keeps what ``@artifact`` views answer.

    Placed after the language is chosen (the key holds it) and before CSRF, the user and the messages,
    which a kept answer needs none of. PDFs are left to PublicFileMiddleware. The Host is checked first,
    as Django's CommonMiddleware would (a refused Host is a 400), since no answer from here goes there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def handles(self, path):
        return not path.endswith(FILE_SUFFIX)

    def __call__(self, request):
        if not self.handles(request.path):
            return self.get_response(request)
        request.get_host()  # DisallowedHost: Django's 400
        cache_key = key(request)
        if cache_key is None:
            return self.get_response(request)
        entry = lookup(cache_key)
        if entry is not None:
            try:
                return entry.response(request)
            except FileNotFoundError:  # its file was removed (a restore, a clean-up): made again below
                _local.forget(cache_key)
        response = self.get_response(request)
        entry = keep(cache_key, response, request)
        if entry is None:
            return _unkept(response)
        if entry.file is not None and redirects(artifact_storage()):
            return entry.response(request)  # the view's answer is an empty placeholder (public.files.file_answer)
        if _matches(request, entry.etag):
            response.close()
            return entry.response(request)
        response["ETag"] = entry.etag
        return response


def _unkept(response):
    """A file answer that was not kept is sent all the same: redirected to its signed link when files are."""
    file = getattr(response, "artifact_file", None)
    if file is None or not redirects(artifact_storage()):
        return response
    return file_redirect(file, {name: response[name] for name in KEPT_HEADERS if name in response})


class PublicFileMiddleware(PublicArtifactMiddleware):
    """The same for the PDFs, placed right after whitenoise: a kept PDF is sent as a static file is.

    A PDF needs no language, session or content policy; a draft shown to staff goes on through the
    whole chain and, being private, is never kept.
    """

    def handles(self, path):
        return path.endswith(FILE_SUFFIX)
