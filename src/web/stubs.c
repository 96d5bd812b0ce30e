/* TEMPORARY: handlers not written yet answer 501. Removed when every page exists. */
#include "web.h"

__attribute__((weak)) void page_end(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_csrf_field(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_dashboard(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_ledger(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_ledger_csv(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_item(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_item_publish(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_document(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_documents(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_unit(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_units(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_report_form(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_report_post(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_review(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_review_post(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_request_post(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_decide_post(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_timeline(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_public(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void page_evidence(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_index(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_documents(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_document(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_items(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_item(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_item_reports(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_report_post(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_report_review(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_units(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_warnings(Req *r) { req_fail(r, 501, "not yet"); }
__attribute__((weak)) void api_public_items(Req *r) { req_fail(r, 501, "not yet"); }
