#!/bin/sh
# Installs the Debian packages of the given lists (default:
# debian-packages.txt) that are missing; `make deps-dev` adds
# debian-dev-packages.txt.  As root it runs apt-get; otherwise it prints
# the line to run.
set -eu
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- debian-packages.txt
pkgs=$(cat "$@" | grep -v '^#' | tr '\n' ' ')
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "missing Debian packages; run:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
