"""pip-audit over the pinned requirements (`make audit`, and a CI step).

Fails on any known vulnerability in a pinned package that is not named in EXCEPTIONS
with its reason. ``requirements.txt`` (the runtime) and ``requirements-dev.txt`` (the tools)
pin every package, transitive ones included, so the pins are audited as they are
(``--no-deps``), without building an environment. Both files are named: pip-audit does not
follow the development file's ``-r requirements.txt``.

pip-audit asks PyPI's vulnerability data (per-release JSON) first, then OSV. When
neither answers (a machine that reaches the package index but not those services),
no package can be audited: that is said loudly, and is a failure only with
PIP_AUDIT_STRICT=1, so that a network without them does not block every change.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]

# Advisories accepted for now: {"advisory id": "why it cannot be fixed by upgrading a pin, and why it is safe"}.
EXCEPTIONS: dict[str, str] = {}


def audit(service: str) -> dict | None:
    command = [str(PIP_AUDIT)]
    for requirements in REQUIREMENTS:
        command += ["--requirement", str(ROOT / requirements)]
    command += [
        "--no-deps",
        "--disable-pip",
        "--vulnerability-service",
        service,
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    for advisory in EXCEPTIONS:
        command += ["--ignore-vuln", advisory]
    # Exit status 1 means "vulnerabilities found"; the JSON says which.
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)  # noqa: S603 (our own command)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit ({service}) did not answer: {last_line}")
        return None


def main() -> int:
    report = None
    for service in ("pypi", "osv"):
        report = audit(service)
        if report and any("skip_reason" not in dependency for dependency in report["dependencies"]):
            print(f"Vulnerability data from {service}.")
            break
    dependencies = report["dependencies"] if report else []
    vulnerable = [dependency for dependency in dependencies if dependency.get("vulns")]
    audited = [dependency for dependency in dependencies if "skip_reason" not in dependency]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            print(f"VULNERABLE {dependency['name']}=={dependency['version']}: {vuln['id']} (fixed in {fixed})")
    for advisory, reason in EXCEPTIONS.items():
        print(f"Accepted {advisory}: {reason}")
    if vulnerable:
        print(
            f"pip-audit: {len(vulnerable)} pinned packages have known vulnerabilities. Upgrade the pins, "
            "or name each advisory in .ci/pip_audit.py EXCEPTIONS with its reason."
        )
        return 1
    if not audited:
        print(
            "pip-audit: NOT AUDITED. Neither PyPI's vulnerability data nor OSV answered from this machine, "
            "so no package could be checked. Run `make audit` where they can be reached."
        )
        return 1 if os.environ.get("PIP_AUDIT_STRICT") == "1" else 0
    unaudited = len(dependencies) - len(audited)
    print(
        f"pip-audit: no known vulnerabilities in {len(audited)} pinned packages"
        + (f" ({unaudited} could not be looked up)" if unaudited else "")
        + "."
    )
    return 1 if unaudited and os.environ.get("PIP_AUDIT_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
