/*
 * fuzz_json_trip.c -- libFuzzer harness for the trip body decoders.
 *
 * Feeds arbitrary bytes to api_trip_decode, as POST (member_id accepted)
 * and as PATCH (member_id refused), and to api_trip_step_decode (the body
 * of an action), and checks what api.h promises: success leaves no error,
 * every string handed out (the countries included) is valid UTF-8 without
 * NUL, the country count matches the array, member_id is 0 or positive and
 * delegation_id -1, 0 or positive; failure reports at least one error,
 * each with a catalogued code, and status ST_BAD_REQUEST (or ST_NOMEM).
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

static void check_failure(status st, const errlist *errs)
{
    assert(st == ST_BAD_REQUEST || st == ST_NOMEM);
    assert(errs->len > 0);
    for (size_t i = 0; i < errs->len; i++)
        assert(err_code_known(errs->items[i].code));
}

static void check_trip(status st, const trip_input *in, int64_t member_id, const errlist *errs)
{
    if (st != ST_OK) {
        check_failure(st, errs);
        return;
    }
    assert(errs->len == 0);
    const char *strings[] = {in->purpose,        in->purpose_detail, in->planned_departure,
                             in->planned_return, in->payer,          in->payer_note,
                             in->decision_number};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        check_string(strings[i]);
    assert(in->countries_given || in->n_countries == 0);
    for (size_t i = 0; i < in->n_countries; i++) {
        assert(in->countries[i]);
        check_string(in->countries[i]);
    }
    assert(in->delegation_id >= -1);
    assert(member_id >= 0);
}

static void check_step(status st, const trip_step *step, const errlist *errs)
{
    if (st != ST_OK) {
        check_failure(st, errs);
        return;
    }
    assert(errs->len == 0);
    check_string(step->outcome);
    check_string(step->comment);
    check_string(step->date);
    check_string(step->text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    const char *body = (const char *)data;
    for (int patch = 0; patch < 2; patch++) {
        errlist errs;
        errlist_init(&errs, 0);
        trip_input in;
        int64_t member_id = 0;
        status st = api_trip_decode(&a, body, size, &in, patch ? NULL : &member_id, &errs);
        check_trip(st, &in, member_id, &errs);
        errlist_free(&errs);
    }
    errlist errs;
    errlist_init(&errs, 0);
    trip_step step;
    check_step(api_trip_step_decode(&a, body, size, &step, &errs), &step, &errs);
    errlist_free(&errs);
    arena_free(&a);
    return 0;
}
