"""Several app servers behind nginx, proved on this machine (issue 21): whichever node answers, the client sees one
site. Each test drives the running cluster over HTTP (nginx, or one node directly to choose which one answers)."""

import os
import signal
import subprocess
import threading
import time

import pytest
import requests

from tests.cluster.web import Visitor, amend, open_signing_page, parse_wrk, plan_path, seal, sign, wrk

pytestmark = pytest.mark.cluster

PUBLIC_PAGES = [
    "/",
    "/bac-giang/",
    "/bac-giang/ke-hoach/",
    "/bac-giang/ke-hoach/2024/01/",
    "/bac-giang/co-quan/",
    "/xa-tan-yen/",
    "/xa-tan-yen/ke-hoach/2024/01/",
    "/bac-giang/ke-hoach/2024/01/lich.ics",
]
KILL_AFTER = 6
LOAD_SECONDS = 20


def node_url(cluster, node):
    return f"http://127.0.0.1:{cluster.node_ports[node]}"


def report(capsys, text):
    with capsys.disabled():
        print(f"\n{text}", flush=True)


def test_every_service_answers_through_nginx_and_metrics_stay_inside(cluster):
    ready = requests.get(f"{cluster.url}/readyz", timeout=10)
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "ok", "broker": "ok"}
    assert requests.get(f"{cluster.url}/metrics", timeout=10).status_code == 404  # nginx: never from outside
    # A node's own address, from loopback (the monitoring network here): every worker's counters.
    metrics = requests.get(f"{node_url(cluster, 'a')}/metrics", timeout=10)
    assert metrics.status_code == 200
    assert "django_http_requests_total_by_method_total" in metrics.text
    for path in PUBLIC_PAGES:
        assert requests.get(cluster.url + path, timeout=30).status_code == 200, path


