/*
 * fuzz_json_member.c -- libFuzzer harness for the member body decoder.
 *
 * Feeds arbitrary bytes to api_member_decode, as POST (unit_change_on
 * refused) and as PATCH, and checks what api.h promises: success leaves no
 * error and every string it hands out is valid UTF-8 without NUL; failure
 * reports at least one error, each with a catalogued code, and status
 * ST_BAD_REQUEST (or ST_NOMEM); ids are 0 or positive, booleans -1, 0 or 1.
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

static void check(status st, const member_input *in, const errlist *errs)
{
    if (st == ST_OK) {
        assert(errs->len == 0);
        const char *strings[] = {in->full_name,     in->sex,         in->birth_date,
                                 in->cccd,          in->cmnd,        in->card_number,
                                 in->record_number, in->admitted_on, in->official_on,
                                 in->phone,         in->email,       in->unit_code};
        for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
            check_string(strings[i]);
        assert(in->unit_id >= 0);
        assert(in->born_abroad >= -1 && in->born_abroad <= 1);
        return;
    }
    assert(st == ST_BAD_REQUEST || st == ST_NOMEM);
    assert(errs->len > 0);
    for (size_t i = 0; i < errs->len; i++)
        assert(err_code_known(errs->items[i].code));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    for (int patch = 0; patch < 2; patch++) {
        errlist errs;
        errlist_init(&errs, 0);
        member_input in;
        const char *change = NULL;
        status st =
            api_member_decode(&a, (const char *)data, size, &in, patch ? &change : NULL, &errs);
        check(st, &in, &errs);
        if (st == ST_OK)
            check_string(change);
        errlist_free(&errs);
    }
    arena_free(&a);
    return 0;
}
