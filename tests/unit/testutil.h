/*
 * testutil.h -- what every cmocka test file includes.
 *
 * It holds the includes only: cmocka needs <stdarg.h>, <stddef.h>,
 * <stdint.h> and <setjmp.h> before <cmocka.h>, and <string.h> serves the
 * assertions on strings. It has no helpers: each test file opens its own
 * database (":memory:" or a temporary file) in its setup, next to the
 * tests that rely on it.
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
