/*
** Outbox delivery to a directory of mail files or to a webhook (see outbox.h).
*/
#include "outbox.h"

#include "../base/buf.h"
#include "calendar.h"

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A claim older than this (a sender killed mid-delivery left it) may be taken over: the notice
** may then be delivered twice, which beats never. Longer than any delivery's timeouts. */
#define OUTBOX_CLAIM_STALE_SECONDS 900

/* A channel: deliver notice n (its JSON object); 0 when delivered, else e says why. */
typedef int (*Channel)(void *ctx, json_t *n, Err *e);

static const char *str(json_t *o, const char *zKey) {
  const char *z = json_string_value(json_object_get(o, zKey));
  return z ? z : "";
}

static long long num(json_t *o, const char *zKey) {
  return (long long)json_integer_value(json_object_get(o, zKey));
}

static int on_unsent(void *ctx, const StoreNotice *t) {
  if (strcmp(t->zState, "sent") == 0) return 0;
  json_array_append_new(
      ctx, json_pack("{s:I, s:I, s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                     (json_int_t)t->id, "item", (json_int_t)t->itemId, "unit",
                     (json_int_t)t->unitId, "unit_name", t->zUnit, "step", t->zStep, "level",
                     t->level, "colour", t->zColour, "since", t->zSince, "as_of", t->zAsOf,
                     "ladder", t->zLadder, "subject", t->zSubject, "body", t->zBody));
  return 0;
}

static int deliver(Store *s, const Actor *a, Channel x, void *ctx, int *pnSent, int *pnFailed,
                   Err *e) {
  *pnSent = *pnFailed = 0;
  int rc = auth_supervise(a, e);
  if (rc) return rc;
  json_t *list = json_array();
  rc = store_notice_list(s, NULL, on_unsent, list, e);
  /* this run's claim token: another sender at the same moment skips what this one claimed */
  char zClaim[128];
  unsigned char aRandom[8];
  randombytes_buf(aRandom, sizeof aRandom);
  snprintf(zClaim, sizeof zClaim, "%.64s/%ld/%02x%02x%02x%02x%02x%02x%02x%02x", a->zLogin,
           (long)getpid(), aRandom[0], aRandom[1], aRandom[2], aRandom[3], aRandom[4],
           aRandom[5], aRandom[6], aRandom[7]);
  size_t i;
  json_t *n;
  json_array_foreach(list, i, n) {
    if (rc) break;
    int bClaimed = 0;
    rc = store_notice_claim(s, num(n, "id"), zClaim, OUTBOX_CLAIM_STALE_SECONDS, &bClaimed, e);
    if (rc || !bClaimed) continue;
    Err why;
    err_clear(&why);
    int sent = x(ctx, n, &why) == 0;
    rc = store_notice_mark(s, a->zLogin, num(n, "id"), sent, sent ? NULL : why.zMsg, e);
    if (sent) (*pnSent)++;
    else (*pnFailed)++;
  }
  json_decref(list);
  return rc;
}

/* ---- a directory of mail files ---------------------------------------------------------- */

