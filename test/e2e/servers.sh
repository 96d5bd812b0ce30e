# Two `luoshi serve` processes on one PostgreSQL database, as a deployment behind a load
# balancer runs them: clients write through both at once — reports filed and submitted through
# the JSON API (bearer tokens of a supervisor and of a unit's reporter) and through the report
# form (a session cookie from logging in on one server, used on both), reviews (accept, return
# with a reason) through the API and the review form, and items published through the item
# page's form — and every acknowledged write must be in the database exactly once, with one
# audit chain that verifies and holds one entry per change. Then the same load while one server
# is killed with SIGKILL (its clients go over to the other), and while PostgreSQL restarts (the
# servers answer errors meanwhile, never hang or die, and reconnect by themselves).
#
# The clients are bash loops over curl (test/e2e/servers.sh's srv_writer and srv_reviewer):
# each sends its requests one at a time and logs every attempt; on a refused or cut connection
# it goes over to the other server, on an error answer it tries again, a bounded number of
# times. The kill and the restart come at a count of acknowledged writes, not at a time; the
# outage lasts until the clients have met it (pgtemp.sh restart DIR CMD runs CMD while the
# server is down). Only PostgreSQL lets two processes share a database this way.

BACKENDS="postgresql"

SRV_WRITES=${SRV_WRITES:-24}  # report filings per writer (four writers, two per server)
SRV_TRIES=60                  # attempts per request before a client gives up
SRV_MAX_SECONDS=20            # curl's cap on one attempt: beyond it the attempt counts as hung
SRV_BOUND=10                  # the longest an answer may take, in seconds, even in an outage

# ---- servers --------------------------------------------------------------------------------

# srv_start NAME: start `luoshi serve` on a free port over $DB; waits for its ready file and
# sets SRV_PID_NAME and SRV_ADDR_NAME (ADDR:PORT). Fails when it does not come up.
srv_start() {
  local name=$1 pid i
  rm -f "$TMP/ready.$name"
  "$LUOSHI" --db "$DB" serve --listen 127.0.0.1:0 --threads 4 --ready-file "$TMP/ready.$name" \
    --access-log "$TMP/access.$name" >/dev/null 2>"$TMP/serve.$name.err" &
  pid=$!
  printf -v "SRV_PID_$name" '%s' "$pid"
  for i in $(seq 1 200); do
    [ -s "$TMP/ready.$name" ] && break
    kill -0 "$pid" 2>/dev/null || { fail "serve $name stopped: $(tail -n 3 "$TMP/serve.$name.err")"; return 1; }
    sleep 0.05
  done
  [ -s "$TMP/ready.$name" ] || { fail "serve $name wrote no ready file in 10 s"; return 1; }
  printf -v "SRV_ADDR_$name" '%s' "$(head -n 1 "$TMP/ready.$name")"
}

# srv_stop_all: stop what the test started (an EXIT trap: also after a failure)
srv_stop_all() {
  local pid
  for pid in ${SRV_JOBS:-}; do kill "$pid" 2>/dev/null; done
  for pid in ${SRV_PID_A:-} ${SRV_PID_B:-}; do
    kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  return 0
}

