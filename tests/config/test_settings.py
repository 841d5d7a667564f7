"""Settings come from the environment through config/env.py, and fail loudly
on values they cannot understand."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.utils import ConnectionHandler

from config.env import (
    FALSE_WORDS,
    TRUE_WORDS,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    sqlite_database,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BASE_DIR = Path("/srv/counterclaim")

# database_from_url


def test_a_relative_sqlite_url_is_inside_the_project():
    database = database_from_url("sqlite:///db.sqlite3", base_dir=BASE_DIR)

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == BASE_DIR / "db.sqlite3"


def test_a_relative_sqlite_url_may_name_a_folder():
    database = database_from_url("sqlite:///var/db.sqlite3", base_dir=BASE_DIR)

    assert database["NAME"] == BASE_DIR / "var" / "db.sqlite3"


def test_an_absolute_sqlite_url_has_four_slashes():
    database = database_from_url("sqlite:////var/lib/counterclaim/db.sqlite3", base_dir=BASE_DIR)

    assert database["NAME"] == Path("/var/lib/counterclaim/db.sqlite3")


def test_a_sqlite_url_gets_the_tuned_options():
    database = database_from_url("sqlite:///db.sqlite3", base_dir=BASE_DIR)

    assert database == sqlite_database(BASE_DIR / "db.sqlite3")


def test_a_postgres_url_gives_every_part(monkeypatch):
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)

    database = database_from_url(
        "postgres://counter:s%40cret@db.example.org:6543/counterclaim?sslmode=require", base_dir=BASE_DIR
    )

    assert database == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "counterclaim",
        "USER": "counter",
        "PASSWORD": "s@cret",
        "HOST": "db.example.org",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require"},
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_postgres_has_three_spellings(scheme):
    database = database_from_url(f"{scheme}://root@127.0.0.1/newsroom", base_dir=BASE_DIR)

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
        "root",
        "",
        "127.0.0.1",
        "",
    )
    assert database["NAME"] == "newsroom"
    assert database["OPTIONS"] == {}


def test_a_postgres_url_without_a_name_uses_the_postgres_database():
    assert database_from_url("postgres://root@localhost", base_dir=BASE_DIR)["NAME"] == "postgres"


def test_the_connection_lifetime_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")

    assert database_from_url("postgres://root@localhost/x", base_dir=BASE_DIR)["CONN_MAX_AGE"] == 0


def test_an_unknown_database_scheme_is_refused_with_a_readable_message():
    with pytest.raises(ImproperlyConfigured) as error:
        database_from_url("mysql://root@localhost/counterclaim", base_dir=BASE_DIR)

    assert str(error.value) == "DATABASE_URL must start with sqlite:// or postgres://, not 'mysql'."


def test_a_sqlite_url_with_two_slashes_is_refused():
    with pytest.raises(ImproperlyConfigured, match="A SQLite DATABASE_URL has three slashes and a file name"):
        database_from_url("sqlite://db.sqlite3", base_dir=BASE_DIR)


def test_a_postgres_port_that_is_not_a_number_is_refused_with_a_readable_message():
    with pytest.raises(ImproperlyConfigured, match="The port in DATABASE_URL is not a number"):
        database_from_url("postgres://root@localhost:port/counterclaim", base_dir=BASE_DIR)


def test_a_database_url_without_a_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with sqlite:// or postgres://"):
        database_from_url("db.sqlite3", base_dir=BASE_DIR)


# env_bool, env_int, env_list


@pytest.mark.parametrize("word", sorted(TRUE_WORDS) + ["TRUE", "Yes", " on "])
def test_env_bool_reads_true_words(monkeypatch, word):
    monkeypatch.setenv("COUNTERCLAIM_TEST_FLAG", word)

    assert env_bool("COUNTERCLAIM_TEST_FLAG") is True


@pytest.mark.parametrize("word", sorted(FALSE_WORDS) + ["FALSE", "No", " off "])
def test_env_bool_reads_false_words(monkeypatch, word):
    monkeypatch.setenv("COUNTERCLAIM_TEST_FLAG", word)

    assert env_bool("COUNTERCLAIM_TEST_FLAG", default=True) is False


def test_the_words_are_the_usual_ones():
    assert {"1", "true", "yes", "on"} == TRUE_WORDS
    assert {"0", "false", "no", "off", ""} == FALSE_WORDS


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_uses_the_default_when_unset(monkeypatch, default):
    monkeypatch.delenv("COUNTERCLAIM_TEST_FLAG", raising=False)

    assert env_bool("COUNTERCLAIM_TEST_FLAG", default=default) is default


def test_env_bool_refuses_a_word_it_does_not_know(monkeypatch):
    monkeypatch.setenv("COUNTERCLAIM_TEST_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("COUNTERCLAIM_TEST_FLAG")
    assert str(error.value) == "COUNTERCLAIM_TEST_FLAG must be true or false, not 'maybe'."


def test_env_int_reads_a_number_or_refuses(monkeypatch):
    monkeypatch.setenv("COUNTERCLAIM_TEST_NUMBER", "3")
    assert env_int("COUNTERCLAIM_TEST_NUMBER", 1) == 3

    monkeypatch.setenv("COUNTERCLAIM_TEST_NUMBER", "")
    assert env_int("COUNTERCLAIM_TEST_NUMBER", 1) == 1

    monkeypatch.setenv("COUNTERCLAIM_TEST_NUMBER", "three")
    with pytest.raises(ImproperlyConfigured) as error:
        env_int("COUNTERCLAIM_TEST_NUMBER", 1)
    assert str(error.value) == "COUNTERCLAIM_TEST_NUMBER must be a whole number, not 'three'."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("news.example.org", ["news.example.org"]),
        ("news.example.org, .example.org ,,localhost ", ["news.example.org", ".example.org", "localhost"]),
        ("", []),
        (" , ", []),
    ],
)
def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch, raw, expected):
    monkeypatch.setenv("COUNTERCLAIM_TEST_LIST", raw)

    assert env_list("COUNTERCLAIM_TEST_LIST", ["default"]) == expected


def test_env_list_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("COUNTERCLAIM_TEST_LIST", raising=False)

    assert env_list("COUNTERCLAIM_TEST_LIST", ["default"]) == ["default"]


# Production safety


def run_settings(*, code: str = "import config.wsgi; print('loaded')", **environ: str):
    """Load the application a server loads (or run ``code``) in a fresh
    interpreter, with none of this process's DJANGO_* variables, plus ``environ``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", **environ}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


