#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Boot Debian 12's arm64 kernel + busybox initramfs (scripts/build-linux-image.py)
to its power-off on Armlet and on QEMU 7.2, side by side in one run, and
report wall-clock times and the ratio (QEMU time / Armlet time: > 1 means
Armlet is faster). Each emulator boots --runs times, alternating; the
median counts. Same command line for both: -M virt -cpu max -smp 2 -m 512M.

usage: run.py --armlet BIN [--qemu BIN] [--runs N] [--imagedir DIR]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')


def boot(binary, imagedir):
    cmd = [binary, '-M', 'virt', '-cpu', 'max', '-smp', '2', '-m', '512M', '-nographic',
           '-no-reboot', '-kernel', os.path.join(imagedir, 'Image.gz'),
           '-initrd', os.path.join(imagedir, 'initrd.gz'),
           '-append', 'console=ttyAMA0 panic=-1 quiet']
    t = time.monotonic()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600)
    dt = time.monotonic() - t
    if b'ARMLET-LINUX: done' not in p.stdout:
        sys.exit('bench/linux: %s did not reach the end of /init:\n%s' %
                 (binary, p.stdout.decode(errors='replace')[-3000:]))
    return dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--armlet', required=True)
    ap.add_argument('--qemu', default='/usr/bin/qemu-system-aarch64')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--imagedir', default=os.path.join(ROOT, 'build', 'linux'))
    a = ap.parse_args()
    subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'build-linux-image.py'),
                    a.imagedir], check=True)
    times = {'armlet': [], 'qemu': []}
    for _ in range(a.runs):
        times['armlet'].append(boot(a.armlet, a.imagedir))
        times['qemu'].append(boot(a.qemu, a.imagedir))
    arm, qemu = statistics.median(times['armlet']), statistics.median(times['qemu'])
    print('linux boot to power-off (median of %d): Armlet %.2f s, QEMU 7.2 %.2f s' %
          (a.runs, arm, qemu))
    print('linux boot speed ratio (QEMU time / Armlet time): %.2fx' % (qemu / arm))


if __name__ == '__main__':
    main()