# srv_alive NAME: is server NAME's process still there?
srv_alive() {
  local pid
  pid=$(eval echo "\${SRV_PID_$1:-}")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# srv_setup: the sample ledger (document, units, ledger), a supervisor and a reporter of
# 宜宾市人民政府 with API tokens, two servers A and B on it, and a session from logging in on
# A (SRV_SESSION, SRV_CSRF). SRV_SETUP_SEQ is the audit log's last entry before any load.
srv_setup() {
  web_db "$TMP/servers.db" || { fail "setting up the ledger"; return 1; }
  echo 'pass-word-1' | "$LUOSHI" --db "$DB" user add sup 督查员 supervisor >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" --db "$DB" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 \
    >/dev/null || return 1
  SRV_TOK_SUP=$("$LUOSHI" --db "$DB" token sup) || return 1
  SRV_TOK_YB=$("$LUOSHI" --db "$DB" token yb) || return 1
  SRV_JOBS=
  trap srv_stop_all EXIT
  srv_start A || return 1
  srv_start B || return 1
  # Log in on A through the real form (double-submit CSRF, then the session cookie).
  local csrf code
  csrf=$(curl -s -c "$TMP/jar" "http://$SRV_ADDR_A/login" |
    grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  [ -n "$csrf" ] || { fail "no CSRF field on A's login form"; return 1; }
  code=$(curl -s -b "$TMP/jar" -c "$TMP/jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode login=sup --data-urlencode password=pass-word-1 --data-urlencode "csrf=$csrf" \
    "http://$SRV_ADDR_A/login")
  SRV_SESSION=$(awk '$6 == "luoshi_session" { print $7 }' "$TMP/jar")
  [ "$code" = 303 ] && [ -n "$SRV_SESSION" ] || { fail "login on A refused (status $code)"; return 1; }
  SRV_CSRF=$(curl -s -H "Cookie: luoshi_session=$SRV_SESSION" "http://$SRV_ADDR_A/review" |
    grep -o 'name="csrf-token" content="[0-9a-f]*"' | head -n 1 | sed 's/.*content="//; s/"$//')
  [ -n "$SRV_CSRF" ] || { fail "no CSRF token in A's review page after login"; return 1; }
  SRV_SETUP_SEQ=$(sql "$DB" "SELECT max(seq) FROM audit_log") || return 1
  SRV_SETUP_N=$(sql "$DB" "SELECT count(*) FROM audit_log") || return 1
}

# ---- clients --------------------------------------------------------------------------------

# srv_send NAME TAG AUTH PATH BODY: send one write (POST) as client NAME, to SRV_HERE first, and
# again until it is acknowledged or refused for good. AUTH: api-sup, api-yb (JSON with that
# person's bearer token) or form (urlencoded, with the session cookie and its CSRF token). Each
# attempt is a line of $TMP/NAME.log: TAG, attempt, server, curl's status, HTTP status,
# seconds, redirect, body (300 bytes, one line), verdict, AUTH. The verdict: ack (acknowledged:
# the API's 200 with the object, the form's 303 to its success page), again (409 on a retry:
# an earlier attempt did it), refused (409 at once), conn (no answer: on to the other server),
# error (an error answer: once more, after a pause), gaveup (a last line when the attempts ran
# out). An acknowledged API write's id goes to $TMP/NAME.acked as "TAG ID".
srv_send() {
  local name=$1 tag=$2 auth=$3 path=$4 body=$5 try out rc code secs loc resp verdict id
  local -a hdr
  case $auth in
    api-sup) hdr=(-H "Authorization: Bearer $SRV_TOK_SUP" -H 'Content-Type: application/json') ;;
    api-yb) hdr=(-H "Authorization: Bearer $SRV_TOK_YB" -H 'Content-Type: application/json') ;;
    form)
      hdr=(-H "Cookie: luoshi_session=$SRV_SESSION" -H 'Content-Type: application/x-www-form-urlencoded')
      body="$body&csrf=$SRV_CSRF"
      ;;
  esac
  for ((try = 1; try <= SRV_TRIES; try++)); do
    rm -f "$TMP/$name.body"
    out=$(curl -s -o "$TMP/$name.body" -w '%{http_code}\t%{time_total}\t%{redirect_url}' \
      --connect-timeout 5 -m "$SRV_MAX_SECONDS" "${hdr[@]}" --data-binary "$body" \
      "http://$SRV_HERE$path")
    rc=$?
    IFS=$'\t' read -r code secs loc <<<"$out"
    resp=$(tr '\r\n\t' '   ' <"$TMP/$name.body" 2>/dev/null | head -c 300)
    if [ "$rc" != 0 ]; then
      verdict=conn
    elif [ "$auth" != form ] && [ "$code" = 200 ] && [[ $resp == '{"item":{"id":'* ]]; then
      verdict=ack
    elif [ "$auth" = form ] && [ "$code" = 303 ] &&
      [[ $loc =~ /items/[0-9]+\?(submitted|published)=1$|/review\?done=(accepted|returned)$ ]]; then
      verdict=ack
    elif [ "$code" = 409 ]; then
      verdict=refused
      [ "$try" -gt 1 ] && verdict=again
    else
      verdict=error
    fi
    printf '%s\t%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$try" "$SRV_HERE" "$rc" "$code" \
      "$secs" "$loc" "$resp" "$verdict" "$auth" >>"$TMP/$name.log"
    case $verdict in
      ack)
        if [ "$auth" != form ]; then
          id=${resp#'{"item":{"id":'}
          printf '%s %s\n' "$tag" "${id%%[!0-9]*}" >>"$TMP/$name.acked"
        fi
        return 0
        ;;
      again | refused) return 0 ;;
      conn)
        # the other server takes over; both refusing: a pause before the next round
        local t=$SRV_HERE
        SRV_HERE=$SRV_THERE
        SRV_THERE=$t
        [ $((try % 2)) = 0 ] && sleep 0.1
        ;;
      error) sleep 0.1 ;; # a pause between retries, not a wait for anything
    esac
  done
  printf '%s\t%d\t%s\t0\t-\t0\t\t\tgaveup\t%s\n' "$tag" "$try" "$SRV_HERE" "$auth" >>"$TMP/$name.log"
}

