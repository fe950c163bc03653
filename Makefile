# tradebrief — monthly trade statistics to briefings.
#
#   make            build ./tradebrief (release flavour)
#   make test       build and run unit and end-to-end tests
#   make asan       build and run the tests under AddressSanitizer + UBSan
#   make valgrind   run the end-to-end tests under valgrind memcheck
#   make coverage   run the tests with gcov instrumentation, print a summary
#   make bench      run the benchmarks in bench/ (figures, not pass/fail)
#   make install    install to $(DESTDIR)$(PREFIX)
#   make deps       install the Debian packages in debian-packages.txt (root)
#   make deps-dev   also those of debian-dev-packages.txt (lint, format, fuzz)
#   make test-quick the tests with the heaviest hostile cases reduced
#   make golden     regenerate tests/golden/ (the shipped templates as text)
#   make format / format-check / lint / clean
#
# Every FLAVOUR (release, debug, asan, coverage, fuzz) builds
# build/FLAVOUR/tradebrief; release also copies it to ./tradebrief.
# CPPFLAGS, CFLAGS and LDFLAGS are honoured (after ours, so they win).
# -Werror is on in a git checkout and when CI=true, off in a release
# tarball; WERROR=1 or WERROR=0 decides it either way.

PREFIX  ?= /usr/local
FLAVOUR ?= release
BUILD   := build/$(FLAVOUR)

PKGS    := gsl cairo yaml-0.1 jansson fontconfig freetype2 libunibreak libdeflate nettle harfbuzz-subset
CC      ?= cc
ifeq ($(origin WERROR),undefined)
  WERROR := $(if $(or $(filter true,$(CI)),$(wildcard .git)),1,0)
endif
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-unused-parameter $(if $(filter 1,$(WERROR)),-Werror)
CSTD    := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE

# Hardening in release only: _FORTIFY_SOURCE needs optimisation (a
# warning at -O0) and adds little under the sanitizers, which check more.
ifeq ($(FLAVOUR),release)
  OPT := -O2 -g -fstack-protector-strong
  HARDEN_CPPFLAGS := -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2
else ifeq ($(FLAVOUR),asan)
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
  LDOPT := -fsanitize=address,undefined
else ifeq ($(FLAVOUR),coverage)
  OPT := -O0 -g --coverage
  LDOPT := --coverage
else ifeq ($(FLAVOUR),fuzz)
  CC  := clang
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
  LDOPT := -fsanitize=address,undefined
else ifeq ($(FLAVOUR),debug)
  OPT := -O0 -g
else
  $(error unknown FLAVOUR '$(FLAVOUR)': release, asan, coverage, fuzz, debug)
endif

