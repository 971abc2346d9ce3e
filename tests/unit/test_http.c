/*
 * test_http.c -- the HTTP edge: request targets, the router, If-Match,
 * Content-Type and the JSON field-spec decoder, each driven with the bytes
 * a hostile client could send.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "core/alloc.h"
#include "core/arena.h"
#include "core/error.h"
#include "http/http.h"

/* ---- request targets ---- */

static status parse(arena *a, const char *raw, http_target *t, error *e)
{
    memset(e, 0, sizeof *e);
    return http_target_parse(a, raw, t, e);
}

static void test_target_decodes_path_segments_and_query(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_target t;
    error e;
    assert_int_equal(parse(&a, "/api/v1/members?q=%C4%90%E1%BA%B7ng+v%C4%83n&limit=5&x", &t, &e),
                     ST_OK);
    assert_int_equal(t.nsegs, 3);
    assert_string_equal(t.segs[2], "members");
    assert_string_equal(t.path, "/api/v1/members");
    assert_false(t.trailing_slash);
    assert_int_equal(t.nquery, 3);
    assert_string_equal(http_query_get(&t, "q"), "Đặng văn");
    assert_string_equal(http_query_get(&t, "limit"), "5");
    assert_string_equal(http_query_get(&t, "x"), "");
    assert_null(http_query_get(&t, "cursor"));
    assert_int_equal(parse(&a, "/a%20b/c?k=%2B1&&empty=#frag", &t, &e), ST_OK);
    assert_string_equal(t.segs[0], "a b");
    assert_string_equal(http_query_get(&t, "k"), "+1");
    assert_string_equal(http_query_get(&t, "empty"), "");
    assert_int_equal(t.nquery, 2);
    assert_int_equal(parse(&a, "/", &t, &e), ST_OK);
    assert_int_equal(t.nsegs, 0);
    assert_string_equal(t.path, "/");
    assert_int_equal(parse(&a, "/api/v1/units/", &t, &e), ST_OK);
    assert_true(t.trailing_slash);
    assert_string_equal(t.path, "/api/v1/units");
    arena_free(&a);
}

