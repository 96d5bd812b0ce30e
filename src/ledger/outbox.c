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
#include <unistd.h>

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
  size_t i;
  json_t *n;
  json_array_foreach(list, i, n) {
    if (rc) break;
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

static void format_message(Buf *b, json_t *n) {
  const char *zAsOf = str(n, "as_of");
  buf_puts(b, "From: ");
  put_encoded(b, "落实督办系统");
  buf_puts(b, " <noreply@luoshi.invalid>\r\nTo: ");
  put_encoded(b, str(n, "unit_name"));
  buf_printf(b, " <unit-%lld@luoshi.invalid>\r\nSubject: ", num(n, "unit"));
  put_encoded(b, str(n, "subject"));
  buf_printf(b, "\r\nMessage-ID: <notice-%lld.item-%lld@luoshi.invalid>\r\n", num(n, "id"),
             num(n, "item"));
  /* the warnings run's date, at 09:00 Beijing time; 1970-01-01 was a Thursday */
  static const char *const azDay[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char *const azMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  long day = calendar_day(zAsOf);
  if (day >= 0) {
    int month = (zAsOf[5] - '0') * 10 + (zAsOf[6] - '0');
    buf_printf(b, "Date: %s, %.2s %s %.4s 09:00:00 +0800\r\n", azDay[day % 7], zAsOf + 8,
               azMonth[month - 1], zAsOf);
  }
  buf_puts(b, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
              "Content-Transfer-Encoding: 8bit\r\n");
  buf_printf(b, "X-Luoshi-Item: %lld\r\nX-Luoshi-Step: %s\r\nX-Luoshi-Level: %lld\r\n\r\n",
             num(n, "item"), str(n, "step"), num(n, "level"));
  for (const char *p = str(n, "body"); *p; p++) {
    if (*p == '\n') buf_putc(b, '\r');
    buf_putc(b, *p);
  }
}

static int to_dir(void *ctx, json_t *n, Err *e) {
  const char *zDir = ctx;
  Buf msg = BUF_INIT;
  format_message(&msg, n);
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
