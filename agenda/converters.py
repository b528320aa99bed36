"""Path converters for plan URLs: /ke-hoach/2024/01/ (four-digit year, two-digit month)."""


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = r"0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"
