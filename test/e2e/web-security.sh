# End-to-end security tests of the web application, all through `luoshi http`: the
# authorisation matrix (every route of `luoshi serve --routes`, every role, own and other
# targets, against the policy written out below), CSRF, login throttling, hostile strings in
# every text field, response headers, request limits, and logging out everywhere.

# ---- the policy --------------------------------------------------------------------------
# One line per route and target: what each role gets. allow = 2xx, or 303 to a page other
# than the login form (an allowed POST may also answer 400 to the minimal body the test
# sends, or 409); deny = 401/403 under /api/, 303 to /login?next=… for anonymous pages, 403
# for a logged-in person. Targets: "-" (no {id}), own (the reporter's unit 宜宾市人民政府:
# its item, report, request, evidence, unit), other (泸州市人民政府's), doc (the document).
# Every route in `luoshi serve --routes` must be here: a new route fails this test until its
# policy is written down.
policy() {
  cat <<'EOF'
# method pattern                      target anon  reporter leader supervisor admin
GET  /                                -      deny  allow    allow  allow      allow
GET  /login                           -      allow allow    allow  allow      allow
POST /login                           -      allow allow    allow  allow      allow
POST /logout                          -      deny  allow    allow  allow      allow
GET  /lang                            -      allow allow    allow  allow      allow
GET  /static/{file}                   -      allow allow    allow  allow      allow
GET  /public                          -      allow allow    allow  allow      allow
GET  /ledger                          -      deny  allow    allow  allow      allow
GET  /ledger.csv                      -      deny  allow    allow  allow      allow
GET  /items/{id}                      own    deny  allow    allow  allow      allow
GET  /items/{id}                      other  deny  deny     deny   allow      allow
POST /items/{id}/publish              own    deny  deny     deny   allow      allow
POST /items/{id}/publish              other  deny  deny     deny   allow      allow
GET  /items/{id}/report               own    deny  allow    deny   allow      allow
GET  /items/{id}/report               other  deny  deny     deny   allow      allow
POST /items/{id}/report               own    deny  allow    deny   allow      allow
POST /items/{id}/report               other  deny  deny     deny   allow      allow
POST /items/{id}/request              own    deny  allow    deny   allow      allow
POST /items/{id}/request              other  deny  deny     deny   allow      allow
GET  /review                          -      deny  deny     deny   allow      allow
GET  /assess                          -      deny  allow    allow  allow      allow
GET  /bulletin                        -      deny  deny     deny   allow      allow
POST /bulletin/notes                  -      deny  deny     deny   allow      allow
POST /reports/{id}/review             own    deny  deny     deny   allow      allow
POST /reports/{id}/review             other  deny  deny     deny   allow      allow
POST /requests/{id}/decide            own    deny  deny     deny   allow      allow
POST /requests/{id}/decide            other  deny  deny     deny   allow      allow
GET  /evidence/{id}                   own    deny  allow    allow  allow      allow
GET  /evidence/{id}                   other  deny  deny     deny   allow      allow
GET  /documents                       -      deny  allow    allow  allow      allow
GET  /documents/{id}                  doc    deny  allow    allow  allow      allow
GET  /units                           -      deny  allow    allow  allow      allow
GET  /units/{id}                      own    deny  allow    allow  allow      allow
GET  /units/{id}                      other  deny  deny     deny   allow      allow
GET  /timeline                        -      deny  allow    allow  allow      allow
GET  /api/v1                          -      allow allow    allow  allow      allow
GET  /api/v1/public/items             -      allow allow    allow  allow      allow
GET  /api/v1/documents                -      deny  allow    allow  allow      allow
GET  /api/v1/documents/{id}           doc    deny  allow    allow  allow      allow
GET  /api/v1/items                    -      deny  allow    allow  allow      allow
GET  /api/v1/items/{id}               own    deny  allow    allow  allow      allow
GET  /api/v1/items/{id}               other  deny  deny     deny   allow      allow
GET  /api/v1/items/{id}/reports       own    deny  allow    allow  allow      allow
GET  /api/v1/items/{id}/reports       other  deny  deny     deny   allow      allow
POST /api/v1/items/{id}/reports       own    deny  allow    deny   allow      allow
POST /api/v1/items/{id}/reports       other  deny  deny     deny   allow      allow
POST /api/v1/reports/{id}/review      own    deny  deny     deny   allow      allow
POST /api/v1/reports/{id}/review      other  deny  deny     deny   allow      allow
GET  /api/v1/units                    -      deny  allow    allow  allow      allow
GET  /api/v1/warnings                 -      deny  allow    allow  allow      allow
GET  /api/v1/assessment               -      deny  allow    allow  allow      allow
GET  /api/v1/assessment/units/{id}    own    deny  allow    allow  allow      allow
GET  /api/v1/assessment/units/{id}    other  deny  deny     deny   allow      allow
EOF
}

