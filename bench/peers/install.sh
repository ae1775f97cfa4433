#!/usr/bin/env bash
# Installs the benchmark peers, idempotently:
#   rsyslog    with apt-get install (rsyslogd on the PATH);
#   syslog-ng  with apt-get download + dpkg-deb -x into $PEERS_DIR/syslog-ng (it conflicts with
#              rsyslog as a package), plus the libraries it needs, installed with apt-get.
# Usage: bench/peers/install.sh [PEERS_DIR]   (default: bench/target/peers)
# Prints the syslog-ng root on its last line. Needs root for apt-get; exits 1 with a message if a
# step fails, so the harness can run without that peer.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers_dir="${1:-$here/../target/peers}"
mkdir -p "$peers_dir"
peers_dir="$(cd "$peers_dir" && pwd)"
sng_root="$peers_dir/syslog-ng"

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    apt_updated=1
  fi
}

if ! command -v rsyslogd >/dev/null 2>&1; then
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog >&2
fi

if [ ! -x "$sng_root/usr/sbin/syslog-ng" ]; then
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libivykis0 libnet1 libjson-c5 libwrap0 libpcre3 libglib2.0-0 libcap2 >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  chmod 777 "$work"   # apt-get download runs as _apt and needs to write here
  (cd "$work" && apt-get download -qq syslog-ng-core >&2)
  mkdir -p "$sng_root.tmp"
  for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$sng_root.tmp"
  done
  rm -rf "$sng_root"
  mv "$sng_root.tmp" "$sng_root"
fi

"$sng_root/usr/sbin/syslog-ng" --version >/dev/null 2>&1 || \
  LD_LIBRARY_PATH="$sng_root/usr/lib/syslog-ng:$sng_root/usr/lib/x86_64-linux-gnu" \
  "$sng_root/usr/sbin/syslog-ng" --version >&2
echo "$sng_root"
