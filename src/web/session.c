/*
** Sessions: logging in and out, and recognising who sends a request (see web.h).
**
** A session is a random 256-bit token in an HttpOnly, SameSite=Lax cookie; the database keeps
** only its SHA-256, with the person and a CSRF token of its own. Scripts use API tokens
** (Authorization: Bearer), made with `luoshi user token`. Failed logins are counted in the
** database per login and per address: after THROTTLE_PER_LOGIN failures for one login (or
** THROTTLE_PER_ADDRESS from one address) in THROTTLE_MINUTES, further attempts are refused with
** 429 before any password is checked, so guessing costs the guesser, not the server.
*/
#include "html.h"
#include "web.h"
#include "../ledger/org.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SESSION_SECONDS (12 * 3600)
#define THROTTLE_MINUTES 15
#define THROTTLE_PER_LOGIN 5
#define THROTTLE_PER_ADDRESS 50

/* zOut[65] = hex SHA-256 of z. */
static void token_hash(const char *z, char zOut[65]) {
  unsigned char aHash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(aHash, (const unsigned char *)z, strlen(z));
  sodium_bin2hex(zOut, 65, aHash, sizeof aHash);
}

/* zOut[65] = 32 random bytes in hex. */
static void random_token(char zOut[65]) {
  unsigned char a[32];
  randombytes_buf(a, sizeof a);
  sodium_bin2hex(zOut, 65, a, sizeof a);
}

/* ISO 8601 UTC time, nSecond from now. */
static void utc_time(long nSecond, char zOut[32]) {
  time_t t = time(NULL) + nSecond;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void session_token_new(char zToken[65], char zHash[65]) {
  if (sodium_init() < 0) abort();
  random_token(zToken);
  token_hash(zToken, zHash);
}

/* Does z look like a token we issued (64 hex digits)? */
static int token_shaped(const char *z) {
  if (!z || strlen(z) != 64) return 0;
  for (int i = 0; i < 64; i++) {
    if (!((z[i] >= '0' && z[i] <= '9') || (z[i] >= 'a' && z[i] <= 'f'))) return 0;
  }
  return 1;
}

int session_identify(Req *r) {
  if (sodium_init() < 0) return LUOSHI_EIO;
  char zHash[65], zLogin[64], zNow[32];
  Err e;
  err_clear(&e);
  const char *zToken = req_cookie(r, "luoshi_session");
  if (token_shaped(zToken)) {
    token_hash(zToken, zHash);
    utc_time(0, zNow);
    int rc = store_session_get(r->s, zHash, zNow, zLogin, r->zCsrf, &e);
    if (rc == 0) {
      snprintf(r->zSessionHash, sizeof r->zSessionHash, "%s", zHash);
      rc = auth_actor(r->s, zLogin, &r->actor);
      r->bUser = rc == 0 && r->actor.bPerson;
      return rc;
    }
    if (rc != LUOSHI_ENOTFOUND) return rc;
  }
  const char *zAuth = r->zAuthorization;
  if (zAuth && strncmp(zAuth, "Bearer ", 7) == 0 && token_shaped(zAuth + 7)) {
    token_hash(zAuth + 7, zHash);
    int rc = store_token_get(r->s, zHash, zLogin, &e);
    if (rc == 0) {
      rc = auth_actor(r->s, zLogin, &r->actor);
      r->bUser = rc == 0 && r->actor.bPerson;
      r->bToken = r->bUser;
    }
    if (rc != 0 && rc != LUOSHI_ENOTFOUND) return rc;
  }
  return 0;
}

/* Is zNext a path on this site (not //host, not a scheme)? Browsers drop tabs and line ends
** and read a backslash as a slash, so "/\t/evil" and "/\\evil" would leave the site: any
** control character or backslash disqualifies it. */
static int local_path(const char *zNext) {
  if (!zNext || zNext[0] != '/' || zNext[1] == '/') return 0;
  for (const unsigned char *z = (const unsigned char *)zNext; *z; z++) {
    if (*z < 0x20 || *z == 0x7f || *z == '\\') return 0;
  }
  return 1;
}

static void login_form(Req *r, const char *zMessage) {
  /* Double-submit CSRF before a session exists: the same random value in a cookie and in the
  ** form. */
  char zCsrf[65];
  random_token(zCsrf);
  char zCookie[160];
  snprintf(zCookie, sizeof zCookie, "luoshi_csrf=%s; Path=/login; HttpOnly; SameSite=Strict%s",
           zCsrf, r->bSecure ? "; Secure" : "");
  req_header(r, "Set-Cookie", zCookie);
  snprintf(r->zCsrf, sizeof r->zCsrf, "%s", zCsrf);
  page_begin(r, L(r, "登录", "Log in"), NULL);
  Buf *b = &r->out;
  html_printf(b, "<section class=\"login\"><h1>%s</h1>", L(r, "登录", "Log in"));
  if (zMessage) html_printf(b, "<p class=\"notice red\" role=\"alert\">%s</p>", zMessage);
  html_printf(b, "<form method=\"post\" action=\"/login\">");
  page_csrf_field(r);
  const char *zNext = req_param(r, "next");
  if (local_path(zNext)) html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">", zNext);
  html_printf(b,
              "<label>%s <input name=\"login\" autocomplete=\"username\" required "
              "maxlength=\"60\" value=\"%s\"></label>"
              "<label>%s <input name=\"password\" type=\"password\" "
              "autocomplete=\"current-password\" required maxlength=\"200\"></label>"
              "<button type=\"submit\">%s</button></form>"
              "<p><a href=\"/public\">%s</a></p></section>",
              L(r, "账号", "Login"), req_param(r, "login") ? req_param(r, "login") : "",
              L(r, "密码", "Password"), L(r, "登录", "Log in"),
              L(r, "查看公开的工作进展", "See the published progress"));
  page_end(r);
}