# srv_writer NAME HERE THERE: client NAME files the reports of $TMP/NAME.req (lines
# TAG<TAB>AUTH<TAB>PATH<TAB>BODY) through server HERE (the other is THERE); $TMP/NAME.done
# marks its end.
srv_writer() {
  local name=$1 tag auth path body
  SRV_HERE=$2 SRV_THERE=$3
  while IFS=$'\t' read -r tag auth path body; do
    srv_send "$name" "$tag" "$auth" "$path" "$body"
  done <"$TMP/$name.req"
  : >"$TMP/$name.done"
}

# srv_requests NAME K: the requests of writer K (1-4) into $TMP/NAME.req. Writer K reports on
# items 10K+1 … 10K+8 as the supervisor (one in three by the form, the rest by the API) and
# on 宜宾's item 94 as its reporter, each report for a period of its own; the report's "done"
# text is its tag.
srv_requests() {
  local name=$1 k=$2 i item period
  for i in $(seq 1 "$SRV_WRITES"); do
    item=$((10 * k + i % 8 + 1))
    period=$(printf '%04d-%02d' $((2000 + i / 12)) $((i % 12 + 1)))
    case $((i % 3)) in
      0)
        printf 'f%dx%d\tform\t/items/%d/report\tperiod=%s&progress=%d&done=f%dx%d&action=submit\n' \
          "$k" "$i" "$item" "$period" $((i % 100)) "$k" "$i"
        ;;
      1)
        printf 'f%dx%d\tapi-sup\t/api/v1/items/%d/reports\t{"period":"%s","progress":%d,"done":"f%dx%d","submit":true}\n' \
          "$k" "$i" "$item" "$period" $((i % 100)) "$k" "$i"
        ;;
      2)
        period=$(printf '%04d-%02d' $((1950 + 10 * k + i / 12)) $((i % 12 + 1)))
        printf 'f%dx%d\tapi-yb\t/api/v1/items/94/reports\t{"period":"%s","progress":%d,"done":"f%dx%d","submit":true}\n' \
          "$k" "$i" "$period" $((i % 100)) "$k" "$i"
        ;;
    esac
  done >"$TMP/$name.req"
}

# srv_reviewer NAME HERE THERE ITEM0 WRITER...: client NAME reviews, as the supervisor, the
# reports the given writers had acknowledged by the API, as they come: one in three returned
# with a reason, the others accepted, by the API or the review form in turn; after every
# fourth review it publishes an item of its own (ITEM0+1, ITEM0+2, …) through the item page's
# form. It ends when the writers have ended and all their reports are reviewed.
srv_reviewer() {
  local name=$1 item0=$4 n=0 idle=0 all ids id w
  SRV_HERE=$2 SRV_THERE=$3
  shift 4
  : >"$TMP/$name.reviewed"
  while :; do
    all=1
    for w in "$@"; do [ -e "$TMP/$w.done" ] || all=0; done
    ids=$(for w in "$@"; do awk '{ print $2 }' "$TMP/$w.acked"; done | sort | comm -23 - "$TMP/$name.reviewed")
    if [ -z "$ids" ]; then
      [ "$all" = 1 ] && break
      idle=$((idle + 1))
      if [ "$idle" -gt 1200 ]; then
        echo "the writers $* neither wrote nor ended for a minute" >"$TMP/$name.stuck"
        break
      fi
      sleep 0.05 # polling the writers' logs (bounded above)
      continue
    fi
    idle=0
    for id in $ids; do
      n=$((n + 1))
      if [ $((id % 3)) = 0 ]; then
        if [ $((id % 2)) = 0 ]; then
          srv_send "$name" "r$id" api-sup "/api/v1/reports/$id/review" "{\"action\":\"return\",\"reason\":\"r$id\"}"
        else
          srv_send "$name" "r$id" form "/reports/$id/review" "action=return&reason=r$id"
        fi
      elif [ $((id % 2)) = 0 ]; then
        srv_send "$name" "a$id" api-sup "/api/v1/reports/$id/review" '{"action":"accept"}'
      else
        srv_send "$name" "a$id" form "/reports/$id/review" "action=accept"
      fi
      echo "$id" >>"$TMP/$name.reviewed"
      sort -o "$TMP/$name.reviewed" "$TMP/$name.reviewed"
      if [ $((n % 4)) = 0 ]; then
        srv_send "$name" "p$((item0 + n / 4))" form "/items/$((item0 + n / 4))/publish" "public=1"
      fi
    done
  done
  : >"$TMP/$name.done"
}

