# attnstep - plain GNU make. See README.md; `make help` lists the targets.

CC      ?= cc
BUILD   ?= build
BIN     ?= attnstep
PREFIX  ?= /usr/local
SIMD    ?= auto
PYTHON  ?= /usr/bin/python3
CFLAGS  ?= -O2 -g
LDFLAGS ?=

# --- flags ---------------------------------------------------------------------
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wold-style-definition -Wpointer-arith -Wwrite-strings -Wformat=2 \
        -Wundef -Wvla -Wcast-qual -Wmissing-declarations -Wredundant-decls \
        -Wdouble-promotion -Wimplicit-fallthrough
ifneq ($(CI),)
WARN += -Werror
endif

# No fast-math, no FMA contraction: results are IEEE and reproducible, and
# the scalar reference means exactly what its source says.
STRICT_FP := -ffp-contract=off -fno-fast-math -fno-unsafe-math-optimizations

PKGS := ncursesw libcjson
# Expanded when a recipe runs, after `deps` has installed what was missing.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(STRICT_FP) $(WARN) \
             -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) -MMD -MP
ALL_LIBS   = $(PKG_LIBS) -lm -pthread

# --- sources -------------------------------------------------------------------
MACHINE := $(shell $(CC) -dumpmachine)
ISA_SRC :=
ifeq ($(SIMD),scalar)
ALL_CFLAGS += -DATTNSTEP_SCALAR_ONLY
else ifneq ($(findstring x86_64,$(MACHINE)),)
ISA_SRC := src/engine/isa_avx2.c src/engine/isa_avx512.c src/engine/isa_avx512_emul.c
else ifneq ($(findstring aarch64,$(MACHINE)),)
ISA_SRC := src/engine/isa_neon.c
endif

