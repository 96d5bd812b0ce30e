#!/bin/sh
# A throwaway PostgreSQL server for the tests of the PostgreSQL backend.
#
#   pgtemp.sh start DIR          initdb DIR/data, start the server (unix socket in DIR, no TCP,
#                                log in DIR/log) and print its URI:
#                                postgresql:///postgres?host=DIR&user=luoshi
#   pgtemp.sh createdb DIR NAME  create database NAME on that server and print its URI
#   pgtemp.sh restart DIR [CMD ARG...]
#                                restart the server (fast shutdown: every session is cut off)
#                                on the same data, socket and settings. With CMD, the server is
#                                stopped, CMD runs while it is down, and the server is started
#                                again whatever CMD did: an outage of a known extent, for tests
#                                of what clients see meanwhile. Exits with CMD's status once the
#                                server is back (non-zero, with a message, when it did not come
#                                back).
#   pgtemp.sh stop DIR           stop the server (fast shutdown) and remove DIR
#
# The server trusts every local connection and runs with fsync off: it is for tests only and
# holds nothing worth keeping. The binaries come from the newest /usr/lib/postgresql/*/bin
# (Debian's layout), or from PGTEMP_BINDIR when set. PostgreSQL refuses to run as root; run as
# root, the script runs the server as the user "postgres" (or "nobody") and gives DIR to it.
# DIR is limited to plain path characters (letters, digits, / . _ + -) so that it can go into
# a URI and a server option unquoted. stop removes only a directory that start made.
set -eu

die() {
  echo "pgtemp: $*" >&2
  exit 1
}

usage() {
  die "usage: pgtemp.sh start DIR | createdb DIR NAME | restart DIR [CMD ARG...] | stop DIR"
}

# The directory of the PostgreSQL binaries, into $bindir.
find_bindir() {
  if [ -n "${PGTEMP_BINDIR:-}" ]; then
    bindir=$PGTEMP_BINDIR
  else
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] \
    || die "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin;" \
      "install the Debian package postgresql, or set PGTEMP_BINDIR)"
}

# Check DIR's spelling and make it absolute, into $dir (DIR need not exist yet).
set_dir() {
  case "$1" in
    "") usage ;;
    *[!A-Za-z0-9/._+-]*) die "DIR must be a plain path (letters, digits, / . _ + -): $1" ;;
  esac
  case "$1" in
    /*) dir=$1 ;;
    *) dir=$(pwd)/$1 ;;
  esac
  dir=${dir%/}
  case "$dir" in
    *[!A-Za-z0-9/._+-]*) die "the current directory is not a plain path; give DIR absolute" ;;
  esac
}

# Run a command as the server's user: ourselves, or $runas when we are root.
as_server() {
  if [ -n "$runas" ]; then
    runuser -u "$runas" -- "$@"
  else
    "$@"
  fi
}

uri() {
  echo "postgresql:///$1?host=$dir&user=luoshi"
}

# Start the server on $dir/data (as $runas): socket in $dir, no TCP, log appended to $dir/log.
server_start() {
  as_server "$bindir/pg_ctl" -w -s -D "$dir/data" -l "$dir/log" \
    -o "-k $dir -c listen_addresses='' -c fsync=off -c max_connections=200" start
}

# The user the server of an existing $dir runs as (when we are root), into $runas.
set_runas_existing() {
  runas=""
  if [ "$(id -u)" -eq 0 ] && [ -d "$dir/data" ]; then
    runas=$(stat -c %U "$dir/data")
    [ "$runas" = root ] && runas=""
  fi
  return 0
}

cmd_start() {
  find_bindir
  set_dir "$1"
  # a unix socket path (DIR/.s.PGSQL.5432 and its .lock) must fit in 107 bytes
  if [ ${#dir} -gt 90 ]; then
    die "DIR is too long for a unix socket path (${#dir} bytes, at most 90): $dir"
  fi
  [ -e "$dir/data" ] && die "$dir/data already exists (stop the old server first)"
  mkdir -p "$dir" || die "cannot create $dir"
  : >"$dir/.pgtemp" || die "cannot write in $dir"
  runas=""
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then runas=postgres; else runas=nobody; fi
    chown "$runas" "$dir" "$dir/.pgtemp"
    as_server test -w "$dir" \
      || die "user $runas cannot write in $dir (is a parent directory closed to it?)"
  fi
  if ! as_server "$bindir/initdb" -D "$dir/data" -U luoshi --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed (see above)"
  fi
  if ! server_start; then
    tail -n 20 "$dir/log" >&2 2>/dev/null || true
    die "the server did not start (log: $dir/log)"
  fi
  uri postgres
}

cmd_createdb() {
  find_bindir
  set_dir "$1"
  case "$2" in
    "" | *[!A-Za-z0-9_]*) die "NAME must be letters, digits and _: $2" ;;
  esac
  [ -f "$dir/.pgtemp" ] || die "$dir is not a pgtemp directory"
  "$bindir/createdb" -h "$dir" -U luoshi "$2" || die "createdb $2 failed"
  uri "$2"
}

cmd_restart() {
  find_bindir
  set_dir "$1"
  shift
  [ -f "$dir/.pgtemp" ] || die "$dir is not a pgtemp directory"
  [ -f "$dir/data/postmaster.pid" ] || die "no server is running in $dir"
  set_runas_existing
  if [ $# -eq 0 ]; then
    as_server "$bindir/pg_ctl" -w -s -D "$dir/data" -l "$dir/log" -m fast restart \
      || die "the server in $dir did not restart (log: $dir/log)"
    return 0
  fi
  as_server "$bindir/pg_ctl" -w -s -D "$dir/data" -m fast stop \
    || die "the server in $dir did not stop (log: $dir/log)"
  status=0
  "$@" || status=$?
  server_start || die "the server in $dir did not start again (log: $dir/log)"
  return "$status"
}

cmd_stop() {
  find_bindir
  set_dir "$1"
  [ -d "$dir" ] || die "no such directory: $dir"
  [ -f "$dir/.pgtemp" ] || die "$dir was not made by pgtemp.sh start; not removing it"
  set_runas_existing
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$bindir/pg_ctl" -w -s -D "$dir/data" -m fast stop \
      || die "the server in $dir did not stop (log: $dir/log)"
  fi
  rm -rf "$dir"
}

[ $# -ge 1 ] || usage
case "$1" in
  start)
    [ $# -eq 2 ] || usage
    cmd_start "$2"
    ;;
  createdb)
    [ $# -eq 3 ] || usage
    cmd_createdb "$2" "$3"
    ;;
  restart)
    [ $# -ge 2 ] || usage
    shift
    cmd_restart "$@"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    cmd_stop "$2"
    ;;
  *) usage ;;
esac