# srv_load: start the load in the background — writers wA1 wA2 on A, wB3 wB4 on B, reviewer rA
# on A (reviewing B's writers) and rB on B (reviewing A's) — and set SRV_JOBS to their pids.
srv_load() {
  local w
  for w in wA1 wA2 wB3 wB4 rA rB; do
    : >"$TMP/$w.log"
    : >"$TMP/$w.acked"
  done
  srv_requests wA1 1
  srv_requests wA2 2
  srv_requests wB3 3
  srv_requests wB4 4
  srv_writer wA1 "$SRV_ADDR_A" "$SRV_ADDR_B" &
  SRV_JOBS="$SRV_JOBS $!"
  srv_writer wA2 "$SRV_ADDR_A" "$SRV_ADDR_B" &
  SRV_JOBS="$SRV_JOBS $!"
  srv_writer wB3 "$SRV_ADDR_B" "$SRV_ADDR_A" &
  SRV_JOBS="$SRV_JOBS $!"
  srv_writer wB4 "$SRV_ADDR_B" "$SRV_ADDR_A" &
  SRV_JOBS="$SRV_JOBS $!"
  srv_reviewer rA "$SRV_ADDR_A" "$SRV_ADDR_B" 200 wB3 wB4 &
  SRV_JOBS="$SRV_JOBS $!"
  srv_reviewer rB "$SRV_ADDR_B" "$SRV_ADDR_A" 300 wA1 wA2 &
  SRV_JOBS="$SRV_JOBS $!"
}

# srv_load_wait: wait for the clients to end (each attempt is bounded, and so are their
# retries)
srv_load_wait() {
  local pid
  for pid in $SRV_JOBS; do wait "$pid"; done
  SRV_JOBS=
  cat "$TMP"/w*.log "$TMP"/r?.log >"$TMP/attempts"
  local w
  for w in rA rB; do
    [ -e "$TMP/$w.stuck" ] && fail "reviewer $w: $(cat "$TMP/$w.stuck")"
  done
  return 0
}

# srv_wait_acks N: wait until the clients have N acknowledged writes between them (polling
# their logs, 60 s at most)
srv_wait_acks() {
  local i n=0
  for i in $(seq 1 1200); do
    n=$(cat "$TMP"/w*.log "$TMP"/r?.log 2>/dev/null | awk -F'\t' '$9 == "ack"' | wc -l)
    [ "$n" -ge "$1" ] && return 0
    sleep 0.05
  done
  fail "only $n writes acknowledged after a minute (waiting for $1)"
}

# ---- checks ---------------------------------------------------------------------------------

