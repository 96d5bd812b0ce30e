# luoshi — one GNU Makefile. Libraries come from Debian packages through pkg-config.
#
#   make            build build/luoshi
#   make demo       install what is missing, build, import the sample decision, serve it
#   make check      install what is missing, build, run every test (plain, sanitized, and
#                   the shell suites again against a throwaway PostgreSQL server; the three
#                   runs side by side, CHECK_SERIAL=1 for one after the other)
#   make san        build build-san/luoshi with AddressSanitizer and UBSan
#   make check-sanitize   every test against that build (LeakSanitizer too)
#   make fuzz       build the libFuzzer targets and run each for FUZZ_SECONDS
#   make bench      benchmarks against named peers (needs the bench packages)

CC       ?= cc
PKGS     := sqlite3 libpq libzip expat jansson libsodium libcurl libmicrohttpd libcrypto xlsxwriter
WERROR   ?= -Werror
# Link-time optimisation: the reading pipeline's small helpers (UTF-8 tests, word lookups) are
# called across files at nearly every character; inlined across them it runs about 2.5 % faster
# (bench/README.md). The sanitizer build sets its own OPT.
OPT      ?= -O2 -flto=auto
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -g $(OPT) -Wall -Wextra -Wshadow -Wstrict-prototypes \
  -Wmissing-prototypes -Wno-unused-parameter -Wformat=2 -Wvla $(WERROR)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

B        ?= build
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC  := $(sort $(wildcard src/base/*.c src/text/*.c src/extract/*.c src/store/*.c src/ledger/*.c src/web/*.c src/cli/*.c))
MAIN_SRC := src/main.c
DATA     := $(sort $(shell find data -type f -name '*.tsv' -o -type f -name '*.txt' -o -type f -name '*.sql' | sort))
SCHEMA   := $(sort $(wildcard src/store/schema/*.sql))
ASSETS   := $(sort $(wildcard assets/*.css assets/*.js))

LIB_OBJ  := $(patsubst src/%.c,$(B)/obj/%.o,$(LIB_SRC)) $(B)/obj/embedded.o
UNIT_SRC := $(sort $(wildcard test/unit/*.c))

.PHONY: all deps deps-bench demo check check-plain check-san check-sanitize check-pg san unit fuzz bench clean golden-update \
  valgrind

all: $(B)/luoshi

deps:
	@sh scripts/install-deps.sh

deps-bench:
	@sh scripts/install-deps.sh --bench

$(B)/embed: src/tools/embed.c
	@mkdir -p $(B)
	$(CC) -O1 -o $@ $<

$(B)/embedded.c: $(B)/embed $(DATA) $(SCHEMA) $(ASSETS)
	$(B)/embed $@ $(foreach f,$(DATA),$(patsubst data/%,%,$(f))=$(f)) \
	  $(foreach f,$(SCHEMA),$(patsubst src/store/%,%,$(f))=$(f)) \
	  $(foreach f,$(ASSETS),$(f)=$(f))

$(B)/obj/embedded.o: $(B)/embedded.c
	@mkdir -p $(dir $@)
	$(CC) -c -O0 -o $@ $<

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(XCFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libluoshi.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# --whole-archive: a strong definition anywhere in the library wins over a weak one.
$(B)/luoshi: $(B)/obj/main.o $(B)/libluoshi.a
	$(CC) $(XCFLAGS) -o $@ $(B)/obj/main.o -Wl,--whole-archive $(B)/libluoshi.a \
	  -Wl,--no-whole-archive $(PKG_LIBS) -lm

$(B)/unit: $(UNIT_SRC) test/harness.c test/harness.h $(B)/libluoshi.a
	$(CC) $(CFLAGS_COMMON) $(XCFLAGS) $(PKG_CFLAGS) -Isrc -o $@ test/harness.c $(UNIT_SRC) \
	  -Wl,--whole-archive $(B)/libluoshi.a -Wl,--no-whole-archive $(PKG_LIBS) -lm

$(B)/hook_server: test/tools/hook_server.c
	$(CC) $(CFLAGS_COMMON) $(shell pkg-config --cflags libmicrohttpd) -o $@ $< \
	  $(shell pkg-config --libs libmicrohttpd)

$(B)/smtp_sink: test/tools/smtp_sink.c
	$(CC) $(CFLAGS_COMMON) $(XCFLAGS) -o $@ $<

$(B)/http_burst: test/tools/http_burst.c
	$(CC) $(CFLAGS_COMMON) $(XCFLAGS) -o $@ $<

$(B)/slow_client: test/tools/slow_client.c
	$(CC) $(CFLAGS_COMMON) $(XCFLAGS) -o $@ $<

# The programs the shell suites run besides luoshi (test/tools/).
TEST_TOOLS = hook_server smtp_sink http_burst slow_client

san:
	$(MAKE) B=build-san XCFLAGS="$(SAN_FLAGS)" OPT=-O1 build-san/luoshi build-san/unit \
	  $(addprefix build-san/,$(TEST_TOOLS))

# Both builds (two jobs at a time), then the three runs side by side (test/run-all.sh: plain,
# sanitized, PostgreSQL; their outputs printed whole one after the other, then the sum).
# check-plain, check-san and check-pg run one of them each.
check: deps
	$(MAKE) -j2 $(B)/luoshi $(B)/unit $(addprefix $(B)/,$(TEST_TOOLS))
	$(MAKE) -j2 san
	bash test/run-all.sh $(B) build-san

check-plain: $(B)/luoshi $(B)/unit $(addprefix $(B)/,$(TEST_TOOLS))
	bash test/run.sh $(B)

check-sanitize: check-san

check-san: san
	ASAN_OPTIONS=detect_leaks=1 bash test/run.sh build-san

# The shell suites against PostgreSQL (test/tools/pgtemp.sh starts a server for the run; the
# unit tests are SQLite's and run in check-plain).
check-pg: $(B)/luoshi $(addprefix $(B)/,$(TEST_TOOLS))
	LUOSHI_TEST_DB=postgresql bash test/run.sh $(B)

golden-update: $(B)/luoshi
	bash test/golden/update.sh $(B)

demo: deps $(B)/luoshi
	bash scripts/demo.sh $(B)

fuzz: deps
	bash test/fuzz/run.sh $${FUZZ_SECONDS:-60}

# The command-line suites with luoshi under valgrind (test/valgrind/luoshi): run.sh sets
# LUOSHI=$ROOT/<its argument>/luoshi, so the argument test/valgrind picks the wrapper, which runs
# $(B)/luoshi. Suites: VALGRIND_SUITES (default below). Fails on a failed test or on any
# valgrind report (each process's report is a file in $(B)/valgrind/; listed at the end).
VALGRIND_SUITES ?= cli cli-json reports ledger
valgrind: $(B)/luoshi
	rm -rf $(B)/valgrind && mkdir -p $(B)/valgrind
	fail=0; for s in $(VALGRIND_SUITES); do \
	  ONLY=$$s LUOSHI_BIN=$(CURDIR)/$(B)/luoshi VALGRIND_LOG_DIR=$(CURDIR)/$(B)/valgrind \
	    bash test/run.sh test/valgrind || fail=1; \
	done; \
	for f in $(B)/valgrind/vg.*.log; do [ -s "$$f" ] && { echo "== $$f"; cat "$$f"; fail=1; }; done; \
	exit $$fail

bench: deps-bench $(B)/luoshi
	bash bench/run.sh $(B)
	bash bench/ledger.sh $(B)
	bash bench/sheets.sh $(B)
	bash bench/web.sh $(B)
	bash bench/web-load.sh $(B)
	bash bench/pg.sh $(B)

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
