# Crash consistency: a burst of writes killed with SIGKILL at random moments, again and again;
# every write that was acknowledged must be there, the database whole and the audit chain
# unbroken.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

t_kill_9_loses_no_acknowledged_write() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/k.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/k.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/k.db" >/dev/null || return 1
  : >"$TMP/acked"
  next=1
  for round in $(seq 1 25); do
    # a writer: one assignment after another, each acknowledged once luoshi says it is done
    (
      i=$next
      while [ "$i" -le 490 ]; do
        "$LUOSHI" ledger assign "$i" --leader "w$i" --db "$TMP/k.db" >/dev/null 2>&1 && echo "$i" >>"$TMP/acked"
        i=$((i + 1))
      done
    ) &
    writer=$!
    # let it run a random while (load, not synchronisation), then kill it and its luoshi
    sleep "0.0$(( (RANDOM % 8) + 2 ))"
    pkill -9 -P "$writer" 2>/dev/null
    kill -9 "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    last=$(tail -n 1 "$TMP/acked")
    next=$(( ${last:-0} + 2 ))
    [ "$next" -le 480 ] || break
  done
  n=$(wc -l <"$TMP/acked")
  [ "$n" -ge 25 ] || { fail "only $n writes were acknowledged: the test did not load the database"; return 1; }
  # every acknowledged write is there
  while read -r i; do
    got=$(sqlite3 "$TMP/k.db" "select coalesce(leader,'') from ledger_items where id=$i")
    [ "$got" = "w$i" ] || { fail "acknowledged write to item $i lost (leader [$got])"; return 1; }
  done <"$TMP/acked"
  expect_eq "$(sqlite3 "$TMP/k.db" 'pragma integrity_check')" "ok"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/k.db" || return 1
}