def test_a_node_sends_whole_answers_with_or_without_a_body(cluster):
    """gunicorn.conf.py holds the headers until the body (whole_responses): answers of every shape still arrive."""
    base = node_url(cluster, "b")
    page = requests.get(f"{base}/bac-giang/ke-hoach/2024/01/", timeout=30)
    # A kept page has no Content-Length (it is answered before CommonMiddleware): gunicorn sends it chunked, its
    # chunks and their ending in the one write.
    assert page.status_code == 200 and page.text.rstrip().endswith("</html>")
    head = requests.head(f"{base}/bac-giang/ke-hoach/2024/01/", timeout=30)
    assert head.status_code == 200 and head.content == b""
    unchanged = requests.get(
        f"{base}/bac-giang/ke-hoach/2024/01/", headers={"If-None-Match": page.headers["ETag"]}, timeout=30
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    pdf = requests.get(f"{base}/bac-giang/ke-hoach/2024/01/pdf/", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.content.rstrip().endswith(b"%%EOF")


def test_a_programme_issued_through_node_a_is_on_node_b_at_once(cluster):
    office = "bac-giang"
    page = f"/{office}/ke-hoach/2024/01/"
    before = requests.get(node_url(cluster, "b") + page, timeout=30)
    assert before.status_code == 200
    assert f"{page}ban/2/" not in before.text
    requests.get(node_url(cluster, "b") + page, timeout=30)  # now kept in the shared cache

    through_a = node_url(cluster, "a")
    amend(Visitor(through_a, "chuyenvien"), office)
    approver = Visitor(through_a, "lanhdao")
    sign(approver, office, open_signing_page(approver, office))
    seal(Visitor(through_a, "vanthu"), office)

    after = requests.get(node_url(cluster, "b") + page, timeout=30)
    assert after.status_code == 200
    assert f"{page}ban/2/" in after.text  # the second revision, at once: the office's kept pages were dropped
    pdf = requests.get(f"{node_url(cluster, 'b')}{page}ban/2/pdf/", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def last_numbers(sql):
    """Each office's last number in its register."""
    rows = sql(
        "SELECT o.slug, max(r.number) FROM issuing_registerentry r"
        " JOIN agenda_office o ON o.id = r.office_id GROUP BY o.slug"
    )
    return dict(rows)


def test_two_offices_issuing_on_two_nodes_at_the_same_moment_get_their_own_next_numbers(cluster, sql):
    offices = {
        "bac-giang": ("a", "chuyenvien", "lanhdao", "vanthu"),
        "xa-tan-yen": ("b", "xa.chuyenvien", "xa.lanhdao", "xa.vanthu"),
    }
    before = last_numbers(sql)
    approvers = {}
    for office, (node, editor, approver, _clerk) in offices.items():
        amend(Visitor(node_url(cluster, node), editor), office)
        approvers[office] = Visitor(node_url(cluster, node), approver)
    barrier = threading.Barrier(len(offices))
    errors = []

    def issue(office):
        node, _editor, _approver, clerk = offices[office]
        try:
            barrier.wait(timeout=30)
            sha256 = open_signing_page(approvers[office], office)  # reserves the office's next number
            sign(approvers[office], office, sha256)
            seal(Visitor(node_url(cluster, node), clerk), office)
        except Exception as error:  # reported below
            errors.append((office, error))

    threads = [threading.Thread(target=issue, args=(office,)) for office in offices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []
    after = last_numbers(sql)
    for office in offices:
        assert after[office] == before[office] + 1, office
    duplicates = sql("SELECT office_id, year, number FROM issuing_registerentry GROUP BY 1, 2, 3 HAVING count(*) > 1")
    assert duplicates == []


def test_killing_an_app_node_under_load_costs_the_client_no_request(cluster, tmp_path, capsys):
    command = wrk(cluster.url, PUBLIC_PAGES, LOAD_SECONDS, tmp_path)
    load = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(KILL_AFTER)
    cluster.kill_node("a")  # SIGKILL to its gunicorn master and workers, in the middle of the requests
    output, errors = load.communicate(timeout=LOAD_SECONDS + 30)
    assert load.returncode == 0, errors
    figures = parse_wrk(output)
    report(
        capsys,
        f"kill-a-node: {figures['requests']} requests in {LOAD_SECONDS} s ({figures['rps']:.0f}/s) through nginx, "
        f"node a killed after {KILL_AFTER} s: non-2xx/3xx {figures['non_2xx_3xx']}, socket errors "
        f"{figures['socket_errors']}\n{output}",
    )
    assert figures["requests"] > 100
    assert figures["non_2xx_3xx"] == 0
    assert figures["socket_errors"] == 0
    cluster.start_node("a")  # back in the upstream for whatever runs next
    assert requests.get(f"{node_url(cluster, 'a')}/readyz", timeout=10).status_code == 200


def test_a_file_uploaded_through_node_a_downloads_through_node_b(cluster, sql):
    from tests.workspace.files import pdf_bytes

    item = sql(
        "SELECT i.id FROM meetings_item i JOIN meetings_itemagency ia ON ia.item_id = i.id AND ia.position = 0"
        " JOIN agenda_agency a ON a.id = ia.agency_id JOIN agenda_monthlyplan p ON p.id = i.plan_id"
        " WHERE a.short_name = 'Sở KHĐT' AND i.part = 'session' AND p.status = 'published' ORDER BY i.id LIMIT 1"
    )[0][0]
    content = pdf_bytes("Tờ trình gửi qua máy chủ a")
    uploaded = Visitor(node_url(cluster, "a"), "sokhdt").post(
        f"/van-phong/bac-giang/noi-dung/{item}/ho-so/tai-len/",
        {f"tl-{item}-note": "Bản chính thức"},
        files={f"tl-{item}-files": ("to-trinh.pdf", content, "application/pdf")},
    )
    assert uploaded.status_code == 302
    (file_id,) = sql(
        "SELECT f.id FROM dossiers_dossierfile f JOIN dossiers_dossiersubmission s ON s.id = f.submission_id"
        " WHERE s.item_id = %s ORDER BY f.id DESC LIMIT 1",
        item,
    )[0]
    reader = Visitor(node_url(cluster, "b"), "sokhdt")
    response = reader.get(f"/van-phong/bac-giang/tep/{file_id}/")
    if response.status_code == 302:  # a short-lived presigned link to the bucket (S3_PRESIGNED_REDIRECT)
        response = requests.get(response.headers["Location"], timeout=30)
    assert response.status_code == 200
    assert response.content == content


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s: {what}")


def kill_a_worker_in_the_middle_of(cluster, sql, start_job):
    """A worker that pauses inside every job (the jobs' hook, JOBS_TEST_PAUSE_SECONDS: after the job took its lock,
    before it does its work) takes the job ``start_job()`` queues and returns the name of (what its pause logs);
    it is killed there (SIGKILL, its pool with it), and a plain worker started. Returns once the kill is done."""
    wait_until(lambda: sql("SELECT count(*) FROM jobs_outboxmessage WHERE state = 'pending'")[0][0] == 0, 180, "idle")
    cluster.stop_process("worker")  # SIGTERM: the worker finishes what it has, then leaves
    paused = cluster.start_worker("worker-paused", JOBS_TEST_PAUSE_SECONDS="120")
    what = start_job()
    log = cluster.run / "worker-paused.log"
    wait_until(lambda: log.exists() and f"test pause in {what}" in log.read_text(), 60, "the job's pause")
    os.killpg(paused.pid, signal.SIGKILL)
    paused.wait(timeout=10)
    cluster.processes.pop("worker-paused")
    log.rename(cluster.run / f"worker-paused-{time.monotonic_ns()}.log")
    cluster.start_worker("worker")


def wait_for_the_job(cluster, condition, describe):
    """Until ``condition()``: the dead worker's job given to the new one (the visibility timeout) and done."""
    try:
        wait_until(condition, cluster.visibility_timeout + 60, "the job run again")
    except AssertionError as error:
        logs = "\n".join(f"== {path.name}\n{path.read_text()[-3000:]}" for path in cluster.run.glob("worker*.log"))
        raise AssertionError(f"{error}; {describe()}\n{logs}") from None


def test_a_worker_killed_in_the_middle_of_an_e_mail_leaves_exactly_one_e_mail(cluster, sql):
    office, through_a = "xa-tan-yen", node_url(cluster, "a")
    keys = []

    def return_a_plan():
        amend(Visitor(through_a, "xa.chuyenvien"), office)
        returned = Visitor(through_a, "xa.lanhdao").post(f"{plan_path(office)}tra-lai/", {"comment": "Bổ sung số liệu"})
        assert returned.status_code == 302
        keys.append(sql("SELECT key FROM jobs_outboxmessage WHERE key LIKE 'plan-returned:%%' ORDER BY id DESC")[0][0])
        return f"deliver {keys[0]}"

    kill_a_worker_in_the_middle_of(cluster, sql, return_a_plan)

    def state():
        return sql("SELECT state, attempts FROM jobs_outboxmessage WHERE key = %s", keys[0])[0]

    wait_for_the_job(cluster, lambda: state()[0] == "sent", lambda: f"the row: {state()}")
    mails = [path.read_text() for path in cluster.mail_dir.glob("*.log")]
    assert sum(text.count(f"X-Outbox-Key: {keys[0]}") for text in mails) == 1
    assert state() == ("sent", 1)  # the killed try's transaction never committed


def test_a_worker_killed_in_the_middle_of_a_packet_build_leaves_exactly_one_packet(cluster, sql):
    import boto3

    from jobs.builds import storage_name

    (session,) = sql(
        "SELECT s.id FROM meetings_regularsession s JOIN agenda_monthlyplan p ON p.id = s.plan_id"
        " JOIN agenda_office o ON o.id = p.office_id WHERE o.slug = 'bac-giang' AND p.status = 'published'"
        " ORDER BY s.id DESC LIMIT 1"
    )[0]
    packet = f"/van-phong/bac-giang/phien-hop/{session}/tai-lieu.pdf"
    reader = Visitor(node_url(cluster, "b"), "chuyenvien")
    keys = []

    def ask_for_the_packet():
        building = reader.get(packet)
        assert building.status_code == 202, building.status_code  # "being built", the page reloads itself
        keys.append(sql("SELECT key, subject FROM jobs_builtfile ORDER BY id DESC LIMIT 1")[0])
        return f"build {keys[0][0]}"

    kill_a_worker_in_the_middle_of(cluster, sql, ask_for_the_packet)
    key, subject = keys[0]
    wait_for_the_job(cluster, lambda: reader.get(packet).status_code == 200, lambda: f"the page: {reader.get(packet)}")

    pdf = reader.get(packet)
    assert pdf.content.startswith(b"%PDF")
    assert sql("SELECT state FROM jobs_builtfile WHERE subject = %s", subject) == [("ready",)]
    env = cluster.environment()
    bucket = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["S3_ACCESS_KEY"],
        aws_secret_access_key=env["S3_SECRET_KEY"],
        region_name=env["S3_REGION"],
    )
    stored = bucket.list_objects_v2(Bucket=env["S3_BUCKET"], Prefix="tep-tao-nen/").get("Contents", [])
    assert [item["Size"] for item in stored if item["Key"].startswith(storage_name(key, ""))] == [len(pdf.content)]


def test_no_file_is_written_under_the_nodes_var_dir(cluster):
    """Last: after every test above (issuing, uploads, downloads, e-mails, packets) on the nodes and the workers."""
    for path in PUBLIC_PAGES:
        requests.get(cluster.url + path, timeout=30)
    requests.get(f"{cluster.url}/bac-giang/ke-hoach/2024/01/pdf/", timeout=30)
    written = [str(path.relative_to(cluster.var_dir)) for path in cluster.var_dir.rglob("*")]
    assert written == []
