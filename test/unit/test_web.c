/*
** Unit tests of the web layer's pure parts: the escaping HTML writer, request parameters
** (urlencoded and multipart), cookies, response headers, and the error envelope.
*/
#include "../harness.h"
#include "web/html.h"
#include "web/http.h"
#include "web/server.h"

#include <string.h>

TEST(html_escapes_every_inserted_value) {
  Buf b = BUF_INIT;
  html_printf(&b, "<a href=\"%s\" title='%s'>%s</a>%d%%", "/x?a=1&b=\"2\"", "it's",
              "<script>alert(1)</script>", 42);
  CHECK_STR_EQ(buf_str(&b), "<a href=\"/x?a=1&amp;b=&quot;2&quot;\" title='it&#39;s'>"
                            "&lt;script&gt;alert(1)&lt;/script&gt;</a>42%");
  buf_free(&b);
}

TEST(html_formats_numbers_like_printf) {
  Buf b = BUF_INIT;
  html_printf(&b, "%lld|%5.1f|%zu|%03d|%ld|%x|%c", 123456789012LL, 3.14159, (size_t)7, 5, -2L,
              255, '<');
  CHECK_STR_EQ(buf_str(&b), "123456789012|  3.1|7|005|-2|ff|&lt;");
  buf_free(&b);
}

TEST(html_replaces_control_and_bidi_characters) {
  Buf b = BUF_INIT;
  html_text(&b, "a\x01" "b\tc\nd\x7f" "e\xE2\x80\xAE" "f\xE2\x81\xA6" "g中"
                "h\xC2\x85" "i\xC2\x9F" "j\xC2\xA0" "k\xC2\xB7");
  CHECK_STR_EQ(buf_str(&b), "a\xEF\xBF\xBD" "b\tc\nd\xEF\xBF\xBD" "e\xEF\xBF\xBD"
                            "f\xEF\xBF\xBD" "g中" "h\xEF\xBF\xBD" "i\xEF\xBF\xBD"
                            "j\xC2\xA0" "k\xC2\xB7");
  buf_free(&b);
}

TEST(html_url_encodes_query_values) {
  Buf b = BUF_INIT;
  html_url(&b, "宜宾 a&b=/c");
  CHECK_STR_EQ(buf_str(&b), "%E5%AE%9C%E5%AE%BE%20a%26b%3D%2Fc");
  buf_free(&b);
}

TEST(request_urlencoded_form_wins_over_query) {
  Req r;
  req_init(&r);
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(req_parse_urlencoded(&r, "a=1&b=%E5%AE%9C+x&a=2&flag", 26, 0, &e), 0);
  CHECK_INT_EQ(req_parse_urlencoded(&r, "a=form", 6, 1, &e), 0);
  CHECK_STR_EQ(req_param(&r, "a"), "form");
  CHECK_STR_EQ(req_param(&r, "b"), "宜 x");
  CHECK_STR_EQ(req_param(&r, "flag"), "");
  CHECK(req_param(&r, "missing") == NULL);
  CHECK_INT_EQ(req_param_id(&r, "a"), 0);
  req_free(&r);
}

TEST(request_refuses_too_many_or_too_long_fields) {
  Req r;
  req_init(&r);
  Err e;
  err_clear(&e);
  Buf q = BUF_INIT;
  for (int i = 0; i < HTTP_PARAM_MAX + 1; i++) buf_printf(&q, "p%d=1&", i);
  CHECK_INT_EQ(req_parse_urlencoded(&r, q.a, q.n, 0, &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "too many parameters");
  req_free(&r);
  req_init(&r);
  buf_reset(&q);
  buf_puts(&q, "big=");
  for (int i = 0; i < HTTP_FIELD_MAX + 1; i++) buf_putc(&q, 'x');
  CHECK_INT_EQ(req_parse_urlencoded(&r, q.a, q.n, 1, &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "field big is too long");
  buf_free(&q);
  req_free(&r);
}

TEST(request_multipart_keeps_files_whole) {
  static const char body[] =
      "--B0\r\nContent-Disposition: form-data; name=\"progress\"\r\n\r\n40\r\n"
      "--B0\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"纪要.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF\0\r\nbytes\r\n--B0--\r\n";
  Req r;
  req_init(&r);
  r.aBody = body;
  r.nBody = sizeof body - 1;
  r.zContentType = "multipart/form-data; boundary=B0";
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(req_parse_body(&r, &e), 0);
  CHECK_STR_EQ(req_param(&r, "progress"), "40");
  const Param *p = req_param_full(&r, "evidence");
  CHECK(p != NULL);
  CHECK_STR_EQ(p->zFile, "纪要.pdf");
  CHECK_INT_EQ(p->nValue, 12);
  CHECK(memcmp(p->zValue, "%PDF\0\r\nbytes", 12) == 0);
  req_free(&r);
}

TEST(request_multipart_truncated_is_an_error) {
  static const char body[] = "--B0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n40";
  Req r;
  req_init(&r);
  r.aBody = body;
  r.nBody = sizeof body - 1;
  r.zContentType = "multipart/form-data; boundary=B0";
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(req_parse_body(&r, &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "truncated");
  req_free(&r);
}

TEST(request_cookies_and_headers) {
  Req r;
  req_init(&r);
  r.zCookie = "lang=en; luoshi_session=abc123;other=x";
  CHECK_STR_EQ(req_cookie(&r, "luoshi_session"), "abc123");
  CHECK_STR_EQ(req_cookie(&r, "lang"), "en");
  CHECK(req_cookie(&r, "luoshi") == NULL);
  CHECK_INT_EQ(req_header(&r, "Location", "/x\r\nSet-Cookie: evil=1"), -1);
  CHECK_INT_EQ(req_header(&r, "X-A", "b"), 0);
  CHECK_STR_EQ(buf_str(&r.head), "X-A: b\r\n");
  req_free(&r);
}

TEST(request_target_split_and_decoded) {
  Req r;
  req_init(&r);
  web_split_target(&r, "/items/12%2Freport?period=2019-03&x=%00");
  CHECK_STR_EQ(r.zPath, "/items/12/report");
  CHECK_STR_EQ(r.zQuery, "period=2019-03&x=%00");
  web_split_target(&r, "/items/1%00/x");
  CHECK_STR_EQ(r.zPath, "/%00");
  req_free(&r);
}

TEST(api_errors_share_one_envelope) {
  Req r;
  req_init(&r);
  r.zPath = "/api/v1/items/9";
  req_fail(&r, 404, "no item 9 <x>");
  CHECK_INT_EQ(r.status, 404);
  CHECK_STR_EQ(r.zType, "application/json");
  CHECK_STR_EQ(buf_str(&r.out), "{\"error\":{\"status\":404,\"message\":\"no item 9 <x>\"}}\n");
  req_free(&r);
  req_init(&r);
  r.zPath = "/items/9";
  req_fail(&r, 403, "<b>no</b>");
  CHECK_CONTAINS(buf_str(&r.out), "&lt;b&gt;no&lt;/b&gt;");
  req_free(&r);
}

TEST(api_error_with_invalid_utf8_still_answers_json) {
  Req r;
  req_init(&r);
  r.zPath = "/api/v1/reports/1/review";
  req_fail(&r, 400, "bad JSON near '\xff\xfe'");
  CHECK_INT_EQ(r.status, 400);
  CHECK_CONTAINS(buf_str(&r.out), "\"status\":400");
  CHECK_CONTAINS(buf_str(&r.out), "not UTF-8");
  req_free(&r);
}