MAIN_SRC := src/cli/main.c
LIB_SRC  := $(filter-out $(MAIN_SRC) src/engine/isa_%.c,$(shell find src -name '*.c' | LC_ALL=C sort)) $(ISA_SRC)
TEST_SRC := $(sort $(wildcard tests/*.c))
BENCH_SRC := bench/bench_blas.c bench/torch_peer.c

# Everything under lessons/ is compiled into the binary (lang/embedded.h).
LESSON_FILES := $(shell find lessons -type f ! -name '*.md' ! -name '*.py' 2>/dev/null | LC_ALL=C sort)
EMBED_C   := $(BUILD)/gen/embedded_files.c
EMBED_OBJ := $(BUILD)/obj/gen/embedded_files.o

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIB_OBJ   := $(call obj,$(LIB_SRC)) $(EMBED_OBJ)
MAIN_OBJ  := $(call obj,$(MAIN_SRC))
TEST_OBJ  := $(call obj,$(TEST_SRC))
BENCH_OBJ := $(call obj,$(BENCH_SRC))

# Each SIMD set is compiled with its own instruction-set flags; dispatch.c
# picks one at run time, so the rest of the program stays baseline.
$(BUILD)/obj/src/engine/isa_avx2.o:   ISA_FLAGS := -mavx2 -mfma
$(BUILD)/obj/src/engine/isa_avx512.o: ISA_FLAGS := -mavx512f -mavx512dq -mavx512vl -mavx2 -mfma
# The avx512 kernels again, through SIMDe's AVX2 emulation of AVX-512, so
# that they are tested on every x86-64 machine (kernels.h: `emulates`).
$(BUILD)/obj/src/engine/isa_avx512_emul.o: ISA_FLAGS := -mavx2 -mfma -Wno-psabi

# --- targets -------------------------------------------------------------------
.PHONY: FORCE all run test bench-ui sanitize test-aarch64 bench bench-gpt2 bench-torch install uninstall clean deps deps-test deps-bench help fuzz fuzz-lesson fuzz-model fuzz-eval fuzz-safetensors

all: $(BIN)

deps:
	@sh scripts/deps.sh build
deps-test:
	@sh scripts/deps.sh test
deps-bench:
	@sh scripts/deps.sh bench

$(BUILD)/obj/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ISA_FLAGS) -c $< -o $@

# Regenerated on every build (lessons may be added or removed at any time);
# embed.sh replaces the file only when its content changes, so nothing
# recompiles when the lessons did not.
$(EMBED_C): FORCE
	@mkdir -p $(@D)
	@sh scripts/embed.sh $@ $(LESSON_FILES)

FORCE:

$(EMBED_OBJ): $(EMBED_C) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

# The build runs in parallel (one job per core) even when make was started
# without -j: a clean clone's first frame should not wait for a serial build.
NPROC := $(shell nproc 2>/dev/null || echo 2)
run:
	@$(MAKE) --no-print-directory -j$(NPROC) $(BIN)
	./$(BIN)

# Criterion tests; end-to-end tests find the binary through ATTNSTEP_BIN.
$(BUILD)/tests/unit: $(LIB_OBJ) $(TEST_OBJ) | deps-test
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LIBS) $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

$(TEST_OBJ): | deps-test

# The tests expect English messages unless they ask for Chinese, whatever
# the locale of the machine running them. Their temporary files go to a
# directory of the build that each run empties first, so a run that was
# interrupted leaves nothing behind in the system's temporary directory.
# `make test WITHOUT=torch` runs them as on a machine without PyTorch
# (tests/without/ is put first on PYTHONPATH, where `import torch` fails),
# even where it is installed: CI runs them both ways. A skipped test is
# listed with its reason at the end of the run (tests/skipped.c).
TEST_TMP = $(abspath $(BUILD)/tmp)
WITHOUT ?=
ifneq ($(filter-out torch,$(WITHOUT)),)
$(error WITHOUT=$(WITHOUT): only torch can be hidden)
endif
TEST_HIDE = $(if $(filter torch,$(WITHOUT)),PYTHONPATH=$(CURDIR)/tests/without)
test: deps-test $(BIN) $(BUILD)/tests/unit
	@rm -rf $(TEST_TMP) && mkdir -p $(TEST_TMP)
	LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= TMPDIR=$(TEST_TMP) ATTNSTEP_BIN=$(abspath $(BIN)) ATTNSTEP_PYTHON=$(PYTHON) ATTNSTEP_SRCDIR=$(CURDIR) \
	  $(TEST_HIDE) $(BUILD)/tests/unit $(TEST_ARGS)
	@rm -rf $(TEST_TMP)

# The same tests, built and run under AddressSanitizer and UBSan.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# A report exits 86, far from attnstep's own 0, 1 and 2, so a test that
# accepts "any status up to 2" still fails on it (tests/support.c also
# turns a report on a child's stderr into status 86).
SAN_ENV := ASAN_OPTIONS=exitcode=86:halt_on_error=1:abort_on_error=0:detect_leaks=1 \
           UBSAN_OPTIONS=exitcode=86:halt_on_error=1:print_stacktrace=1 \
           LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
sanitize:
	ATTNSTEP_SANITIZED=1 $(SAN_ENV) $(MAKE) BUILD=build/sanitize BIN=build/sanitize/attnstep \
	  CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test

# Engine speed: SIMD against the scalar reference and against OpenBLAS.
$(BUILD)/bench: $(LIB_OBJ) $(BENCH_OBJ) | deps-bench
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LIBS) -lopenblas

$(BENCH_OBJ): | deps-bench

bench: deps-bench $(BUILD)/bench
	PYTHON=$(PYTHON) $(BUILD)/bench --torch bench/torch_mha.py $(BENCH_ARGS)
	@$(MAKE) --no-print-directory bench-gpt2

# Table (f): a GPT-2-small-shaped F32 checkpoint (12 layers, 12 heads,
# width 768, GPT-2's 50257 tokens; random weights, 548 MB), written into a
# temporary directory that is removed afterwards, opened on 64 tokens.
bench-gpt2: deps-bench $(BUILD)/bench
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(PYTHON) tests/make_gpt2_checkpoint.py "$$tmp/gpt2" --vocab 50257 --layers 12 --heads 12 --embd 768 \
	    --positions 1024 --no-expected >/dev/null && \
	  $(BUILD)/bench --gpt2 "$$tmp/gpt2"

# The pipeline table only, with the PyTorch column (installs python3-torch,
# a benchmark-only dependency). Single thread everywhere; compare kernel sets
# with e.g. ATTNSTEP_SIMD=avx2 OPENBLAS_CORETYPE=Haswell make bench-torch.
bench-torch: deps-bench $(BUILD)/bench
	@sh scripts/deps.sh torch
	PYTHON=$(PYTHON) $(BUILD)/bench --pipeline --torch bench/torch_mha.py $(BENCH_ARGS)

# The UI on a real model's size: first frame and median key-to-redraw.
bench-ui: $(BIN)
	./$(BIN) bench --ui

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/attnstep
	@if [ -f docs/attnstep.1 ]; then \
	  install -d $(DESTDIR)$(PREFIX)/share/man/man1 && \
	  install -m 644 docs/attnstep.1 $(DESTDIR)$(PREFIX)/share/man/man1/attnstep.1; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/attnstep $(DESTDIR)$(PREFIX)/share/man/man1/attnstep.1

clean:
	rm -rf build $(BIN)

help:
	@echo "make            build ./attnstep"
	@echo "make run        build attnstep and open the built-in tour"
	@echo "make test       build and run every test (installs missing packages)"
	@echo "make sanitize   the tests under AddressSanitizer + UBSan"
	@echo "make test-aarch64  the kernel tests cross-built for aarch64, under qemu"
	@echo "make bench      kernel and pipeline benchmarks, against OpenBLAS (and PyTorch if installed)"
	@echo "make bench-torch  the attention layer: recording, fast path and PyTorch, side by side"
	@echo "make bench-ui   the UI's first frame and redraw time on a 512-token model"
	@echo "make fuzz       libFuzzer on the lesson language for FUZZ_SECONDS (600)"
	@echo "make fuzz-model, make fuzz-eval, make fuzz-safetensors  the same on model"
	@echo "                directories, on eval, on the safetensors reader"
	@echo "make install    install to \$$(DESTDIR)\$$(PREFIX) (default /usr/local)"
	@echo "SIMD=scalar     build without SIMD kernels"

# --- aarch64: the NEON kernels under qemu-user ----------------------------------
# The engine with its NEON set, cross-compiled with the standalone kernel
# self-test (tests/cross/kernel_selftest.c: the checks of the Criterion suite,
# without Criterion), linked statically and run under qemu-aarch64. The
# packages come from `scripts/deps.sh cross`.
CROSS_CC     := aarch64-linux-gnu-gcc
CROSS_BUILD  := build/aarch64
CROSS_SRC    := $(filter-out src/engine/isa_%.c,$(sort $(wildcard src/engine/*.c))) \
                src/engine/isa_neon.c src/util/error.c src/util/msg.c src/util/escape.c src/util/utf8.c \
                tests/kernel_checks.c tests/support.c tests/cross/kernel_selftest.c
CROSS_OBJ    := $(patsubst %.c,$(CROSS_BUILD)/%.o,$(CROSS_SRC))
CROSS_CFLAGS := -static -O2 -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(STRICT_FP) $(WARN) \
                -Isrc -Itests -MMD -MP

test-aarch64:
	@sh scripts/deps.sh cross
	@$(MAKE) --no-print-directory $(CROSS_BUILD)/kernel_selftest
	qemu-aarch64 $(CROSS_BUILD)/kernel_selftest

$(CROSS_BUILD)/kernel_selftest: $(CROSS_OBJ)
	$(CROSS_CC) -static -o $@ $^ -lm -pthread

$(CROSS_BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CROSS_CC) $(CROSS_CFLAGS) -c $< -o $@

-include $(CROSS_OBJ:.o=.d)
# --- end of the aarch64 block ----------------------------------------------------

# --- fuzz: the lesson language, model directories and eval under libFuzzer -------
# Three targets, each a file tests/fuzz/fuzz_NAME.c with its seed corpus in
# tests/fuzz/corpus-NAME (the lesson's in tests/fuzz/corpus):
#   lesson  the input is a lesson: parse, run, expect diagnosis, diagnostics,
#           the three trace formats, explanations, quiz; and an eval expression
#   model   the input is a model directory (config.json and the .npy files,
#           split at lines "===="): model_load, the pipeline, the trace
#   eval    the input is `attnstep eval`'s options and expression, run
#           through the command itself
#   safetensors  the input is a .safetensors file: st_open_mem's header
#           checks, then every tensor looked up and converted
# `make fuzz` runs the lesson target, `make fuzz-NAME` any one of them.
# Everything under src/ except main.c is rebuilt with clang into build/fuzz
# by a nested make, then the fuzzer runs on a copy of the seed corpus for
# FUZZ_SECONDS. A crash, a leak, a sanitizer report or a timeout stops it
# with a non-zero status and a reproducer in build/fuzz/artifacts-NAME/.
# Packages: `scripts/deps.sh fuzz`.
FUZZ_CC      := /usr/bin/clang
FUZZ_BUILD   := build/fuzz
FUZZ_SECONDS ?= 600
FUZZ_FLAGS   := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_ARGS    := -timeout=10 -rss_limit_mb=4096
FUZZ_MAXLEN_lesson := 4096
FUZZ_MAXLEN_eval   := 1024
FUZZ_MAXLEN_model  := 16384
FUZZ_MAXLEN_safetensors := 4096
FUZZ_CORPUS_lesson := tests/fuzz/corpus
FUZZ_CORPUS_eval   := tests/fuzz/corpus-eval
FUZZ_CORPUS_model  := tests/fuzz/corpus-model
FUZZ_CORPUS_safetensors := tests/fuzz/corpus-safetensors
FUZZ_TARGETS := lesson model eval safetensors
FUZZ_OBJ     := $(foreach t,$(FUZZ_TARGETS),$(call obj,tests/fuzz/fuzz_$(t).c))

fuzz: fuzz-lesson

$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%:
	@sh scripts/deps.sh build fuzz
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=$(FUZZ_BUILD) CFLAGS="$(FUZZ_FLAGS)" CI= \
	  LDFLAGS= EXTRA_CFLAGS= $(FUZZ_BUILD)/fuzz_$*
	@rm -rf $(FUZZ_BUILD)/corpus-$* && mkdir -p $(FUZZ_BUILD)/corpus-$* $(FUZZ_BUILD)/artifacts-$*
	cp $(FUZZ_CORPUS_$*)/* $(FUZZ_BUILD)/corpus-$*/
	$(FUZZ_BUILD)/fuzz_$* $(FUZZ_ARGS) -max_len=$(FUZZ_MAXLEN_$*) -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=$(FUZZ_BUILD)/artifacts-$*/ $(FUZZ_BUILD)/corpus-$*

# Only meaningful inside the nested make above (BUILD=build/fuzz, CC=clang).
$(BUILD)/fuzz_%: $(LIB_OBJ) $(BUILD)/obj/tests/fuzz/fuzz_%.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(ALL_LIBS)

-include $(FUZZ_OBJ:.o=.d)
# --- end of the fuzz block -------------------------------------------------------

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_OBJ:.o=.d)
