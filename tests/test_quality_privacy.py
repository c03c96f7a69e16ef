"""Privacy gate: nothing leaves the reader's browser, and the build itself
makes no network request.

The browser test routes every request the pages make: anything not for the
local test server is recorded and blocked. It visits every built page and
uses every feature: fills every worksheet and self-assessment, prints,
clears, searches, switches light and dark, follows links with instant
navigation, and emulates print.

The build test runs `mkdocs build` with a Python audit hook that records
every socket connection, DNS look-up and urllib request in every Python
process of the build; as root it also runs it in a network namespace of
its own (`unshare -n`), where no host but itself exists.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from quality import Guard, use_every_feature


def test_no_request_leaves_the_local_server_while_using_every_feature(browser, server, built_site):
    context = browser.new_context(accept_downloads=True)
    guard = Guard(context, server)
    page = context.new_page()
    guard.watch(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    use_every_feature(page, server, built_site)
    context.close()
    assert guard.blocked == [], f"requests to other hosts: {sorted(set(guard.blocked))}"
    assert not errors, errors


def test_the_guard_catches_a_third_party_request(browser, server):
    """The gate can fail: a page that asks for a web font from elsewhere is caught.
    The page's own Content-Security-Policy would stop these requests before
    the guard saw them, so it is bypassed here: this tests the guard alone."""
    context = browser.new_context(bypass_csp=True)
    guard = Guard(context, server)
    page = context.new_page()
    page.goto(server + "/")
    page.evaluate("""() => { const l = document.createElement('link'); l.rel = 'stylesheet';
        l.href = 'https://fonts.googleapis.com/css?family=Roboto'; document.head.appendChild(l);
        fetch('http://127.0.0.2:9/track').catch(() => {}); }""")
    page.wait_for_timeout(300)
    context.close()
    assert any("fonts.googleapis.com" in u for u in guard.blocked), guard.blocked
    assert any("127.0.0.2" in u for u in guard.blocked), guard.blocked


# ---- The build ----

AUDIT = textwrap.dedent(
    """
    # Written by tests/test_quality_privacy.py: record every network attempt of this Python process.
    import json, os, sys

    _LOG = os.environ["CA_NET_AUDIT_LOG"]
    _EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"}

    def _hook(event, args):
        if event in _EVENTS:
            try:
                with open(_LOG, "a", encoding="utf-8") as f:
                    f.write(json.dumps([event, repr(args)[:200], " ".join(sys.argv)[:200]]) + "\\n")
            except Exception:
                pass

    sys.addaudithook(_hook)
    """
)


def offline_build(workdir: Path, command: list[str], network_namespace: bool) -> tuple[subprocess.CompletedProcess, list]:
    """Run `command` (a Python command line) with the audit hook in every Python
    process, optionally inside a network namespace with no network. Returns
    the result and the recorded network attempts."""
    hookdir = workdir / "audit"
    hookdir.mkdir(exist_ok=True)
    (hookdir / "sitecustomize.py").write_text(AUDIT, encoding="utf-8")
    log = workdir / "network.log"
    log.write_text("", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CA_NET_AUDIT_LOG=str(log))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hookdir), env.get("PYTHONPATH")]))
    # And no proxy can help it out.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        env[name] = "http://127.0.0.1:9"
    if network_namespace:
        command = ["unshare", "--net", "--"] + command
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return result, events


def can_unshare() -> bool:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    return subprocess.run(["unshare", "--net", "--", "true"], capture_output=True).returncode == 0


def test_the_build_makes_no_network_request(tmp_path):
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    result, events = offline_build(tmp_path, command, network_namespace=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert events == [], f"the build tried the network: {events[:10]}"
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.skipif(not can_unshare(), reason="needs root and unshare to make a network namespace")
def test_the_build_passes_with_no_network_at_all(tmp_path):
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    result, events = offline_build(tmp_path, command, network_namespace=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert events == [], f"the build tried the network: {events[:10]}"


def test_the_build_check_catches_a_network_request(tmp_path):
    """The gate can fail: a process that looks up a host or connects is recorded."""
    script = "import socket, urllib.request\ntry:\n    urllib.request.urlopen('http://example.org/', timeout=2)\nexcept Exception:\n    pass\n"
    result, events = offline_build(tmp_path, [sys.executable, "-c", script], network_namespace=can_unshare())
    assert result.returncode == 0, result.stderr
    names = {e[0] for e in events}
    assert "urllib.Request" in names and ("socket.getaddrinfo" in names or "socket.connect" in names), events