ROLES="anon reporter leader supervisor admin"

# ---- setup -------------------------------------------------------------------------------

# The ledger, five people, an item of each unit with a submitted report, evidence and a
# pending extension request. Sets DB OWN OTHER REP_OWN REP_OTHER REQ_OWN REQ_OTHER EV_OWN
# EV_OTHER UNIT_OWN UNIT_OTHER.
setup_security() {
  web_db "$TMP/s.db" || return 1
  echo 'pass-word-0' | "$LUOSHI" user add adm 管理员 admin --db "$DB" >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" user add sup 督查员 supervisor --db "$DB" >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" user add ld 宜宾领导 leader --unit 宜宾市人民政府 --db "$DB" >/dev/null || return 1
  echo 'pass-word-3' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$DB" >/dev/null || return 1
  # two items no unit leads or cooperates on yet, handed to 宜宾 (own) and 泸州 (other)
  "$LUOSHI" ledger list 1 --json --db "$DB" >"$TMP/l.json" || return 1
  OWN=$(jq -r '[.[] | select(.lead=="" and (.cooperating // "")=="")][0].id' "$TMP/l.json")
  OTHER=$(jq -r '[.[] | select(.lead=="" and (.cooperating // "")=="")][1].id' "$TMP/l.json")
  "$LUOSHI" ledger assign "$OWN" --lead 宜宾市人民政府 --deadline 2029-12-31 --db "$DB" >/dev/null || return 1
  "$LUOSHI" ledger assign "$OTHER" --lead 泸州市人民政府 --deadline 2029-12-31 --db "$DB" >/dev/null || return 1
  printf '会议纪要' >"$TMP/minutes.txt"
  REP_OWN=$("$LUOSHI" report file "$OWN" --period 2019-03 --progress 10 --evidence "$TMP/minutes.txt" \
    --json --db "$DB" --as yb | jq -r .report) || return 1
  REP_OTHER=$("$LUOSHI" report file "$OTHER" --period 2019-03 --progress 10 --evidence "$TMP/minutes.txt" \
    --json --db "$DB" --as adm | jq -r .report) || return 1
  "$LUOSHI" report submit "$REP_OWN" --db "$DB" --as yb >/dev/null || return 1
  "$LUOSHI" report submit "$REP_OTHER" --db "$DB" --as adm >/dev/null || return 1
  EV_OWN=$(sql "$DB" "select id from evidence where report_id=$REP_OWN")
  EV_OTHER=$(sql "$DB" "select id from evidence where report_id=$REP_OTHER")
  REQ_OWN=$("$LUOSHI" request extension "$OWN" --to 2030-06-30 --reason 需要延期 --date 2019-03-01 \
    --json --db "$DB" --as yb | jq -r '.request // .id') || return 1
  REQ_OTHER=$("$LUOSHI" request extension "$OTHER" --to 2030-06-30 --reason 需要延期 --date 2019-03-01 \
    --json --db "$DB" --as adm | jq -r '.request // .id') || return 1
  "$LUOSHI" unit list --json --db "$DB" >"$TMP/u.json" || return 1
  UNIT_OWN=$(jq -r '.[] | select(.name=="宜宾市人民政府") | .id' "$TMP/u.json")
  UNIT_OTHER=$(jq -r '.[] | select(.name=="泸州市人民政府") | .id' "$TMP/u.json")
  "$LUOSHI" warnings run --date 2019-03-20 --db "$DB" >/dev/null || return 1
  for v in OWN OTHER REP_OWN REP_OTHER REQ_OWN REQ_OTHER EV_OWN EV_OTHER UNIT_OWN UNIT_OTHER; do
    eval "x=\${$v:-}"
    case "$x" in
      '' | null | *[!0-9]*) fail "setup: $v is [$x]"; return 1 ;;
    esac
  done
}

