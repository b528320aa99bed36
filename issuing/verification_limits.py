"""Bounds on checking a PDF that anyone may upload (``/xac-thuc/``, ``verify_pdf``).

pyHanko's check of a signature compares the revisions after it one by one, at a cost that grows
with the square of their number: a signed file with 1,500 empty incremental updates appended
(400 KB) keeps a worker busy for minutes. So, in this order:

1. :func:`structure_refusal` counts, in the raw bytes and before any parsing, what makes a
   revision (``startxref``, ``%%EOF``, xref tables and streams, ``/Prev`` links, names written
   with ``#`` escapes included) and the objects (``obj`` markers, the counts of object streams);
   past ``VERIFY_MAX_REVISIONS`` or ``VERIFY_MAX_OBJECTS`` the file is refused in milliseconds.
   Our programmes have 3 revisions (the render, the approver's signature, the Office's) and a
   few hundred objects.
2. :func:`checked` runs the check in a forked child process that is killed after
   ``VERIFY_TIME_LIMIT`` seconds (whatever the file does that the counts do not see); the
   reader refuses there too when pyHanko finds more revisions than the cap.
3. :func:`verification_slot` lets at most ``VERIFY_MAX_CONCURRENT`` checks run at once on this
   server (file locks under ``VAR_DIR``, or names in the abstract socket namespace with object storage:
   released by the kernel even when a worker is killed), so other pages are still served; the page
   answers 503 with Retry-After to the rest.
"""

import fcntl
import functools
import hashlib
import logging
import math
import multiprocessing
import re
import resource
import socket
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from issuing.verification import SignatureCheck, check_signature, too_many_revisions
from ubnd_schedule.storage import object_storage

logger = logging.getLogger(__name__)

#: Seconds a refused visitor is asked to wait before trying again.
RETRY_AFTER = 10

_DELIMITERS = rb"\s/<>\[\]()%{}"
_WHITESPACE = (b" ", b"\n", b"\r", b"\t", b"\f", b"\x00")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
_STREAM_COUNT = re.compile(rb"/N\s+(\d{1,9})")
_DICTIONARY_REACH = 512


def _letters(text):
    """A pattern for ``text`` in a PDF name, each letter as itself or its ``#xx`` escape."""
    return b"".join(b"(?:%s|#(?i:%02x))" % (bytes([letter]), letter) for letter in text.encode())


# /Prev, /XRef and /XRefStm, escaped or not, in one pass: it begins with "/" and has nothing to
# backtrack through, so it runs in linear time on any bytes (a signature's room is 10,000 zeros).
_XREF_NAMES = re.compile(
    rb"/(?:(?P<prev>"
    + _letters("Prev")
    + rb")|"
    + _letters("XRef")
    + rb"(?P<hybrid>"
    + _letters("Stm")
    + rb")?)(?=["
    + _DELIMITERS
    + rb"]|\Z)"
)


class VerificationBusyError(Exception):
    """Every verification slot of this server is taken."""


class _Stopped(Exception):
    """The check was stopped: out of time, or its process died."""

    def __init__(self, *, timed_out):
        super().__init__()
        self.timed_out = timed_out


def count_revisions(content):
    """An upper estimate of the revisions (xref sections) a reader may find in ``content``."""
    start_xrefs = content.count(b"startxref")
    sections = content.count(b"xref") - start_xrefs  # tables
    links = 0
    for match in _XREF_NAMES.finditer(content):
        if match.group("prev"):
            links += 1
        else:
            sections += 1  # an xref stream, or the one a hybrid file's trailer names
    return max(start_xrefs, content.count(b"%%EOF"), sections, links + 1)


def count_objects(content, limit=None):
    """An upper estimate of the objects of ``content``: every "obj" keyword after a white-space
    (an object is "<number> <generation> obj"), and the counts (/N) in the dictionaries of object
    streams; stops counting once past ``limit``."""
    total = sum(content.count(space + b"obj") for space in _WHITESPACE)
    for match in _OBJECT_STREAM.finditer(content):
        total += 1  # the stream is an object too (and so a file of nothing but /ObjStm ends soon)
        if limit is not None and total > limit:
            break
        # the /N of the stream's dictionary, written within a few hundred bytes of its /Type
        window = content[max(match.start() - _DICTIONARY_REACH, 0) : match.end() + _DICTIONARY_REACH]
        start, end = window.rfind(b"<<", 0, _DICTIONARY_REACH), window.find(b">>", _DICTIONARY_REACH)
        dictionary = window[max(start, 0) : end if end >= 0 else len(window)]
        total += max((int(count) for count in _STREAM_COUNT.findall(dictionary)), default=0)
    return total


def structure_refusal(content):
    """What keeps ``content`` from being checked at all (a verdict and its reason), or None.

    Reads only the bytes: a few milliseconds for the largest upload.
    """
    revisions = count_revisions(content)
    if revisions > settings.VERIFY_MAX_REVISIONS:
        return too_many_revisions(revisions)
    objects = count_objects(content, settings.VERIFY_MAX_OBJECTS)
    if objects > settings.VERIFY_MAX_OBJECTS:
        return _("Quá nhiều đối tượng, không xác thực"), _(
            "Tệp có %(count)s đối tượng PDF (tối đa %(limit)s): quá nhiều đối tượng, không xác thực."
        ) % {"count": objects, "limit": settings.VERIFY_MAX_OBJECTS}
    return None


