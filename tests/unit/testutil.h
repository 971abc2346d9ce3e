/*
 * testutil.h -- what every cmocka test file includes.
 *
 * cmocka needs <stdarg.h>, <stddef.h>, <stdint.h> and <setjmp.h> before
 * <cmocka.h>. Helpers here open a fresh in-memory database with the schema
 * applied, for the store and service tests.
 */
#ifndef CAUNOI_TESTUTIL_H
#define CAUNOI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#endif
