#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
-dtb FILE as QEMU's virt: the guest gets FILE instead of the generated
tree, with /chosen patched by the emulator (bootargs from -append,
linux,initrd-start/-end for -initrd). The test dumps the machine's own
tree (-machine dumpdtb=F), changes /model with dtc, boots Debian 12's
kernel and busybox initramfs (scripts/build-linux-image.py) with the
result and checks the kernel saw the new model, the -append command line
and the initramfs (its /init runs to "ARMLET-LINUX: done"), then a PSCI
power-off with exit status 0.

usage: linux-dtb.py [--default-binary BIN] [--timeout S] IMAGEDIR

The emulator is $GUEST_QEMU_BINARY if set (Debian's QEMU for the
reference run), else --default-binary. Exit 77 (meson: skipped) without
an image (no network, nothing cached) or without dtc.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import linuxguest

MODEL = 'armlet-dtb-test'
APPEND = 'console=ttyAMA0 panic=-1 armlet.dtb=1'


def main():
    a = linuxguest.args(240)
    if not shutil.which('dtc'):
        print('linux-dtb: no dtc: skipped')
        return 77
    if not linuxguest.build_image('linux-dtb', a.imagedir):
        return 77
    binary = linuxguest.emulator(a.default_binary)
    machine = linuxguest.MACHINE
    with tempfile.TemporaryDirectory() as tmp:
        dumped, dts, dtb = (os.path.join(tmp, n) for n in ('virt.dtb', 'virt.dts', 'test.dtb'))
        r = subprocess.run([binary] + machine + ['-machine', 'dumpdtb=' + dumped,
                                                 '-nographic'],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        if r.returncode != 0 or not os.path.exists(dumped):
            print('linux-dtb: FAIL: -machine dumpdtb: %s' % r.stderr.decode(errors='replace'))
            return 1
        subprocess.run(['dtc', '-q', '-I', 'dtb', '-O', 'dts', '-o', dts, dumped], check=True)
        with open(dts) as f:
            src = f.read()
        if 'model = "linux,dummy-virt";' not in src:
            print('linux-dtb: FAIL: dumped tree has no virt /model')
            return 1
        with open(dts, 'w') as f:
            f.write(src.replace('model = "linux,dummy-virt";', 'model = "%s";' % MODEL, 1))
        subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', dtb, dts], check=True)
        out, lines, rc = linuxguest.run(
            linuxguest.boot_cmd(binary, a.imagedir, APPEND, extra=['-dtb', dtb]), a.timeout)
    bad = []
    # the kernel's own lines (not quiet): the model from the tree it got,
    # the command line the emulator wrote into its /chosen
    if not any(l.endswith('Machine model: ' + MODEL) for l in lines):
        bad.append('"Machine model: %s" (the -dtb tree)' % MODEL)
    if not any(l.endswith('Kernel command line: ' + APPEND) for l in lines):
        bad.append('"Kernel command line: %s" (/chosen/bootargs)' % APPEND)
    if 'ARMLET-LINUX: init' not in lines or 'ARMLET-LINUX: done' not in lines:
        bad.append('/init from the initramfs (/chosen/linux,initrd-*) to "done"')
    if rc != 0:
        bad.append('exit status 0 after power-off (got %s)' % rc)
    return linuxguest.verdict('linux-dtb', out, bad, [])


if __name__ == '__main__':
    sys.exit(main())
