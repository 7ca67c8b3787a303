"""Check the installed Python packages for known vulnerabilities with pip-audit.

    .venv/bin/python scripts/audit_dependencies.py

Fails (exit 1) when pip-audit finds a vulnerability. When the vulnerability service cannot be
reached — CI machines reach only the package registries, and there pip-audit can look up no
package at all — it says so and passes (exit 0): an unreachable service proves nothing either way,
but must not block every build. Any other pip-audit failure fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
# This project itself is not on PyPI, so pip-audit always skips it.
OWN_PACKAGE = "send-feedback"
CONNECTION_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "timed out")


def audit() -> int:
    """Run pip-audit on the environment and return the exit code this check should have."""
    done = subprocess.run(  # noqa: S603 - our virtualenv's pip-audit, fixed arguments
        [str(PIP_AUDIT), "--local", "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        if any(marker in done.stderr for marker in CONNECTION_ERRORS):
            print("pip-audit: vulnerability service unreachable; dependencies NOT audited.")
            return 0
        print(done.stderr, file=sys.stderr)
        return done.returncode or 1
    dependencies = [d for d in report.get("dependencies", []) if d["name"] != OWN_PACKAGE]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"{dependency['name']} {dependency.get('version', '')}: {ids}")
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} vulnerable package(s).")
        return 1
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if dependencies and len(skipped) == len(dependencies):
        print(
            f"pip-audit: the vulnerability service answered for none of {len(dependencies)} "
            "packages (unreachable from here); dependencies NOT audited."
        )
        return 0
    print(f"pip-audit: no known vulnerabilities in {len(dependencies) - len(skipped)} packages.")
    return 0


if __name__ == "__main__":
    sys.exit(audit())
