"""Benchmark data: ten years of issued programmes in the database DATABASE_URL points at.

    .venv/bin/python bench/dataset.py --years 10          # 120 issued plans, about 6,600 items

Every month gets a plan of about 55 items in the shape of the sample (regular sessions,
submissions to the Chairman, conferences) spread over 200 agencies, one of which (Sở Kế hoạch
và Đầu tư) prepares about a fifth of the items, as the busiest department does. Each plan is
issued through the real chain (submit, the approver's and the Office's signatures) with the
development test identities, so revisions, register numbers and search text are all real.
The month after the last one gets a working draft of 60 items, edited by the account `bench-editor`
(role chuyên viên; bench/load.py logs it in to time the editing page).
With --offices N (issue 20) the province above is the first of N offices: the others, departments and
communes under it, each issue the last --office-months months (bench/offices_dataset.py); 150 offices make
120 + 149 × 12 = 1,908 issued programmes. --offices 1 (the default) is the single office above.
Statistics are refreshed at the end (ANALYZE on PostgreSQL, where autovacuum may be off).

Not a test: it builds data for bench/load.py. It refuses a database that already has plans; with
--reuse it leaves such a database as it is (after migrating it). A PostgreSQL database that does not
exist yet is created.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUSIEST = "Sở Kế hoạch và Đầu tư"
AGENCY_COUNT = 200
ITEMS_PER_PLAN = 55
DRAFT_ITEMS = 60  # the working draft whose editing page bench/load.py times


def agency_names():
    names = [BUSIEST] + [f"Sở Thử nghiệm số {index:03d}" for index in range(1, AGENCY_COUNT)]
    return names


def plan_data(year, month, serial):
    """One month's programme: 3 priority tasks, 2 sessions, chairman items, conferences."""
    names = agency_names()

    def agencies(index):
        other = names[1 + (serial * 31 + index * 7) % (len(names) - 1)]
        lead = BUSIEST if index % 5 == 0 else other
        support = names[1 + (serial + index) % (len(names) - 1)]
        return [lead] if index % 3 or support == lead else [lead, support]

    counter = iter(range(10**6))

    def items(count, prefix):
        return [
            {"title": f"{prefix} số {n} về phát triển kinh tế - xã hội năm {year}", "agencies": agencies(n)}
            for n in (next(counter) for _ in range(count))
        ]

    month_text = f"{year:04d}-{month:02d}"
    per_part = ITEMS_PER_PLAN // 4
    return {
        "year": year,
        "month": month,
        "title": f"Công tác của UBND tỉnh tháng {month:02d} năm {year}",
        "agencies": [{"name": name, "short_name": name.replace("Sở Thử nghiệm số ", "STN")} for name in names],
        "priority_tasks": [f"Nhiệm vụ trọng tâm {index} của tháng {month}/{year}." for index in range(1, 4)],
        "regular_sessions": [
            {
                "date": f"{month_text}-10",
                "time": "08:00",
                "place": "Phòng họp số 1",
                "items": items(per_part, "Tờ trình"),
            },
            {"date": f"{month_text}-24", "items": items(per_part, "Dự thảo Quyết định")},
        ],
        "chairman_items": items(per_part, "Đề án"),
        "conferences": [
            {"date": f"{month_text}-{day:02d}", "title": f"Hội nghị chuyên đề số {day}", "agencies": agencies(day)}
            for day in range(3, 3 + ITEMS_PER_PLAN - 3 * per_part)
        ],
        "recipients": ["Văn phòng Chính phủ", "TT Tỉnh ủy, TT HĐND tỉnh", "Lưu: VT, TH"],
        "signer": {"authority": "TL. CHỦ TỊCH", "position": "CHÁNH VĂN PHÒNG", "name": "Lê Tuấn Phú"},
    }


def draft_data(year, month, items):
    """bench/dataset.py's plan, stretched to ``items`` items over its four lists."""
    data = plan_data(year, month, serial=7)
    lists = [
        data["regular_sessions"][0]["items"],
        data["regular_sessions"][1]["items"],
        data["chairman_items"],
        data["conferences"],
    ]
    count = sum(len(entries) for entries in lists)
    index = 0
    while count < items:
        entries = lists[index % len(lists)]
        extra = dict(entries[len(entries) % max(1, len(entries) - 1)])
        extra["title"] = f"{extra['title']} (bổ sung {count})"
        entries.append(extra)
        count += 1
        index += 1
    while count > items:
        lists[index % len(lists)].pop()
        count -= 1
        index += 1
    return data


def bench_editor():
    """The account `bench-editor` (role chuyên viên) that times the editing page; made if missing."""
    from django.contrib.auth.models import User

    from access.models import Membership
    from access.roles import EDITOR
    from agenda.models import Office

    user, created = User.objects.get_or_create(username="bench-editor", defaults={"email": "bench@example.org"})
    if created:
        user.set_password("bench-" + "x" * 20)
        user.save()
    Membership.objects.grant(user, Office.objects.get_solo(), EDITOR)
    return user


def create_postgresql_database(url):
    """Create the database ``url`` names if it is PostgreSQL and does not exist yet."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    connect = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None}
    with psycopg.connect(dbname="postgres", password=config["PASSWORD"] or None, autocommit=True, **connect) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--last-year", type=int, default=2025, help="the year of the newest plans")
    parser.add_argument("--offices", type=int, default=1, help="the number of offices, the province first")
    parser.add_argument("--office-months", type=int, default=12, help="the months each other office issued")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already has the plans")
    args = parser.parse_args()
    create_postgresql_database(os.environ.get("DATABASE_URL", ""))

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    from agenda.models import MonthlyPlan
    from issuing.services import publish_plan
    from programme.services import load_plan

    call_command("migrate", verbosity=0)
    if MonthlyPlan.objects.exists() and args.reuse:
        print(f"bench/dataset.py: reusing the {MonthlyPlan.objects.count()} plans already in the database.")
        return
    if MonthlyPlan.objects.exists():
        sys.exit("bench/dataset.py: the database already has plans; point DATABASE_URL at an empty one.")
    call_command("make_dev_certificate", verbosity=0)
    started = time.perf_counter()
    serial = 0
    for year in range(args.last_year - args.years + 1, args.last_year + 1):
        for month in range(1, 13):
            plan, _created = load_plan(plan_data(year, month, serial))
            publish_plan(plan)
            serial += 1
        print(f"{year}: issued ({time.perf_counter() - started:.0f} s)", flush=True)
    load_plan(draft_data(args.last_year + 1, 1, DRAFT_ITEMS))
    bench_editor()
    if args.offices > 1:
        import offices_dataset

        offices_dataset.build(args.offices, args.last_year, args.office_months)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from meetings.models import Item

    busiest = Item.objects.filter(assignments__agency__name=BUSIEST).count()
    plans = MonthlyPlan.objects.published().count()
    print(f"{plans} plans, {Item.objects.count()} items, {AGENCY_COUNT} agencies; {BUSIEST}: {busiest} items")


if __name__ == "__main__":
    main()