# srv_check STRICT: what the load left in the database against what the clients were told.
# STRICT=1: nothing went wrong on the way, so every request was acknowledged at its first
# attempt and the audit log has exactly one entry per change; STRICT=0: a server or the
# database went away meanwhile, so a write may have been tried more than once (only
# acknowledged or found done on a retry counts; at most one trace of it in the database).
srv_check() {
  local strict=$1
  # the last verdict of each request
  awk -F'\t' '{ v[$1] = $9 } END { for (t in v) print t, v[t] }' "$TMP/attempts" | sort >"$TMP/final"
  local sent
  sent=$(cat "$TMP"/w*.req | wc -l)
  cut -f1 "$TMP"/w*.req | sort >"$TMP/filings"
  local missing
  missing=$(comm -23 "$TMP/filings" <(awk '{ print $1 }' "$TMP/final") | head -n 5)
  [ -z "$missing" ] || fail "filings never sent: $missing"
  local bad
  bad=$(awk '$2 != "ack" && $2 != "again"' "$TMP/final" | head -n 5)
  [ -z "$bad" ] || fail "requests that did not succeed: $bad; the last attempt of the first: $(awk -F'\t' -v t="${bad%% *}" '$1 == t' "$TMP/attempts" | tail -n 1)"
  if [ "$strict" = 1 ]; then
    bad=$(awk -F'\t' '$9 != "ack" || $2 != 1' "$TMP/attempts" | head -n 3)
    [ -z "$bad" ] || fail "attempts that were not acknowledged at once: $bad"
  fi
  # Anything an answer took longer than the bound is a hang.
  bad=$(awk -F'\t' -v b="$SRV_BOUND" '$4 == 28 || $6 + 0 > b' "$TMP/attempts" | head -n 3)
  [ -z "$bad" ] || fail "answers that took longer than $SRV_BOUND s: $bad"

  # The reports: one per filing, none of anyone else's, none twice.
  sql "$DB" "SELECT id, item_id, period, coalesce(unit_id, 0), done, state, submissions,
    coalesce(return_reason, '') FROM reports ORDER BY id" >"$TMP/reports" || return 1
  local dup
  dup=$(cut -d'|' -f5 "$TMP/reports" | sort | uniq -d | head -n 5)
  [ -z "$dup" ] || fail "filings stored twice: $dup"
  dup=$(cut -d'|' -f2-4 "$TMP/reports" | sort | uniq -d | head -n 5)
  [ -z "$dup" ] || fail "two reports of one unit for one item and period: $dup"
  local phantom
  phantom=$(cut -d'|' -f5 "$TMP/reports" | sort | comm -23 - "$TMP/filings" | head -n 5)
  [ -z "$phantom" ] || fail "reports nobody filed: $phantom"
  local lost
  lost=$(awk '$1 ~ /^f/ && ($2 == "ack" || $2 == "again") { print $1 }' "$TMP/final" |
    comm -23 - <(awk -F'|' '$6 != "draft" { print $5 }' "$TMP/reports" | sort) | head -n 5)
  [ -z "$lost" ] || fail "acknowledged filings missing or left a draft: $lost"
  # an API acknowledgement names the report that holds the filing
  lost=$(cat "$TMP"/w*.acked | sort | comm -23 - <(awk -F'|' '{ print $5, $1 }' "$TMP/reports" | sort) | head -n 5)
  [ -z "$lost" ] || fail "acknowledged ids that do not hold their filing (tag id): $lost"
  bad=$(awk -F'|' '$6 == "draft" || $7 != 1' "$TMP/reports" | head -n 3)
  [ -z "$bad" ] || fail "reports left a draft, or submitted more than once: $bad"

  # The reviews: a report is accepted or returned exactly when a review of it succeeded.
  local want got
  want=$(awk '$1 ~ /^[ar][0-9]/ && ($2 == "ack" || $2 == "again") {
    print substr($1, 2), (substr($1, 1, 1) == "a" ? "accepted" : "returned r" substr($1, 2)) }' \
    "$TMP/final" | sort)
  got=$(awk -F'|' '$6 == "accepted" { print $1, $6 } $6 == "returned" { print $1, $6, $8 }' \
    "$TMP/reports" | sort)
  bad=$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | head -n 6)
  [ -z "$bad" ] || fail "reviewed reports (< reviewed, > stored: id state reason): $bad"
  local nReview
  nReview=$(echo "$want" | grep -c .)
  # The items published: those whose publishing succeeded, and no other.
  local published
  published=$(awk '$1 ~ /^p/ && ($2 == "ack" || $2 == "again") { print substr($1, 2) }' "$TMP/final" | sort)
  got=$(sql "$DB" "SELECT id FROM ledger_items WHERE public <> 0" | sort)
  bad=$(diff <(echo "$published") <(echo "$got") | grep '^[<>]' | head -n 6)
  [ -z "$bad" ] || fail "published items (< published, > public in the database): $bad"
  local nPublish nFiling
  nPublish=$(echo "$published" | grep -c .)
  nFiling=$(grep -c . "$TMP/filings")

  # The audit log: one chain, and one entry for each change the reports and items show.
  expect_status 0 "$LUOSHI" --db "$DB" audit verify
  local nAudit
  nAudit=$(sql "$DB" "SELECT count(*) FROM audit_log")
  expect_contains "$(cat "$TMP/out")" "$nAudit entries, the chain holds" "audit verify"
  sql "$DB" "SELECT action, entity, entity_id FROM audit_log WHERE seq > $SRV_SETUP_SEQ" |
    tr '|' ' ' | sort >"$TMP/entries"
  {
    awk -F'|' '{ print "save report " $1; print "submitted report " $1 }
      $6 == "accepted" { print "accepted report " $1 } $6 == "returned" { print "returned report " $1 }' \
      "$TMP/reports"
    echo "$published" | awk 'NF { print "publish item " $1 }'
    # the first acceptance on an item moves it from 未启动 to 推进中 (progress stays below 100)
    awk -F'|' '$6 == "accepted" { print "status item " $2 }' "$TMP/reports" | sort -u
  } | sort >"$TMP/entries.want"
  if [ "$strict" = 1 ]; then
    bad=$(diff "$TMP/entries.want" "$TMP/entries" | head -n 8)
    [ -z "$bad" ] || fail "audit entries differ from the changes (< expected, > found): $bad"
    local nStatus
    nStatus=$(grep -c '^status ' "$TMP/entries.want")
    expect_eq "$nAudit" $((SRV_SETUP_N + 2 * nFiling + nReview + nPublish + nStatus)) \
      "audit entries (setup $SRV_SETUP_N + 2 x $nFiling filings + $nReview reviews + $nPublish publications + $nStatus status changes)"
  else
    # A retried filing or publication may have saved twice, once per attempt at most.
    bad=$(diff "$TMP/entries.want" <(awk '($1 == "save" || $1 == "publish") && seen[$0]++ { next } { print }' "$TMP/entries") | head -n 8)
    [ -z "$bad" ] || fail "audit entries differ from the changes (< expected, > found): $bad"
    local report tag tries n item
    while read -r n report; do
      tag=$(awk -F'|' -v id="$report" '$1 == id { print $5 }' "$TMP/reports")
      tries=$(awk -F'\t' -v t="$tag" '$1 == t' "$TMP/attempts" | wc -l)
      [ "$n" -le "$tries" ] || fail "report $report ($tag) saved $n times in $tries attempts"
    done < <(awk '$1 == "save" { print $3 }' "$TMP/entries" | uniq -c)
    while read -r n item; do
      tries=$(awk -F'\t' -v t="p$item" '$1 == t' "$TMP/attempts" | wc -l)
      [ "$n" -le "$tries" ] || fail "item $item published $n times in $tries attempts"
    done < <(awk '$1 == "publish" { print $3 }' "$TMP/entries" | uniq -c)
  fi
  echo "servers: $sent filings, $nReview reviews, $nPublish publications; $(wc -l <"$TMP/attempts") attempts; $nAudit audit entries"
}

