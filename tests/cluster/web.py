"""What a person and a load generator do to the cluster, over HTTP: sign in, amend and issue a programme, run wrk."""

import re
from pathlib import Path

import requests

from deploy.cluster import DEMO_PASSWORD

TIMEOUT = 60


class Visitor:
    """One signed-in user's session against one address (nginx, or a node directly)."""

    def __init__(self, base, username):
        self.base = base
        self.session = requests.Session()
        self.login(username)

    def csrf(self):
        return self.session.cookies.get("csrftoken")

    def get(self, path, **kwargs):
        return self.session.get(self.base + path, timeout=TIMEOUT, allow_redirects=False, **kwargs)

    def post(self, path, data=None, files=None):
        """A form post with the CSRF token a browser would send (cookie and field)."""
        if self.csrf() is None:
            self.get(path)
        data = {"csrfmiddlewaretoken": self.csrf(), **(data or {})}
        return self.session.post(self.base + path, data=data, files=files, timeout=TIMEOUT, allow_redirects=False)

    def login(self, username):
        self.get("/van-phong/dang-nhap/")
        response = self.post("/van-phong/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{username} could not sign in: {response.status_code}"


def plan_path(office, year=2024, month=1):
    return f"/van-phong/{office}/ke-hoach/{year}/{month:02d}/"


def amend(editor, office):
    """The editor starts an amendment of the issued January and sends it for approval."""
    response = editor.post(f"{plan_path(office)}dieu-chinh/", {"reason": "Bổ sung nội dung theo chỉ đạo"})
    assert response.status_code == 302, response.status_code
    response = editor.post(f"{plan_path(office)}gui-duyet/")
    assert response.status_code == 302, response.status_code


def open_signing_page(approver, office):
    """The approver opens the signing page (which reserves the register's number): the render's SHA-256."""
    response = approver.get(f"{plan_path(office)}ky/")
    assert response.status_code == 200, response.status_code
    return re.search(r'name="sha256" value="([0-9a-f]{64})"', response.text).group(1)


def sign(approver, office, sha256):
    response = approver.post(f"{plan_path(office)}ky/", {"sha256": sha256})
    assert response.status_code == 302, response.status_code


def seal(clerk, office):
    response = clerk.post(f"{plan_path(office)}phat-hanh/")
    assert response.status_code == 302, response.status_code


def wrk(url, paths, seconds, directory, connections=8, threads=2):
    """The wrk command that asks for ``paths`` in turn (a Lua script written into ``directory``)."""
    script = Path(directory) / "paths.lua"
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n",
        encoding="utf-8",
    )
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    return command


def parse_wrk(output):
    """The figures of wrk's report (the lines for errors are absent when there were none)."""
    figures = {"requests": 0, "rps": 0.0, "non_2xx_3xx": 0, "socket_errors": 0}
    match = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    figures["requests"] = int(match.group(1))
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non_2xx_3xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["socket_errors"] = sum(int(value) for value in match.groups()) if match else 0
    return figures
