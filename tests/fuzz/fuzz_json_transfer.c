/*
 * fuzz_json_transfer.c -- libFuzzer harness for the body decoders of
 * issue 5: a transfer (api_transfer_decode), a transfer's step
 * (api_transfer_step_decode), an exemption (api_exemption_decode), a date
 * body {"on"} (api_on_decode: revoking, forming and dissolving a group)
 * and the scan's {"unit_id"} (api_scan_decode).
 *
 * Checks what api.h promises for each: success leaves no error, every
 * string handed out is valid UTF-8 without NUL, every id is 0 or
 * positive; failure reports at least one error, each with a catalogued
 * code, and status ST_BAD_REQUEST (or ST_NOMEM). An empty body is no
 * fields for the optional bodies (step, date, scan).
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "text/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    api_json_init();
    return 0;
}

static void check_string(const char *s)
{
    if (s)
        assert(text_utf8_valid(s, strlen(s)));
}

static void check_strings(const char *const *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_string(s[i]);
}

/* The common verdict; true when the decoder succeeded. */
static bool verdict(status st, const errlist *errs)
{
    if (st == ST_OK) {
        assert(errs->len == 0);
        return true;
    }
    assert(st == ST_BAD_REQUEST || st == ST_NOMEM);
    assert(errs->len > 0);
    for (size_t i = 0; i < errs->len; i++)
        assert(err_code_known(errs->items[i].code));
    return false;
}

static void fuzz_transfer(arena *a, const char *body, size_t size)
{
    errlist errs;
    errlist_init(&errs, 0);
    transfer_input in;
    if (verdict(api_transfer_decode(a, body, size, &in, &errs), &errs)) {
        const char *s[] = {in.kind, in.to_unit_code, in.issued_on, in.note};
        check_strings(s, sizeof s / sizeof s[0]);
        assert(in.member_id >= 0 && in.to_unit_id >= 0 && in.trip_id >= 0);
    }
    errlist_free(&errs);
}

static void fuzz_transfer_step(arena *a, const char *body, size_t size)
{
    errlist errs;
    errlist_init(&errs, 0);
    api_transfer_step step;
    if (verdict(api_transfer_step_decode(a, body, size, &step, &errs), &errs)) {
        check_string(step.date);
        check_string(step.comment);
        if (size == 0)
            assert(!step.date && !step.comment);
    }
    errlist_free(&errs);
}

static void fuzz_exemption(arena *a, const char *body, size_t size)
{
    errlist errs;
    errlist_init(&errs, 0);
    exemption_input in;
    if (verdict(api_exemption_decode(a, body, size, &in, &errs), &errs)) {
        const char *s[] = {in.kind,      in.reason,  in.decision_number,
                           in.starts_on, in.ends_on, in.decided_on};
        check_strings(s, sizeof s / sizeof s[0]);
        assert(in.member_id >= 0 && in.approving_unit_id >= 0);
    }
    errlist_free(&errs);
}

static void fuzz_small(arena *a, const char *body, size_t size)
{
    errlist errs;
    errlist_init(&errs, 0);
    const char *on = NULL;
    if (verdict(api_on_decode(a, body, size, &on, &errs), &errs))
        check_string(on);
    errlist_free(&errs);
    errlist_init(&errs, 0);
    int64_t unit_id = -1;
    if (verdict(api_scan_decode(a, body, size, &unit_id, &errs), &errs))
        assert(unit_id >= 0);
    errlist_free(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    const char *body = (const char *)data;
    fuzz_transfer(&a, body, size);
    fuzz_transfer_step(&a, body, size);
    fuzz_exemption(&a, body, size);
    fuzz_small(&a, body, size);
    arena_free(&a);
    return 0;
}
