#!/bin/sh
# Tools the tests use that Maven does not bring: journalctl and systemd-journal-remote (the agent's
# journald tests write real journal files with them). Idempotent and quiet: installs with apt-get
# only what is missing; without apt-get or root it says so and the journald tests skip themselves.
set -eu

if command -v journalctl >/dev/null 2>&1 && [ -x /lib/systemd/systemd-journal-remote ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: journalctl or systemd-journal-remote missing and no apt-get; journald tests will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "install-test-deps: not root and no sudo; journald tests will be skipped" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends systemd-journal-remote; } >/tmp/install-test-deps.log 2>&1; then
    echo "install-test-deps: apt-get install systemd-journal-remote failed (see /tmp/install-test-deps.log); journald tests will be skipped" >&2
fi
exit 0
