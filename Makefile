# Thin wrapper over meson/ninja. `make run` and `make check` are all a new
# user needs; both install missing Debian packages first.
BUILD ?= build
ifeq ($(SANITIZE),1)
BUILD := build-sanitize
CONFIGURE_FLAGS += --enable-sanitizers
endif
REFERENCE_QEMU ?= /usr/bin/qemu-system-aarch64
MESON_TEST = meson test -C $(BUILD) --print-errorlogs --num-processes 2
# ASan: leaks in GLib's one-time allocations are not ours
export ASAN_OPTIONS ?= detect_leaks=0
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

.PHONY: bench all deps build run check check-unit check-qtest check-qtest-reference check-guest check-guest-reference clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD) $(CONFIGURE_FLAGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@sh scripts/run-demo.sh $(BUILD)

check: build
	$(MESON_TEST) --suite unit --suite qtest --suite guest --suite guest-interp

check-unit: build
	$(MESON_TEST) --suite unit

check-qtest: build
	$(MESON_TEST) --suite qtest

# The same qtests against Debian's QEMU 7.2 (the oracle).
check-qtest-reference: build
	QTEST_QEMU_BINARY=$(REFERENCE_QEMU) $(MESON_TEST) --suite qtest

check-guest: build
	$(MESON_TEST) --suite guest --suite guest-interp

# The bare-metal guest tests on Debian's QEMU 7.2.
check-guest-reference: build
	GUEST_QEMU_BINARY=$(REFERENCE_QEMU) $(MESON_TEST) --suite guest

# Side by side with Debian's QEMU in one run; prints both rates and the ratio, and
# the PMU cost (every counter on INST_RETIRED vs the PMU idle).
bench: build
	python3 bench/cpu/run.py --armlet $(BUILD)/qemu-system-aarch64 --qemu $(REFERENCE_QEMU) --pmu
	python3 bench/migration/run.py --armlet $(BUILD)/qemu-system-aarch64 --qemu $(REFERENCE_QEMU) --kernel $(BUILD)/tests/migration/a-b-kernel.bin
	python3 bench/linux/run.py --armlet $(BUILD)/qemu-system-aarch64 --qemu $(REFERENCE_QEMU)

clean:
	rm -rf build build-sanitize
