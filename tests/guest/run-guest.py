#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Run one bare-metal guest test image and judge it from its output.

usage: run-guest.py [--default-binary BIN] [--timeout SECS]
                    [--machine OPTS] [--cpu OPTS] [--smp N] [--armlet-only]
                    [--args 'EXTRA ARGS'] [--testdev] IMAGE

--machine replaces the machine options (default "virt", e.g.
"virt,gic-version=3"); --cpu replaces the CPU options (default "max",
e.g. "max,pmu=off"); --smp N adds "-smp N". --armlet-only: the options
are Armlet's own (e.g. "max,pmu-counters=2"), so under GUEST_QEMU_BINARY
the test is skipped (exit 77, which meson counts as SKIP).

--args 'EXTRA ARGS' appends emulator arguments, split like a shell
would (shlex), e.g. --args='-global virtio-mmio.force-legacy=false'
(the "=" form also takes a single word starting with "-"); may be given
more than once.

--testdev: the guest ends through QEMU's chr-testdev instead of PSCI
SYSTEM_OFF. Adds "-device virtio-serial-device -device
virtconsole,chardev=ctd -chardev testdev,id=ctd" (before any --args, so
the virtconsole is port 0 and lands on the last virtio-mmio transport);
the guest prints its SUMMARY line, then writes "<failures>q" to the
console and the emulator exits with status (failures << 1) | 1. So the
exit status must be 1 (0 failures); the SUMMARY line and no FAIL line
are still required. Exit status 0 then means the guest powered off
without reaching testdev: a failure.

The emulator is $GUEST_QEMU_BINARY if set (e.g. /usr/bin/qemu-system-aarch64
for the reference run), else --default-binary (the built Armlet). The
guest prints "PASS: x" / "FAIL: x" lines and ends with
"SUMMARY: N tests, F failures", then powers off (exit status 0 either way;
with --testdev see above). Exit 0 only if the emulator's exit status is
the expected one, the SUMMARY line shows 0 failures and no FAIL line
appeared; otherwise print the whole output and exit 1.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--default-binary')
    ap.add_argument('--timeout', type=float, default=30.0)
    ap.add_argument('--machine', default='virt')
    ap.add_argument('--cpu', default='max')
    ap.add_argument('--smp', type=int, default=0)
    ap.add_argument('--armlet-only', action='store_true')
    ap.add_argument('--args', action='append', default=[])
    ap.add_argument('--testdev', action='store_true')
    ap.add_argument('image')
    args = ap.parse_args()

    if args.armlet_only and os.environ.get('GUEST_QEMU_BINARY'):
        print('SKIP: %s: Armlet-only options, GUEST_QEMU_BINARY is set'
              % os.path.basename(args.image))
        return 77
    binary = os.environ.get('GUEST_QEMU_BINARY') or args.default_binary
    if not binary:
        print('run-guest: no emulator (set GUEST_QEMU_BINARY)', file=sys.stderr)
        return 1
    cmd = [binary, '-M', args.machine, '-cpu', args.cpu, '-m', '128M',
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-kernel', args.image]
    if args.smp:
        cmd += ['-smp', str(args.smp)]
    if args.testdev:
        cmd += ['-device', 'virtio-serial-device',
                '-device', 'virtconsole,chardev=ctd',
                '-chardev', 'testdev,id=ctd']
    for extra in args.args:
        cmd += shlex.split(extra)
    want_status = 1 if args.testdev else 0
    why = None
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=args.timeout)
        out = p.stdout.decode('utf-8', 'replace')
        if p.returncode != want_status:
            why = 'emulator exit status %d, want %d' % (p.returncode, want_status)
            if args.testdev and p.returncode > 1 and p.returncode & 1:
                why += ' (testdev: guest reported %d failures)' % (p.returncode >> 1)
            elif args.testdev and p.returncode == 0:
                why += ' (guest powered off without reaching testdev)'
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode('utf-8', 'replace')
        why = 'timeout after %gs' % args.timeout

    lines = out.splitlines()
    fails = [l for l in lines if l.startswith('FAIL')]
    summary = [m for m in (re.match(r'SUMMARY: (\d+) tests, (\d+) failures', l)
                           for l in lines) if m]
    if not why:
        if fails:
            why = '%d FAIL line(s)' % len(fails)
        elif not summary:
            why = 'no SUMMARY line'
        elif int(summary[-1].group(2)) != 0:
            why = 'SUMMARY reports failures'
    print(' '.join(cmd))
    sys.stdout.write(out)
    if out and not out.endswith('\n'):
        print()
    if why:
        print('run-guest: %s: %s' % (os.path.basename(args.image), why))
        return 1
    print('%s: %s' % (os.path.basename(args.image), summary[-1].group(0)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
