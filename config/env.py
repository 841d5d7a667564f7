"""Small typed readers for the environment variables that configure Counterclaim.

Each reader fails loudly on a value it cannot understand, so that a typo in a
deployment stops the server at start-up instead of silently falling back.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


# A rate: a number of requests per period, such as "60/min" or "1000/hour".
RATE_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400}


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate such as ``60/min`` as (requests, seconds); the periods are
    ``RATE_PERIODS``'."""
    raw = os.environ.get(name, default)
    count, _, period = raw.strip().partition("/")
    seconds = RATE_PERIODS.get(period.strip().lower())
    if not count.strip().isdigit() or int(count) < 1 or seconds is None:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per s, min, hour or day, such as 60/min, not {raw!r}."
        )
    return int(count), seconds


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Turn a DATABASE_URL into a Django DATABASES entry.

    Only the two databases Counterclaim supports are understood: SQLite
    (``sqlite:///relative/path.sqlite3`` or ``sqlite:////absolute/path``) and
    PostgreSQL (``postgres://user:password@host:port/name?sslmode=require``).
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or len(path) < 2:
            raise ImproperlyConfigured(
                "A SQLite DATABASE_URL has three slashes and a file name: "
                f"sqlite:///db.sqlite3 or sqlite:////absolute/path.sqlite3, not {url!r}."
            )
        # sqlite:///db.sqlite3 is relative to the project; sqlite:////tmp/x is absolute.
        name = Path(path[1:])
        if not name.is_absolute():
            name = base_dir / name
        return sqlite_database(name)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        options = dict(parse_qsl(parts.query))
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"The port in DATABASE_URL is not a number: {url!r}.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, not {parts.scheme or url!r}."
    )


def sqlite_database(path: Path) -> dict:
    """SQLite tuned for several server processes sharing one file.

    WAL lets readers work while one process writes; IMMEDIATE transactions take
    the write lock when a transaction starts instead of upgrading a read lock
    half-way, which is what otherwise raises "database is locked".
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Tests use a file, not SQLite's default in-memory database: the live
        # server of the browser tests then gets a connection of its own per
        # thread, locking as in production, instead of sharing the test's
        # one connection, which deadlocks when two requests overlap.
        "TEST": {"NAME": str(Path(path).with_name(f"test_{Path(path).stem}.sqlite3"))},
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }
