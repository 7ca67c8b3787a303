"""p95 latency with 200 families answering at once, against gunicorn + PostgreSQL on this machine
(DESIGN.md §8: budget p95 < 150 ms).

Run from the repository root: ``.venv/bin/python bench/bench_load.py``
(``--families``, ``--think``, ``--app-servers``, ``--workers``, ``--threads`` change the set-up).

It starts the production stack on loopback (``deploy/local_stack.py``: PostgreSQL, migrations,
gunicorn app servers, schedulers), imports one case per family and lets the schedulers invite
them, exactly like ``python -m deploy.local_production``. Then every family at once, in one
asyncio loop with httpx, opens its link and answers its survey page by page, waiting a few seconds
("thinking") between pages, its requests alternating between the app servers. Every request's
latency is recorded, from sending it to reading the whole response. All traffic stays on
127.0.0.1, and the run is bounded: each family answers one survey, and the whole run stops after
``--limit`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import ssl
import statistics
import sys
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.families import CLIENT_LIMITS, answers_for, read_form  # noqa: E402
from deploy.local_production import (  # noqa: E402
    STACK_SETTINGS,
    import_cases,
    links_sent_by_the_schedulers,
)
from deploy.local_stack import running_stack  # noqa: E402

BUDGET_P95_MS = 150.0
# Each family has its own client and connections, as each browser does. A client builds an SSL
# context of its own by default, loading the CA bundle (about 30 ms of the load generator's one
# event loop), which 200 families at once would charge to every request in flight: share one.
SHARED_TLS_CONTEXT = ssl.create_default_context()


@dataclass(slots=True)
class Latencies:
    """Every request's latency in milliseconds, and what went wrong."""

    milliseconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    families_done: int = 0
    # (seconds since the run began, kind of request, milliseconds) for the breakdowns.
    samples: list[tuple[float, str, float]] = field(default_factory=list)
    began: float = field(default_factory=time.perf_counter)


def _kind(request: httpx.Request) -> str:
    """Name the kind of a family request: the start, a question, the check page, the answers."""
    path = request.url.path
    step = "question" if "/q/" in path else path.rsplit("/", 1)[-1]
    if step not in ("question", "check", "done"):
        step = "start"
    return f"{request.method} {step}"


async def _timed(latencies: Latencies, send: Awaitable[httpx.Response]) -> httpx.Response:
    start = time.perf_counter()
    response = await send
    elapsed = (time.perf_counter() - start) * 1000
    latencies.milliseconds.append(elapsed)
    latencies.samples.append((start - latencies.began, _kind(response.request), elapsed))
    if response.status_code >= 400:
        latencies.errors.append(f"{response.request.method} {response.status_code}")
    return response


async def family_answers(
    number: int, link: str, urls: list[str], think: tuple[float, float], latencies: Latencies
) -> None:
    """One family: open the link, answer every page with a pause before each, submit."""
    rng = random.Random(number)  # think times, not security
    turn = number

    def url(path: str) -> str:
        nonlocal turn
        turn += 1
        return urljoin(urls[turn % len(urls)], path)

    async with httpx.AsyncClient(
        timeout=30, follow_redirects=False, limits=CLIENT_LIMITS, verify=SHARED_TLS_CONTEXT
    ) as client:
        await asyncio.sleep(rng.uniform(0, think[1]))  # families do not all arrive at once
        start = await _timed(latencies, client.get(url(link)))
        path = read_form(start.text).start_href or ""
        for _ in range(40):
            page = await _timed(latencies, client.get(url(path)))
            form = read_form(page.text)
            await asyncio.sleep(rng.uniform(*think))
            posted = await _timed(latencies, client.post(url(path), data=answers_for(form, number)))
            path = posted.headers.get("location", "")
            if not path or path.endswith("/done"):
                break
            if path.endswith("/check"):
                check = await _timed(latencies, client.get(url(path)))
                form = read_form(check.text)
                await asyncio.sleep(rng.uniform(*think))
                done = await _timed(latencies, client.post(url(path), data=form.hidden))
                await _timed(latencies, client.get(url(done.headers["location"])))
                latencies.families_done += 1
                break


async def run_families(
    links: list[str], urls: list[str], think: tuple[float, float], limit: float
) -> tuple[Latencies, float]:
    """Run every family at once; return the latencies and the seconds the run took."""
    latencies = Latencies()
    start = time.perf_counter()
    tasks = [
        asyncio.create_task(family_answers(number, link, urls, think, latencies))
        for number, link in enumerate(links)
    ]
    done, pending = await asyncio.wait(tasks, timeout=limit)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception() is not None:
            latencies.errors.append(repr(task.exception()))
    return latencies, time.perf_counter() - start


def percentile(values: list[float], fraction: float) -> float:
    """Return the ``fraction`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 4.0), metavar=("MIN", "MAX"))
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--limit", type=float, default=180.0, help="stop after this many s")
    args = parser.parse_args()
    with running_stack(
        app_servers=args.app_servers,
        workers=args.workers,
        threads=args.threads,
        extra_env=STACK_SETTINGS,
    ) as stack:
        import_cases(stack, args.families)
        links = links_sent_by_the_schedulers(stack.database_url, args.families)
        latencies, seconds = asyncio.run(
            run_families(links, stack.app_urls, tuple(args.think), args.limit)
        )
    ms = latencies.milliseconds
    p95 = percentile(ms, 0.95)
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
        f"{args.app_servers} app servers x {args.workers} workers x {args.threads} threads"
    )
    print(
        f"{args.families} families ({latencies.families_done} finished), think "
        f"{args.think[0]:g}-{args.think[1]:g} s, {len(ms)} requests in {seconds:.0f} s "
        f"({len(ms) / seconds:.0f}/s), {len(latencies.errors)} errors"
    )
    print(
        f"latency ms: p50 {statistics.median(ms):.1f}  p95 {p95:.1f}  "
        f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}"
    )
    verdict = "within" if p95 < BUDGET_P95_MS and not latencies.errors else "OVER"
    print(f"p95 {p95:.1f} ms ({verdict} the {BUDGET_P95_MS:.0f} ms budget)")
    for error in latencies.errors[:5]:
        print("error:", error)
    print_breakdowns(latencies.samples)


def print_breakdowns(samples: list[tuple[float, str, float]]) -> None:
    """Print p50/p95 by kind of request and by 10-second window of the run, so a slow kind or a
    slow moment (workers warming up, a scheduler run) shows where the tail comes from."""
    by_kind: dict[str, list[float]] = {}
    by_window: dict[int, list[float]] = {}
    for began, kind, ms in samples:
        by_kind.setdefault(kind, []).append(ms)
        by_window.setdefault(int(began // 10) * 10, []).append(ms)
    for title, groups in (("by request", by_kind), ("by 10 s window", by_window)):
        print(title + ":")
        for name, values in sorted(groups.items()):
            print(
                f"  {name!s:>16}: n {len(values):5d}  p50 {statistics.median(values):7.1f}  "
                f"p95 {percentile(values, 0.95):7.1f} ms"
            )


if __name__ == "__main__":
    main()
