# Crash consistency: a burst of writes killed with SIGKILL at random moments, 200 times; every
# write that was acknowledged must be there, the database whole and the audit chain unbroken.
# The writes add milestones, each with its own title, and compute the warnings of a new date
# (about 500 rows in one transaction, so that many kills land inside one): a write cut off
# before its acknowledgement may or may not be there, but none can hide an acknowledged one.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
ROUNDS=${CRASH_ROUNDS:-200}

t_kill_9_loses_no_acknowledged_write() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/k.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/k.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/k.db" >/dev/null || return 1
  : >"$TMP/acked"
  : >"$TMP/acked-dates"
  killed=0
  mkfifo "$TMP/acks"
  for round in $(seq 1 "$ROUNDS"); do
    # a writer: one milestone after another, each acknowledged once luoshi says it is done;
    # each acknowledgement is also a line on the fifo
    (
      j=1
      while :; do
        t="k$round-$j"
        "$LUOSHI" milestone add $(( (round * 7 + j) % 490 + 1 )) --due 2019-06-30 --title "$t" \
          --db "$TMP/k.db" >/dev/null 2>&1 && echo "$t" >>"$TMP/acked" && echo m
        d=$(date -d "2019-01-01 + $((round * 50 + j)) days" +%F)
        "$LUOSHI" warnings run --date "$d" --db "$TMP/k.db" >/dev/null 2>&1 && echo "$d" >>"$TMP/acked-dates" && echo w
        j=$((j + 1))
      done
    ) >"$TMP/acks" 2>/dev/null &
    writer=$!
    exec 8<"$TMP/acks"
    # wait for 1 to 3 acknowledged writes (however slow the machine), then kill the writer in
    # the write that follows; the short random pause only spreads where in it the kill lands
    need=$(( (RANDOM % 3) + 1 ))
    for _ in $(seq 1 "$need"); do read -r -t 60 _ <&8 || break; done
    sleep "0.00$(( RANDOM % 10 ))"
    # stop the writer first, so that it cannot start another luoshi between the two kills
    kill -STOP "$writer" 2>/dev/null
    pkill -9 -P "$writer" 2>/dev/null && killed=$((killed + 1))
    kill -9 "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    exec 8<&-
  done
  n=$(wc -l <"$TMP/acked")
  [ "$n" -ge $((ROUNDS / 2)) ] || { fail "only $n milestones were acknowledged in $ROUNDS rounds: the test did not load the database"; return 1; }
  [ "$killed" -ge $((ROUNDS / 4)) ] || { fail "only $killed of $ROUNDS kills hit a running luoshi"; return 1; }
  # every acknowledged write is there
  sql "$TMP/k.db" "select title from milestones" | sort >"$TMP/stored"
  sort "$TMP/acked" >"$TMP/acked.sorted"
  lost=$(comm -23 "$TMP/acked.sorted" "$TMP/stored" | head -5)
  [ -z "$lost" ] || { fail "acknowledged writes lost: $lost"; return 1; }
  sql "$TMP/k.db" "select distinct as_of from warnings" | sort >"$TMP/stored-dates"
  lost=$(sort "$TMP/acked-dates" | comm -23 - "$TMP/stored-dates" | head -5)
  [ -z "$lost" ] || { fail "acknowledged warnings runs lost: $lost"; return 1; }
  if [ "$LUOSHI_TEST_DB" = sqlite ]; then
    expect_eq "$(sqlite3 "$TMP/k.db" 'pragma integrity_check')" "ok"
  fi
  expect_eq "$(sql "$TMP/k.db" "select count(*) from milestones")" \
    "$(sql "$TMP/k.db" "select count(*) from audit_log where entity='milestone'")" "a milestone without its audit entry"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/k.db" || return 1
}
