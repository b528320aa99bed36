"""A fix for asn1crypto's encoding of values it built (rather than parsed), in time exponential in depth.

pyHanko builds every CMS signature with asn1crypto. asn1crypto 1.5.1's ``Asn1Value.dump`` reads
``self.contents`` twice (for the value and again for its header); on a value that was built or
changed in memory (``_mutated``), each read encodes the whole subtree again, so every level of
nesting doubles the work (wbond/asn1crypto#256). The signed attributes of one signature (the
signing certificate's issuer inside a GeneralName inside an ESSCertIDv2 inside a set...) cost
about 20 ms to encode instead of 0.1 ms, and the SignerInfo as much again.

:func:`install` replaces that one method by the same code reading the contents once: the bytes are
the same (``tests/issuing/test_signing_caches.py`` compares them), only the repeated work is gone.
It changes nothing unless asn1crypto's method is still the one it was written against.
"""

import hashlib
import inspect
import logging

logger = logging.getLogger(__name__)

#: SHA-256 of the source of ``asn1crypto.core.Asn1Value.dump`` as asn1crypto 1.5.1 ships it.
ORIGINAL_SOURCE_SHA256 = "6a16147b803e8c2a2e3b26b2aedc31dc1df78313a8fab321bf2bfb719308d303"
_installed = {}


def _source_sha256(function):
    try:
        return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    except (OSError, TypeError):  # no source to compare (a bytecode-only install): leave it alone
        return ""


def _dump(self, force=False):
    """``Asn1Value.dump`` of asn1crypto 1.5.1, with the contents computed once."""
    from asn1crypto.core import Constructable, _dump_header

    contents = self.contents

    # If the length is indefinite, force the re-encoding
    if self._header is not None and self._header[-1:] == b"\x80":
        force = True

    if self._header is None or force:
        if isinstance(self, Constructable) and self._indefinite:
            self.method = 0

        header = _dump_header(self.class_, self.method, self.tag, contents)

        if self.explicit is not None:
            for class_, tag in self.explicit:
                header = _dump_header(class_, 1, tag, header + contents) + header

        self._header = header
        self._trailer = b""

    return self._header + contents + self._trailer


def original_dump():
    """asn1crypto's own method (installed or not)."""
    from asn1crypto.core import Asn1Value

    return _installed.get("dump", Asn1Value.dump)


def install():
    """Use :func:`_dump` for asn1crypto values; True when it is (now or already) in place."""
    from asn1crypto.core import Asn1Value

    if "dump" in _installed:
        return True
    current = Asn1Value.dump
    if _source_sha256(current) != ORIGINAL_SOURCE_SHA256:
        logger.warning("asn1crypto's Asn1Value.dump is not the one this fix was written for: left as it is")
        return False
    _installed["dump"] = current
    Asn1Value.dump = _dump
    return True
