"""A whole province's deployment on this machine, on loopback only: `make cluster` (and the cluster tests).

nginx (the Debian package, a generated configuration in a run directory, not the system service) in front of two
gunicorn app nodes on different ports, a Celery worker and Celery beat, on the local PostgreSQL (a database of its
own, migrated, with the demo data loaded and issued by ``demo_setup``), the local Redis (the shared cache and the
job broker) and an S3 API server (moto's server mode stands in for MinIO or a cloud bucket; the bucket is created).
Every node gets an empty VAR_DIR: nothing of the site is kept on an app server's disk.

    python deploy/cluster.py [--port 8080]      # prints the URL; Ctrl-C or SIGTERM stops every process

Each child runs in its own process group; stopping sends SIGTERM to each group, waits, then SIGKILL, and
removes the run directory. The tests drive the same class (``Cluster``): kill a node, start it again.
"""

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("CLUSTER_PYTHON", str(ROOT / ".venv" / "bin" / "python"))
BIN = Path(PYTHON).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEMO_PASSWORD = "demo-2024"
NODES = ("a", "b")


def free_port():
    """A port on loopback free right now (bound, then released for the child to take)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=60, process=None):
    """Until ``url`` answers 200 (or the process it belongs to has died, or ``seconds`` have passed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


class Cluster:
    """The processes of one cluster and the environment they share."""

    def __init__(
        self, port=None, database="ubnd_cluster", redis_db=10, quiet=False, access_log=False, visibility_timeout=60
    ):
        self.port = port or free_port()
        self.database = database
        self.redis_db = redis_db
        self.quiet = quiet
        self.access_log = access_log
        self.run = Path(tempfile.mkdtemp(prefix="ubnd-cluster-"))
        self.run.chmod(0o755)  # nginx's workers (nobody when started as root) read the static files under it
        self.var_dir = self.run / "var-empty"
        self.mail_dir = self.run / "mail"  # every e-mail sent, one file per message (Django's file backend)
        self.visibility_timeout = visibility_timeout
        self.node_ports = {name: free_port() for name in NODES}
        self.s3_port = free_port()
        self.processes = {}  # name -> Popen, in start order
        self.url = f"http://127.0.0.1:{self.port}"

    # The environment ---------------------------------------------------------------------------------------

    @property
    def database_url(self):
        return f"postgres://postgres@127.0.0.1:5432/{self.database}"

    def environment(self, node=None):
        """What every process of the site reads: the same services, an empty VAR_DIR, production settings."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ubnd_schedule.settings",
            "DEBUG": "false",
            "SECRET_KEY": "cluster-on-loopback-only-" + "x" * 32,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "SECURE_SSL_REDIRECT": "false",  # loopback, plain HTTP; production terminates TLS at nginx
            "SECURE_COOKIES": "false",
            "SECURE_PROXY_SSL_HEADER": "true",  # nginx overwrites X-Forwarded-Proto
            "AXES_IPWARE_PROXY_COUNT": "1",  # nginx, one proxy
            "DATABASE_URL": self.database_url,
            "CACHE_URL": f"redis://127.0.0.1:6379/{self.redis_db}",
            "CACHE_KEY_PREFIX": f"cluster-{self.run.name}",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{self.redis_db + 1}",
            "S3_BUCKET": "ubnd-cluster",
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "S3_ACCESS_KEY": "cluster-access",
            "S3_SECRET_KEY": "cluster-secret",
            "S3_REGION": "us-east-1",
            "VAR_DIR": str(self.var_dir),
            "STATIC_ROOT": str(self.run / "static"),
            # The keys are configuration (like a TLS key), installed on every node, not data: outside VAR_DIR.
            "SIGNING_DIR": str(self.run / "signing"),
            "SIGNING_P12_PATH": str(self.run / "signing" / "dev-signer.p12"),
            "SIGNING_P12_PASSWORD": "dev-only-not-secret",
            "SIGNING_TRUST_ROOTS": str(self.run / "signing" / "dev-ca.crt"),
            "SIGNING_DEV_IDENTITIES": "true",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            # Redis gives a dead worker's unacknowledged job to another after this many seconds (production: an
            # hour, longer than any job); short here so that a killed worker's job runs again within the test.
            "CELERY_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
            "CELERY_RESTORE_THROTTLE": "1" if self.visibility_timeout < 60 else "10",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        if node is not None:
            metrics = self.run / f"metrics-{node}"
            metrics.mkdir(exist_ok=True)
            env.update(
                {
                    "PROMETHEUS_MULTIPROC_DIR": str(metrics),
                    "GUNICORN_BIND": f"127.0.0.1:{self.node_ports[node]}",
                    "WEB_CONCURRENCY": os.environ.get("CLUSTER_WORKERS", "2"),
                    "NODE_NAME": node,
                }
            )
        return env

    def manage(self, *args, check=True):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.environment(),
            check=check,
            capture_output=self.quiet,
            text=True,
        )

    def say(self, message):
        if not self.quiet:
            print(f"cluster: {message}", flush=True)

    # Starting ----------------------------------------------------------------------------------------------

    def spawn(self, name, command, env=None, chatty=False):
        """Starts ``command`` in a process group of its own (Ctrl-C reaches this script, which stops each group).

        Its output goes to the terminal, or (quiet, or a ``chatty`` one that logs every request) to a file of the
        run directory."""
        output = None
        if self.quiet or chatty:
            output = (self.run / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.environment(),
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        if output:
            output.close()
        return self.processes[name]

    def start(self):
        """Every service, in dependency order; raises (after stopping what started) if one does not come up."""
        try:
            self.var_dir.mkdir()
            self.start_object_store()
            self.prepare_database()
            for node in NODES:
                self.start_node(node)
            self.start_jobs()
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def start_object_store(self):
        self.say(f"S3 API server (moto) on 127.0.0.1:{self.s3_port}")
        process = self.spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)], chatty=True)
        wait_for(f"http://127.0.0.1:{self.s3_port}/moto-api/", process=process)
        import boto3

        env = self.environment()
        boto3.client(
            "s3",
            endpoint_url=env["S3_ENDPOINT_URL"],
            aws_access_key_id=env["S3_ACCESS_KEY"],
            aws_secret_access_key=env["S3_SECRET_KEY"],
            region_name=env["S3_REGION"],
        ).create_bucket(Bucket=env["S3_BUCKET"])

    def prepare_database(self):
        """A fresh database of the cluster's own, migrated, the demo offices loaded and their programmes issued."""
        self.say(f"database {self.database}: migrate, demo_setup (two offices, their programmes issued)")
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", self.database], check=True
        )
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.database], check=True)
        subprocess.run(["redis-cli", "-n", str(self.redis_db + 1), "FLUSHDB"], check=True, capture_output=True)
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("make_dev_certificate")
        self.manage("demo_setup", "--password", DEMO_PASSWORD)

    def start_node(self, node):
        port = self.node_ports[node]
        self.say(f"app node {node}: gunicorn on 127.0.0.1:{port}")
        command = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ubnd_schedule.wsgi", "--log-level", "warning"]
        process = self.spawn(f"node-{node}", command, env=self.environment(node))
        wait_for(f"http://127.0.0.1:{port}/readyz", process=process)

    def start_jobs(self):
        """The Celery worker and beat, when the project has its Celery app (ubnd_schedule/celery.py)."""
        if not (ROOT / "ubnd_schedule" / "celery.py").exists():
            self.say("no ubnd_schedule/celery.py: no Celery worker nor beat (jobs run in the web process)")
            return
        self.say("Celery worker and beat")
        self.start_worker()
        beat = [PYTHON, "-m", "celery", "-A", "ubnd_schedule", "beat", "--loglevel", "WARNING"]
        self.spawn("beat", [*beat, "-s", str(self.run / "beat-schedule")])

    def start_worker(self, name="worker", **env):
        """A Celery worker (one process at a time: jobs wait rather than compete for the two CPUs)."""
        command = [PYTHON, "-m", "celery", "-A", "ubnd_schedule", "worker", "--loglevel", "WARNING"]
        command += ["--concurrency", "1", "-n", f"{name}@%h", "--without-gossip", "--without-mingle"]
        process = self.spawn(name, command, env={**self.environment(), **env})
        return process

    def stop_process(self, name, sig=signal.SIGTERM):
        """One child's process group: SIGTERM lets a Celery worker finish its job, SIGKILL is a crash."""
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        process.wait(timeout=60)

    def nginx_config(self, nodes=NODES):
        upstream = "\n".join(
            f"        server 127.0.0.1:{self.node_ports[node]} max_fails=1 fail_timeout=5s;" for node in nodes
        )
        for directory in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run / "nginx" / directory).mkdir(parents=True, exist_ok=True)
        template = (ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
        return template.format(
            user_line="user nobody nogroup;" if os.geteuid() == 0 else "",
            run=self.run,
            access_log=f"{self.run}/nginx/access.log" if self.access_log else "off",
            upstream_servers=upstream,
            listen=f"127.0.0.1:{self.port}",
            static_root=self.run / "static",
        )

    def start_nginx(self):
        config = self.run / "nginx" / "nginx.conf"
        config.parent.mkdir(exist_ok=True)
        config.write_text(self.nginx_config(), encoding="utf-8")
        self.say(f"nginx on {self.url}")
        process = self.spawn("nginx", [NGINX, "-p", str(self.run / "nginx"), "-c", str(config), "-e", "stderr"])
        wait_for(f"{self.url}/readyz", process=process)

    def set_upstream(self, nodes):
        """nginx sends to ``nodes`` only from now on (its configuration rewritten and reloaded: SIGHUP)."""
        (self.run / "nginx" / "nginx.conf").write_text(self.nginx_config(nodes), encoding="utf-8")
        os.kill(self.processes["nginx"].pid, signal.SIGHUP)
        time.sleep(1.5)  # the new workers take over, the old ones finish their requests
        wait_for(f"{self.url}/readyz")

    # Stopping ----------------------------------------------------------------------------------------------

    def kill_node(self, node, sig=signal.SIGKILL):
        """The node's gunicorn master and workers, at once (a machine lost, not a graceful stop)."""
        self.stop_process(f"node-{node}", sig)

    def stop(self):
        """Every child's process group, newest first: SIGTERM, then SIGKILL after 10 s; the run directory removed."""
        for name, process in reversed(list(self.processes.items())):
            self._stop_group(name, process)
        self.processes.clear()
        shutil.rmtree(self.run, ignore_errors=True)

    def _stop_group(self, name, process):
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.say(f"{name} did not stop in 10 s: killed")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # any child left behind in its group
        process.wait(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", "8080")))
    parser.add_argument("--database", default=os.environ.get("CLUSTER_DATABASE", "ubnd_cluster"))
    args = parser.parse_args()
    cluster = Cluster(port=args.port, database=args.database, access_log=True)

    def stop(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        cluster.start()
        print(
            f"\n  The cluster answers at {cluster.url}/  (nginx -> nodes {list(cluster.node_ports.values())})"
            f"\n  Workspace: {cluster.url}/van-phong/  (chuyenvien, lanhdao, vanthu...; password '{DEMO_PASSWORD}')"
            f"\n  Probes: {cluster.url}/readyz; metrics on each node: http://127.0.0.1:{cluster.node_ports['a']}/metrics"
            f"\n  E-mails: files under {cluster.mail_dir}; logs: {cluster.run}"
            "\n  Ctrl-C stops every process.\n",
            flush=True,
        )
        reported = set()
        while True:  # until Ctrl-C or SIGTERM: a node that dies is reported, the other keeps serving through nginx
            for name, process in cluster.processes.items():
                if process.poll() is not None and name not in reported:
                    reported.add(name)
                    print(f"cluster: {name} exited with {process.returncode}", file=sys.stderr, flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the clean-up
        cluster.stop()
        print("cluster: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