# srv_envelope FILE STATUS: is FILE the API's error envelope for STATUS?
srv_envelope() {
  jq -e --argjson s "$2" '.error.status == $s and (.error.message | type == "string" and length > 0)' \
    "$1" >/dev/null 2>&1
}

# ---- the tests ------------------------------------------------------------------------------

t_two_servers_share_one_database() {
  srv_setup || return 1
  # The session from A's login is B's too.
  local code
  code=$(curl -s -o "$TMP/review.B" -w '%{http_code}' -H "Cookie: luoshi_session=$SRV_SESSION" \
    "http://$SRV_ADDR_B/review")
  expect_eq "$code" 200 "B's review page with the session of a login on A"
  expect_contains "$(cat "$TMP/review.B")" "content=\"$SRV_CSRF\"" "B's page: the session's CSRF token"
  srv_load
  srv_load_wait
  srv_check 1
  # Each server reads what was written through the other, at once.
  local from to line tag id item got
  for from in A B; do
    to=B
    [ "$from" = B ] && to=A
    line=$(awk -F'\t' -v s="$(eval echo "\$SRV_ADDR_$from")" '$1 ~ /^f/ && $3 == s && $9 == "ack" && $8 ~ /^\{/' \
      "$TMP/attempts" | head -n 1)
    tag=${line%%$'\t'*}
    [ -n "$tag" ] || { fail "no API filing acknowledged by $from"; continue; }
    id=$(cat "$TMP"/w*.acked | awk -v t="$tag" '$1 == t { print $2 }')
    item=$(awk -F'\t' -v t="$tag" '$1 == t { print $3 }' "$TMP"/w*.req | cut -d/ -f5)
    got=$(curl -s -H "Authorization: Bearer $SRV_TOK_SUP" \
      "http://$(eval echo "\$SRV_ADDR_$to")/api/v1/items/$item/reports?limit=500" |
      jq -r --argjson id "$id" '.items[] | select(.id == $id) | .done')
    expect_eq "$got" "$tag" "report $id (item $item) written through $from, read through $to"
  done
  local nFormB
  nFormB=$(awk -F'\t' -v s="$SRV_ADDR_B" '$3 == s && $9 == "ack" && $7 != ""' "$TMP/attempts" | wc -l)
  [ "$nFormB" -gt 0 ] || fail "no form write through B with the session from A"
  srv_alive A || fail "server A died"
  srv_alive B || fail "server B died"
}