/* z as RFC 2047 encoded words (UTF-8, base64), each within the 75-character limit, folded. */
static void put_encoded(Buf *b, const char *z) {
  size_t n = strlen(z), i = 0;
  while (i < n) {
    size_t k = n - i > 45 ? 45 : n - i;
    while (i + k < n && k > 0 && ((unsigned char)z[i + k] & 0xC0) == 0x80) k--;
    char zB64[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(zB64, sizeof zB64, (const unsigned char *)z + i, k,
                      sodium_base64_VARIANT_ORIGINAL);
    buf_printf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", zB64);
    i += k;
  }
}

/* z in a header without RFC 2047: printable ASCII only; anything else (CR, LF) is dropped. */
static void put_header_text(Buf *b, const char *z) {
  for (; *z; z++) {
    if ((unsigned char)*z >= 0x20 && (unsigned char)*z < 0x7f) buf_putc(b, *z);
  }
}

/* How a message is addressed and encoded. Addresses must pass store_email_valid. */
typedef struct MailHead {
  const char *zFrom;  /* the sender's address */
  const char *zTo;    /* the unit's address, or NULL for unit-ID@luoshi.invalid */
  const char *zDate;  /* an RFC 5322 date-time, or NULL for the warnings run's date at 09:00 */
  int base64;         /* the body in base64 (SMTP without SMTPUTF8), else 8bit */
} MailHead;

static const char *const azDay[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
static const char *const azMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The notice n as an RFC 5322 message (CRLF line ends) addressed as h says: every header is
** ASCII (names and the subject as RFC 2047 encoded words, so no CR or LF of the data can reach
** a header), the body UTF-8 text. Both the --dir files and the --smtp mail are this message. */
static void format_message(Buf *b, json_t *n, const MailHead *h) {
  const char *zAsOf = str(n, "as_of");
  const char *zDomain = strchr(h->zFrom, '@') + 1;
  buf_puts(b, "From: ");
  put_encoded(b, "落实督办系统");
  buf_puts(b, " <");
  put_header_text(b, h->zFrom);
  buf_puts(b, ">\r\nTo: ");
  put_encoded(b, str(n, "unit_name"));
  if (h->zTo) {
    buf_puts(b, " <");
    put_header_text(b, h->zTo);
    buf_puts(b, ">\r\nSubject: ");
  } else {
    buf_printf(b, " <unit-%lld@luoshi.invalid>\r\nSubject: ", num(n, "unit"));
  }
  put_encoded(b, str(n, "subject"));
  buf_printf(b, "\r\nMessage-ID: <notice-%lld.item-%lld@", num(n, "id"), num(n, "item"));
  put_header_text(b, zDomain);
  buf_puts(b, ">\r\n");
  if (h->zDate) {
    buf_printf(b, "Date: %s\r\n", h->zDate);
  } else {
    /* the warnings run's date, at 09:00 Beijing time; 1970-01-01 was a Thursday */
    long day = calendar_day(zAsOf);
    if (day >= 0) {
      int month = (zAsOf[5] - '0') * 10 + (zAsOf[6] - '0');
      buf_printf(b, "Date: %s, %.2s %s %.4s 09:00:00 +0800\r\n", azDay[day % 7], zAsOf + 8,
                 azMonth[month - 1], zAsOf);
    }
  }
  buf_printf(b, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: %s\r\n", h->base64 ? "base64" : "8bit");
  buf_printf(b, "X-Luoshi-Item: %lld\r\nX-Luoshi-Step: ", num(n, "item"));
  put_header_text(b, str(n, "step"));
  buf_printf(b, "\r\nX-Luoshi-Level: %lld\r\n\r\n", num(n, "level"));
  Buf text = BUF_INIT;
  for (const char *p = str(n, "body"); *p; p++) {
    if (*p == '\n') buf_putc(&text, '\r');
    buf_putc(&text, *p);
  }
  if (!h->base64) {
    buf_append(b, text.a, text.n);
  } else {
    /* the canonical CRLF text in base64 lines of 76 characters (57 bytes each) */
    for (size_t i = 0; i < text.n; i += 57) {
      size_t k = text.n - i > 57 ? 57 : text.n - i;
      char zLine[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
      sodium_bin2base64(zLine, sizeof zLine, (const unsigned char *)text.a + i, k,
                        sodium_base64_VARIANT_ORIGINAL);
      buf_printf(b, "%s\r\n", zLine);
    }
  }
  buf_free(&text);
}

static int to_dir(void *ctx, json_t *n, Err *e) {
  const char *zDir = ctx;
  Buf msg = BUF_INIT;
  MailHead h = {OUTBOX_FROM, NULL, NULL, 0};
  format_message(&msg, n, &h);
  char zTmp[4096], zPath[4096];
  snprintf(zTmp, sizeof zTmp, "%s/.notice-%lld.tmp", zDir, num(n, "id"));
  snprintf(zPath, sizeof zPath, "%s/notice-%lld.eml", zDir, num(n, "id"));
  int rc = 0;
  FILE *f = fopen(zTmp, "wb");
  if (!f) {
    rc = err_set(e, LUOSHI_EIO, "%s: %s", zTmp, strerror(errno));
  } else {
    int ok = fwrite(msg.a, 1, msg.n, f) == msg.n && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
      ok = 0;
      saved = errno;
    }
    if (ok && rename(zTmp, zPath) != 0) {
      ok = 0;
      saved = errno;
    }
    if (!ok) {
      unlink(zTmp);
      rc = err_set(e, LUOSHI_EIO, "%s: %s", zPath, strerror(saved));
    }
  }
  buf_free(&msg);
  return rc;
}

int outbox_deliver_dir(Store *s, const Actor *a, const char *zDir, int *pnSent, int *pnFailed,
                       Err *e) {
  return deliver(s, a, to_dir, (void *)zDir, pnSent, pnFailed, e);
}

/* ---- a webhook -------------------------------------------------------------------------- */

static size_t discard(char *p, size_t size, size_t n, void *ctx) {
  return size * n;
}

static int to_webhook(void *ctx, json_t *n, Err *e) {
  CURL *c = ctx;
  char *zBody = json_dumps(n, JSON_COMPACT | JSON_SORT_KEYS);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, zBody);
  CURLcode cc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  free(zBody);
  if (cc != CURLE_OK) return err_set(e, LUOSHI_EIO, "webhook: %s", curl_easy_strerror(cc));
  if (status < 200 || status > 299) {
    return err_set(e, LUOSHI_EIO, "webhook: the server answered HTTP %ld", status);
  }
  return 0;
}

int outbox_deliver_webhook(Store *s, const Actor *a, const char *zUrl, int *pnSent,
                           int *pnFailed, Err *e) {
  *pnSent = *pnFailed = 0;
  if (strncmp(zUrl, "http://", 7) != 0 && strncmp(zUrl, "https://", 8) != 0) {
    return err_set(e, LUOSHI_EINVAL, "a webhook is an http:// or https:// URL");
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    return err_set(e, LUOSHI_EIO, "webhook: libcurl could not start");
  }
  CURL *c = curl_easy_init();
  if (!c) {
    curl_global_cleanup();
    return err_set(e, LUOSHI_EIO, "webhook: libcurl could not start");
  }
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
  curl_easy_setopt(c, CURLOPT_URL, zUrl);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)OUTBOX_TIMEOUT);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_USERAGENT, "luoshi-outbox");
  int rc = deliver(s, a, to_webhook, c, pnSent, pnFailed, e);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  curl_global_cleanup();
  return rc;
}

