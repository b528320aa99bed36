"""Many offices for bench/dataset.py --offices N (issue 20, "Scale").

The first office (the province, pk 1) keeps the ten years bench/dataset.py gives it. The others are
departments (20 at most) and communes under it, with real names, slugs and electronic codes. One commune,
the template (`xa-tan-yen`), issues the last ``months`` months through the real chain (load_plan,
publish_plan: revisions, register numbers, search text and signed PDFs are all real); every other office
gets a copy of the template's rows (its own agencies, plans, items, revisions, register entries), made by
one INSERT … SELECT per table, so 150 offices take seconds rather than the hour 1,800 signatures would.
A copy's revision holds the template's PDF with a comment line of its own after the end (its QR code names
the template's URL; its SHA-256 is its own, as every issued file's is): the public pages only read the stored
revision.
"""

import time

TEMPLATE = ("xa-tan-yen", "UBND XÃ TÂN YÊN", "Tân Yên")
DEPARTMENTS = [
    ("so-noi-vu", "SỞ NỘI VỤ", "SNV"),
    ("so-tai-chinh", "SỞ TÀI CHÍNH", "STC"),
    ("so-tu-phap", "SỞ TƯ PHÁP", "STP"),
    ("so-xay-dung", "SỞ XÂY DỰNG", "SXD"),
    ("so-cong-thuong", "SỞ CÔNG THƯƠNG", "SCT"),
    ("so-y-te", "SỞ Y TẾ", "SYT"),
    ("so-giao-duc-va-dao-tao", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT"),
    ("so-nong-nghiep-va-moi-truong", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "SNNMT"),
    ("so-khoa-hoc-va-cong-nghe", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SKHCN"),
    ("so-van-hoa-the-thao-va-du-lich", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "SVHTTDL"),
    ("so-dan-toc-va-ton-giao", "SỞ DÂN TỘC VÀ TÔN GIÁO", "SDTTG"),
    ("so-ngoai-vu", "SỞ NGOẠI VỤ", "SNgV"),
    ("thanh-tra-tinh", "THANH TRA TỈNH", "TTr"),
    ("ban-quan-ly-cac-khu-cong-nghiep", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "BQLKCN"),
    ("so-ke-hoach-va-dau-tu", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT"),
    ("so-giao-thong-van-tai", "SỞ GIAO THÔNG VẬN TẢI", "SGTVT"),
    ("so-lao-dong-thuong-binh-va-xa-hoi", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "SLĐTBXH"),
    ("so-thong-tin-va-truyen-thong", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "STTTT"),
    ("so-tai-nguyen-va-moi-truong", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "STNMT"),
    ("van-phong-doan-dbqh-va-hdnd", "VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH", "VP"),
]
FIRST = [
    ("Tân", "tan"),
    ("An", "an"),
    ("Hòa", "hoa"),
    ("Phúc", "phuc"),
    ("Đông", "dong"),
    ("Tây", "tay"),
    ("Xuân", "xuan"),
    ("Quang", "quang"),
    ("Minh", "minh"),
    ("Thanh", "thanh"),
    ("Phú", "phu"),
    ("Hợp", "hop"),
    ("Đức", "duc"),
]
SECOND = [
    ("Yên", "yen"),
    ("Bình", "binh"),
    ("Sơn", "son"),
    ("Lâm", "lam"),
    ("Hà", "ha"),
    ("Thịnh", "thinh"),
    ("Lộc", "loc"),
    ("Hưng", "hung"),
    ("Tiến", "tien"),
    ("Thành", "thanh-2"),
    ("Trung", "trung"),
    ("Phong", "phong"),
]
COMMUNE_AGENCIES = [
    "Văn phòng HĐND và UBND xã",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Công an xã",
    "Ban Chỉ huy Quân sự xã",
    "Trung tâm Phục vụ hành chính công xã",
    "Trạm Y tế xã",
    "Trường Trung học cơ sở",
    "Trường Tiểu học",
    "Trường Mầm non",
    "Hội Nông dân xã",
    "Hội Liên hiệp Phụ nữ xã",
    "Đoàn Thanh niên xã",
    "Hội Cựu chiến binh xã",
    "Ủy ban MTTQ Việt Nam xã",
]
COMMUNE_ITEMS = 20  # a commune's month: fewer agencies and items than the province's 55


def communes():
    """(slug, name, place) of the communes, the template first."""
    rows = [TEMPLATE]
    for first, first_slug in FIRST:
        for second, second_slug in SECOND:
            place = f"{first} {second}"
            slug = f"xa-{first_slug}-{second_slug.removesuffix('-2')}"
            if slug != TEMPLATE[0]:
                rows.append((slug, f"UBND XÃ {place.upper()}", place))
    return rows


def commune_plan_data(office, year, month, serial):
    """A commune's month: 3 priority tasks, a session, chairman items and conferences (20 items)."""
    names = COMMUNE_AGENCIES
    counter = iter(range(10**6))

    def agencies(index):
        lead = names[(serial * 7 + index * 3) % len(names)]
        support = names[(serial + index) % len(names)]
        return [lead] if index % 3 or support == lead else [lead, support]

    def items(count, prefix):
        return [
            {"title": f"{prefix} số {n} về phát triển kinh tế - xã hội của xã năm {year}", "agencies": agencies(n)}
            for n in (next(counter) for _ in range(count))
        ]

    month_text = f"{year:04d}-{month:02d}"
    per_part = COMMUNE_ITEMS // 4
    return {
        "year": year,
        "month": month,
        "title": f"Chương trình công tác của UBND xã tháng {month:02d} năm {year}",
        "agencies": [{"name": name, "short_name": name} for name in names],
        "priority_tasks": [f"Nhiệm vụ trọng tâm {index} của xã tháng {month}/{year}." for index in range(1, 4)],
        "regular_sessions": [
            {
                "date": f"{month_text}-10",
                "time": "08:00",
                "place": "Hội trường xã",
                "items": items(per_part, "Tờ trình"),
            },
            {"date": f"{month_text}-24", "items": items(per_part, "Dự thảo Kế hoạch")},
        ],
        "chairman_items": items(per_part, "Báo cáo"),
        "conferences": [
            {"date": f"{month_text}-{day:02d}", "title": f"Hội nghị của xã số {day}", "agencies": agencies(day)}
            for day in range(3, 3 + COMMUNE_ITEMS - 3 * per_part)
        ],
        "recipients": ["TT Đảng ủy, TT HĐND xã", "Lưu: VT."],
        "signer": {"authority": office.signer_authority, "position": office.signer_position, "name": "Hoàng Văn Bình"},
    }


def create_offices(count):
    """The offices 2..count under the first: the template commune, up to 20 departments, then communes.
    Returns (template, the others)."""
    from agenda.models import Office
    from agenda.offices import level_defaults

    province = Office.objects.get_solo()
    rows = []
    commune_rows = communes()
    wanted = count - 1
    departments = DEPARTMENTS[: max(0, min(len(DEPARTMENTS), wanted - 1))]
    if wanted - len(departments) > len(commune_rows):
        raise SystemExit(f"bench/dataset.py: at most {len(commune_rows) + len(DEPARTMENTS) + 1} offices.")
    levels = [(Office.Level.COMMUNE, row, "CTr-UBND") for row in commune_rows[:1]]
    levels += [
        (Office.Level.DEPARTMENT, (slug, name, "Bắc Giang"), f"CTr-{symbol}") for slug, name, symbol in departments
    ]
    levels += [(Office.Level.COMMUNE, row, "CTr-UBND") for row in commune_rows[1 : wanted - len(departments)]]
    for number, (level, (slug, name, place), symbol) in enumerate(levels, start=1):
        defaults = level_defaults(level, name)
        parent_body = defaults.pop("parent_body", province.parent_body)
        rows.append(
            Office(
                **{**defaults, "document_symbol": symbol},
                slug=slug,
                name=name,
                parent_body=parent_body,
                place=place,
                code=f"000.{number // 100:02d}.{number % 100:02d}.H06",
                level=level,
                parent=province,
            )
        )
    template = rows[0]
    template.signer_authority, template.signer_position = "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    template.signer_name = "Hoàng Văn Bình"
    template.recipients = "Như trên;\nLưu: VT."
    template.full_clean()
    Office.objects.bulk_create(rows)
    created = list(Office.objects.exclude(pk=province.pk).order_by("pk"))
    return created[0], created[1:]


def issue_template(template, last_year, months):
    """The template commune's last ``months`` months, issued through the real chain."""
    from issuing.services import publish_plan
    from programme.services import load_plan

    started = time.perf_counter()
    first = last_year * 12 + 12 - months
    for index in range(first, first + months):
        year, month = divmod(index, 12)
        plan, _created = load_plan(commune_plan_data(template, year, month + 1, index), office=template)
        publish_plan(plan)
    print(f"{template.slug}: {months} plans issued ({time.perf_counter() - started:.0f} s)", flush=True)


# What each copied table's rows belong to, and how its references move: a column named here is either the
# office (the copy's) or a reference to a copied table (its id moved by that table's stride).
COPIED = [
    ("agenda_agency", "t.office_id = %(template)s", {"office_id": "office"}),
    ("agenda_monthlyplan", "t.office_id = %(template)s", {"office_id": "office", "amends_id": "agenda_monthlyplan"}),
    ("agenda_prioritytask", "t.plan_id IN (%(plans)s)", {"plan_id": "agenda_monthlyplan"}),
    ("meetings_regularsession", "t.plan_id IN (%(plans)s)", {"plan_id": "agenda_monthlyplan"}),
    (
        "meetings_item",
        "t.plan_id IN (%(plans)s)",
        {"plan_id": "agenda_monthlyplan", "session_id": "meetings_regularsession"},
    ),
    (
        "meetings_itemagency",
        "t.item_id IN (SELECT id FROM meetings_item WHERE plan_id IN (%(plans)s))",
        {"item_id": "meetings_item", "agency_id": "agenda_agency"},
    ),
    ("issuing_revision", "t.office_id = %(template)s", {"office_id": "office", "plan_id": "agenda_monthlyplan"}),
    (
        "issuing_changeentry",
        "t.revision_id IN (SELECT id FROM issuing_revision WHERE office_id = %(template)s)",
        {"revision_id": "issuing_revision"},
    ),
    (
        "issuing_changeentry_agencies",
        "t.changeentry_id IN (SELECT e.id FROM issuing_changeentry e JOIN issuing_revision r ON r.id = e.revision_id"
        " WHERE r.office_id = %(template)s)",
        {"changeentry_id": "issuing_changeentry", "agency_id": "agenda_agency"},
    ),
    ("issuing_approversignature", "t.plan_id IN (%(plans)s)", {"plan_id": "agenda_monthlyplan"}),
    ("issuing_registerentry", "t.office_id = %(template)s", {"office_id": "office", "plan_id": "agenda_monthlyplan"}),
]


def copy_template(template, others):
    """Every row of ``template`` copied to each office of ``others``: one INSERT … SELECT per table."""
    from django.db import connection, transaction

    if not others:
        return
    started = time.perf_counter()
    tables = [table for table, _where, _moved in COPIED]
    with transaction.atomic(), connection.cursor() as cursor:
        strides = {}
        for table in tables:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
            strides[table] = cursor.fetchone()[0]
        cursor.execute("CREATE TEMPORARY TABLE bench_copy (k integer, office_id integer) ON COMMIT DROP")
        cursor.executemany("INSERT INTO bench_copy VALUES (%s, %s)", list(enumerate((o.pk for o in others), start=1)))
        values = {
            "template": int(template.pk),
            "plans": f"SELECT id FROM agenda_monthlyplan WHERE office_id = {template.pk}",
        }
        for table, where, moved in COPIED:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER'"
                " ORDER BY ordinal_position",
                [table],
            )
            columns = [row[0] for row in cursor.fetchall()]
            selected = []
            for column in columns:
                target = moved.get(column)
                if column == "id":
                    selected.append(f"t.id + c.k * {strides[table]}")
                elif target == "office":
                    selected.append("c.office_id")
                elif target:
                    selected.append(f"t.{column} + c.k * {strides[target]}")
                elif table == "issuing_revision" and column in {"pdf", "sha256"}:
                    content = "t.pdf || convert_to(E'\\n%% bench copy ' || c.k || E'\\n', 'UTF8')"
                    selected.append(content if column == "pdf" else f"encode(sha256({content}), 'hex')")
                else:
                    selected.append(f"t.{column}")
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"SELECT {', '.join(selected)} FROM {table} t CROSS JOIN bench_copy c WHERE {where % values}"
            )
        for table in tables:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    print(f"{len(others)} offices copied from {template.slug} ({time.perf_counter() - started:.0f} s)", flush=True)


def build(count, last_year, months):
    """Offices 2..count with their programmes (bench/dataset.py --offices count)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench/dataset.py: --offices needs PostgreSQL (DATABASE_URL).")
    template, others = create_offices(count)
    issue_template(template, last_year, months)
    copy_template(template, others)