def test_production_starts_with_a_secret_key_and_hosts():
    result = run_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-key",
        DJANGO_ALLOWED_HOSTS="claims.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loaded"


def test_the_migration_check_runs_without_a_secret_key_or_hosts(tmp_path):
    result = run_settings(
        code="import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="a-long-random-production-key")

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list the site's host names" in result.stderr


def test_a_misspelt_debug_flag_stops_the_server():
    result = run_settings(DJANGO_DEBUG="ture")

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'ture'." in result.stderr


# SQLite in WAL mode


def test_sqlite_options_ask_for_wal_and_immediate_transactions(tmp_path):
    options = sqlite_database(tmp_path / "db.sqlite3")["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL;" in options["init_command"]
    assert "PRAGMA foreign_keys=ON;" in options["init_command"]


def test_the_init_command_puts_a_sqlite_file_in_wal_mode(tmp_path):
    init_command = sqlite_database(tmp_path / "db.sqlite3")["OPTIONS"]["init_command"]

    with sqlite3.connect(tmp_path / "db.sqlite3") as raw:
        raw.executescript(init_command)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    raw.close()


def test_django_opens_a_sqlite_file_in_wal_mode(tmp_path, django_db_blocker):
    # A real Django connection built from the same settings, on a file: the
    # test database itself may be in memory, where SQLite has no WAL. This
    # connection touches only its own file, so it may pass pytest-django's
    # blocker, which otherwise keeps tests without the db fixture off databases.
    handler = ConnectionHandler({"default": sqlite_database(tmp_path / "db.sqlite3")})
    wal_connection = handler["default"]
    try:
        with django_db_blocker.unblock(), wal_connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone() == ("wal",)
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (20000,)
    finally:
        wal_connection.close()


@pytest.mark.django_db
def test_the_test_connection_runs_the_init_command():
    if connection.vendor != "sqlite":
        pytest.skip(f"WAL is a SQLite setting; this run uses {connection.vendor}.")
    assert settings.DATABASES["default"]["OPTIONS"]["init_command"].startswith("PRAGMA journal_mode=WAL;")

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone() == (1,)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone() == (20000,)
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    # SQLite answers "memory" for an in-memory database, whatever was asked.
    assert journal_mode == ("memory" if connection.is_in_memory_db() else "wal")
