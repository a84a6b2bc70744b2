"""Test settings: the production settings with fast hashing and no HTTPS redirect."""

import os
import tempfile

os.environ.setdefault("HTTPS", "0")

from .settings import *  # noqa: F403
from .settings import BASE_DIR, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / ".test-media"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that exercise the lockout switch it on themselves.
AXES_ENABLED = False
# Tasks run in-process unless a test hands them to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that a worker process can read what a test wrote.
    # One file per test process, so that parallel runs do not share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"quartierswerk-test-{os.getpid()}.sqlite3")
    }
# No network here: the maps run without tiles (boundary and markers on a plain background).
MAP_TILE_URL = ""

# Parallel test processes (pytest -n) each get a Redis database of their own: a test that
# empties the cache (cache.clear() flushes the whole database) must not wipe the counts another
# process's test is reading. The tests with a real Celery worker run in one process, apart.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    _base, _, _db = CACHES["default"]["LOCATION"].rpartition("/")  # noqa: F405
    _index = int(_XDIST_WORKER.removeprefix("gw") or 0)
    _first = int(_db) if _db.isdigit() else 0
    CACHES["default"]["LOCATION"] = f"{_base}/{(_first - 1 - _index) % 16}"  # noqa: F405
