#!/bin/sh
# Installs the Debian 12 packages that luoshi needs to build, test and benchmark, when any
# is missing. Safe to run again: it asks apt only for what dpkg does not already have.
# Used by `make deps`, which `make demo`, `make check` and `make bench` run first.
set -eu

BUILD="build-essential pkg-config libsqlite3-dev libzip-dev libexpat1-dev libutf8proc-dev
 libjansson-dev libsodium-dev libmicrohttpd-dev libpq-dev libxlsxwriter-dev libcurl4-openssl-dev
 libssl-dev"
# libreoffice-calc-nogui and libreoffice-writer-nogui (with libreoffice-core-nogui, which both
# pull in) are the smallest headless LibreOffice that converts .xlsx to CSV and PDF and .docx to
# PDF, for test/e2e/office.sh and bench/sheets.sh; poppler-utils gives pdftotext and pdftoppm.
TEST="clang libclang-rt-14-dev valgrind zip unzip sqlite3 jq curl chromium fonts-wqy-microhei
 libxml2-utils postgresql libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils"
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
# Node.js and npm run the browser tests; a machine may have them from elsewhere than Debian
# (whose npm package would then conflict), so ask for them only when the commands are missing.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ -n "$missing" ]; then
  echo "luoshi: installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The browser tests' one npm package (playwright-core, pinned by test/browser/package-lock.json;
# it drives Debian's chromium and downloads no browser).
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root/test/browser/node_modules/playwright-core" ]; then
  echo "luoshi: installing the browser tests' npm packages"
  (cd "$root/test/browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