t_a_killed_server_loses_nothing_its_clients_go_to_the_other() {
  srv_setup || return 1
  srv_load
  # SIGKILL A in the middle of the load (of some 4 x SRV_WRITES filings and 3 x SRV_WRITES
  # reviews and publications), after 2 x SRV_WRITES acknowledgements.
  srv_wait_acks $((SRV_WRITES * 2)) || { srv_load_wait; return 1; }
  kill -KILL "$SRV_PID_A"
  { wait "$SRV_PID_A"; } 2>/dev/null
  expect_eq $? 137 "A's exit status (SIGKILL)"
  SRV_PID_A=
  srv_load_wait
  srv_check 0
  # A's clients met closed or refused connections — never a hang — and carried on through B.
  local conn
  conn=$(awk -F'\t' -v s="$SRV_ADDR_A" '$3 == s && $9 == "conn"' "$TMP/attempts")
  [ -n "$conn" ] || fail "no client met A's death (its requests all ended before the kill?)"
  local bad
  bad=$(awk -F'\t' '$9 == "conn" && $4 != 7 && $4 != 52 && $4 != 55 && $4 != 56' "$TMP/attempts" | head -n 3)
  [ -z "$bad" ] || fail "connection failures other than refused (7), empty answer (52) or cut (55, 56): $bad"
  bad=$(awk -F'\t' -v s="$SRV_ADDR_B" '$3 == s && $9 == "conn"' "$TMP/attempts" | head -n 3)
  [ -z "$bad" ] || fail "B dropped connections: $bad"
  local w n
  for w in wA1 wA2 rA; do
    n=$(awk -F'\t' -v s="$SRV_ADDR_B" '$3 == s && $9 == "ack"' "$TMP/$w.log" | wc -l)
    [ "$n" -gt 0 ] || fail "client $w of A wrote nothing through B"
  done
  srv_alive B || fail "server B died"
  echo "servers: $(echo "$conn" | wc -l) attempts met A's death"
}

# srv_outage: run by pgtemp.sh restart while PostgreSQL is down. Asks each server a read and
# two writes (API and form) and notes the answers in $TMP/outage.probes (server, what, curl's
# status, HTTP status, seconds, redirect or "-", body or "-"), then waits (at most 20 s) until each server
# has given the load's clients an error answer too, so that they retry across the outage.
srv_outage() {
  local s addr
  for s in A B; do
    addr=$(eval echo "\$SRV_ADDR_$s")
    srv_probe "$s" read "http://$addr/api/v1/items?limit=1" -H "Authorization: Bearer $SRV_TOK_SUP"
    srv_probe "$s" api-write "http://$addr/api/v1/items/2/reports" -H "Authorization: Bearer $SRV_TOK_SUP" \
      -H 'Content-Type: application/json' --data-binary '{"period":"1999-01","progress":1,"done":"probe","submit":true}'
    srv_probe "$s" form-write "http://$addr/items/2/report" -H "Cookie: luoshi_session=$SRV_SESSION" \
      --data-binary "period=1999-02&progress=1&done=probe&action=submit&csrf=$SRV_CSRF"
  done
  local i seen
  for i in $(seq 1 400); do
    seen=$(cat "$TMP"/w*.log "$TMP"/r?.log 2>/dev/null |
      awk -F'\t' '$9 == "error" && $2 > 0 { print $3 }' | sort -u | wc -l)
    [ "$seen" -ge 2 ] && return 0
    sleep 0.05
  done
  echo "the clients met the outage on $seen server(s) in 20 s" >"$TMP/outage.short"
  return 0
}

# srv_probe SERVER WHAT URL CURL-ARGS...: one request of srv_outage
srv_probe() {
  local s=$1 what=$2 url=$3 out rc
  shift 3
  out=$(curl -s -o "$TMP/probe.$s.$what" -w '%{http_code}\t%{time_total}\t%{redirect_url}' \
    --connect-timeout 5 -m "$SRV_MAX_SECONDS" "$@" "$url")
  rc=$?
  local code secs loc body
  IFS=$'\t' read -r code secs loc <<<"$out"
  body=$(tr '\r\n\t' '   ' <"$TMP/probe.$s.$what" 2>/dev/null | head -c 300)
  # (no field empty: read would merge the tabs around it)
  printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\n' "$s" "$what" "$rc" "$code" "$secs" "${loc:--}" \
    "${body:--}" >>"$TMP/outage.probes"
}

