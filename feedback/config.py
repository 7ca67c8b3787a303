"""Configuration as classes per environment; secrets and the database come from the environment."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
EMBEDDED_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'feedback.db'}"
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production  # nosec B105


def _database_url() -> str:
    """Return the database URL: ``DATABASE_URL`` when set, else an embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):
        # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants psycopg 3 explicitly.
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url or EMBEDDED_DATABASE_URL


class Config:
    """Settings shared by every environment. Every timing and threshold is a setting, not code."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    SERVICE_NAME = "SEND Feedback"
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Demo Borough Council")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Requests and free text are bounded so nobody can fill the database or the server's memory.
    # Pages that take a file raise the first to their own limit (CASE_IMPORT_MAX_BYTES,
    # KPI_IMPORT_MAX_BYTES; feedback/upload_limits.py) before anything reads the body.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_MEMORY_SIZE = 64 * 1024
    # On those pages, what one multipart part may hold in memory: more than Werkzeug's 64 KB read
    # chunk, which a file part passes through on its way to disk.
    UPLOAD_FORM_MEMORY_SIZE = 256 * 1024

    # Flask-WTF's HTTPS check wants a Referer, which Referrer-Policy: no-referrer withholds;
    # feedback/request_origin.py checks Sec-Fetch-Site and Origin instead (docs/decisions.md).
    WTF_CSRF_SSL_STRICT = False

    # Families may take as long as they need (WCAG 2.2.1): the CSRF token lasts the session.
    WTF_CSRF_TIME_LIMIT: int | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True

    # The fingerprinted, precompressed static files `make assets` builds (feedback/static_build.py),
    # served with immutable caching (feedback/static_files.py); empty serves feedback/static as is.
    STATIC_BUILD_DIR = str(Path(__file__).resolve().parent / "static_dist")

    # Layout fragments (header, footer) are rendered once per process for each language and
    # council and reused (Flask-Caching); they change only with a release.
    CACHE_TYPE = "SimpleCache"
    CACHE_DEFAULT_TIMEOUT = 0  # never expire: the language and council name are in the key
    CACHE_THRESHOLD = 1000
    # Survey question widgets rendered once per distinct parameters (language, saved answer,
    # error) and reused, per app process (forms/rendered_widgets.py); 0 turns this off.
    WIDGET_RENDER_CACHE_SIZE = 512

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    # The languages families can choose: code -> (its name in that language, text direction).
    # List a language only once its catalogue translates every family-facing string and all the
    # survey text (tests/feedback/test_translations.py checks it); catalogues still being
    # written sit in translations/ unlisted. English is the source language.
    LANGUAGES: ClassVar[dict[str, tuple[str, str]]] = {
        "en": ("English", "ltr"),
        "cy": ("Cymraeg", "ltr"),
        "ur": ("اردو", "rtl"),
        "pl": ("Polski", "ltr"),
        "ar": ("العربية", "rtl"),
        "ro": ("Română", "ltr"),
        "so": ("Soomaali", "ltr"),
        "uk": ("Українська", "ltr"),
        "pa": ("ਪੰਜਾਬੀ", "ltr"),
        "bn": ("বাংলা", "ltr"),
    }

    # The accessibility statement's dates (GOV.UK model statement), as ISO dates.
    ACCESSIBILITY_STATEMENT_PREPARED = "2026-11-24"
    ACCESSIBILITY_STATEMENT_REVIEWED = "2026-11-24"
    # Where families report an accessibility problem or ask for another format.
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
        "ACCESSIBILITY_CONTACT_EMAIL", "send.feedback@example.gov.uk"
    )

    # Invitation timing (DESIGN.md §3): days after the stage event, reminder, link lifetime.
    INVITE_DELAY_DAYS = 3
    REMINDER_AFTER_DAYS = 7
    LINK_EXPIRY_DAYS = 28
    # Per stage or "stage:audience" overrides of INVITE_DELAY_DAYS, e.g. {"annual_review": 7}.
    INVITE_DELAY_OVERRIDES: ClassVar[dict[str, int]] = {}
    # An invitation not created within this many days of falling due is never sent (so importing
    # old cases does not ask families about events long past).
    INVITE_WINDOW_DAYS = 28
    # Contact details are deleted this many days after the last invitation that needed them.
    CONTACT_RETENTION_DAYS = 30
    # Outbox messages (no Notify key) keep the recipient and link this long, then are cleared.
    OUTBOX_RETENTION_DAYS = 30
    # Key that re-creates invitation tokens for reminders and letters; SECRET_KEY when unset.
    INVITATION_LINK_KEY = os.environ.get("INVITATION_LINK_KEY", "")
    # Open QR-code posters: how often one address may start an anonymous survey.
    POSTER_RATE_LIMIT = "20 per hour"
    # Case import: the largest upload accepted, and how many problems a report lists.
    CASE_IMPORT_MAX_BYTES = 50 * 1024 * 1024
    CASE_IMPORT_MAX_PROBLEMS = 1000
    # An XLSX case export, bounded before it is parsed (a 100,000-row export is about 35 MB).
    # The reader lays a sheet out as a grid to its furthest cell: MAX_CELLS bounds that grid.
    CASE_XLSX_MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
    CASE_XLSX_MAX_ROWS = 200_000
    CASE_XLSX_MAX_COLUMNS = 60
    CASE_XLSX_MAX_CELL_CHARACTERS = 32_767  # Excel's own limit for one cell
    CASE_XLSX_MAX_CELLS = 4_000_000
    # Letters and posters: the folder of the LETTER_FONTS files (Debian's fonts-noto-core).
    LETTER_FONT_DIR = os.environ.get("LETTER_FONT_DIR", "/usr/share/fonts/truetype/noto")
    # Letters and posters: the TrueType fonts (regular, bold; in LETTER_FONT_DIR, or absolute
    # paths) of each language's script. "default" (Latin, Cyrillic) prints every other language,
    # and text in another script inside any letter; DejaVu or Liberation Sans when it is missing.
    # A language whose font is missing is printed in English, with a warning in the log. Urdu
    # is in Naskh: Nastaliq's stacked glyphs leave PDF readers no usable text to copy or speak.
    LETTER_FONTS: ClassVar[dict[str, tuple[str, str]]] = {
        "default": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
        "ar": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
        "ur": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
        "bn": ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
        "pa": ("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
    }

    # GOV.UK Notify: without a key, messages go to the outbox table for admins to read.
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
    # Template name -> Notify template id, as JSON in the environment. A name with a language
    # suffix ("invitation_email.cy") is used for families who prefer that language.
    NOTIFY_TEMPLATES: ClassVar[dict[str, str]] = json.loads(
        os.environ.get("NOTIFY_TEMPLATES", "{}")
    )
    # Calls to Notify: the timeout, and how often and how far apart a failed message is retried.
    NOTIFY_TIMEOUT_SECONDS = 10
    NOTIFY_MAX_ATTEMPTS = 5
    NOTIFY_RETRY_BASE_SECONDS = 60
    NOTIFY_RETRY_MAX_SECONDS = 3600
    # Delivery receipts: the bearer token GOV.UK Notify sends to /notify/delivery-receipts (the
    # same value goes on Notify's Callbacks page); unset means that address answers 404.
    NOTIFY_CALLBACK_TOKEN: str | None = os.environ.get("NOTIFY_CALLBACK_TOKEN") or None
    # Where receipts cannot reach the service, `invitations send-due` asks Notify about messages
    # handed over this many minutes ago with no outcome yet (and again as often while Notify is
    # still trying), at most this many per run; a batch of 0 turns asking off.
    NOTIFY_STATUS_CHECK_MINUTES = 60
    NOTIFY_STATUS_CHECK_BATCH = 200

    # Where Flask-Limiter counts hits: "database://" is a table in the service's own database,
    # shared by every app server; "redis://host:6379/0" uses Redis instead (install the redis
    # package); "memory://" counts in each process alone, so N workers allow N times a limit.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
    # Fixed windows: the only strategy the database:// storage supports (checked at start-up).
    RATELIMIT_STRATEGY = "fixed-window"
    # When the rate-limit storage fails, the request fails (500) rather than going unlimited:
    # with database:// it could not have been served anyway, and sign-in must not lose its limit.
    RATELIMIT_SWALLOW_ERRORS = False
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = False
    # Responses say how many attempts are left and when the window resets (X-RateLimit-*).
    RATELIMIT_HEADERS_ENABLED = True

    # Small-number rules (DESIGN.md §6).
    MIN_N_FOR_RATES = 10
    SUPPRESS_COUNTS_BELOW = 5

    # Reviewing comments (issue 7). Safeguarding flags go to the council's designated lead (set
    # on the safeguarding page) or, failing that, to this address.
    SAFEGUARDING_LEAD_EMAIL = os.environ.get("SAFEGUARDING_LEAD_EMAIL", "")
    # Share of comments coded by a second reviewer, for Cohen's kappa.
    DOUBLE_CODING_SHARE = 0.2
    # Theme suggestions start once this many comments are coded (and each theme has examples).
    SUGGESTIONS_MIN_CODED = 20
    # False discovery rate for "theme rising" flags, and how many quarters back they look.
    THEME_RISING_FDR = 0.05
    THEME_RISING_BASELINE_QUARTERS = 4

    # KPIs: the level of every interval, and the size of a KPI table a lead may upload.
    KPI_CONFIDENCE_LEVEL = 0.95
    KPI_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    KPI_IMPORT_MAX_ROWS = 1000

    # Operations (docs/operating.md). Any setting can also be given in the environment as
    # FEEDBACK_<NAME> (a JSON value), e.g. FEEDBACK_RETENTION_AUDIT_EVENTS_DAYS=1095.

    # How many reverse proxies stand in front of the app; their X-Forwarded-* headers are trusted.
    PROXY_COUNT = 0
    # Production refuses to start with the development secret key or the embedded database.
    REFUSE_UNSAFE_SETTINGS = False
    # "json" writes one JSON object per log line (for a log collector); "text" is for people.
    LOG_FORMAT = "text"
    # The least severe log records written: DEBUG, INFO, WARNING or ERROR.
    LOG_LEVEL = "INFO"
    # Prometheus metrics at /metrics for a scraper sending "Authorization: Bearer <token>";
    # unset means the endpoint answers 404.
    METRICS_TOKEN: str | None = os.environ.get("METRICS_TOKEN") or None
    # Staff sign-in attempts allowed from one address (Flask-Limiter syntax).
    SIGN_IN_RATE_LIMIT = "10 per minute;100 per day"
    # Staff sessions end after this long without a request, and this long after sign-in whatever
    # happens (the 20 hours GOV.UK Notify's admin uses); signing out, deactivation and a password
    # change end them at once on every server.
    STAFF_SESSION_IDLE_MINUTES = 120
    STAFF_SESSION_MAX_HOURS = 20
    # How long a one-time link to set a password works: an invitation, and a reset an admin asks
    # for.
    INVITE_LINK_HOURS = 72
    RESET_LINK_HOURS = 24
    # Wrong authenticator or recovery codes allowed before that step closes for 15 minutes.
    TWO_FACTOR_MAX_ATTEMPTS = 5
    # Retention periods in days (DESIGN.md §7), enforced by `flask retention apply` with
    # CONTACT_RETENTION_DAYS and OUTBOX_RETENTION_DAYS: the original text of comments (the
    # redacted copy stays), audit events, and the saved answers of surveys abandoned when their
    # link expired.
    RETENTION_COMMENT_TEXT_DAYS = 365
    RETENTION_AUDIT_EVENTS_DAYS = 730
    RETENTION_ABANDONED_DRAFTS_DAYS = 30
    # A submitted comment is checked and redacted by the worker that stored it; one still
    # unfinished this many seconds later (the worker died) is picked up by redact-pending.
    COMMENT_PICKUP_AFTER_SECONDS = 60
    # What `flask scheduler run` runs and how often, in seconds; commands this version does not
    # have are skipped with a warning.
    SCHEDULE: ClassVar[dict[str, int]] = {
        "invitations send-due": 60,
        # Comments a dead worker left without their redacted copy or safeguarding check.
        "comments redact-pending": 60,
        "kpis recompute": 3600,
        "retention apply": 86400,
    }


class DevelopmentConfig(Config):
    """`make run` on a laptop: SQLite, demo data, debug toolbar off."""

    DEBUG = False


class TestingConfig(Config):
    """The test suite: fast password hashing, no CSRF unless a test turns it back on."""

    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 - a fixed key for tests only  # nosec B105
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_FAST = True
    # Tests that check a limit turn it back on with RATELIMIT_ENABLED=True.
    RATELIMIT_ENABLED = False


class ProductionConfig(Config):
    """Behind a reverse proxy on HTTPS; the secret key and the database come from the environment
    (``check_production_settings`` refuses to start without them)."""

    SESSION_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
    SESSION_COOKIE_NAME = "__Host-send-feedback"
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    PROXY_COUNT = 1
    LOG_FORMAT = "json"
    REFUSE_UNSAFE_SETTINGS = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


MIN_SECRET_KEY_LENGTH = 32


class SettingsError(RuntimeError):
    """A production setting is missing or unsafe; the message says which and how to fix it."""


def check_production_settings(config: Mapping[str, Any]) -> None:
    """Raise ``SettingsError`` unless ``config`` has a real secret key and an explicit database.

    Production must never run with the development key (anyone could forge a session) or fall
    back silently to an SQLite file inside the container.
    """
    problems = []
    secret = config.get("SECRET_KEY") or ""
    if secret == DEVELOPMENT_SECRET_KEY or len(secret) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY must be set to a random string of {MIN_SECRET_KEY_LENGTH} or more "
            "characters (python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    if config.get("SQLALCHEMY_DATABASE_URI") == EMBEDDED_DATABASE_URL:
        problems.append("DATABASE_URL must name the PostgreSQL database (postgresql://...)")
    if problems:
        raise SettingsError("Refusing to start in production: " + "; ".join(problems))


def config_for(name: str | None) -> type[Config]:
    """Return the configuration class for ``name`` (``FEEDBACK_ENV``), development when unset.

    Case and surrounding spaces are ignored ("Production" is production); any other value
    ("prod", "live") raises ``SettingsError`` rather than running the development configuration
    (and letting ``flask demo load`` put demo logins into a live database).
    """
    key = (name or "").strip().lower() or "development"
    if key not in CONFIGS:
        raise SettingsError(
            f"Refusing to start: FEEDBACK_ENV is {name!r}; it must be one of "
            + ", ".join(CONFIGS)
            + " (or unset, for development)"
        )
    return CONFIGS[key]