# sec_login LOGIN PASSWORD: web_login, and the session's CSRF token from a page that renders.
sec_login() {
  web_login "$1" "$2" || return 1
  for p in /units / /ledger; do
    [ -n "${WEB_CSRF:-}" ] && break
    web_req GET "$p"
    WEB_CSRF=$(grep -ao 'name="csrf-token" content="[0-9a-f]*"' "$TMP/body" | head -n 1 |
      sed 's/.*content="//; s/"$//')
  done
  [ -n "${WEB_CSRF:-}" ] || fail "no CSRF token for $1"
}

# Log every role in; their cookies and tokens go to COOKIE_<role> and CSRF_<role>.
login_roles() {
  COOKIE_anon= CSRF_anon=
  for pair in reporter:yb:pass-word-3 leader:ld:pass-word-2 supervisor:sup:pass-word-1 \
    admin:adm:pass-word-0; do
    role=${pair%%:*} rest=${pair#*:}
    sec_login "${rest%%:*}" "${rest#*:}" || return 1
    eval "COOKIE_$role=\$WEB_COOKIE CSRF_$role=\$WEB_CSRF"
  done
}

as_role() {
  eval "WEB_COOKIE=\$COOKIE_$1 WEB_CSRF=\$CSRF_$1"
  WEB_AUTH=
}

# The id a pattern's {id} takes for target own/other/doc; {file} is luoshi.css.
fill_pattern() {
  _pat=$1 _tgt=$2 _id=
  case "$_pat:$_tgt" in
    *'{file}'*) echo "${_pat%\{file\}*}luoshi.css"; return 0 ;;
    *'{id}'*:doc) _id=1 ;;
    */items/*:own) _id=$OWN ;;
    */items/*:other) _id=$OTHER ;;
    */reports/*:own) _id=$REP_OWN ;;
    */reports/*:other) _id=$REP_OTHER ;;
    */requests/*:own) _id=$REQ_OWN ;;
    */requests/*:other) _id=$REQ_OTHER ;;
    */evidence/*:own) _id=$EV_OWN ;;
    */evidence/*:other) _id=$EV_OTHER ;;
    */units/*:own) _id=$UNIT_OWN ;;
    */units/*:other) _id=$UNIT_OTHER ;;
    *'{id}'*) return 1 ;;
    *) echo "$_pat"; return 0 ;;
  esac
  echo "$_pat" | sed "s/{id}/$_id/"
}

# The Location header of the last response, or "".
location() { grep -ai '^Location:' "$TMP/resp" | head -n 1 | sed 's/^[^:]*: *//; s/\r$//'; }

# Check the last response's headers: CSP on HTML, every cookie HttpOnly and SameSite. Appends
# problems to $TMP/header-problems.
check_headers() {
  sed -n '1,/^\r$/p' "$TMP/resp" >"$TMP/head"
  if grep -aqi '^Content-Type: text/html' "$TMP/head" &&
    ! grep -aqi '^Content-Security-Policy: ' "$TMP/head"; then
    echo "$1: HTML without Content-Security-Policy" >>"$TMP/header-problems"
  fi
  grep -ai '^Set-Cookie:' "$TMP/head" | while IFS= read -r c; do
    case "$c" in *HttpOnly*) ;; *) echo "$1: cookie without HttpOnly: $c" >>"$TMP/header-problems" ;; esac
    case "$c" in *SameSite=*) ;; *) echo "$1: cookie without SameSite: $c" >>"$TMP/header-problems" ;; esac
  done
}