/* ---- mail by SMTP ----------------------------------------------------------------------- */

typedef struct Smtp {
  CURL *c;
  Store *s;            /* for the units' addresses */
  const char *zFrom;   /* checked by store_email_valid */
  char zErr[CURL_ERROR_SIZE];
} Smtp;

/* The message being uploaded: a[off..n) is still to go. */
typedef struct Upload {
  const char *a;
  size_t n, off;
} Upload;

static size_t upload_read(char *p, size_t size, size_t nitems, void *ctx) {
  Upload *u = ctx;
  size_t k = size * nitems;
  if (k > u->n - u->off) k = u->n - u->off;
  memcpy(p, u->a + u->off, k);
  u->off += k;
  return k;
}

/* The current time as an RFC 5322 date-time in UTC into z[40]. */
static void mail_now(char z[40]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  snprintf(z, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", azDay[(tm.tm_wday + 3) % 7],
           tm.tm_mday, azMonth[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int to_smtp(void *ctx, json_t *n, Err *e) {
  Smtp *x = ctx;
  char zTo[256];
  long long unit = num(n, "unit");
  if (unit <= 0) return err_set(e, LUOSHI_EINVAL, "smtp: the notice has no unit");
  Err why;
  err_clear(&why);
  if (store_unit_email_get(x->s, unit, zTo, &why)) {
    return err_set(e, LUOSHI_EIO, "smtp: %s", why.zMsg);
  }
  if (!*zTo) {
    return err_set(e, LUOSHI_EINVAL,
                   "smtp: unit %s has no mail address (set one with `luoshi unit email`)",
                   str(n, "unit_name"));
  }
  if (!store_email_valid(zTo)) {
    /* stored behind the store's back: never put it into the envelope or a header */
    return err_set(e, LUOSHI_EINVAL, "smtp: unit %s has a mail address that is not valid",
                   str(n, "unit_name"));
  }
  char zDate[40];
  mail_now(zDate);
  MailHead h = {x->zFrom, zTo, zDate, 1};
  Buf msg = BUF_INIT;
  format_message(&msg, n, &h);
  char zRcpt[260];
  snprintf(zRcpt, sizeof zRcpt, "<%s>", zTo);
  struct curl_slist *rcpt = curl_slist_append(NULL, zRcpt);
  Upload u = {msg.a, msg.n, 0};
  curl_easy_setopt(x->c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(x->c, CURLOPT_READDATA, &u);
  x->zErr[0] = 0;
  CURLcode cc = curl_easy_perform(x->c);
  long code = 0;
  curl_easy_getinfo(x->c, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_setopt(x->c, CURLOPT_MAIL_RCPT, NULL);
  curl_slist_free_all(rcpt);
  buf_free(&msg);
  if (cc == CURLE_OK) return 0;
  const char *zWhy = x->zErr[0] ? x->zErr : curl_easy_strerror(cc);
  if (code >= 400) {
    return err_set(e, LUOSHI_EIO, "smtp: the server refused %s (%ld): %s", zTo, code, zWhy);
  }
  return err_set(e, LUOSHI_EIO, "smtp: %s", zWhy);
}

int outbox_deliver_smtp(Store *s, const Actor *a, const char *zUrl, const char *zFrom,
                        const char *zUser, const char *zPassword, int *pnSent, int *pnFailed,
                        Err *e) {
  *pnSent = *pnFailed = 0;
  int tls = strncmp(zUrl, "smtps://", 8) == 0;
  if (!tls && strncmp(zUrl, "smtp://", 7) != 0) {
    return err_set(e, LUOSHI_EINVAL, "an SMTP server is an smtp:// or smtps:// URL");
  }
  if (strpbrk(zUrl, "\r\n")) return err_set(e, LUOSHI_EINVAL, "the SMTP URL has a line break");
  if (!zFrom || !*zFrom) zFrom = OUTBOX_FROM;
  if (!store_email_valid(zFrom)) {
    return err_set(e, LUOSHI_EINVAL, "--from is not a mail address");
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    return err_set(e, LUOSHI_EIO, "smtp: libcurl could not start");
  }
  Smtp x = {curl_easy_init(), s, zFrom, ""};
  if (!x.c) {
    curl_global_cleanup();
    return err_set(e, LUOSHI_EIO, "smtp: libcurl could not start");
  }
  char zMailFrom[260];
  snprintf(zMailFrom, sizeof zMailFrom, "<%s>", zFrom);
  curl_easy_setopt(x.c, CURLOPT_URL, zUrl);
  curl_easy_setopt(x.c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(x.c, CURLOPT_MAIL_FROM, zMailFrom);
  curl_easy_setopt(x.c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(x.c, CURLOPT_READFUNCTION, upload_read);
  curl_easy_setopt(x.c, CURLOPT_ERRORBUFFER, x.zErr);
  curl_easy_setopt(x.c, CURLOPT_TIMEOUT, (long)OUTBOX_TIMEOUT);
  curl_easy_setopt(x.c, CURLOPT_NOSIGNAL, 1L);
  /* a login is never sent in clear: with one, smtp:// must upgrade by STARTTLS */
  int login = zUser && *zUser;
  if (!tls) curl_easy_setopt(x.c, CURLOPT_USE_SSL, (long)(login ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (login) {
    curl_easy_setopt(x.c, CURLOPT_USERNAME, zUser);
    curl_easy_setopt(x.c, CURLOPT_PASSWORD, zPassword ? zPassword : "");
  }
  int rc = deliver(s, a, to_smtp, &x, pnSent, pnFailed, e);
  curl_easy_cleanup(x.c);
  curl_global_cleanup();
  return rc;
}
