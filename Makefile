# caunoi -- build, run, test, bench, fuzz, check.
#
# `make run` and `make test` are the README's two commands: on a fresh
# Debian 12 machine they install the Debian and npm packages that are
# missing (scripts/deps.sh), then build and run. Objects go to build/
# (release) and build/asan/ (AddressSanitizer + UBSan, used by the tests).

# ---- variables ----------------------------------------------------------
CC        ?= cc
FUZZ_CC   ?= clang
PKGS      := libmicrohttpd sqlite3 jansson libutf8proc icu-uc icu-i18n libsodium liboath \
             xlsxwriter cairo cairo-pdf pangocairo fontconfig md4c md4c-html
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcrack -lpthread -lm
WARN      := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
DEFS      := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CPPFLAGS  := -Isrc -Ibuild/gen $(DEFS) -MMD -MP
CFLAGS    ?= -O2 -g
SAN       := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
DB        ?= data/caunoi.db
LISTEN    ?= 127.0.0.1:8080

SRC       := $(sort $(wildcard src/*/*.c))
LIB_SRC   := $(filter-out src/main.c,$(SRC))
MIGRATIONS:= $(sort $(wildcard src/store/migrations/*.sql))

GEN       := migrations common_passwords
OBJ       := $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC)) $(GEN:%=build/obj/gen/%.o)
ASAN_OBJ  := $(patsubst src/%.c,build/asan/obj/%.o,$(LIB_SRC)) $(GEN:%=build/asan/obj/gen/%.o)
FUZZ_OBJ  := $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIB_SRC)) $(GEN:%=build/fuzz/obj/gen/%.o)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))

DEPS_STAMP := build/.deps
# The front end's npm modules, served as ES modules without a bundler (uqr
# draws the two-factor QR code). The one bare import (hooks -> "preact") is
# pointed at the file beside it.
VENDOR    := build/vendor/preact.module.js build/vendor/hooks.module.js build/vendor/htm.module.js \
             build/vendor/uqr.module.js

# ---- main targets -------------------------------------------------------
.PHONY: all run test unit fuzz check deps clean bench bench-quick
all: build/caunoi $(VENDOR)

# Build, create the database with the demo data if it is missing, serve.
run: build/caunoi $(VENDOR)
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then ./build/caunoi init --db $(DB) && ./build/caunoi demo --db $(DB); fi
	./build/caunoi serve --db $(DB) --listen $(LISTEN) --web web --vendor build/vendor

# Everything under the sanitizers: unit, fuzz corpus replay, API, browser.
# build/caunoi too: gcc -O2 finds warnings (maybe-uninitialized) the sanitizer build misses.
test: $(DEPS_STAMP) build/caunoi build/asan/caunoi $(VENDOR) $(UNIT_BIN) $(FUZZ_BIN)
	@scripts/run-tests.sh

unit: $(DEPS_STAMP) $(UNIT_BIN)
	@SUITES=unit scripts/run-tests.sh

# Fuzz each harness for FUZZ_SECONDS (default 30) from its corpus.
FUZZ_SECONDS ?= 30
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p tests/fuzz/corpus/$$n; \
	  echo "fuzzing $$n for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 tests/fuzz/corpus/$$n || exit 1; done

# Style, banned calls and layering (STYLE.md).
check:
	@scripts/check.sh

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh package.json package-lock.json
	@scripts/deps.sh
	@mkdir -p build && touch $@

clean:
	rm -rf build

# The national-scale benchmark (issue 7, docs/PERFORMANCE.md): BENCH_SCALE
# 1.0 is about 5.5 million members; bench-quick a hundredth of it. Installs
# wrk, nginx, curl and jq when missing (scripts/deps-bench.sh).
BENCH_SEED ?= 7
bench: build/caunoi build/bench/gen
	@scripts/deps-bench.sh
	@bench/run.sh --scale $${BENCH_SCALE:-1.0} --seed $(BENCH_SEED)

bench-quick: build/caunoi build/bench/gen
	@scripts/deps-bench.sh
	@bench/run.sh --scale $${BENCH_SCALE:-0.01} --seed $(BENCH_SEED)

build/bench/gen: bench/gen.c build/libcaunoi.a
	@mkdir -p build/bench
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< build/libcaunoi.a $(PKG_LIBS)

# ---- rules --------------------------------------------------------------
build/vendor/preact.module.js: $(DEPS_STAMP)
	@mkdir -p build/vendor
	cp node_modules/preact/dist/preact.module.js $@
build/vendor/hooks.module.js: $(DEPS_STAMP)
	@mkdir -p build/vendor
	sed 's|from"preact"|from"./preact.module.js"|' node_modules/preact/hooks/dist/hooks.module.js > $@
build/vendor/htm.module.js: $(DEPS_STAMP)
	@mkdir -p build/vendor
	cp node_modules/htm/dist/htm.module.js $@
build/vendor/uqr.module.js: $(DEPS_STAMP)
	@mkdir -p build/vendor
	cp node_modules/uqr/dist/index.mjs $@

build/gen/migrations.c build/gen/migrations.h: $(MIGRATIONS) scripts/embed-migrations.sh | $(DEPS_STAMP)
	@mkdir -p build/gen
	scripts/embed-migrations.sh build/gen $(MIGRATIONS)

# Objects go into an archive so that a test binary pulls in only the modules
# it uses.
build/libcaunoi.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

# The most common passwords (John the Ripper's list, Debian's john-data,
# and the Vietnamese ones in src/auth/), refused as passwords (auth/).
COMMON_PASSWORDS ?= /usr/share/john/password.lst
build/gen/common_passwords.c: scripts/embed-passwords.sh src/auth/common_passwords_vi.txt | $(DEPS_STAMP)
	@mkdir -p build/gen
	scripts/embed-passwords.sh $@ $(COMMON_PASSWORDS) src/auth/common_passwords_vi.txt

build/caunoi: build/obj/main.o build/libcaunoi.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

build/obj/%.o: src/%.c build/gen/migrations.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

build/asan/libcaunoi.a: $(ASAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/asan/caunoi: build/asan/obj/main.o build/asan/libcaunoi.a
	$(CC) -O1 -g $(SAN) -o $@ $^ $(PKG_LIBS)

build/asan/obj/%.o: src/%.c build/gen/migrations.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/asan/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -c -o $@ $<

build/asan/tests/%: tests/unit/%.c build/asan/libcaunoi.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< build/asan/libcaunoi.a $(PKG_LIBS) -lcmocka

build/fuzz/obj/%.o: src/%.c build/gen/migrations.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/fuzz/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(CPPFLAGS) -c -o $@ $<

build/fuzz/libcaunoi.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libcaunoi.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< build/fuzz/libcaunoi.a $(PKG_LIBS)

# Header dependencies as the compiler saw them (-MMD).
-include $(shell find build -name '*.d' 2>/dev/null)
