"""The ISO week in URLs: /lich-tuan/2024/03/ (two digits, 01 to 53), registered as ``<ww:week>`` (weekly.apps)."""


class WeekConverter:
    regex = r"0[1-9]|[1-4][0-9]|5[0-3]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"
