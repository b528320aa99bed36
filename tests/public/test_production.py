"""Production settings and the security headers; what a shared cache may keep."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The values the README's "Production" section documents (placeholders for the secrets).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x9Kq2Lr7Vt4Wp8Zn3Bm6Hc1Jd5Fg0Ys-long-random-production-secret-value",
    "ALLOWED_HOSTS": "lichcongtac.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://lichcongtac.example.gov.vn",
    "SITE_URL": "https://lichcongtac.example.gov.vn",
    "DATABASE_URL": "postgres://ubnd:secret@127.0.0.1:5432/ubnd",
    "CONN_MAX_AGE": "60",
    "SECURE_PROXY_SSL_HEADER": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "EMAIL_HOST": "smtp.example.gov.vn",
    "EMAIL_PORT": "587",
    "EMAIL_HOST_USER": "lichcongtac@example.gov.vn",
    "EMAIL_HOST_PASSWORD": "secret",
    "EMAIL_USE_TLS": "true",
    "DEFAULT_FROM_EMAIL": "Văn phòng UBND tỉnh <lichcongtac@example.gov.vn>",
    "ADMINS": "Quản trị hệ thống <quantri@example.gov.vn>",
}


def test_check_deploy_is_clean_with_the_documented_production_values():
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this worker; never in production
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_every_documented_production_variable_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    production = readme[readme.index("## Production") :]
    for name in PRODUCTION_ENV:
        assert f"`{name}`" in production, name


def test_production_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.ADMINS, "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.DATABASES['default']['CONN_MAX_AGE'])"
    )
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "ubnd_schedule.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "31536000",
        "True",
        "True",
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.gov.vn",
        "587",
        "True",
        "[('Quản",
        "trị",
        "hệ",
        "thống',",
        "'quantri@example.gov.vn')]",
        "True",
        "60",
    ]


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def pages(published_sample, editor):
    """A public page, a workspace page and the admin, each with whom may see it."""
    return [("/bac-giang/ke-hoach/2024/01/", None), ("/van-phong/bac-giang/", editor), ("/admin/login/", None)]


def test_security_headers_on_a_public_page_a_workspace_page_and_the_admin(client, pages):
    for url, user in pages:
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert "Strict-Transport-Security" not in response  # HSTS is off until configured
        client.logout()


def test_hsts_when_enabled(client, pages, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    for url, user in pages:
        if user:
            client.force_login(user)
        response = client.get(url, secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains", url
        assert_security_headers(response)
        client.logout()


def test_ssl_redirect_when_enabled(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/bac-giang/ke-hoach/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/bac-giang/ke-hoach/"
    assert client.get("/healthz").status_code == 200  # the monitor probes over plain HTTP


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.found.append(f"<{tag} style=…>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append("<script> without src")
        if any(name.startswith("on") for name in attrs):
            self.found.append(f"<{tag} on…=>")


def test_no_inline_script_or_style_in_any_template():
    finder = _InlineFinder()
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        finder.feed(template.read_text())
    assert finder.found == []


def test_no_inline_script_or_style_on_rendered_pages(client, published_sample, editor):
    urls = [
        "/",
        "/bac-giang/ke-hoach/",
        "/bac-giang/ke-hoach/2024/01/",
        "/bac-giang/co-quan/",
        "/bac-giang/co-quan/so-noi-vu/",
        "/tim-kiem/?q=ma+tuy",
    ]
    for url in urls:
        finder = _InlineFinder()
        finder.feed(client.get(url).content.decode())
        assert finder.found == [], url
    client.force_login(editor)
    finder = _InlineFinder()
    finder.feed(client.get("/van-phong/bac-giang/ke-hoach/2024/01/").content.decode())
    assert finder.found == []


PUBLIC_URLS = [
    "/",
    "/bac-giang/ke-hoach/",
    "/bac-giang/ke-hoach/2024/01/",
    "/bac-giang/ke-hoach/2024/01/lich.ics",
    "/bac-giang/ke-hoach/rss/",
    "/bac-giang/co-quan/",
    "/bac-giang/co-quan/so-noi-vu/",
    "/bac-giang/co-quan/so-noi-vu/lich.ics",
    "/tim-kiem/?q=ma+tuy",
]


def test_public_pages_set_no_cookie_and_embed_no_token(client, published_sample):
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert "private" not in response.get("Cache-Control", ""), url
    assert "max-age=300" in client.get("/bac-giang/ke-hoach/2024/01/")["Cache-Control"]


def test_workspace_and_admin_pages_are_private_no_store(client, published_sample, editor, admin_user):
    client.force_login(editor)
    for url in ["/van-phong/bac-giang/", "/van-phong/bac-giang/ke-hoach/2024/01/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    client.force_login(admin_user)
    assert client.get("/admin/")["Cache-Control"] == "private, no-store"
    assert client.get("/admin/login/")["Cache-Control"] == "private, no-store"


def test_language_switch_is_a_link_that_keeps_the_page(client, published_sample):
    html = client.get("/bac-giang/co-quan/").content.decode()
    assert re.search(r'href="/ngon-ngu/en/\?next=/bac-giang/co-quan/"', html)
    response = client.get("/ngon-ngu/en/", {"next": "/bac-giang/co-quan/"})
    assert response.status_code == 302 and response["Location"] == "/bac-giang/co-quan/"
    assert response.cookies["django_language"].value == "en"
    assert "Agencies" in client.get("/bac-giang/co-quan/").content.decode()
    # Only this site: an outside address goes home.
    assert client.get("/ngon-ngu/vi/", {"next": "https://evil.example/"})["Location"] == "/"
    assert client.get("/ngon-ngu/xx/").status_code == 404