# The outcome of the last response to METHOD PATH: allow, deny, or "bad <why>". A deny must be
# exactly the right kind for ROLE (401 API / 303 login for anon, 403 for a person).
outcome() {
  _m=$1 _p=$2 _role=$3 _s=$WEB_STATUS _loc=$(location)
  case "$_s" in
    401 | 403)
      if [ "$_role" = anon ]; then
        case "$_p" in /api/*) [ "$_s" = 401 ] && echo deny || echo "bad $_s for anon API" ;; *) echo "bad $_s (anon pages redirect to /login)" ;; esac
      else
        [ "$_s" = 403 ] && echo deny || echo "bad $_s for a logged-in person"
      fi
      return
      ;;
    303)
      case "$_loc" in
        /login\?next=*)
          if [ "$_role" = anon ]; then
            case "$_p" in /api/*) echo "bad redirect for the API" ;; *) echo deny ;; esac
          else
            echo "bad redirect of a logged-in person to $_loc"
          fi
          return
          ;;
      esac
      echo allow
      return
      ;;
    501) echo "bad 501 (not written)"; return ;;
    2??) echo allow; return ;;
  esac
  if [ "$_m" = POST ] && [ "$_s" -ge 400 ] && [ "$_s" -lt 500 ] && [ "$_s" != 404 ] && [ "$_s" != 405 ]; then
    echo allow
  else
    echo "bad $_s"
  fi
}

# Send the matrix request for METHOD PATTERN-FILLED ROLE (minimal POST bodies).
matrix_send() {
  _m=$1 _path=$2 _role=$3
  as_role "$_role"
  if [ "$_m" = GET ]; then
    web_req GET "$_path"
    return
  fi
  case "$_path" in
    /login)
      # real credentials: anonymous with the double-submit cookie, people their own
      if [ "$_role" = anon ]; then
        web_req GET /login
        _c=$(grep -ao 'luoshi_csrf=[0-9a-f]*' "$TMP/resp" | head -n 1 | cut -d= -f2)
        WEB_COOKIE="luoshi_csrf=$_c"
        web_req POST /login "login=adm&password=pass-word-0&csrf=$_c"
      else
        case "$_role" in reporter) _l=yb:pass-word-3 ;; leader) _l=ld:pass-word-2 ;;
          supervisor) _l=sup:pass-word-1 ;; *) _l=adm:pass-word-0 ;; esac
        web_req POST /login "login=${_l%%:*}&password=${_l#*:}&csrf=$WEB_CSRF"
      fi
      ;;
    /logout)
      # a session of its own, so the role's session lives on
      if [ "$_role" != anon ]; then
        case "$_role" in reporter) _l=yb:pass-word-3 ;; leader) _l=ld:pass-word-2 ;;
          supervisor) _l=sup:pass-word-1 ;; *) _l=adm:pass-word-0 ;; esac
        sec_login "${_l%%:*}" "${_l#*:}" || return 1
      fi
      web_req POST /logout "csrf=${WEB_CSRF:-x}"
      ;;
    *) web_req POST "$_path" "csrf=${WEB_CSRF:-x}" ;;
  esac
}

t_every_route_is_in_the_policy() {
  "$LUOSHI" serve --routes | awk '{print $1, $2}' | sort -u >"$TMP/routes"
  policy | grep -v '^#' | awk 'NF {print $1, $2}' | sort -u >"$TMP/table"
  [ -s "$TMP/routes" ] || { fail "serve --routes printed nothing"; return 1; }
  missing=$(comm -23 "$TMP/routes" "$TMP/table")
  stale=$(comm -13 "$TMP/routes" "$TMP/table")
  [ -z "$missing" ] || fail "routes without a policy line: $missing"
  [ -z "$stale" ] || fail "policy lines for routes that do not exist: $stale"
}

t_authorisation_matrix() {
  setup_security || return 1
  login_roles || return 1
  : >"$TMP/header-problems"
  : >"$TMP/mismatch"
  n=0
  policy | grep -v '^#' | awk 'NF' >"$TMP/policy"
  while read -r m pat tgt e_anon e_reporter e_leader e_supervisor e_admin; do
    path=$(fill_pattern "$pat" "$tgt") || { echo "$m $pat: no ids for target $tgt" >>"$TMP/mismatch"; continue; }
    for role in $ROLES; do
      eval "want=\$e_$role"
      matrix_send "$m" "$path" "$role" </dev/null
      got=$(outcome "$m" "$path" "$role")
      check_headers "$m $path ($role)"
      n=$((n + 1))
      if [ "$got" != "$want" ]; then
        echo "$m $pat [$tgt] as $role: expected $want, got $got (status $WEB_STATUS$(l=$(location); [ -n "$l" ] && echo " → $l"))" >>"$TMP/mismatch"
      fi
    done
  done <"$TMP/policy"
  [ "$n" -gt 200 ] || fail "only $n requests sent"
  if [ -s "$TMP/mismatch" ]; then
    fail "$(wc -l <"$TMP/mismatch") of $n outcomes differ from the policy:
$(cat "$TMP/mismatch")"
  fi
  [ -s "$TMP/header-problems" ] && fail "header problems:
$(sort -u "$TMP/header-problems")"
  return 0
}

# ---- CSRF ----------------------------------------------------------------------------------

audit_entries() { "$LUOSHI" audit verify --json --db "$DB" | jq -r .entries; }

t_posts_without_or_with_a_wrong_csrf_token_are_refused() {
  setup_security || return 1
  login_roles || return 1
  as_role admin
  before=$(audit_entries)
  "$LUOSHI" serve --routes | awk '$1=="POST" {print $2}' >"$TMP/posts"
  [ -s "$TMP/posts" ] || { fail "no POST routes"; return 1; }
  while read -r pat; do
    path=$(fill_pattern "$pat" own) || { fail "no ids for $pat"; continue; }
    body="progress=50&period=2019-04&action=accept&approve=1&decision=approve&kind=closeout&reason=x&everywhere=1&login=adm&password=pass-word-0"
    web_req POST "$path" "$body"
    expect_eq "$WEB_STATUS" 403 "POST $path without a csrf field"
    web_req POST "$path" "$body&csrf=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    expect_eq "$WEB_STATUS" 403 "POST $path with a wrong csrf field"
    WEB_CSRF_HEADER=1 WEB_CSRF=nope web_req POST "$path" "$body"
    expect_eq "$WEB_STATUS" 403 "POST $path with a wrong X-CSRF-Token"
  done <"$TMP/posts"
  expect_eq "$(audit_entries)" "$before" "audit entries after refused POSTs"
  # the session still works (logout without a token did not end it)
  web_req GET /units
  expect_eq "$WEB_STATUS" 200 "the session after the refused POSTs"
  # login without the double-submit cookie, and with a cookie that differs from the form
  WEB_COOKIE= web_req GET /login
  c=$(grep -ao 'luoshi_csrf=[0-9a-f]*' "$TMP/resp" | head -n 1 | cut -d= -f2)
  WEB_COOKIE= web_req POST /login "login=adm&password=pass-word-0&csrf=$c"
  expect_eq "$WEB_STATUS" 403 "login without the luoshi_csrf cookie"
  case "$c" in *0) wrong=${c%?}1 ;; *) wrong=${c%?}0 ;; esac
  WEB_COOKIE="luoshi_csrf=$c" web_req POST /login "login=adm&password=pass-word-0&csrf=$wrong"
  expect_eq "$WEB_STATUS" 403 "login with a form token that differs from the cookie"
  WEB_COOKIE="luoshi_csrf=$c" web_req POST /login "login=adm&password=pass-word-0"
  expect_eq "$WEB_STATUS" 403 "login without a form token"
  if grep -aqi '^Set-Cookie: luoshi_session=[0-9a-f]' "$TMP/resp"; then fail "a session was opened"; fi
}

# ---- throttling ----------------------------------------------------------------------------

t_failed_logins_are_throttled() {
  setup_security || return 1
  WEB_COOKIE= WEB_AUTH=
  web_req GET /login
  c=$(grep -ao 'luoshi_csrf=[0-9a-f]*' "$TMP/resp" | head -n 1 | cut -d= -f2)
  WEB_COOKIE="luoshi_csrf=$c"
  statuses=
  i=0
  while [ $i -lt 1000 ]; do
    i=$((i + 1))
    web_req POST /login "login=sup&password=wrong-$i&csrf=$c"
    if [ $i -le 5 ]; then
      statuses="$statuses $WEB_STATUS"
    elif [ "$WEB_STATUS" != 429 ]; then
      fail "attempt $i answered $WEB_STATUS, not 429"
      break
    elif ! grep -aqi '^Retry-After: [0-9]' "$TMP/resp"; then
      fail "attempt $i: 429 without Retry-After"
      break
    fi
  done
  expect_eq "$statuses" " 401 401 401 401 401" "the first five failures"
  web_req POST /login "login=sup&password=pass-word-1&csrf=$c"
  expect_eq "$WEB_STATUS" 429 "the right password while throttled"
  if grep -aqi '^Set-Cookie: luoshi_session=' "$TMP/resp"; then fail "a throttled login opened a session"; fi
  # refused attempts are not counted: only the five failures were recorded
  expect_eq "$(sql "$DB" "select count(*) from login_attempts where ok=0")" 5 "recorded failures"
  # per address: 45 more failures spread over other logins make 50 from this address ...
  for who in a1 a2 a3 a4 a5 a6 a7 a8 a9; do
    for k in 1 2 3 4 5; do
      [ "$who:$k" = a9:5 ] && break
      web_req POST /login "login=$who&password=wrong&csrf=$c"
      [ "$WEB_STATUS" = 401 ] || { fail "failure $k for $who answered $WEB_STATUS"; return 1; }
    done
  done
  # ... the 49th leaves another login alone ...
  web_req POST /login "login=adm&password=pass-word-0&csrf=$c"
  expect_eq "$WEB_STATUS" 303 "another login after 49 failures from the address"
  web_req POST /login "login=a9&password=wrong&csrf=$c"
  expect_eq "$WEB_STATUS" 401 "the 50th failure"
  # ... and after the 50th every login from the address is refused, even a right one
  web_req POST /login "login=adm&password=pass-word-0&csrf=$c"
  expect_eq "$WEB_STATUS" 429 "another login after 50 failures from the address"
}

# ---- hostile strings ---------------------------------------------------------------------

H1='<script>alert(1)</script>'
H2='"><img src=x onerror=alert(1)>'
H3=$(printf 'RLO\342\200\256gpj.exe')
H4=$(printf 'ctl\001\033[31m\010x')

# Percent-encode $1 for a URL.
urlenc() { jq -rn --arg v "$1" '$v|@uri'; }

# Plant the hostile strings in every text field the CLI and the web reach. Sets HOSTILE_ITEMS
# and HOSTILE_UNITS (ids, space-separated).
plant_hostile() {
  HOSTILE_ITEMS= HOSTILE_UNITS=
  n=0
  for h in "$H1" "$H2" "$H3" "$H4"; do
    n=$((n + 1))
    id=$("$LUOSHI" ledger add 1 --text "事项$h" --json --db "$DB" 2>/dev/null | jq -r .id)
    case "$id" in '' | null) ;; *)
      HOSTILE_ITEMS="$HOSTILE_ITEMS $id"
      "$LUOSHI" ledger assign "$id" --lead 宜宾市人民政府 --leader "领导$h" --deadline 2019-01-31 --db "$DB" >/dev/null 2>&1
      "$LUOSHI" ledger publish "$id" --db "$DB" >/dev/null 2>&1
      "$LUOSHI" milestone add "$id" --due 2019-02-15 --title "节点$h" --db "$DB" >/dev/null 2>&1
      "$LUOSHI" report file "$id" --period 2019-03 --progress 20 --done "完成$h" --problems "问题$h" \
        --next "下一步$h" --db "$DB" --as yb >/dev/null 2>&1
      "$LUOSHI" accountability add "$id" --kind 约谈 --person "某人$h" --reason "理由$h" --db "$DB" >/dev/null 2>&1
      ;;
    esac
    u=$("$LUOSHI" unit add "单位$n$h" other --parent 宜宾市人民政府 --short "简称$n$h" --json --db "$DB" 2>/dev/null | jq -r .unit)
    case "$u" in '' | null) ;; *) HOSTILE_UNITS="$HOSTILE_UNITS $u" ;; esac
    echo 'pass-word-9' | "$LUOSHI" user add "h$n" "姓名$h" reporter --unit 宜宾市人民政府 --db "$DB" >/dev/null 2>&1
    "$LUOSHI" request extension "$OWN" --to 2030-0$n-01 --reason "延期$h" --date 2019-03-01 --db "$DB" --as yb >/dev/null 2>&1
    "$LUOSHI" request approve "$REQ_OWN" --note "批注$h" --db "$DB" >/dev/null 2>&1
  done
  # through the web: a report on the own item (form and API), as the reporter
  as_role reporter
  for h in "$H1" "$H2" "$H3"; do
    e=$(urlenc "$h")
    web_req POST "/items/$OWN/report" "csrf=$WEB_CSRF&period=2019-04&progress=30&done=$e&problems=$e&next=$e&action=save"
    web_req POST "/api/v1/items/$OWN/reports" "csrf=$WEB_CSRF&period=2019-05&progress=30&done=$e&problems=$e&next=$e"
    web_req POST "/items/$OWN/request" "csrf=$WEB_CSRF&kind=closeout&reason=$e"
  done
  # a supervisor returns the own report with a hostile reason
  "$LUOSHI" report return "$REP_OWN" --reason "退回$H1$H2" --db "$DB" >/dev/null 2>&1
  "$LUOSHI" warnings run --date 2019-03-20 --db "$DB" >/dev/null || return 1
  [ -n "$HOSTILE_ITEMS" ] || { fail "no hostile item was accepted"; return 1; }
}

# GET every HTML page route as the supervisor, with every hostile id and hostile query values;
# the bodies go to $TMP/pages/N, headers are checked.
fetch_all_pages() {
  mkdir -p "$TMP/pages"
  as_role supervisor
  q=""
  for k in q search status next back to unit colour sort page kind place measure before login; do
    q="$q&$k=$(urlenc "$H1$H2")"
  done
  q="?${q#&}"
  k=0
  "$LUOSHI" serve --routes | awk '$1=="GET" {print $2}' | grep -v '^/api/' >"$TMP/gets"
  while read -r pat; do
    case "$pat" in
      */items/*) ids="$HOSTILE_ITEMS $OWN" ;;
      */units/*) ids="$HOSTILE_UNITS $UNIT_OWN" ;;
      */documents/*) ids=1 ;;
      */evidence/*) ids=$EV_OWN ;;
      */reports/*) ids=$REP_OWN ;;
      */requests/*) ids=$REQ_OWN ;;
      *'{file}'*) ids=luoshi.css ;;
      *'{'*) fail "no ids for $pat"; continue ;;
      *) ids=- ;;
    esac
    for id in $ids; do
      case "$pat" in
        *'{file}'*) path=$(echo "$pat" | sed "s/{file}/$id/") ;;
        *) path=$(echo "$pat" | sed "s/{id}/$id/") ;;
      esac
      for p in "$path" "$path$q"; do
        web_req GET "$p"
        check_headers "GET $p"
        # HTML only: a CSV or a stylesheet is not parsed as markup (nosniff)
        grep -aqi '^Content-Type: text/html' "$TMP/resp" || continue
        k=$((k + 1))
        cp "$TMP/body" "$TMP/pages/$k"
        echo "$k $WEB_STATUS $p" >>"$TMP/pages/index"
      done
    done
  done <"$TMP/gets"
}

t_hostile_strings_are_escaped_everywhere() {
  setup_security || return 1
  login_roles || return 1
  plant_hostile || return 1
  : >"$TMP/header-problems"
  fetch_all_pages
  bad=$(grep -alF -e '<script>alert(1)</script>' -e '<img src=x' "$TMP"/pages/[0-9]* | xargs -r -n1 basename)
  for k in $bad; do
    fail "raw hostile markup in $(sed -n "s/^$k //p" "$TMP/pages/index")"
  done
  grep -aqF '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP"/pages/[0-9]* ||
    fail "the escaped <script> appears on no page"
  # the unit pages show the hostile unit and item escaped
  as_role supervisor
  web_req GET "/units/$UNIT_OWN"
  expect_contains "$(cat "$TMP/body")" '&lt;script&gt;alert(1)&lt;/script&gt;' "the unit page"
  web_req GET /units
  expect_contains "$(cat "$TMP/body")" '单位1&lt;script&gt;' "the unit tree"
  [ -s "$TMP/header-problems" ] && fail "header problems:
$(sort -u "$TMP/header-problems")"
  return 0
}

t_control_characters_never_reach_html() {
  setup_security || return 1
  login_roles || return 1
  plant_hostile || return 1
  fetch_all_pages
  # C0 controls other than tab, LF and CR must be refused on input or never printed raw
  bad=$(grep -alP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' "$TMP"/pages/[0-9]* | xargs -r -n1 basename)
  for k in $bad; do
    fail "raw control characters in $(sed -n "s/^$k //p" "$TMP/pages/index")"
  done
  return 0
}

# ---- limits --------------------------------------------------------------------------------

t_request_limits() {
  setup_security || return 1
  login_roles || return 1
  as_role supervisor
  max=$(($(sed -n 's/^#define HTTP_BODY_MAX (\([0-9 *]*\)).*/\1/p' "$ROOT/src/web/http.h")))
  [ "$max" -gt 0 ] || { fail "HTTP_BODY_MAX not found"; return 1; }
  # a Content-Length above the limit is refused before the body is read
  printf 'POST /items/%s/report HTTP/1.1\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\n\r\ncsrf=%s' \
    "$OWN" "$WEB_COOKIE" $((max + 1)) "$WEB_CSRF" | "$LUOSHI" --db "$DB" http >"$TMP/resp"
  expect_eq "$(head -n 1 "$TMP/resp" | cut -d' ' -f2)" 413 "a body over HTTP_BODY_MAX"
  # a URL over 8 KB
  web_req GET "/ledger?search=$(head -c 9000 /dev/zero | tr '\0' a)"
  expect_eq "$WEB_STATUS" 414 "a URL over 8 KB"
  # a form field over 64 KB
  web_req POST "/items/$OWN/report" "csrf=$WEB_CSRF&done=$(head -c 65537 /dev/zero | tr '\0' a)"
  expect_eq "$WEB_STATUS" 400 "a field over 64 KB"
  # 300 parameters, in the query and in a form
  many=$(seq 1 300 | sed 's/.*/p&=1/' | paste -sd'&')
  web_req GET "/ledger?$many"
  expect_eq "$WEB_STATUS" 400 "300 query parameters"
  web_req POST "/items/$OWN/report" "csrf=$WEB_CSRF&$many"
  expect_eq "$WEB_STATUS" 400 "300 form parameters"
  # an encoded NUL in the path
  web_req GET "/items/$OWN%00"
  expect_eq "$WEB_STATUS" 404 "an encoded NUL in the path"
  web_req GET "/static/luoshi.css%00.js"
  expect_eq "$WEB_STATUS" 404 "an encoded NUL in a file name"
  # CR/LF in next= never makes a header
  for p in '/login?next=%0d%0aSet-Cookie:x' '/login?next=/%0d%0aSet-Cookie:%20x=1' \
    '/lang?to=en&back=/%0d%0aSet-Cookie:%20x=1' '/lang?to=en&back=%0aLocation:%20//evil'; do
    WEB_COOKIE= web_req GET "$p"
    sed -n '2,/^\r$/p' "$TMP/resp" | sed '$d' >"$TMP/head"
    if grep -aqiE '^(Set-Cookie: ?x|Location: ?//evil)' "$TMP/head"; then fail "header injected by $p"; fi
    cr=$(printf '\r')
    if grep -avqE "^[A-Za-z-]+: [^$cr]*$cr\$" "$TMP/head"; then
      fail "malformed header line from $p: $(grep -avE "^[A-Za-z-]+: [^$cr]*$cr\$" "$TMP/head" | head -n 1)"
    fi
  done
  WEB_COOKIE= web_req GET /login
  c=$(grep -ao 'luoshi_csrf=[0-9a-f]*' "$TMP/resp" | head -n 1 | cut -d= -f2)
  WEB_COOKIE="luoshi_csrf=$c" web_req POST /login "login=adm&password=pass-word-0&csrf=$c&next=/%0d%0aSet-Cookie:%20x=1"
  expect_eq "$WEB_STATUS" 303 "login with a CR/LF next"
  if grep -aqi '^Set-Cookie: x' "$TMP/resp"; then fail "header injected through the login's next"; fi
  expect_eq "$(location)" / "where a CR/LF next leads"
  WEB_COOKIE="luoshi_csrf=$c" web_req POST /login "login=adm&password=pass-word-0&csrf=$c&next=//evil.example/"
  expect_eq "$(location)" / "where a next to another host leads"
  # Browsers drop tabs and read backslashes as slashes: /<TAB>/evil and /\evil leave the site.
  for n in '/%09/evil.example/' '/%5Cevil.example/' '/%5C%5Cevil.example/'; do
    WEB_COOKIE="luoshi_csrf=$c" web_req POST /login "login=adm&password=pass-word-0&csrf=$c&next=$n"
    expect_eq "$(location)" / "where next=$n leads"
  done
  WEB_COOKIE="luoshi_csrf=$c" web_req POST /login "login=adm&password=pass-word-0&csrf=$c&next=%2Fledger%3Fstatus%3D%E6%BB%9E%E5%90%8E"
  expect_eq "$(location)" "/ledger?status=滞后" "a local next is kept"
}