void page_login(Req *r) { login_form(r, NULL); }

void page_login_post(Req *r) {
  const char *zLogin = req_param(r, "login");
  const char *zPassword = req_param(r, "password");
  if (!zLogin || !zPassword || !*zLogin || strlen(zLogin) > 60 || strlen(zPassword) > 200) {
    r->status = 400;
    login_form(r, L(r, "请填写账号和密码", "Enter your login and password"));
    return;
  }
  char zNow[32], zSince[32];
  utc_time(0, zNow);
  utc_time(-THROTTLE_MINUTES * 60L, zSince);
  long long nByLogin = 0, nByAddress = 0;
  Err e;
  err_clear(&e);
  if (store_login_failures(r->s, zLogin, r->zAddress, zSince, &nByLogin, &nByAddress, &e)) {
    req_fail_err(r, &e);
    return;
  }
  if (nByLogin >= THROTTLE_PER_LOGIN || nByAddress >= THROTTLE_PER_ADDRESS) {
    r->status = 429;
    char zAfter[16];
    snprintf(zAfter, sizeof zAfter, "%d", THROTTLE_MINUTES * 60);
    req_header(r, "Retry-After", zAfter);
    login_form(r, L(r, "登录失败次数过多，请15分钟后再试",
                    "Too many failed logins: try again in 15 minutes"));
    return;
  }
  int ok = org_password_ok(r->s, zLogin, zPassword);
  store_login_attempt(r->s, zLogin, r->zAddress, ok, zNow, &e);
  if (!ok) {
    r->status = 401;
    login_form(r, L(r, "账号或密码不对", "Wrong login or password"));
    return;
  }
  StorePerson p;
  Buf strings = BUF_INIT;
  char zToken[65], zHash[65], zCsrf[65], zExpires[32];
  random_token(zToken);
  random_token(zCsrf);
  token_hash(zToken, zHash);
  utc_time(SESSION_SECONDS, zExpires);
  int rc = store_person_get(r->s, zLogin, &p, &strings, &e);
  if (rc == 0) rc = store_session_add(r->s, p.id, zHash, zCsrf, zExpires, &e);
  buf_free(&strings);
  if (rc) {
    req_fail_err(r, &e);
    return;
  }
  char zCookie[200];
  snprintf(zCookie, sizeof zCookie,
           "luoshi_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", zToken,
           SESSION_SECONDS, r->bSecure ? "; Secure" : "");
  req_header(r, "Set-Cookie", zCookie);
  const char *zNext = req_param(r, "next");
  req_redirect(r, local_path(zNext) ? zNext : "/");
}

void page_logout(Req *r) {
  Err e;
  err_clear(&e);
  int bEverywhere = req_param(r, "everywhere") && strcmp(req_param(r, "everywhere"), "1") == 0;
  if (store_session_end(r->s, bEverywhere ? NULL : r->zSessionHash, r->actor.zLogin, &e)) {
    req_fail_err(r, &e);
    return;
  }
  req_header(r, "Set-Cookie", "luoshi_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  req_redirect(r, "/login");
}

void page_lang(Req *r) {
  const char *zTo = req_param(r, "to");
  int bEn = zTo && strcmp(zTo, "en") == 0;
  req_header(r, "Set-Cookie", bEn ? "lang=en; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000"
                                  : "lang=zh; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");
  const char *zBack = req_param(r, "back");
  req_redirect(r, local_path(zBack) ? zBack : "/");
}