t_servers_ride_out_a_database_restart() {
  [ -n "${LUOSHI_TEST_PGDIR:-}" ] && [ -n "${PGTEMP:-}" ] ||
    { fail "LUOSHI_TEST_PGDIR and PGTEMP are not set (test/run.sh sets them)"; return 1; }
  srv_setup || return 1
  srv_load
  srv_wait_acks $((SRV_WRITES * 2)) || { srv_load_wait; return 1; }
  : >"$TMP/outage.probes"
  { declare -f srv_outage srv_probe; echo srv_outage; } >"$TMP/outage.sh"
  export TMP SRV_ADDR_A SRV_ADDR_B SRV_TOK_SUP SRV_SESSION SRV_CSRF SRV_MAX_SECONDS
  "$PGTEMP" restart "$LUOSHI_TEST_PGDIR" bash "$TMP/outage.sh" >"$TMP/restart.out" 2>&1 ||
    fail "pgtemp.sh restart: $(tail -n 3 "$TMP/restart.out")"
  # Back at once, neither server restarted: the first request after the restart is answered.
  local s code
  for s in A B; do
    srv_alive "$s" || fail "server $s died in the outage: $(tail -n 3 "$TMP/serve.$s.err")"
    code=$(curl -s -o "$TMP/after.$s" -w '%{http_code}' -m "$SRV_MAX_SECONDS" \
      -H "Authorization: Bearer $SRV_TOK_SUP" "http://$(eval echo "\$SRV_ADDR_$s")/api/v1/items?limit=1")
    expect_eq "$code" 200 "server $s's first answer after the restart ($(head -c 200 "$TMP/after.$s"))"
  done
  srv_load_wait
  [ -e "$TMP/outage.short" ] && fail "$(cat "$TMP/outage.short")"
  # What was asked during the outage got an error answer saying so, soon: a 5xx, with the API's
  # error envelope from the API; not "log in" (401, or the form's redirect to /login), since
  # the token and the session were fine.
  local what rc secs loc body
  while IFS=$'\t' read -r s what rc code secs loc body; do
    [ "$rc" = 0 ] || { fail "server $s, $what in the outage: no answer (curl status $rc)"; continue; }
    awk -v t="$secs" -v b="$SRV_BOUND" 'BEGIN { exit !(t + 0 <= b) }' ||
      fail "server $s, $what in the outage: answered after $secs s"
    case $code in
      5??) ;;
      *) fail "server $s, $what in the outage: status $code instead of a 5xx (redirect $loc, body $body)" ;;
    esac
    if [ "$what" != form-write ]; then
      srv_envelope "$TMP/probe.$s.$what" "$code" || fail "server $s, $what in the outage: no error envelope: $body"
    fi
  done <"$TMP/outage.probes"
  # The same for the load's own attempts that met the outage; and no connection was refused.
  local bad
  bad=$(awk -F'\t' '$9 == "conn"' "$TMP/attempts" | head -n 3)
  [ -z "$bad" ] || fail "connections refused or cut in the outage (the servers must stay up): $bad"
  bad=$(awk -F'\t' '$9 == "error" && $5 !~ /^5/' "$TMP/attempts" | head -n 3)
  [ -z "$bad" ] || fail "error answers in the outage other than 5xx: $bad"
  bad=$(awk -F'\t' '$9 == "error" && $10 != "form" && index($8, "{\"error\":{\"status\":" $5 ",\"message\":\"") != 1' \
    "$TMP/attempts" | head -n 3)
  [ -z "$bad" ] || fail "API error answers in the outage without the error envelope: $bad"
  local n
  n=$(awk -F'\t' '$9 == "error"' "$TMP/attempts" | wc -l)
  [ "$n" -gt 0 ] || fail "no client request met the outage"
  srv_check 0
  grep -q 'probe' "$TMP/reports" && fail "a write refused in the outage was stored"
  for s in A B; do
    srv_alive "$s" || fail "server $s died"
    grep -n -i -E 'panic|abort|assert' "$TMP/serve.$s.err" | head -n 3 | grep . &&
      fail "server $s's log reports a crash"
  done
  echo "servers: $n attempts met the outage"
}