# ---- logout everywhere ---------------------------------------------------------------------

t_logout_everywhere_ends_every_session() {
  setup_security || return 1
  sec_login sup pass-word-1 || return 1
  c1=$WEB_COOKIE t1=$WEB_CSRF
  sec_login sup pass-word-1 || return 1
  c2=$WEB_COOKIE
  sec_login adm pass-word-0 || return 1
  c3=$WEB_COOKIE
  [ "$c1" != "$c2" ] || { fail "the two sessions share a cookie"; return 1; }
  WEB_COOKIE=$c2 web_req GET /units
  expect_eq "$WEB_STATUS" 200 "the second session before"
  WEB_COOKIE=$c1 WEB_CSRF=$t1 web_req POST /logout "csrf=$t1&everywhere=1"
  expect_eq "$WEB_STATUS" 303 "logout everywhere"
  for c in "$c1" "$c2"; do
    WEB_COOKIE=$c web_req GET /units
    expect_eq "$WEB_STATUS" 303 "a session after logout everywhere"
    expect_eq "$(location)" "/login?next=%2Funits" "where it leads"
    WEB_COOKIE=$c web_req GET /api/v1/units
    expect_eq "$WEB_STATUS" 401 "the API with a session after logout everywhere"
  done
  WEB_COOKIE=$c3 web_req GET /units
  expect_eq "$WEB_STATUS" 200 "another person's session lives on"
}
