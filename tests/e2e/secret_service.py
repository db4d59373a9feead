"""A real, throw-away Secret Service: gnome-keyring on a private D-Bus session bus.

What the tests of the OS keychain run against (tests/e2e/test_real_keychain.py), the way a Linux
desktop has it, but owned by the test alone:

- a home folder, XDG folders and runtime folder of its own, so nothing of the developer's is
  read or written;
- its own `dbus-daemon` with a minimal configuration: no service activation, so no other
  keyring daemon (or the graphical unlock prompter) can be started behind the test's back;
- `gnome-keyring-daemon --unlock --components=secrets`, given a password on standard input: it
  creates the login keyring with that password (so the file on disk is encrypted) and unlocks it.

Readiness is an event, never a guess: the bus prints its address when it listens, and the test
waits for the bus's `NameOwnerChanged` signal for `org.freedesktop.secrets`. Both processes are
stopped by their own process IDs. The Debian packages (dbus, gnome-keyring) are installed by
scripts/ensure-system-libs.sh; `require_tool` skips without them, and fails under CI.
"""

from __future__ import annotations

import os
import secrets
import selectors
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.system_parts import missing_part, require_tool

SECRETS_BUS_NAME = "org.freedesktop.secrets"
#: A guard against a hung daemon only; every wait below ends on an event long before this.
START_GUARD_S = 120.0

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass
class SecretServiceSession:
    """A running private Secret Service, and the environment of a process that uses it."""

    root: Path
    home: Path
    bus_address: str
    #: For app processes: this home, these XDG folders, this bus, keyring's SecretService backend.
    environ: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)


def start_secret_service(root: Path) -> SecretServiceSession:
    """Start the bus and the unlocked keyring under `root`; stop it with `stop_secret_service`."""
    dbus_daemon = require_tool("dbus-daemon", "dbus")
    keyring_daemon = require_tool("gnome-keyring-daemon", "gnome-keyring")
    home = root / "home"
    runtime = root / "runtime"
    folders = {
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_RUNTIME_DIR": runtime,
    }
    for folder in (home, *folders.values()):
        folder.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)  # the XDG runtime folder must be the user's alone
    config = root / "bus.conf"
    config.write_text(_BUS_CONFIG.format(runtime=runtime), encoding="utf-8")

    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "DBUS_", "GNOME_KEYRING", "VODY_"))
        and key != "PYTHON_KEYRING_BACKEND"
    }
    environ.update({name: str(path) for name, path in folders.items()})
    environ["HOME"] = str(home)
    session = SecretServiceSession(root=root, home=home, bus_address="", environ=environ)
    try:
        bus = subprocess.Popen(
            [dbus_daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environ,
        )
        session.processes.append(bus)
        session.bus_address = _first_line(bus, "dbus-daemon")
        environ["DBUS_SESSION_BUS_ADDRESS"] = session.bus_address
        _start_unlocked_keyring(session, keyring_daemon)
    except BaseException:
        stop_secret_service(session)
        raise
    environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.SecretService.Keyring"
    return session


def stop_secret_service(session: SecretServiceSession) -> None:
    """Stop the keyring daemon, then the bus (each by its own process ID), and reap them."""
    for process in reversed(session.processes):
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()
    session.processes.clear()


def _first_line(process: subprocess.Popen[bytes], name: str) -> str:
    """The first line `process` prints (dbus-daemon prints its address once it listens)."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=START_GUARD_S):
            missing_part(f"{name} printed nothing within {START_GUARD_S:.0f} s")
    line = process.stdout.readline().decode().strip()
    if not line:
        _, err = process.communicate(timeout=30)
        missing_part(f"{name} did not start: {err.decode(errors='replace').strip()}")
    return line


def _start_unlocked_keyring(session: SecretServiceSession, keyring_daemon: str) -> None:
    """Start gnome-keyring with a fresh password; return once it owns the Secret Service name."""
    from jeepney import MatchRule, message_bus  # type: ignore[import-untyped]
    from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

    connection = open_dbus_connection(bus=session.bus_address)
    try:
        owner_changed = MatchRule(
            type="signal",
            sender="org.freedesktop.DBus",
            interface="org.freedesktop.DBus",
            member="NameOwnerChanged",
            path="/org/freedesktop/DBus",
        )
        owner_changed.add_arg_condition(0, SECRETS_BUS_NAME)
        connection.send_and_get_reply(message_bus.AddMatch(owner_changed))
        with connection.filter(owner_changed) as queue:
            with (session.root / "gnome-keyring.log").open("wb") as log:
                daemon = subprocess.Popen(
                    [keyring_daemon, "--foreground", "--unlock", "--components=secrets"],
                    stdin=subprocess.PIPE,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=session.environ,
                )
            session.processes.append(daemon)
            assert daemon.stdin is not None
            # A random, non-empty password: with an empty one the keyring file is not encrypted.
            daemon.stdin.write(secrets.token_urlsafe(16).encode())
            daemon.stdin.close()
            _wait_for_owner(connection, queue, daemon, session.root / "gnome-keyring.log")
    finally:
        connection.close()


def _wait_for_owner(
    connection: Any, queue: Any, daemon: subprocess.Popen[bytes], log: Path
) -> None:
    """Wait for the `NameOwnerChanged` signal; fail early if the daemon exits instead."""
    deadline = time.monotonic() + START_GUARD_S
    while True:
        try:
            connection.recv_until_filtered(queue, timeout=0.5)
            return
        except TimeoutError:
            pass
        if daemon.poll() is not None:
            message = log.read_text(errors="replace").strip()
            missing_part(f"gnome-keyring-daemon exited ({daemon.returncode}): {message}")
        if time.monotonic() > deadline:
            missing_part(f"gnome-keyring-daemon did not start within {START_GUARD_S:.0f} s")
