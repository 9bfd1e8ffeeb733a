#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Boot Debian 12's arm64 kernel with a busybox initramfs (built by
scripts/build-linux-image.py into IMAGEDIR) on -M virt -cpu max -smp 2
-m 512M, and check what its /init prints: both CPUs up, FP and AdvSIMD
hwcaps, the PMUv3 driver, an awk floating-point sum and exact
SHA-256/MD5 digests of "abc" (busybox code gcc compiled with FP/SIMD),
then a PSCI power-off with exit status 0.

usage: linux-boot.py [--default-binary BIN] [--timeout S] IMAGEDIR

The emulator is $GUEST_QEMU_BINARY if set (Debian's QEMU for the reference
run), else --default-binary. Exit 77 (meson: skipped) if the image cannot
be built (no network and nothing cached).
"""
import sys

import linuxguest

# What /init must print, each line exactly or as a prefix test
WANT = [
    ('ARMLET-LINUX: init', None),
    ('ARMLET-LINUX: cpus 2', None),
    # sum of 1/i^2 for i = 1..1000 and x / 3e300 (a subnormal-range double
    # printed by busybox awk's printf): IEEE double results
    ('ARMLET-LINUX: awk 1.6439345667 5.479782e-301', None),
    ('ARMLET-LINUX: sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', None),
    ('ARMLET-LINUX: md5 900150983cd24fb0d6963f7d28e17f72', None),
    ('ARMLET-LINUX: done', None),
]


def main():
    a = linuxguest.args(240)
    if not linuxguest.build_image('linux-boot', a.imagedir):
        return 77
    out, lines, rc = linuxguest.run(
        linuxguest.boot_cmd(linuxguest.emulator(a.default_binary), a.imagedir,
                            'console=ttyAMA0 panic=-1 quiet'), a.timeout)
    bad = [w for w, _ in WANT if w not in lines]
    feats = next((l for l in lines if l.startswith('ARMLET-LINUX: features')), '').split()
    for f in ('fp', 'asimd'):
        if f not in feats:
            bad.append('hwcap ' + f)
    pmu = next((l for l in lines if l.startswith('ARMLET-LINUX: pmu')), '')
    if 'armv8_pmuv3' not in pmu:
        bad.append('the armv8_pmuv3 PMU driver')
    if rc != 0:
        bad.append('exit status 0 after power-off (got %s)' % rc)
    return linuxguest.verdict('linux-boot', out, bad,
                              [l for l in lines if l.startswith('ARMLET-LINUX')])


if __name__ == '__main__':
    sys.exit(main())
