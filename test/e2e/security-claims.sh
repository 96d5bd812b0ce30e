# The claims of docs/security.md that no other suite checks: the audit log refuses DELETE as
# well as UPDATE, passwords stored as argon2id at
# the OWASP parameters, session and API tokens stored only as their SHA-256 (the secrets
# themselves appear nowhere in the database), and the Secure cookie flag and HSTS given
# only behind a proxy the configuration trusts (trust_proxy = 1, X-Forwarded-Proto: https).

# grep_db NEEDLE: does NEEDLE occur anywhere in the database $DB (the file and its -wal, or
# all the PostgreSQL database holds)?
grep_db() {
  db_bytes "$DB" >"$TMP/db.bytes" || { fail "could not read the database $DB"; return 1; }
  grep -acF "$1" "$TMP/db.bytes"
}

sha256_hex() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

t_the_audit_log_refuses_update_and_delete() {
  web_db "$TMP/s.db" || return 1
  before=$(sql "$DB" "select count(*) from audit_log")
  sql "$DB" "delete from audit_log where seq=2" 2>"$TMP/err" && fail "the log took a delete"
  expect_contains "$(cat "$TMP/err")" "append-only" "the delete's refusal"
  sql "$DB" "update audit_log set actor='x' where seq=2" 2>"$TMP/err" && fail "the log took an update"
  expect_contains "$(cat "$TMP/err")" "append-only" "the update's refusal"
  expect_eq "$(sql "$DB" "select count(*) from audit_log")" "$before" "entries"
  expect_status 0 "$LUOSHI" --db "$DB" audit verify
}

t_passwords_are_argon2id_at_owasp_parameters() {
  web_db "$TMP/s.db" || return 1
  echo 'Secret-Pass-Phrase-42' | "$LUOSHI" --db "$DB" user add sup 督查员 supervisor >/dev/null || return 1
  h=$(sql "$DB" "select password_hash from people where login='sup'")
  # OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1
  expect_contains "$h" '$argon2id$v=19$m=19456,t=2,p=1$' "the stored hash"
  expect_eq "$(grep_db 'Secret-Pass-Phrase-42')" 0 "the password in the database files"
  expect_eq "$(sql "$DB" "select count(*) from audit_log where lower(coalesce(after,'')) like '%argon2%' or lower(coalesce(after,'')) like '%secret-pass%'")" 0 "the password or its hash in the audit trail"
}

t_session_and_api_tokens_are_stored_hashed() {
  web_db "$TMP/s.db" || return 1
  echo 'pass-word-1' | "$LUOSHI" --db "$DB" user add sup 督查员 supervisor >/dev/null || return 1
  web_login sup pass-word-1 || return 1
  tok=${WEB_COOKIE#luoshi_session=}
  expect_eq "${#tok}" 64 "the session token's length (256 bits, hex)"
  expect_eq "$(sql "$DB" "select count(*) from sessions where token_hash='$(sha256_hex "$tok")'")" 1 "the session's hash"
  expect_eq "$(grep_db "$tok")" 0 "the session token in the database files"
  api=$("$LUOSHI" --db "$DB" token sup) || return 1
  expect_eq "$(sql "$DB" "select count(*) from api_tokens where token_hash='$(sha256_hex "$api")'")" 1 "the API token's hash"
  expect_eq "$(grep_db "$api")" 0 "the API token in the database files"
  # the session works, and a token that only looks like one does not
  web_req GET /units
  expect_eq "$WEB_STATUS" 200 "the session"
  WEB_COOKIE="luoshi_session=$(sha256_hex "$tok")" web_req GET /api/v1/units
  expect_eq "$WEB_STATUS" 401 "the stored hash used as a cookie"
}

t_secure_cookies_and_hsts_only_behind_a_trusted_proxy() {
  web_db "$TMP/s.db" || return 1
  for trust in 0 1; do
    printf 'trust_proxy = %s\n' "$trust" >"$TMP/serve.conf"
    coproc SRV { exec "$LUOSHI" --db "$DB" serve --listen 127.0.0.1:0 --config "$TMP/serve.conf" 2>"$TMP/serve.err"; }
    local pid=$SRV_PID line
    read -r line <&"${SRV[0]}"
    base=$(printf '%s' "$line" | grep -o 'http://[0-9.:]*')
    [ -n "$base" ] || { fail "serve printed no address: [$line] $(cat "$TMP/serve.err")"; return 1; }
    plain=$(curl -s -D - -o /dev/null "$base/login")
    tls=$(curl -s -D - -o /dev/null -H 'X-Forwarded-Proto: https' "$base/login")
    kill -TERM "$pid"
    wait "$pid"
    cookie_plain=$(printf '%s' "$plain" | grep -ai '^Set-Cookie: luoshi_csrf')
    cookie_tls=$(printf '%s' "$tls" | grep -ai '^Set-Cookie: luoshi_csrf')
    expect_contains "$cookie_plain" HttpOnly "the cookie over plain HTTP (trust_proxy $trust)"
    expect_contains "$plain" "X-Content-Type-Options: nosniff" "nosniff"
    expect_contains "$plain" "X-Frame-Options: DENY" "no framing"
    expect_contains "$plain" "Referrer-Policy: same-origin" "the referrer policy"
    case "$cookie_plain" in *Secure*) fail "Secure over plain HTTP (trust_proxy $trust)" ;; esac
    case "$plain" in *Strict-Transport-Security*) fail "HSTS over plain HTTP (trust_proxy $trust)" ;; esac
    if [ "$trust" = 1 ]; then
      expect_contains "$cookie_tls" "; Secure" "the cookie behind a trusted TLS proxy"
      expect_contains "$tls" "Strict-Transport-Security: max-age=31536000" "HSTS behind a trusted TLS proxy"
    else
      # an untrusted X-Forwarded-Proto changes nothing
      case "$cookie_tls" in *Secure*) fail "an untrusted X-Forwarded-Proto made the cookie Secure" ;; esac
      case "$tls" in *Strict-Transport-Security*) fail "an untrusted X-Forwarded-Proto gave HSTS" ;; esac
    fi
  done
  return 0
}
