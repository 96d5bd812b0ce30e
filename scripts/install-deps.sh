#!/bin/sh
# Installs the Debian 12 packages that luoshi needs to build, test and benchmark, when any
# is missing. Safe to run again: it asks apt only for what dpkg does not already have.
# Used by `make deps`, which `make demo`, `make check` and `make bench` run first.
set -eu

BUILD="build-essential pkg-config libsqlite3-dev libzip-dev libexpat1-dev libutf8proc-dev
 libjansson-dev libsodium-dev libmicrohttpd-dev libpq-dev libxlsxwriter-dev libcurl4-openssl-dev"
TEST="clang libclang-rt-14-dev valgrind zip unzip sqlite3 jq"
BENCH="friso friso-dict libfriso-dev time bc wrk nginx curl"

want="$BUILD $TEST"
case "${1:-}" in
  --bench) want="$want $BENCH" ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "luoshi: installing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
