# Shell test helpers, sourced by test/run.sh and the suites under test/e2e and test/golden.
#
# A suite is a file of shell functions named t_*; run.sh calls each in a subshell with
# LUOSHI (the binary), TMP (a fresh directory) and ROOT (the checkout) set. A test fails when
# its function returns non-zero or calls fail (directly or through an expect_* helper), even
# when the function goes on and returns 0. Helpers print what differs.

fail() {
  echo "    $*" >&2
  : >"$TMP/.failed"
  return 1
}

# expect_eq ACTUAL EXPECTED [WHAT]
expect_eq() {
  if [ "$1" != "$2" ]; then
    fail "${3:-value}: expected [$2], got [$1]"
    return 1
  fi
}

# expect_contains HAYSTACK NEEDLE [WHAT]
expect_contains() {
  case "$1" in
    *"$2"*) return 0 ;;
  esac
  fail "${3:-output} lacks [$2]: $(printf '%s' "$1" | head -c 400)"
}

# expect_status N CMD... : run CMD, expect exit status N; output goes to $TMP/out, $TMP/err
expect_status() {
  want=$1
  shift
  "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" != "$want" ]; then
    fail "'$*' exited $got, expected $want; stderr: $(head -c 400 "$TMP/err")"
    return 1
  fi
}

# jqr FILE FILTER : jq -r over a JSON file
jqr() { jq -rc "$2" "$1"; }