# pkg-config is asked once, and only by the goals that compile: a missing
# package stops make with its name (make deps installs them).
NOBUILD_GOALS := clean deps deps-dev format format-check lint datasets uninstall briefing
ifneq ($(filter-out $(NOBUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
  ifeq ($(shell command -v pkg-config),)
    $(error no pkg-config: run make deps (or apt-get install pkg-config))
  endif
  PKG_MISSING := $(strip $(foreach p,$(PKGS),$(if $(shell pkg-config --exists '$(p)' && echo y),,$(p))))
  ifneq ($(PKG_MISSING),)
    $(error pkg-config finds no $(PKG_MISSING): run make deps, or apt-get install the -dev packages of debian-packages.txt)
  endif
  PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
  PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
endif
ALL_CPPFLAGS = -Isrc $(HARDEN_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS  = $(CSTD) $(WARN) $(OPT) $(PKG_CFLAGS) $(ALL_CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(LDOPT) $(LDFLAGS)
LIBS        = $(PKG_LIBS) -lhpdf -lcsv -lhyphen -lm -pthread

# $(BUILD)/flags holds the command line the objects were built with; a
# change (CFLAGS=..., WERROR=0) rewrites it and so rebuilds them (not
# under make -n, which changes nothing).
ifneq ($(PKG_LIBS),)
ifeq ($(findstring n,$(firstword -$(MAKEFLAGS))),)
  FLAGS_NOW := $(strip $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS))
  ifneq ($(FLAGS_NOW),$(strip $(file <$(BUILD)/flags)))
    $(shell mkdir -p $(BUILD))
    $(file >$(BUILD)/flags,$(FLAGS_NOW))
  endif
endif
endif

SRC      := $(sort $(wildcard src/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/main.o
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
# Each fuzz target without libFuzzer: replays its seeds and past findings.
REPLAY_BIN := $(FUZZ_SRC:fuzz/fuzz_%.c=$(BUILD)/tests/test_fuzz_%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all test test-quick check asan valgrind coverage bench install uninstall deps deps-dev format format-check lint clean \
	fuzz fuzz-build datasets briefing briefings golden


ifeq ($(FLAVOUR),release)
all: tradebrief
tradebrief: $(BUILD)/tradebrief
	cp $< $@.tmp && mv -f $@.tmp $@
else
all: $(BUILD)/tradebrief
endif

# README's first command: install what is missing, build, and produce the
# briefing artifacts for the shipped Korea dataset into output/.
briefing:
	tools/install-deps.sh
	$(MAKE) all
	./tradebrief check datasets/korea
	./tradebrief stats datasets/korea > output/stats.json
	./tradebrief report datasets/korea --out output/briefing-$$(./tradebrief stats datasets/korea | sed -n 's/^  "month": "\(.*\)",/\1/p').pdf
	./tradebrief report datasets/korea --lang ko --out output/briefing-$$(./tradebrief stats datasets/korea | sed -n 's/^  "month": "\(.*\)",/\1/p').ko.pdf
	./tradebrief charts datasets/korea --out output/charts
	./tradebrief charts datasets/korea --out output/charts-ko --lang ko
	p=$$(./tradebrief stats datasets/korea --days latest | sed -n -e 's/^  "month": "\(.*\)",/\1/p' \
	    -e 's/^  "days": \([0-9]*\),/1-\1/p' | paste -sd-) && \
	./tradebrief report datasets/korea --days latest --out output/flash-$$p.pdf && \
	./tradebrief report datasets/korea --days latest --lang ko --out output/flash-$$p.ko.pdf
	./tradebrief verify output
	./tradebrief verify output/charts
	./tradebrief verify output/charts-ko

# Briefings for every reporter of datasets/world through make's jobserver:
# make -j briefings.  The job list comes from `tradebrief jobs --make`.
briefings: tradebrief
	mkdir -p build
	./tradebrief jobs datasets/world --by reporter --what report --out output/world --make > build/briefings.mk
	$(MAKE) -k -f build/briefings.mk TRADEBRIEF=$(CURDIR)/tradebrief

$(BUILD)/tradebrief: $(MAIN_OBJ) $(BUILD)/libtb.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libtb.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: src/%.c $(BUILD)/flags | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtb.a tests/unit/tb_test.h $(BUILD)/flags | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libtb.a $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libtb.a $(BUILD)/flags | $(BUILD)/bench
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libtb.a $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/tests/test_fuzz_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzz_dir.h $(BUILD)/libtb.a $(BUILD)/flags | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -DTB_FUZZ_KIND='"$*"' -o $@ fuzz/fuzz_$*.c fuzz/replay.c $(BUILD)/libtb.a $(ALL_LDFLAGS) $(LIBS)

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_dir.h $(BUILD)/libtb.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libtb.a $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/obj $(BUILD)/tests $(BUILD)/bench:
	mkdir -p $@
$(BUILD)/flags:
	mkdir -p $(@D) && touch $@

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

# The test command README.md and .ci/run give.
# The end-to-end scripts run one per core, the slowest first (tests/run.sh).
NPROC := $(shell nproc 2>/dev/null || echo 2)
test: $(BUILD)/tradebrief $(TEST_BIN) $(REPLAY_BIN)
	@TB_BIN=$(abspath $(BUILD)/tradebrief) TB_TESTBIN=$(abspath $(BUILD)/tests) TB_E2E_JOBS=$(NPROC) tests/run.sh
check: test

# make test-quick: the same, with the heaviest hostile and batch cases
# reduced and the end-to-end scripts two at a time (CI runs the full one).
test-quick: $(BUILD)/tradebrief $(TEST_BIN) $(REPLAY_BIN)
	@TB_BIN=$(abspath $(BUILD)/tradebrief) TB_TESTBIN=$(abspath $(BUILD)/tests) TB_QUICK=1 TB_E2E_JOBS=$(NPROC) tests/run.sh

# The shipped templates' briefings as text, accepted as the new golden
# dumps (tests/golden/, checked by tests/e2e/golden.sh); review with git diff.
golden: $(BUILD)/tradebrief
	@TB_BIN=$(abspath $(BUILD)/tradebrief) TB_ROOT=$(CURDIR) TB_GOLDEN_ACCEPT=1 sh tests/e2e/golden.sh

# TB_FREE_AT_EXIT=1: also the release at exit that make valgrind uses (cmd.h).
# TB_QUICK=1: every code path, on the reduced volumes and month samples (the
# release run of `make test` covers every month and the full volumes).
asan:
	TB_FREE_AT_EXIT=1 TB_QUICK=1 $(MAKE) FLAVOUR=asan test

# The end-to-end tests with every tradebrief run (batch workers included)
# under valgrind memcheck: any error or leak (definite, indirect, possible)
# fails the test that ran it.  Unit tests are left to `make asan`; the
# heaviest cases run a reduced version (TB_QUICK=1, tests/lib.sh), and
# runs that repeat a code path for another month or item go through
# valgrind once, the others run as they are (sampled, tests/lib.sh).
VALGRIND ?= valgrind --error-exitcode=99 --suppressions=$(abspath tests/valgrind.supp) --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --track-origins=no --read-inline-info=no --trace-children=yes -q
valgrind: $(BUILD)/tradebrief
	@command -v valgrind >/dev/null || { echo "make valgrind: no valgrind (make deps installs it)"; exit 1; }
	@TB_BIN=$(abspath $(BUILD)/tradebrief) TB_TESTBIN= TB_WRAP="$(VALGRIND)" TB_QUICK=1 TB_FREE_AT_EXIT=1 TB_E2E_JOBS=$(NPROC) tests/run.sh

coverage:
	rm -f build/coverage/obj/*.gcda
	$(MAKE) FLAVOUR=coverage test
	gcov -n -o build/coverage/obj src/*.c 2>/dev/null | tail -n 2

# Fuzzing (clang + libFuzzer); FUZZ_SECONDS per target, default 30.
fuzz:
	@command -v clang >/dev/null || { echo "make fuzz: needs clang and libclang-rt-14-dev (make deps-dev)"; exit 1; }
	$(MAKE) FLAVOUR=fuzz fuzz-build
	fuzz/run.sh
fuzz-build: $(FUZZ_BIN)

bench: $(BUILD)/tradebrief $(BENCH_BIN)
	$(CC) $(CSTD) $(WARN) -O2 -fPIC -shared -o $(BUILD)/bench/rusage_preload.so bench/preload/rusage_preload.c
	@TB_BIN=$(abspath $(BUILD)/tradebrief) TB_BENCHBIN=$(abspath $(BUILD)/bench) bench/run.sh

# The program, its templates, the man page tradebrief(1) and the bash
# completion (tools/tradebrief.bash-completion).
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
install: $(BUILD)/tradebrief
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tradebrief/templates $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BUILD)/tradebrief $(DESTDIR)$(PREFIX)/bin/tradebrief
	if ls templates/*.tmpl >/dev/null 2>&1; then install -m 644 templates/*.tmpl $(DESTDIR)$(PREFIX)/share/tradebrief/templates/; fi
	install -m 644 docs/tradebrief.1 $(DESTDIR)$(MANDIR)/man1/tradebrief.1
	install -m 644 tools/tradebrief.bash-completion $(DESTDIR)$(BASHCOMPDIR)/tradebrief

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tradebrief $(DESTDIR)$(MANDIR)/man1/tradebrief.1 $(DESTDIR)$(BASHCOMPDIR)/tradebrief
	rm -rf $(DESTDIR)$(PREFIX)/share/tradebrief

deps:
	tools/install-deps.sh debian-packages.txt
deps-dev:
	tools/install-deps.sh debian-packages.txt debian-dev-packages.txt

datasets:
	python3 tools/make_datasets.py ../shared/real-data datasets

# .clang-format is the style the code was written in; about 2.5% of the lines
# have drifted from it, so format-check also takes the files to check:
#   make format-check FORMAT_FILES="$(git diff --name-only main -- '*.c' '*.h')"
FORMAT_FILES ?= $(wildcard src/*.c src/*.h tests/unit/*.c tests/unit/*.h tests/tools/*.c bench/*.c fuzz/*.c fuzz/*.h)
format:
	clang-format -i $(strip $(FORMAT_FILES))
format-check:
	@command -v clang-format >/dev/null || { echo "make format-check: no clang-format (make deps-dev)"; exit 1; }
	@n=0; for f in $(strip $(FORMAT_FILES)); do \
	    d=$$(clang-format "$$f" | diff "$$f" - | grep -c '^<'); \
	    [ "$$d" -eq 0 ] || { echo "$$f: $$d lines to reformat"; n=$$((n + d)); }; \
	done; \
	if [ "$$n" -eq 0 ]; then echo "format-check: clean"; else \
	    echo "format-check: $$n lines would change (make format rewrites; clang-format --dry-run FILE shows where)"; exit 1; fi

# cppcheck 2.10 (Debian 12) knows C89, C99 and C11 (it takes --std=c17 without
# complaint but does not know it); C17 only corrects C11, so c11 is the nearest.
lint:
	@command -v cppcheck >/dev/null || { echo "make lint: no cppcheck (make deps-dev)"; exit 1; }
	cppcheck --quiet -j2 --error-exitcode=1 --enable=warning,performance,portability --std=c11 --inline-suppr --library=.cppcheck/jansson.cfg \
	    -Isrc -Itests/unit -Ifuzz src tests/unit tests/tools fuzz bench

clean:
	rm -rf build tradebrief