def _refused(content, verdict, reason):
    return SignatureCheck(is_pdf=content.startswith(b"%PDF-"), problems=[reason], refused=verdict)


def _check_within_caps(content):
    refusal = structure_refusal(content)
    if refusal is not None:
        logger.info("Verification refused before parsing: %s", refusal[1])
        return _refused(content, *refusal)
    return check_signature(content, settings.VERIFY_MAX_REVISIONS)


@functools.cache
def _import_checker():
    """Import what the check uses here, once per process, so that each forked child inherits it
    rather than importing pyHanko again (a second or more, out of the child's budget)."""
    import pyhanko.pdf_utils.reader
    import pyhanko.sign.diff_analysis
    import pyhanko.sign.validation  # noqa: F401
    import pyhanko_certvalidator  # noqa: F401


def checked(content):
    """:func:`~issuing.verification.check_signature` of ``content`` within the caps and the time budget (which
    bounds the counting too: a few milliseconds for a real file, a second or two for 20 MB of
    the worst bytes)."""
    _import_checker()
    seconds = settings.VERIFY_TIME_LIMIT
    try:
        return _within_time_limit(_check_within_caps, content, seconds=seconds)
    except _Stopped as stopped:
        logger.warning("Verification stopped (timed out: %s; %s bytes)", stopped.timed_out, len(content))
        if not stopped.timed_out:
            return _refused(
                content,
                _("Không kiểm tra được tệp, không xác thực"),
                _("Việc kiểm tra tệp dừng giữa chừng (tệp đòi hỏi quá nhiều tài nguyên): không xác thực."),
            )
        return _refused(
            content,
            _("Kiểm tra quá thời gian cho phép, không xác thực"),
            _("Tệp cần quá %(seconds)s giây để kiểm tra: quá thời gian cho phép, không xác thực.")
            % {"seconds": seconds},
        )


def _child(sender, seconds, function, args):
    # The kernel ends this process after its CPU budget, should the parent be gone to kill it (a
    # worker killed by gunicorn): an orphan never holds a verification slot for long.
    limit = math.ceil(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit))
    try:
        result = (True, function(*args))
    except BaseException as error:  # anything goes back to the parent, as a failure
        result = (False, repr(error))
    sender.send(result)
    sender.close()


def _within_time_limit(function, *args, seconds):
    """``function(*args)`` in a forked child killed after ``seconds``: its result; raises
    :class:`_Stopped` when the child ran out of time or died without an answer.

    The child shares the parent's memory (copy on write) and touches neither the database nor the
    parent's connections; it exits without running the parent's clean-up. Without a budget
    (``seconds`` 0) or where fork is unavailable, the call runs here.
    """
    if not seconds or "fork" not in multiprocessing.get_all_start_methods():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, seconds, function, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise _Stopped(timed_out=True)
        try:
            succeeded, value = receiver.recv()
        except EOFError as error:  # the child died (out of memory, out of CPU time) before answering
            raise _Stopped(timed_out=False) from error
        if not succeeded:
            raise RuntimeError(f"verification failed in the child process: {value}")
        return value
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


@contextmanager
def verification_slot():
    """Hold one of ``VERIFY_MAX_CONCURRENT`` slots of this server, or raise
    :class:`VerificationBusyError` at once (no queueing). 0: no limit.

    A slot is a lock the kernel releases when its holder dies (a worker killed mid-check never keeps it): a file
    lock under VAR_DIR, or, with object storage (S3_BUCKET: nothing is written under VAR_DIR), a name bound in
    Linux's abstract socket namespace, which no file backs. Either way the bound is this server's (its CPUs), as
    the app nodes sharing one machine share its slots."""
    limit = settings.VERIFY_MAX_CONCURRENT
    if not limit:
        yield
        return
    claim = _socket_slot if object_storage() else _file_slot
    for index in range(limit):
        held = claim(index)
        if held is None:
            continue
        try:
            yield
        finally:
            held.close()  # closing releases the lock (the file's flock, the socket's name)
        return
    raise VerificationBusyError


def _file_slot(index):
    directory = Path(settings.VAR_DIR) / "verification-slots"
    directory.mkdir(parents=True, exist_ok=True)
    handle = open(directory / f"slot-{index}.lock", "a+b")  # noqa: SIM115 -- open while the slot is held
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _socket_slot(index):
    """The slot as an abstract Unix socket name, per installation (its database) and index; None when taken."""
    database = settings.DATABASES["default"]
    scope = hashlib.sha256(f"{database.get('HOST')}:{database.get('PORT')}/{database.get('NAME')}".encode())
    holder = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        holder.bind(f"\0ubnd-schedule-verify-{scope.hexdigest()[:16]}-{index}")
    except OSError:  # EADDRINUSE: another process of this server holds it
        holder.close()
        return None
    return holder
