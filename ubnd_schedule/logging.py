"""Structured logs: one ``key=value`` line per record, easy to grep and to parse."""

import logging

# Attributes every LogRecord has; anything else was passed in ``extra`` and is logged too.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# Objects Django puts in ``extra`` that are not worth a line (the request, the socket).
_SKIPPED = {"request", "server_time"}


def _quote(value):
    text = str(value)
    if text and not any(ch.isspace() or ch in '"=' for ch in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class KeyValueFormatter(logging.Formatter):
    """``time=… level=… logger=… msg="…" key=value …`` and the traceback, escaped onto the same line."""

    def format(self, record):
        fields = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in _SKIPPED and not key.startswith("_"):
                fields[key] = value
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        return " ".join(f"{key}={_quote(value)}" for key, value in fields.items())
