"""The browser-side walls: a strict Content Security Policy and the security
headers, on every response; HTTPS, HSTS and secure cookies in production,
where ``manage.py check --deploy`` finds nothing to warn about."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

PROJECT_ROOT = Path(__file__).resolve().parents[2]

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.mark.django_db
def test_a_page_carries_the_policy_with_its_own_nonce(client):
    response = client.get(reverse("login"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)

    assert response["Content-Security-Policy"] == POLICY.format(nonce=nonce)
    # The page's scripts carry the nonce of this response, not another's.
    assert f'nonce="{nonce}"' in response.content.decode()
    assert client.get(reverse("login"))["Content-Security-Policy"] != response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_policy_allows_nothing_inline(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]

    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.django_db
def test_pages_are_free_of_inline_scripts_and_styles(client, journalist):
    # Every <script> has a src (or is JSON-LD data), and nothing carries a
    # style attribute or an on* handler; the browser test checks it for real.
    client.force_login(journalist)
    for url in (reverse("home"), reverse("login"), reverse("workspace:dashboard")):
        page = client.get(url).content.decode()
        for script in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in script or 'type="application/ld+json"' in script, (url, script)
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", page), url


@pytest.mark.django_db
def test_htmx_is_configured_for_the_policy(client):
    page = client.get(reverse("login")).content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1))

    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    assert page.count('name="htmx-config"') == 1


@pytest.mark.django_db
def test_every_response_has_the_security_headers(client):
    response = client.get(reverse("home"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_session_cookie_is_out_of_javascripts_reach(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True


# Production


def production_env(**extra: str) -> dict[str, str]:
    """This process's environment without its DJANGO_* and DATABASE_*
    variables, plus what a production deployment sets."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "claims.example.org",
        "DJANGO_EMAIL_HOST": "smtp.example.org",
        **extra,
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_finds_nothing_under_production_settings(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")

    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# Requests a page that touches no database (robots.txt) through Django's test
# client, and prints what came back.
FETCH = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="claims.example.org")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
print(json.dumps({
    "plain": [plain.status_code, dict(plain.headers)],
    "secure": [secure.status_code, dict(secure.headers)],
    "cookie": [client.cookies.get("csrftoken") is None],
}))
"""


def fetch_in_production(tmp_path, **extra: str) -> dict:
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", **extra)
    result = run([sys.executable, "-c", FETCH], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_plain_http_to_https_and_pins_it(tmp_path):
    answers = fetch_in_production(tmp_path)

    status, headers = answers["plain"]
    assert status == 301
    assert headers["Location"] == "https://claims.example.org/robots.txt"
    status, headers = answers["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'")


def test_behind_a_proxy_https_is_read_from_the_forwarded_header(tmp_path):
    fetch = FETCH.replace(
        'secure = client.get("/robots.txt", secure=True)',
        'secure = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")',
    )
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", DJANGO_TRUSTED_PROXIES="1")
    result = run([sys.executable, "-c", fetch], env)
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers["plain"][0] == 301
    assert answers["secure"][0] == 200


def test_production_cookies_are_secure(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT)"
    )
    result = run(
        [sys.executable, "-c", code], production_env(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    )

    assert result.stdout.split() == ["True", "True", "True", "True"]
