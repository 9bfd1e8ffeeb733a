#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
`perf stat` in a Linux guest counts exactly: Debian 12's kernel with
initrd-perf.gz (scripts/build-linux-image.py --perf: Debian's perf and
its libraries, and /bin/loop, a static program of exactly LOOP_INSNS
user-mode instructions) on -M virt -cpu max -smp 2 -m 512M. /init
(armlet.test=perf) runs

    perf stat -x, -e instructions:u,instructions:k,cycles:u /bin/loop

through the kernel's armv8_pmuv3 driver (INST_RETIRED and CPU_CYCLES with
PMEVTYPER's EL filters). Armlet must report instructions:u = LOOP_INSNS
exactly, instructions:k > 0 and cycles:u > 0. QEMU 7.2 TCG advertises
INST_RETIRED only with -icount, so for the reference run perf must work
and count cycles, and instructions may read "<not supported>".

usage: linux-perf.py [--default-binary BIN] [--timeout S] IMAGEDIR

The emulator is $GUEST_QEMU_BINARY if set (the reference run), else
--default-binary. Exit 77 (meson: skipped) if the image cannot be built.
"""
import importlib.util
import os
import sys

import linuxguest


def main():
    a = linuxguest.args(300)
    if not linuxguest.build_image('linux-perf', a.imagedir, '--perf'):
        return 77
    spec = importlib.util.spec_from_file_location('build_linux_image', linuxguest.BUILD)
    img = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(img)
    reference = linuxguest.is_reference()
    out, lines, rc = linuxguest.run(
        linuxguest.boot_cmd(linuxguest.emulator(a.default_binary), a.imagedir,
                            'console=ttyAMA0 panic=-1 quiet armlet.test=perf',
                            initrd='initrd-perf.gz'), a.timeout)
    # perf -x, lines: value,unit,event,...
    counts = {}
    for l in lines:
        if l.startswith('ARMLET-LINUX: perf ') and l.count(',') >= 2:
            f = l[len('ARMLET-LINUX: perf '):].split(',')
            counts[f[2]] = f[0]
    bad = []
    if 'ARMLET-LINUX: perf-exit 0' not in lines:
        bad.append('perf stat ran (exit 0)')
    for ev in ('instructions:u', 'instructions:k', 'cycles:u'):
        if ev not in counts:
            bad.append('a count for ' + ev)
    if not counts.get('cycles:u', '').isdigit() or int(counts['cycles:u']) == 0:
        bad.append('cycles:u > 0 (got %s)' % counts.get('cycles:u'))
    insn_u, insn_k = counts.get('instructions:u', ''), counts.get('instructions:k', '')
    if reference and insn_u == '<not supported>':
        print('linux-perf: the reference emulator has no INST_RETIRED (QEMU TCG without -icount)')
    elif insn_u != str(img.LOOP_INSNS):
        bad.append('instructions:u = %d exactly (got %s)' % (img.LOOP_INSNS, insn_u or None))
    elif not insn_k.isdigit() or int(insn_k) == 0:
        bad.append('instructions:k > 0 (got %s)' % (insn_k or None))
    if 'ARMLET-LINUX: done' not in lines or rc != 0:
        bad.append('"done" and exit status 0 after power-off (got %s)' % rc)
    return linuxguest.verdict('linux-perf', out, bad,
                              [l for l in lines if l.startswith('ARMLET-LINUX: perf')])


if __name__ == '__main__':
    sys.exit(main())
