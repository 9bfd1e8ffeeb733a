#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Differential test of Armlet's CPU engines (tests/guest/jit-diff.c,
docs/devel/jit.md): run the random integer streams of IMAGE under the
emulator with ARMLET_ENGINE=interp and ARMLET_ENGINE=jit, and under the
reference QEMU 7.2 when installed, and compare the per-case hashes.

usage: jit-diff.py [--default-binary BIN] [--reference BIN] [--cases N]
                   [--seed S] [--dump I] IMAGE

The emulator is $GUEST_QEMU_BINARY if set, else --default-binary. Under
GUEST_QEMU_BINARY=<QEMU> the engine variable means nothing, and the runs
check that the guest is deterministic. On a mismatch the first differing
case is run again with its words and in/out states printed (--dump I
does that for case I).

Exit status 0 when every run completed and all agree.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

MAGIC = b'JIT-DIFF-CFG\0\0\0\0'
CFG = struct.Struct('<16sIIII')
REF_DEFAULT = '/usr/bin/qemu-system-aarch64'


def patched(image, tmpdir, first, ncases, seed, dump):
    data = bytearray(open(image, 'rb').read())
    off = data.find(MAGIC)
    if off < 0:
        sys.exit('jit-diff: %s has no config block' % image)
    CFG.pack_into(data, off, MAGIC, first, ncases, seed, dump)
    path = os.path.join(tmpdir, 'jit-diff-%d-%d.elf' % (first, dump))
    open(path, 'wb').write(data)
    return path


def run(binary, image, engine):
    env = dict(os.environ)
    if engine:
        env['ARMLET_ENGINE'] = engine
    cmd = [binary, '-M', 'virt', '-cpu', 'max', '-m', '256', '-nographic',
           '-monitor', 'none', '-kernel', image]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600, env=env)
    out = p.stdout.decode('utf-8', 'replace')
    cases = {}
    for m in re.finditer(r'^C (\d+) ([0-9a-f]+)\s*$', out, re.M):
        cases[int(m.group(1))] = m.group(2)
    return p.returncode, out, cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--default-binary')
    ap.add_argument('--reference', default=REF_DEFAULT)
    ap.add_argument('--cases', type=int, default=3000)
    ap.add_argument('--seed', type=lambda s: int(s, 0), default=0x4a495431)
    ap.add_argument('--dump', type=int)
    ap.add_argument('image')
    args = ap.parse_args()
    binary = os.environ.get('GUEST_QEMU_BINARY') or args.default_binary
    if not binary:
        sys.exit('jit-diff: no emulator (set GUEST_QEMU_BINARY)')
    tmpdir = tempfile.mkdtemp(prefix='jit-diff-')
    try:
        if args.dump is not None:
            img = patched(args.image, tmpdir, args.dump, 1, args.seed, args.dump)
            runs = [('interp', binary, 'interp'), ('jit', binary, 'jit')]
            if os.path.exists(args.reference):
                runs.append(('qemu', args.reference, None))
            for name, b, eng in runs:
                print('== %s' % name)
                print(run(b, img, eng)[1])
            return 0
        img = patched(args.image, tmpdir, 0, args.cases, args.seed, 0xffffffff)
        runs = [('interp', binary, 'interp'), ('jit', binary, 'jit')]
        if os.path.exists(args.reference):
            runs.append(('qemu', args.reference, None))
        else:
            print('jit-diff: no reference QEMU at %s: engines only' % args.reference)
        results = {}
        bad = False
        for name, b, eng in runs:
            rc, out, cases = run(b, img, eng)
            results[name] = cases
            if rc != 0 or len(cases) != args.cases or 'FAIL' in out:
                print('jit-diff: %s run failed (exit %d, %d of %d cases)'
                      % (name, rc, len(cases), args.cases))
                print(out[-2000:])
                bad = True
        if bad:
            return 1
        first_bad = None
        for name in results:
            if name == 'interp':
                continue
            diff = [i for i in range(args.cases) if results[name].get(i) != results['interp'].get(i)]
            print('jit-diff: %s vs interp: %d of %d cases differ%s'
                  % (name, len(diff), args.cases, (': ' + ' '.join(map(str, diff[:20]))) if diff else ''))
            if diff:
                bad = True
                first_bad = diff[0] if first_bad is None else min(first_bad, diff[0])
        if first_bad is not None:
            img = patched(args.image, tmpdir, first_bad, 1, args.seed, first_bad)
            for name, b, eng in runs:
                out = run(b, img, eng)[1]
                print('== case %d under %s' % (first_bad, name))
                print('\n'.join(l for l in out.splitlines() if l.startswith(('D ', 'C '))))
            return 1
        print('jit-diff: %d cases, all runs agree' % args.cases)
        return 0
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
