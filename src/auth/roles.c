/*
 * roles.c -- the five roles by name, and the start-up of the crypto
 * libraries (libsodium, liboath) that the rest of auth/ relies on.
 *
 * This file must never decide who may do what to which record: the route
 * table (api/routes.c) and the services do, with the role it names.
 */
#include "auth/auth.h"

#include <string.h>

#include <oath.h>
#include <sodium.h>

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_MEMBER] = "member", [ROLE_SECRETARY] = "secretary", [ROLE_OFFICER] = "officer",
    [ROLE_ADMIN] = "admin",   [ROLE_AUDITOR] = "auditor",
};

status auth_init(error *e)
{
    if (sodium_init() < 0)
        return err_set(e, ST_INTERNAL, "crypto_init", NULL, "libsodium");
    if (oath_init() != OATH_OK)
        return err_set(e, ST_INTERNAL, "crypto_init", NULL, "liboath");
    return ST_OK;
}

const char *role_name(role r) { return (unsigned)r < ROLE_COUNT ? role_names[r] : "unknown"; }

bool role_parse(const char *s, role *out)
{
    for (int i = 0; s && i < ROLE_COUNT; i++)
        if (strcmp(s, role_names[i]) == 0) {
            *out = (role)i;
            return true;
        }
    return false;
}
