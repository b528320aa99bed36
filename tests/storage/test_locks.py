"""With object storage the verification page's slots are no files: names in the abstract socket namespace,
held by one holder at a time each (the kernel releases a name when its socket closes, a killed worker's too)."""

from pathlib import Path

import pytest

from issuing import verification_limits


def test_slots_are_abstract_socket_names_not_files(s3, settings):
    settings.VERIFY_MAX_CONCURRENT = 2
    with verification_limits.verification_slot(), verification_limits.verification_slot():
        with pytest.raises(verification_limits.VerificationBusyError), verification_limits.verification_slot():
            pass  # both taken: refused at once
        names = Path("/proc/net/unix").read_text(encoding="ascii")  # the sockets of this machine
        assert names.count("@ubnd-schedule-verify-") >= 2
    with verification_limits.verification_slot():  # let go: free again
        pass
    assert s3.var_files() == []