static void expect_refused(const char *raw, const char *code)
{
    arena a = ARENA_INIT;
    http_target t;
    error e;
    assert_int_equal(parse(&a, raw, &t, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, code);
    arena_free(&a);
}

static void test_target_refuses_dot_segments_encoded_or_not(void **state)
{
    (void)state;
    expect_refused("/../etc/passwd", "path_invalid");
    expect_refused("/vendor/%2e%2e/x.js", "path_invalid");
    expect_refused("/vendor/%2E%2e/x.js", "path_invalid");
    expect_refused("/a/./b", "path_invalid");
    expect_refused("/a%2fb", "path_invalid");
    expect_refused("/a%00.html", "path_invalid");
    expect_refused("/a//b", "path_invalid");
    expect_refused("/a%zz", "path_invalid");
    expect_refused("/a%2", "path_invalid");
    expect_refused("relative", "path_invalid");
    expect_refused("", "path_invalid");
    expect_refused("http://example.org/", "path_invalid");
}

static void test_target_refuses_bad_query_and_utf8(void **state)
{
    (void)state;
    expect_refused("/x?q=%ff", "utf8_invalid");
    expect_refused("/x?q=%C3%28", "utf8_invalid");
    expect_refused("/x?q=%ED%A0%80", "utf8_invalid"); /* a UTF-16 surrogate */
    expect_refused("/%C0%AF", "utf8_invalid");        /* overlong '/' */
    expect_refused("/x?q=a%00b", "query_invalid");
    expect_refused("/x?q=%4", "query_invalid");
    expect_refused("/x?q=%g0", "query_invalid");
    expect_refused("/x?%ff=1", "utf8_invalid");
}

static void test_target_refuses_repeated_keys_naming_them(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_target t;
    error e;
    assert_int_equal(parse(&a, "/x?status=all&q=a&status=left", &t, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, "query_repeated");
    assert_string_equal(e.field, "status");
    /* An escaped spelling of the same key is the same key. */
    assert_int_equal(parse(&a, "/x?q=1&%71=2", &t, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, "query_repeated");
    arena_free(&a);
}

static void test_target_bounds_query_params_and_path_length(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_target t;
    error e;
    char raw[LIMIT_URL_PATH + 64];
    size_t n = 0;
    raw[n++] = '/';
    raw[n++] = 'x';
    raw[n++] = '?';
    for (int i = 0; i < LIMIT_QUERY_PARAMS; i++)
        n += (size_t)snprintf(raw + n, sizeof raw - n, "%sk%d=1", i ? "&" : "", i);
    assert_int_equal(parse(&a, raw, &t, &e), ST_OK);
    assert_int_equal(t.nquery, LIMIT_QUERY_PARAMS);
    snprintf(raw + n, sizeof raw - n, "&one=more");
    assert_int_equal(parse(&a, raw, &t, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, "query_too_many");

    memset(raw, 'a', sizeof raw);
    raw[0] = '/';
    raw[LIMIT_URL_PATH] = '\0';
    assert_int_equal(parse(&a, raw, &t, &e), ST_OK);
    raw[LIMIT_URL_PATH] = 'a';
    raw[LIMIT_URL_PATH + 1] = '\0';
    assert_int_equal(parse(&a, raw, &t, &e), ST_BAD_REQUEST);
    assert_string_equal(e.code, "url_too_long");
    arena_free(&a);
}

/* ---- the router ---- */

static void h_list(http_request *rq, http_response *rs) { (void)rq, (void)rs; }
static void h_get(http_request *rq, http_response *rs) { (void)rq, (void)rs; }
static void h_patch(http_request *rq, http_response *rs) { (void)rq, (void)rs; }
static void h_export(http_request *rq, http_response *rs) { (void)rq, (void)rs; }
static void h_action(http_request *rq, http_response *rs) { (void)rq, (void)rs; }

static const http_route table[] = {
    {HTTP_GET, "/api/v1/members", h_list, BODY_NONE, ACCESS_SESSION, 1, "list"},
    {HTTP_POST, "/api/v1/members", h_list, BODY_JSON, ACCESS_SESSION, 1, "create"},
    {HTTP_GET, "/api/v1/members/export", h_export, BODY_NONE, ACCESS_SESSION, 1, "export"},
    {HTTP_GET, "/api/v1/members/{id}", h_get, BODY_NONE, ACCESS_SELF, 1, "get"},
    {HTTP_PATCH, "/api/v1/members/{id}", h_patch, BODY_JSON, ACCESS_SESSION, 1, "update"},
    {HTTP_POST, "/api/v1/trips/{id}/actions/{action}", h_action, BODY_JSON, ACCESS_SESSION, 1,
     "act"},
    {HTTP_GET, "/api/v1/trips/{id}/attachments/{aid}", h_get, BODY_NONE, ACCESS_SESSION, 1,
     "download"},
};
#define NTABLE (sizeof table / sizeof table[0])

static long route(const char *raw, http_method m, http_request *rq, unsigned *allow)
{
    error e;
    assert_int_equal(http_target_parse(rq->a, raw, &rq->target, &e), ST_OK);
    return http_route_match(table, NTABLE, m, &rq->target, rq, allow);
}

static void test_router_matches_params_and_literals_first(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_request rq = {.a = &a};
    unsigned allow;
    assert_int_equal(route("/api/v1/members/42", HTTP_GET, &rq, &allow), 3);
    assert_int_equal(rq.nparams, 1);
    assert_int_equal(rq.ids[0], 42);
    assert_int_equal(route("/api/v1/members/export", HTTP_GET, &rq, &allow), 2);
    assert_int_equal(route("/api/v1/members/42", HTTP_PATCH, &rq, &allow), 4);
    assert_int_equal(route("/api/v1/trips/7/actions/submit", HTTP_POST, &rq, &allow), 5);
    assert_int_equal(rq.nparams, 2);
    assert_int_equal(rq.ids[0], 7);
    assert_string_equal(rq.params[1], "submit");
    assert_int_equal(route("/api/v1/members", HTTP_HEAD, &rq, &allow), 0);
    arena_free(&a);
}

static void test_router_ignores_one_trailing_slash(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_request rq = {.a = &a};
    unsigned allow;
    assert_int_equal(route("/api/v1/members/", HTTP_GET, &rq, &allow), 0);
    assert_int_equal(route("/api/v1/members/9/", HTTP_GET, &rq, &allow), 3);
    assert_int_equal(rq.ids[0], 9);
    arena_free(&a);
}

static void test_router_tells_404_from_405(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_request rq = {.a = &a};
    unsigned allow;
    assert_int_equal(route("/api/v1/nothing", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(allow, 0);
    assert_int_equal(route("/api/v1/members/abc", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(allow, 0);
    assert_int_equal(route("/api/v1/members/0", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(allow, 0);
    assert_int_equal(route("/api/v1/members/-3", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(route("/api/v1/members/99999999999999999999", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(allow, 0);
    assert_int_equal(route("/api/v1/members/1/extra", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(allow, 0);
    assert_int_equal(route("/api/v1", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(allow, 0);

    assert_int_equal(route("/api/v1/members/5", HTTP_DELETE, &rq, &allow), -1);
    assert_int_equal(allow, HTTP_GET | HTTP_HEAD | HTTP_PATCH);
    assert_string_equal(http_allow_header(&a, allow), "GET, HEAD, PATCH");
    assert_int_equal(route("/api/v1/members/export", HTTP_POST, &rq, &allow), -1);
    assert_string_equal(http_allow_header(&a, allow), "GET, HEAD");
    arena_free(&a);
}

static void test_router_reads_every_id_parameter_as_a_positive_integer(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_request rq = {.a = &a};
    unsigned allow;
    assert_int_equal(route("/api/v1/trips/7/attachments/12", HTTP_GET, &rq, &allow), 6);
    assert_int_equal(rq.nparams, 2);
    assert_int_equal(rq.ids[0], 7);
    assert_int_equal(rq.ids[1], 12);
    assert_int_equal(route("/api/v1/trips/7/attachments/x", HTTP_GET, &rq, &allow), -1);
    assert_int_equal(allow, 0);
    assert_int_equal(route("/api/v1/trips/7/attachments/0", HTTP_GET, &rq, &allow), -1);
    /* A parameter not named ..id is text, and its id slot 0. */
    assert_int_equal(route("/api/v1/trips/7/actions/42", HTTP_POST, &rq, &allow), 5);
    assert_string_equal(rq.params[1], "42");
    assert_int_equal(rq.ids[1], 0);
    arena_free(&a);
}

static void test_routes_check_names_every_undeclared_route(void **state)
{
    (void)state;
    error e = {0};
    assert_int_equal(http_routes_check(table, NTABLE, &e), ST_OK);
    http_route bad[3];
    memcpy(bad, table, sizeof bad);
    bad[1].access = ACCESS_UNDECLARED;
    bad[2].access = ACCESS_UNDECLARED;
    assert_int_equal(http_routes_check(bad, 3, &e), ST_INTERNAL);
    assert_string_equal(e.code, "route_undeclared");
    assert_string_equal(e.arg, "POST /api/v1/members");
}

/* ---- headers ---- */

static void test_if_match_accepts_the_three_spellings(void **state)
{
    (void)state;
    int64_t v = 0;
    error e;
    assert_int_equal(http_if_match_parse("\"3\"", &v, &e), ST_OK);
    assert_int_equal(v, 3);
    assert_int_equal(http_if_match_parse("17", &v, &e), ST_OK);
    assert_int_equal(v, 17);
    assert_int_equal(http_if_match_parse(" W/\"5\" ", &v, &e), ST_OK);
    assert_int_equal(v, 5);
}

static void test_if_match_missing_is_428_malformed_is_400(void **state)
{
    (void)state;
    int64_t v = 0;
    error e;
    assert_int_equal(http_if_match_parse(NULL, &v, &e), ST_PRECONDITION);
    assert_string_equal(e.code, "precondition_required");
    assert_int_equal(http_if_match_parse("  ", &v, &e), ST_PRECONDITION);
    const char *bad[] = {"\"3",     "3\"",          "*",
                         "\"0\"",   "-1",           "\"a\"",
                         "W/3x",    "\"1\", \"2\"", "99999999999999999999",
                         "w/\"1\"", "\"\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(http_if_match_parse(bad[i], &v, &e), ST_BAD_REQUEST);
        assert_string_equal(e.code, "if_match_invalid");
    }
}

static void test_body_kinds_accept_their_media_types_and_caps(void **state)
{
    (void)state;
    assert_true(http_body_accepts(BODY_NONE, NULL));
    assert_true(http_body_accepts(BODY_JSON, "application/json; charset=utf-8"));
    assert_false(http_body_accepts(BODY_JSON, "text/csv"));
    assert_true(http_body_accepts(BODY_CSV, "text/csv"));
    const char *files[] = {"application/pdf", "image/jpeg", "IMAGE/PNG",
                           "application/octet-stream"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        assert_true(http_body_accepts(BODY_FILE, files[i]));
    assert_false(http_body_accepts(BODY_FILE, NULL));
    assert_false(http_body_accepts(BODY_FILE, "text/html"));
    assert_false(http_body_accepts(BODY_FILE, "image/svg+xml"));
    assert_false(http_body_accepts(BODY_FILE, "application/json"));
    assert_int_equal(http_body_cap(BODY_FILE), LIMIT_ATTACHMENT_BYTES);
    assert_int_equal(http_body_cap(BODY_JSON), LIMIT_JSON_BODY);
    assert_int_equal(http_body_cap(BODY_CSV), LIMIT_IMPORT_BODY);
    assert_non_null(strstr(http_body_media(BODY_FILE), "application/pdf"));
}

static void test_content_disposition_keeps_names_inside_the_header(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    assert_string_equal(http_content_disposition(&a, "cam-ket.pdf"),
                        "attachment; filename=\"cam-ket.pdf\"");
    /* UTF-8: an ASCII stand-in, and the real name per RFC 8187. */
    assert_string_equal(http_content_disposition(&a, "Cam kết.pdf"),
                        "attachment; filename=\"Cam k_t.pdf\"; "
                        "filename*=UTF-8''Cam%20k%E1%BA%BFt.pdf");
    /* Quotes, separators and line breaks never reach the header as such. */
    const char *v = http_content_disposition(&a, "a\"b\r\nX-Evil: 1;c\\d/e%.pdf");
    assert_null(strchr(v, '\r'));
    assert_null(strchr(v, '\n'));
    assert_string_equal(v, "attachment; filename=\"a_b__X-Evil: 1_c_d_e_.pdf\"; "
                           "filename*=UTF-8''abX-Evil%3A%201%3Bcde%25.pdf");
    assert_string_equal(http_content_disposition(&a, ""), "attachment; filename=\"download\"");
    assert_string_equal(http_content_disposition(&a, NULL), "attachment; filename=\"download\"");
    arena_free(&a);
}

static void test_download_answers_the_bytes_with_type_and_disposition(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_response rs;
    http_response_init(&rs);
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0};
    http_respond_download(&rs, &a, "image/png", png, sizeof png, "ảnh.png");
    assert_int_equal(rs.status, 200);
    assert_string_equal(rs.content_type, "image/png");
    assert_ptr_equal(rs.body, (const char *)png);
    assert_int_equal(rs.body_len, sizeof png);
    assert_int_equal(rs.nheaders, 1);
    assert_string_equal(rs.headers[0].name, "Content-Disposition");
    assert_non_null(strstr(rs.headers[0].value, "filename*=UTF-8''%E1%BA%A3nh.png"));
    arena_free(&a);
}

static void test_content_type_matches_media_type_and_utf8_charset(void **state)
{
    (void)state;
    assert_true(http_content_type_is("application/json", "application/json"));
    assert_true(http_content_type_is("Application/JSON; charset=UTF-8", "application/json"));
    assert_true(http_content_type_is("application/json;charset=\"utf-8\"", "application/json"));
    assert_true(http_content_type_is("text/csv; header=present", "text/csv"));
    assert_false(http_content_type_is(NULL, "application/json"));
    assert_false(http_content_type_is("", "application/json"));
    assert_false(http_content_type_is("application/jsonp", "application/json"));
    assert_false(http_content_type_is("application/json; charset=latin1", "application/json"));
    assert_false(http_content_type_is("text/plain", "application/json"));
    assert_false(http_content_type_is("application/json; charset", "application/json"));
    assert_false(http_content_type_is("application/json; charset=\"utf-8", "application/json"));
    assert_false(http_content_type_is("text/csv", "application/json"));
}

/* ---- the JSON field-spec decoder ---- */

typedef struct sample {
    const char *name;
    int64_t id;
    int flag;
} sample;

static const api_field sample_spec[] = {
    {"name", AF_STRING, offsetof(sample, name)},
    {"id", AF_ID, offsetof(sample, id)},
    {"flag", AF_BOOL, offsetof(sample, flag)},
};

static status decode(arena *a, const char *body, size_t len, sample *out, errlist *errs)
{
    errlist_free(errs);
    errlist_init(errs, 0);
    return api_json_decode(a, body, len, sample_spec, 3, out, errs);
}

#define DECODE(body) decode(&a, body, sizeof body - 1, &s, &errs)

static void test_decoder_fills_given_fields_and_marks_the_rest(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs = {0};
    sample s;
    assert_int_equal(DECODE("{\"name\": \"Đặng Văn An\", \"id\": 12}"), ST_OK);
    assert_string_equal(s.name, "Đặng Văn An");
    assert_int_equal(s.id, 12);
    assert_int_equal(s.flag, -1);
    assert_int_equal(DECODE("{\"name\": null, \"id\": null, \"flag\": null}"), ST_OK);
    assert_string_equal(s.name, "");
    assert_int_equal(s.id, 0);
    assert_int_equal(s.flag, 0);
    assert_int_equal(DECODE("{\"name\": \"\", \"flag\": true}"), ST_OK);
    assert_string_equal(s.name, "");
    assert_int_equal(s.flag, 1);
    assert_int_equal(DECODE("{}"), ST_OK);
    assert_null(s.name);
    errlist_free(&errs);
    arena_free(&a);
}

static void test_decoder_names_unknown_fields_and_wrong_types_all_at_once(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs = {0};
    sample s;
    assert_int_equal(DECODE("{\"nme\": \"x\", \"id\": \"12\", \"flag\": 1}"), ST_BAD_REQUEST);
    assert_int_equal(errs.len, 3);
    assert_string_equal(errs.items[0].code, "json_unknown_field");
    assert_string_equal(errs.items[0].field, "nme");
    assert_string_equal(errs.items[1].code, "json_type");
    assert_string_equal(errs.items[1].field, "id");
    assert_string_equal(errs.items[2].code, "json_type");
    assert_string_equal(errs.items[2].field, "flag");
    assert_int_equal(DECODE("{\"name\": {\"nested\": [1, {\"deep\": 2}]}}"), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_type");
    assert_int_equal(DECODE("{\"name\": [\"a\"]}"), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_type");
    assert_int_equal(DECODE("{\"id\": 1.0}"), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_type");
    assert_int_equal(DECODE("{\"id\": 0}"), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_id_invalid");
    assert_int_equal(DECODE("{\"id\": -5}"), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_id_invalid");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_trip_decoder_reads_countries_refs_and_refuses_member_on_patch(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    trip_input in;
    int64_t member_id = -7;
    const char body[] = "{\"member_id\": 7, \"purpose\": \"relatives\", \"countries\": [\"JP\", "
                        "\"kr\"], \"delegation_id\": null, \"payer\": \"self\"}";
    assert_int_equal(api_trip_decode(&a, body, sizeof body - 1, &in, &member_id, &errs), ST_OK);
    assert_int_equal(member_id, 7);
    assert_string_equal(in.purpose, "relatives");
    assert_true(in.countries_given);
    assert_int_equal(in.n_countries, 2);
    assert_string_equal(in.countries[1], "kr"); /* as sent: the domain upper-cases */
    assert_int_equal(in.delegation_id, 0);      /* null: travelling alone */
    assert_null(in.planned_departure);
    /* Absent: not given (-1, not given); null countries: given and empty. */
    const char patch[] = "{\"countries\": null}";
    assert_int_equal(api_trip_decode(&a, patch, sizeof patch - 1, &in, NULL, &errs), ST_OK);
    assert_true(in.countries_given);
    assert_int_equal(in.n_countries, 0);
    assert_int_equal(in.delegation_id, -1);
    const char bad[] = "{\"member_id\": 7, \"countries\": [\"JP\", 3], \"delegation_id\": 0}";
    assert_int_equal(api_trip_decode(&a, bad, sizeof bad - 1, &in, NULL, &errs), ST_BAD_REQUEST);
    assert_int_equal(errs.len, 3);
    assert_string_equal(errs.items[0].code, "json_unknown_field");
    assert_string_equal(errs.items[0].field, "member_id");
    assert_string_equal(errs.items[1].code, "json_type");
    assert_string_equal(errs.items[1].field, "countries");
    assert_string_equal(errs.items[2].code, "json_id_invalid");
    assert_string_equal(errs.items[2].field, "delegation_id");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_step_decoder_takes_an_empty_body_as_no_fields(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    trip_step st;
    assert_int_equal(api_trip_step_decode(&a, "", 0, &st, &errs), ST_OK);
    assert_null(st.outcome);
    assert_null(st.text);
    const char body[] = "{\"outcome\": \"agree\", \"comment\": \"Nhất trí.\"}";
    assert_int_equal(api_trip_step_decode(&a, body, sizeof body - 1, &st, &errs), ST_OK);
    assert_string_equal(st.outcome, "agree");
    assert_string_equal(st.comment, "Nhất trí.");
    assert_null(st.date);
    const char bad[] = "{\"outcome\": true, \"reason\": \"x\"}";
    assert_int_equal(api_trip_step_decode(&a, bad, sizeof bad - 1, &st, &errs), ST_BAD_REQUEST);
    assert_int_equal(errs.len, 2);
    errlist_free(&errs);
    arena_free(&a);
}

static void test_transfer_decoder_reads_ids_and_codes_as_sent(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    transfer_input in;
    const char body[] = "{\"member_id\": 7, \"kind\": \"temporary\", \"to_unit_code\": "
                        "\"NN.JP.TOKYO1\", \"trip_id\": null, \"note\": \"Học\"}";
    assert_int_equal(api_transfer_decode(&a, body, sizeof body - 1, &in, &errs), ST_OK);
    assert_int_equal(in.member_id, 7);
    assert_string_equal(in.kind, "temporary");
    assert_string_equal(in.to_unit_code, "NN.JP.TOKYO1");
    assert_int_equal(in.to_unit_id, 0); /* absent */
    assert_int_equal(in.trip_id, 0);    /* null: none */
    assert_null(in.issued_on);
    assert_string_equal(in.note, "Học");
    /* A field of the record, not of the request, is unknown; ids are
     * positive integers, never strings. */
    const char bad[] = "{\"from_unit_id\": 3, \"member_id\": \"7\", \"to_unit_id\": 0}";
    assert_int_equal(api_transfer_decode(&a, bad, sizeof bad - 1, &in, &errs), ST_BAD_REQUEST);
    assert_int_equal(errs.len, 3);
    assert_string_equal(errs.items[0].code, "json_unknown_field");
    assert_string_equal(errs.items[0].field, "from_unit_id");
    assert_string_equal(errs.items[1].code, "json_type");
    assert_string_equal(errs.items[1].field, "member_id");
    assert_string_equal(errs.items[2].code, "json_id_invalid");
    assert_string_equal(errs.items[2].field, "to_unit_id");
    /* The issuing body is required: an empty one is not JSON. */
    errs.len = 0;
    assert_int_equal(api_transfer_decode(&a, "", 0, &in, &errs), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_syntax");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_optional_bodies_take_an_empty_body_as_no_fields(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    api_transfer_step step;
    const char *on = "x";
    int64_t unit_id = -1;
    assert_int_equal(api_transfer_step_decode(&a, "", 0, &step, &errs), ST_OK);
    assert_null(step.date);
    assert_null(step.comment);
    assert_int_equal(api_on_decode(&a, NULL, 0, &on, &errs), ST_OK);
    assert_null(on);
    assert_int_equal(api_scan_decode(&a, "", 0, &unit_id, &errs), ST_OK);
    assert_int_equal(unit_id, 0);
    const char s[] = "{\"date\": \"2026-11-23\", \"comment\": \"Trả lại\"}";
    assert_int_equal(api_transfer_step_decode(&a, s, sizeof s - 1, &step, &errs), ST_OK);
    assert_string_equal(step.date, "2026-11-23");
    assert_string_equal(step.comment, "Trả lại");
    const char o[] = "{\"on\": \"2026-11-23\"}";
    assert_int_equal(api_on_decode(&a, o, sizeof o - 1, &on, &errs), ST_OK);
    assert_string_equal(on, "2026-11-23");
    const char u[] = "{\"unit_id\": 12}";
    assert_int_equal(api_scan_decode(&a, u, sizeof u - 1, &unit_id, &errs), ST_OK);
    assert_int_equal(unit_id, 12);
    assert_int_equal(errs.len, 0);
    const char bad[] = "{\"on\": 20261123}";
    assert_int_equal(api_on_decode(&a, bad, sizeof bad - 1, &on, &errs), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_type");
    assert_string_equal(errs.items[0].field, "on");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_exemption_decoder_reads_every_field(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    exemption_input in;
    const char body[] = "{\"member_id\": 7, \"kind\": \"full\", \"reason\": \"Ở một mình\", "
                        "\"decision_number\": \"15-QĐ\", \"starts_on\": \"2026-11-23\", "
                        "\"ends_on\": null, \"decided_on\": \"2026-11-22\", "
                        "\"approving_unit_id\": 3}";
    assert_int_equal(api_exemption_decode(&a, body, sizeof body - 1, &in, &errs), ST_OK);
    assert_int_equal(in.member_id, 7);
    assert_string_equal(in.kind, "full");
    assert_string_equal(in.reason, "Ở một mình");
    assert_string_equal(in.decision_number, "15-QĐ");
    assert_string_equal(in.starts_on, "2026-11-23");
    assert_string_equal(in.ends_on, ""); /* null: none */
    assert_string_equal(in.decided_on, "2026-11-22");
    assert_int_equal(in.approving_unit_id, 3);
    const char bad[] = "{\"member\": 7}";
    assert_int_equal(api_exemption_decode(&a, bad, sizeof bad - 1, &in, &errs), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_unknown_field");
    errlist_free(&errs);
    arena_free(&a);
}

typedef struct counts {
    int n;
    int flag;
} counts;

static void test_count_fields_take_non_negative_integers_only(void **state)
{
    (void)state;
    static const api_field spec[] = {{"n", AF_COUNT, offsetof(counts, n)},
                                     {"flag", AF_BOOL, offsetof(counts, flag)}};
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    counts c;
    assert_int_equal(api_json_decode(&a, "{}", 2, spec, 2, &c, &errs), ST_OK);
    assert_int_equal(c.n, -1);
    assert_int_equal(c.flag, -1);
    assert_int_equal(api_json_decode(&a, "{\"n\": 0}", 8, spec, 2, &c, &errs), ST_OK);
    assert_int_equal(c.n, 0);
    const char *bad[] = {"{\"n\": -1}", "{\"n\": 3000000000}"};
    for (size_t i = 0; i < 2; i++) {
        errs.len = 0;
        assert_int_equal(api_json_decode(&a, bad[i], strlen(bad[i]), spec, 2, &c, &errs),
                         ST_BAD_REQUEST);
        assert_string_equal(errs.items[0].code, "json_count_invalid");
        assert_string_equal(errs.items[0].field, "n");
    }
    errs.len = 0;
    assert_int_equal(api_json_decode(&a, "{\"n\": null}", 11, spec, 2, &c, &errs), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_type");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_decoder_refuses_bad_documents(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs = {0};
    sample s;
    struct {
        const char *body;
        size_t len;
        const char *code;
    } cases[] = {
#define C(b, c) {b, sizeof b - 1, c}
        C("{\"name\": \"a\", \"name\": \"b\"}", "json_duplicate_field"),
        C("{\"name\": \"\xff\"}", "utf8_invalid"),
        C("{\"name\": \"\xc3\x28\"}", "utf8_invalid"),
        C("{\"name\": \"a\\u0000b\"}", "json_syntax"),
        C("{\"name\": \"a\0b\"}", "json_syntax"),
        C("[1, 2]", "json_not_object"),
        C("\"text\"", "json_not_object"),
        C("42", "json_not_object"),
        C("null", "json_not_object"),
        C("", "json_syntax"),
        C("{\"name\": ", "json_syntax"),
        C("{\"name\": \"a\"} trailing", "json_syntax"),
        C("{name: 1}", "json_syntax"),
        C("{\"id\": 123456789012345678901234567890}", "json_number_range"),
        C("{\"id\": 1e999}", "json_number_range"),
#undef C
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(decode(&a, cases[i].body, cases[i].len, &s, &errs), ST_BAD_REQUEST);
        assert_int_equal(errs.len, 1);
        assert_string_equal(errs.items[0].code, cases[i].code);
    }
    errlist_free(&errs);
    arena_free(&a);
}

static void test_decoder_survives_deep_nesting(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs = {0};
    sample s;
    size_t depth = 10000;
    char *body = xmalloc(2 * depth + 16);
    assert_non_null(body);
    size_t n = 0;
    n += (size_t)snprintf(body, 16, "{\"name\":");
    for (size_t i = 0; i < depth; i++)
        body[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        body[n++] = ']';
    body[n++] = '}';
    assert_int_equal(decode(&a, body, n, &s, &errs), ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_syntax");
    xfree(body);
    errlist_free(&errs);
    arena_free(&a);
}

static void test_member_decoder_maps_fields_and_refuses_unit_change_on_post(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    errlist errs;
    errlist_init(&errs, 0);
    member_input in;
    const char *change = NULL;
    const char body[] = "{\"full_name\":\"Nguyễn Văn An\",\"sex\":\"M\",\"born_abroad\":false,"
                        "\"unit_id\":3,\"cmnd\":null,\"unit_change_on\":\"2026-01-01\"}";
    assert_int_equal(api_member_decode(&a, body, sizeof body - 1, &in, &change, &errs), ST_OK);
    assert_string_equal(in.full_name, "Nguyễn Văn An");
    assert_string_equal(in.sex, "M");
    assert_int_equal(in.born_abroad, 0);
    assert_int_equal(in.unit_id, 3);
    assert_string_equal(in.cmnd, "");
    assert_null(in.cccd);
    assert_string_equal(change, "2026-01-01");
    assert_int_equal(api_member_decode(&a, body, sizeof body - 1, &in, NULL, &errs),
                     ST_BAD_REQUEST);
    assert_string_equal(errs.items[0].code, "json_unknown_field");
    assert_string_equal(errs.items[0].field, "unit_change_on");
    errlist_free(&errs);
    arena_free(&a);
}

static void test_error_codes_of_the_edge_have_messages(void **state)
{
    (void)state;
    const char *codes[] = {"path_invalid",
                           "url_too_long",
                           "query_invalid",
                           "query_too_many",
                           "query_repeated",
                           "query_value",
                           "if_match_invalid",
                           "precondition_required",
                           "not_found",
                           "method_not_allowed",
                           "body_too_large",
                           "unsupported_media_type",
                           "json_syntax",
                           "json_not_object",
                           "json_duplicate_field",
                           "json_number_range",
                           "json_unknown_field",
                           "json_type",
                           "json_id_invalid",
                           "cookie_invalid",
                           "session_required",
                           "csrf_invalid",
                           "forbidden",
                           "password_change_required",
                           "totp_enrolment_required",
                           "route_undeclared",
                           "tls_unsupported",
                           "tls_failed"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_true(err_code_known(codes[i]));
}

/* ---- cookies ---- */

static const char *cookie(arena *a, const char *header, status want)
{
    const char *v = (const char *)1;
    error e = {0};
    assert_int_equal(http_cookie_get(a, header, HTTP_SESSION_COOKIE, &v, &e), want);
    if (want != ST_OK) {
        assert_string_equal(e.code, "cookie_invalid");
        assert_null(v);
    }
    return v;
}

static void test_cookie_finds_the_session_among_others(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    assert_string_equal(cookie(&a, "caunoi_session=abc-DEF_123", ST_OK), "abc-DEF_123");
    assert_string_equal(cookie(&a, "theme=dark; caunoi_session=tok; lang=vi", ST_OK), "tok");
    assert_string_equal(cookie(&a, "  caunoi_session = tok ;x=1", ST_OK), "tok");
    assert_string_equal(cookie(&a, "caunoi_session=\"tok\"", ST_OK), "tok");
    assert_string_equal(cookie(&a, "caunoi_session=first; caunoi_session=second", ST_OK), "first");
    /* Another application's odd cookies do not matter. */
    assert_string_equal(cookie(&a, "junk; x=\"a b\"; =v; caunoi_session=t", ST_OK), "t");
    arena_free(&a);
}

static void test_cookie_absent_or_empty_is_no_cookie(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    assert_null(cookie(&a, NULL, ST_OK));
    assert_null(cookie(&a, "", ST_OK));
    assert_null(cookie(&a, ";;;", ST_OK));
    assert_null(cookie(&a, "caunoi_session", ST_OK));
    assert_null(cookie(&a, "caunoi_session=", ST_OK));
    assert_null(cookie(&a, "caunoi_session=\"\"", ST_OK));
    assert_null(cookie(&a, "xcaunoi_session=t; caunoi_sessionx=t; Caunoi_Session=t", ST_OK));
    arena_free(&a);
}

static void test_cookie_refuses_a_malformed_session_value(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    cookie(&a, "caunoi_session=a b", ST_BAD_REQUEST);
    cookie(&a, "caunoi_session=a,b", ST_BAD_REQUEST);
    cookie(&a, "caunoi_session=a\\b", ST_BAD_REQUEST);
    cookie(&a, "caunoi_session=\"ab", ST_BAD_REQUEST);
    cookie(&a, "caunoi_session=t\xc3\xa9", ST_BAD_REQUEST);
    cookie(&a, "caunoi_session=a\x01", ST_BAD_REQUEST);
    char big[LIMIT_COOKIE_VALUE + 32];
    int n = snprintf(big, sizeof big, "caunoi_session=");
    memset(big + n, 'a', LIMIT_COOKIE_VALUE);
    big[n + LIMIT_COOKIE_VALUE] = '\0';
    assert_int_equal(strlen(cookie(&a, big, ST_OK)), LIMIT_COOKIE_VALUE);
    big[n + LIMIT_COOKIE_VALUE] = 'a';
    big[n + LIMIT_COOKIE_VALUE + 1] = '\0';
    cookie(&a, big, ST_BAD_REQUEST);
    arena_free(&a);
}

static void test_session_cookie_carries_every_protection(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    assert_string_equal(
        http_session_cookie(&a, "tok_en-1", 43200, false),
        "caunoi_session=tok_en-1; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict");
    assert_string_equal(http_session_cookie(&a, "t", 60, true),
                        "caunoi_session=t; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure");
    assert_string_equal(http_session_cookie(&a, NULL, 500, true),
                        "caunoi_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
    http_config plain = {0}, proxied = {.secure_cookies = true}, tls = {.tls_cert_pem = "x"};
    assert_false(http_cookie_secure(&plain));
    assert_true(http_cookie_secure(&proxied));
    assert_true(http_cookie_secure(&tls));
    arena_free(&a);
}

/* ---- responses ---- */

static void test_error_response_has_the_documented_shape_in_the_language(void **state)
{
    (void)state;
    arena a = ARENA_INIT;
    http_response rs;
    http_response_init(&rs);
    errlist errs;
    errlist_init(&errs, 0);
    error e;
    err_set(&e, ST_BAD_REQUEST, "json_type", "sex", "sex");
    assert_int_equal(errlist_add(&errs, &e), ST_OK);
    err_set(&e, ST_BAD_REQUEST, "json_unknown_field", "nme", "nme");
    assert_int_equal(errlist_add(&errs, &e), ST_OK);
    http_respond_errors(&rs, &a, LANG_EN, &errs);
    assert_int_equal(rs.status, 400);
    assert_string_equal(rs.content_type, "application/json; charset=utf-8");
    json_t *doc = json_loadb(rs.body, rs.body_len, 0, NULL);
    assert_non_null(doc);
    json_t *first = json_object_get(doc, "error");
    assert_string_equal(json_string_value(json_object_get(first, "code")), "json_type");
    assert_string_equal(json_string_value(json_object_get(first, "field")), "sex");
    assert_string_equal(json_string_value(json_object_get(first, "message")),
                        "Field \"sex\" has the wrong type.");
    assert_int_equal(json_array_size(json_object_get(doc, "errors")), 2);
    json_decref(doc);

    http_response_init(&rs);
    http_respond_fail(&rs, &a, LANG_VI, ST_PRECONDITION, "precondition_required", NULL, NULL);
    assert_int_equal(rs.status, 428);
    doc = json_loadb(rs.body, rs.body_len, 0, NULL);
    assert_true(json_is_null(json_object_get(json_object_get(doc, "error"), "field")));
    assert_null(json_object_get(doc, "errors"));
    json_decref(doc);
    errlist_free(&errs);
    arena_free(&a);
}

/* ---- static files ---- */

static char static_root[64];

static void write_file(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", static_root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int serve(const char *raw, http_response *rs, arena *a)
{
    static http_config cfg;
    cfg.web_dir = static_root;
    cfg.vendor_dir = static_root;
    http_request rq = {.a = a, .cfg = &cfg, .method = HTTP_GET};
    error e;
    assert_int_equal(http_target_parse(a, raw, &rq.target, &e), ST_OK);
    http_response_init(rs);
    http_serve_static(&rq, rs);
    if (rs->fd >= 0)
        close(rs->fd);
    return rs->status;
}

static void test_static_serves_only_regular_files_of_known_types(void **state)
{
    (void)state;
    snprintf(static_root, sizeof static_root, "/tmp/caunoi-static-XXXXXX");
    assert_non_null(mkdtemp(static_root));
    write_file("index.html", "<!doctype html>");
    write_file("app.js", "export {}");
    write_file(".secret.js", "x");
    write_file("notes.txt", "x");
    char dir[128], link[128], target[128];
    snprintf(dir, sizeof dir, "%s/sub.js", static_root);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(link, sizeof link, "%s/link.js", static_root);
    snprintf(target, sizeof target, "%s/app.js", static_root);
    assert_int_equal(symlink(target, link), 0);

    arena a = ARENA_INIT;
    http_response rs;
    assert_int_equal(serve("/app.js", &rs, &a), 200);
    assert_string_equal(rs.content_type, "text/javascript; charset=utf-8");
    assert_int_equal(rs.fd_size, 9);
    assert_int_equal(serve("/", &rs, &a), 200);
    assert_string_equal(rs.content_type, "text/html; charset=utf-8");
    assert_string_equal(rs.headers[0].name, "Cache-Control");
    assert_int_equal(serve("/members/42", &rs, &a), 200); /* the front end routes */
    assert_string_equal(rs.content_type, "text/html; charset=utf-8");
    assert_int_equal(serve("/vendor/app.js", &rs, &a), 200);
    assert_int_equal(serve("/.secret.js", &rs, &a), 404);
    assert_int_equal(serve("/notes.txt", &rs, &a), 404);
    assert_int_equal(serve("/sub.js", &rs, &a), 404);
    assert_int_equal(serve("/link.js", &rs, &a), 404);
    assert_int_equal(serve("/missing.js", &rs, &a), 404);
    assert_int_equal(serve("/vendor", &rs, &a), 404);
    assert_string_equal(http_mime_type("a/b.WOFF2"), "font/woff2");
    assert_null(http_mime_type("a.d/b"));
    arena_free(&a);

    const char *names[] = {"index.html", "app.js", ".secret.js", "notes.txt", "link.js"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", static_root, names[i]);
        unlink(p);
    }
    rmdir(dir);
    rmdir(static_root);
}

int main(void)
{
    api_json_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_decodes_path_segments_and_query),
        cmocka_unit_test(test_target_refuses_dot_segments_encoded_or_not),
        cmocka_unit_test(test_target_refuses_bad_query_and_utf8),
        cmocka_unit_test(test_target_refuses_repeated_keys_naming_them),
        cmocka_unit_test(test_target_bounds_query_params_and_path_length),
        cmocka_unit_test(test_router_matches_params_and_literals_first),
        cmocka_unit_test(test_router_ignores_one_trailing_slash),
        cmocka_unit_test(test_router_tells_404_from_405),
        cmocka_unit_test(test_router_reads_every_id_parameter_as_a_positive_integer),
        cmocka_unit_test(test_routes_check_names_every_undeclared_route),
        cmocka_unit_test(test_if_match_accepts_the_three_spellings),
        cmocka_unit_test(test_if_match_missing_is_428_malformed_is_400),
        cmocka_unit_test(test_content_type_matches_media_type_and_utf8_charset),
        cmocka_unit_test(test_body_kinds_accept_their_media_types_and_caps),
        cmocka_unit_test(test_content_disposition_keeps_names_inside_the_header),
        cmocka_unit_test(test_download_answers_the_bytes_with_type_and_disposition),
        cmocka_unit_test(test_cookie_finds_the_session_among_others),
        cmocka_unit_test(test_cookie_absent_or_empty_is_no_cookie),
        cmocka_unit_test(test_cookie_refuses_a_malformed_session_value),
        cmocka_unit_test(test_session_cookie_carries_every_protection),
        cmocka_unit_test(test_decoder_fills_given_fields_and_marks_the_rest),
        cmocka_unit_test(test_decoder_names_unknown_fields_and_wrong_types_all_at_once),
        cmocka_unit_test(test_decoder_refuses_bad_documents),
        cmocka_unit_test(test_trip_decoder_reads_countries_refs_and_refuses_member_on_patch),
        cmocka_unit_test(test_transfer_decoder_reads_ids_and_codes_as_sent),
        cmocka_unit_test(test_optional_bodies_take_an_empty_body_as_no_fields),
        cmocka_unit_test(test_exemption_decoder_reads_every_field),
        cmocka_unit_test(test_step_decoder_takes_an_empty_body_as_no_fields),
        cmocka_unit_test(test_count_fields_take_non_negative_integers_only),
        cmocka_unit_test(test_decoder_survives_deep_nesting),
        cmocka_unit_test(test_member_decoder_maps_fields_and_refuses_unit_change_on_post),
        cmocka_unit_test(test_error_codes_of_the_edge_have_messages),
        cmocka_unit_test(test_error_response_has_the_documented_shape_in_the_language),
        cmocka_unit_test(test_static_serves_only_regular_files_of_known_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
