# memshare top-level Makefile.
#
#   make              library, CLI, tests, benchmarks, examples (user space)
#   make kmod         the module, built against KERNEL's headers (fetched)
#   make check        everything above + lint + host tests + the VM suite
#   make lint         checkpatch, sparse, cppcheck, sanitizers, shellcheck
#   make demo         boot a VM and walk through the seed scenarios
#   make bench        run the benchmarks in a VM
#   make fuzz         the ioctl fuzzer in a VM (KERNEL=debug SECONDS=300 SEED=)
#   make check-detectors  KASAN/kmemleak catch a deliberately buggy build
#
# KERNEL selects the guest kernel: 5.10, 6.1 (default), 6.12, 7.2, debug, all.
# KDIR builds the module against any kernel tree instead (e.g. a real
# machine's /lib/modules/$(uname -r)/build), see README.md.

KERNEL ?= 6.1
O ?= build
VERSION := 0.3.0
SOVERSION := 1

CC ?= cc
WERROR ?= -Werror
CFLAGS ?= -O2 -g
# Flags the build needs whatever CFLAGS the caller sets (e.g. sanitizers).
override CFLAGS += -std=gnu11 -Wall -Wextra $(WERROR) -D_GNU_SOURCE \
	  -Iinclude/uapi -Ilib/include
LDFLAGS ?=

LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
LIB_SO := $(O)/lib/libmemshare.so.$(VERSION)
LIB_A := $(O)/lib/libmemshare.a
LIB_MAP := lib/libmemshare.map

TOOL := $(O)/tools/memshare
TOOL_SRCS := $(wildcard tools/*.c)

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:%.c=$(O)/%)
VMT_SRCS := $(wildcard tests/vm/*.c)
VMT_BINS := $(VMT_SRCS:%.c=$(O)/%)
FUZZ_SRCS := $(wildcard tests/fuzz/*.c)
FUZZ_BINS := $(FUZZ_SRCS:%.c=$(O)/%)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:%.c=$(O)/%)
EX_SRCS := $(wildcard examples/*.c)
EX_BINS := $(EX_SRCS:%.c=$(O)/%)

# Programs link the shared library; the rpath finds it in the build tree,
# the guest has it in /usr/lib.
PROG_LDFLAGS = -L$(O)/lib -Wl,-rpath,'$$ORIGIN/../lib:$$ORIGIN/../../lib' $(LDFLAGS)
PROG_LIBS = -lmemshare -luring -lpthread

.PHONY: all lib tools tests bench-bins examples kmod check check-host \
	check-vm demo bench clean install uapi-check lint fuzz check-detectors
all: lib tools tests bench-bins examples

lib: $(LIB_SO) $(LIB_A) $(O)/lib/libmemshare.pc
tools: $(TOOL)
tests: $(UNIT_BINS) $(VMT_BINS) $(FUZZ_BINS)
bench-bins: $(BENCH_BINS)
examples: $(EX_BINS)

$(O)/lib/%.o: lib/%.c lib/include/memshare.h include/uapi/linux/memshare.h \
		$(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(LIB_SO): $(LIB_OBJS) $(LIB_MAP)
	$(CC) -shared -Wl,-soname,libmemshare.so.$(SOVERSION) \
		-Wl,--version-script=$(LIB_MAP) -Wl,-z,defs $(LDFLAGS) \
		-o $@ $(LIB_OBJS)
	ln -sf libmemshare.so.$(VERSION) $(O)/lib/libmemshare.so.$(SOVERSION)
	ln -sf libmemshare.so.$(SOVERSION) $(O)/lib/libmemshare.so

$(LIB_A): $(LIB_OBJS)
	$(AR) rcs $@ $^

$(O)/lib/libmemshare.pc: lib/libmemshare.pc.in
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

$(TOOL): $(TOOL_SRCS) $(LIB_SO) $(wildcard tools/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(TOOL_SRCS) $(PROG_LDFLAGS) $(PROG_LIBS)

# Host unit tests may use the library's internals: link it statically.
TOOL_LIB_SRCS := $(filter-out tools/main.c,$(TOOL_SRCS))
$(O)/tests/unit/%: tests/unit/%.c $(LIB_A) $(TOOL_LIB_SRCS) \
		$(wildcard tests/*.h tests/unit/*.h tools/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itools -o $@ $< $(TOOL_LIB_SRCS) \
		$(LIB_A) $(LDFLAGS) -luring -lpthread

# The CLI test also runs the built binary.
$(O)/tests/unit/cli $(O)/tests/unit/cli_xlate: $(TOOL)

$(O)/tests/vm/%: tests/vm/%.c $(LIB_SO) $(wildcard tests/*.h tests/vm/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(PROG_LDFLAGS) $(PROG_LIBS)

$(O)/tests/fuzz/%: tests/fuzz/%.c $(LIB_SO) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(PROG_LDFLAGS) $(PROG_LIBS)

$(O)/bench/%: bench/%.c $(LIB_SO) $(wildcard bench/*.h tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O2 -Itests -o $@ $< $(PROG_LDFLAGS) $(PROG_LIBS)

$(O)/examples/%: examples/%.c $(LIB_SO)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(PROG_LDFLAGS) $(PROG_LIBS)

# The UAPI header must compile alone, as C90 and as C++.
uapi-check:
	@mkdir -p $(O)
	printf '#include <linux/memshare.h>\n' > $(O)/uapi-check.c
	$(CC) -std=c90 -pedantic-errors -Wall -Wextra -Werror -Iinclude/uapi \
		-c -o /dev/null $(O)/uapi-check.c

# The module, against the harness's cached kernel KERNEL, or against KDIR.
kmod:
ifdef KDIR
	kmod/build $(KDIR) $(O)/kmod/custom
else
	vm/build-module --kernel $(KERNEL)
endif

check-host: all uapi-check
	tests/unit/run $(O)/tests/unit

check-vm: all
	vm/check --kernel $(KERNEL)

# checkpatch, sparse, cppcheck, sanitizers, shellcheck (scripts/lint).
lint: all uapi-check
	scripts/lint

check: lint check-host check-vm

demo: all
	vm/demo --kernel $(KERNEL)

# The structured ioctl fuzzer in a guest: make fuzz KERNEL=debug SECONDS=300
# [SEED=S] (the seed is printed; a failure replays from it).
SECONDS ?= 60
fuzz: all
	vm/fuzz --kernel $(KERNEL) --seconds $(SECONDS) $(if $(SEED),--seed $(SEED))

# The debug kernel's detectors catch a module built with deliberate bugs.
check-detectors: all
	vm/check-detectors

bench: all
	vm/bench --kernel $(KERNEL)

PREFIX ?= /usr/local
DESTDIR ?=
install: lib tools
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/linux \
		$(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man3 \
		$(DESTDIR)$(PREFIX)/share/man/man7
	install -m 644 include/uapi/linux/memshare.h $(DESTDIR)$(PREFIX)/include/linux/
	install -m 644 lib/include/memshare.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libmemshare.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libmemshare.so.$(SOVERSION)
	ln -sf libmemshare.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libmemshare.so
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(O)/lib/libmemshare.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	install -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 man/*.3 $(DESTDIR)$(PREFIX)/share/man/man3/
	install -m 644 man/*.7 $(DESTDIR)$(PREFIX)/share/man/man7/

clean:
	rm -rf $(O)
	$(MAKE) -C kmod clean 2>/dev/null || true
