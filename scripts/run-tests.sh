#!/bin/bash
# Run every test suite against the sanitizer build and print one summary.
#
# Suites (SUITES="check unit tz fuzz api e2e" by default):
#   check scripts/check.sh: style, banned calls, layering, message catalogue
#   unit  cmocka binaries in build/asan/tests/
#   tz    the date-bearing unit suites again under other process time zones
#         (dates are Vietnam dates whatever the server's zone: DOMAIN.md)
#   fuzz  each libFuzzer harness replayed over its checked-in corpus
#   api   node --test tests/api/ (black-box, starts build/asan/caunoi)
#   e2e   node --test tests/e2e/ (playwright-core driving Debian's chromium)
# The last line is "N passed, N failed"; the exit status is non-zero when
# anything failed.
set -u
cd "$(dirname "$0")/.."
SUITES=${SUITES:-"check unit tz fuzz api e2e"}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CAUNOI_BIN=${CAUNOI_BIN:-$PWD/build/asan/caunoi}
passed=0; failed=0; failures=()
log=$(mktemp -d)

count_cmocka() { # file -> adds to passed/failed
  local p f
  p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

count_node() {
  local p f
  p=$(grep -E '^# pass [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E '^# fail [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

for suite in $SUITES; do
  case $suite in
  check)
    echo "== check"
    if scripts/check.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("check"); fi ;;
  unit)
    for t in build/asan/tests/test_*; do
      [ -x "$t" ] || continue
      echo "== unit: $(basename "$t")"
      if ! "$t" > "$log/out" 2>&1; then
        # A crash (sanitizer) before cmocka counted: one failure.
        grep -q '^\[  FAILED  \]' "$log/out" || { failed=$((failed + 1)); }
        failures+=("unit $(basename "$t")")
      fi
      cat "$log/out"; count_cmocka "$log/out"
    done ;;
  tz)
    # UTC-10 and UTC+14: a day apart from Vietnam at most hours.
    for zone in Pacific/Honolulu Pacific/Kiritimati; do
      for n in calendar lunar trip rules compliance transfer calendar_service trips_service compliance_service; do
        t=build/asan/tests/test_$n
        [ -x "$t" ] || continue
        echo "== tz $zone: test_$n"
        if ! TZ=$zone "$t" > "$log/out" 2>&1; then
          grep -q '^\[  FAILED  \]' "$log/out" || { failed=$((failed + 1)); }
          failures+=("tz $zone test_$n"); cat "$log/out"
        fi
        count_cmocka "$log/out"
      done
    done ;;
  fuzz)
    for f in build/fuzz/fuzz_*; do
      [ -x "$f" ] || continue
      n=$(basename "$f"); c=tests/fuzz/corpus/$n
      files=$(find "$c" -type f 2>/dev/null | wc -l)
      echo "== fuzz replay: $n ($files inputs)"
      if [ "$files" -gt 0 ] && "$f" -runs=0 $(find "$c" -type f) > "$log/out" 2>&1; then
        passed=$((passed + 1))
      else
        tail -30 "$log/out"; failed=$((failed + 1)); failures+=("fuzz $n")
      fi
    done ;;
  api|e2e)
    # Each test is bounded (4 minutes; the slowest take 20 s): a hang fails
    # with its name instead of stalling the run.
    ls tests/$suite/*.test.mjs > /dev/null 2>&1 || continue
    echo "== $suite"
    node --test --test-reporter=tap --test-concurrency=1 --test-timeout=240000 tests/$suite/*.test.mjs > "$log/out" 2>&1
    rc=$?
    grep -E '^(not ok|# (pass|fail|tests))' "$log/out" || true
    if [ $rc -ne 0 ]; then
      grep -E '^# fail [1-9]' "$log/out" > /dev/null || failed=$((failed + 1))
      sed -n '/^not ok/,/^  \.\.\./p' "$log/out" | head -120
      failures+=("$suite")
    fi
    count_node "$log/out" ;;
  esac
done
rm -rf "$log"
echo
[ ${#failures[@]} -eq 0 ] || printf 'failing: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
