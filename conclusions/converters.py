class DayConverter:
    """A day of the month in a path, two digits: "05", "19"."""

    regex = r"0[1-9]|[12][0-9]|3[01]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"
