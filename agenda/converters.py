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


#: The first words of the site's own paths, today's and those planned (the weekly schedule, the conclusions,
#: the operations' probes): no office may take one as its slug (agenda.offices.Office.clean), and the office
#: converter does not match one. tests/test_offices.py checks every path of the URLconf against this list.
RESERVED_SLUGS = frozenset(
    {
        # the site's root
        "admin",
        "van-phong",
        "ke-hoach",
        "co-quan",
        "xac-thuc",
        "tim-kiem",
        "healthz",
        "readyz",
        "metrics",
        "ngon-ngu",
        "static",
        "media",
        "favicon.ico",
        "robots.txt",
        "lich-tuan",
        "lanh-dao",
        "ket-luan",
        "api",
        "tai-lieu",
        "don-vi",
        # the workspace's own words under /van-phong/
        "dang-nhap",
        "dang-xuat",
        "quen-mat-khau",
        "phat-hanh",
        "tai-khoan",
        "noi-dung",
        "ho-so",
        "de-xuat",
        "quan-tri",
        "chon-don-vi",
        "phien-hop",
        "tep",
        # the weekly schedule's, the notices' and the follow-up's, the ballots'
        "moi",
        "cai-dat",
        "thiet-lap",
        "nhiem-vu",
        "theo-doi",
        "lay-y-kien",
    }
)


class OfficeConverter:
    """An office's slug in a URL (``<office:office>``): lower-case words joined by hyphens, never one of the
    words the site's own paths begin with (agenda.offices.RESERVED_SLUGS), so that ``/ke-hoach/…`` and
    ``/van-phong/ho-so/`` keep their meaning. Reversed from an Office or its slug."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"

    def to_python(self, value):
        if value in RESERVED_SLUGS:
            raise ValueError(value)
        return value

    def to_url(self, value):
        return getattr(value, "slug", value)
