"""Logs on stdout as one key=value line per record."""

import logging
import sys

from ubnd_schedule.logging import KeyValueFormatter


def test_a_record_is_one_key_value_line_with_extras_and_the_traceback():
    try:
        raise ValueError("hỏng\ndòng hai")
    except ValueError:
        record = logging.getLogger("ubnd_schedule.test").makeRecord(
            "ubnd_schedule.test",
            logging.ERROR,
            __file__,
            1,
            'plan %s "failed"',
            ("2024-01",),
            exc_info=sys.exc_info(),
            extra={"path": "/ke-hoach/2024/01/"},
        )
    line = KeyValueFormatter().format(record)
    assert "\n" not in line
    assert line.startswith("time=")
    assert " level=ERROR logger=ubnd_schedule.test " in line
    assert ' msg="plan 2024-01 \\"failed\\""' in line
    assert " path=/ke-hoach/2024/01/" in line
    assert ' exc="Traceback' in line and "ValueError: hỏng\\ndòng hai" in line
