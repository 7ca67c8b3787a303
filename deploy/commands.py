"""The commands production runs, in one place: the local stack script starts exactly these, and a
test checks that ``compose.yaml`` and the ``Dockerfile`` run the same ones."""

from __future__ import annotations

# Apply the migrations (once per release, before the app servers start).
MIGRATE = ("flask", "--app", "feedback", "db", "upgrade")
# One app server: gunicorn reads workers, threads, bind address and logging from gunicorn.conf.py.
APP_SERVER = ("gunicorn", "-c", "gunicorn.conf.py", "feedback:create_app()")
# One scheduler: runs the SCHEDULE setting's commands at their intervals until stopped.
SCHEDULER = ("flask", "--app", "feedback", "scheduler", "run")
