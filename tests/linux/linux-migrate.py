#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Live-migrate a Linux guest mid-run: Debian 12's kernel + the busybox
initramfs of scripts/build-linux-image.py with armlet.test=migrate. Its
/init prints "migrate-ready", then runs sha256sum rounds on CPU 0 (each
printing a progress counter) and an awk floating-point loop on CPU 1; the
host migrates the VM over a unix socket while they run (QMP migrate,
query-migrate until completed, source postmigrate), and the destination
must finish the work: exact digests and sum, uptime that went on, both
CPUs online and running, timer interrupt counts rising on both, then a
PSCI power-off with exit status 0.

usage: linux-migrate.py [--default-binary BIN] [--timeout S] IMAGEDIR

The emulator is $GUEST_QEMU_BINARY if set, else --default-binary. Exit
77 (meson: skipped) if the image cannot be built (offline, no cache).
"""
import argparse
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, '..', '..', 'scripts', 'build-linux-image.py')
ROUNDS = 40           # the sha256sum rounds of /init's migrate_test
AWK_N = 160000        # its awk loop bound


def expected():
    data = ''.join('%d %d\n' % (i, (i * 7919) % 65536) for i in range(50000)).encode()
    x = 0.0
    for i in range(1, AWK_N + 1):
        x += 1 / (i * i)   # i*i < 2**53: the same IEEE double division as awk's
    return hashlib.sha256(data).hexdigest(), '%.17g' % x


class QMP:
    def __init__(self, path, deadline):
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.f = self.s.makefile('rwb')
        json.loads(self.f.readline())          # greeting
        self.cmd('qmp_capabilities')

    def cmd(self, name, **args):
        msg = {'execute': name}
        if args:
            msg['arguments'] = args
        self.f.write(json.dumps(msg).encode() + b'\n')
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if 'event' in r:
                continue
            if 'error' in r:
                raise RuntimeError('%s: %s' % (name, r['error']))
            return r['return']


def read(path):
    try:
        with open(path, 'rb') as f:
            return f.read().decode(errors='replace').replace('\r', '')
    except FileNotFoundError:
        return ''


def wait_for(path, text, proc, deadline):
    while text not in read(path):
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def markers(text):
    return [l for l in text.splitlines() if l.startswith('ARMLET-LINUX')]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--default-binary')
    ap.add_argument('--timeout', type=float, default=240)
    ap.add_argument('imagedir')
    a = ap.parse_args()
    os.makedirs(a.imagedir, exist_ok=True)
    if subprocess.run([sys.executable, BUILD, a.imagedir]).returncode != 0:
        print('linux-migrate: no Linux image (build-linux-image.py failed): skipped')
        return 77
    binary = os.environ.get('GUEST_QEMU_BINARY') or a.default_binary
    deadline = time.monotonic() + a.timeout
    tmp = tempfile.mkdtemp(prefix='linux-migrate-')
    mig = os.path.join(tmp, 'mig.sock')
    base = [binary, '-M', 'virt', '-cpu', 'max', '-smp', '2', '-m', '512M',
            '-display', 'none', '-monitor', 'none', '-no-reboot',
            '-kernel', os.path.join(a.imagedir, 'Image.gz'),
            '-initrd', os.path.join(a.imagedir, 'initrd.gz'),
            '-append', 'console=ttyAMA0 panic=-1 quiet armlet.test=migrate']

    def vm(name, extra):
        log = os.path.join(tmp, name + '.serial')
        qmp = os.path.join(tmp, name + '.qmp')
        p = subprocess.Popen(base + ['-serial', 'file:' + log,
                                     '-qmp', 'unix:%s,server=on,wait=off' % qmp] + extra,
                             stdin=subprocess.DEVNULL, stdout=open(os.path.join(tmp, name + '.out'), 'wb'),
                             stderr=subprocess.STDOUT)
        return p, log, qmp

    dst, dst_log, dst_qmp = vm('dst', ['-incoming', 'unix:' + mig])
    src, src_log, src_qmp = vm('src', [])
    bad = []
    src_at_migrate = ''
    try:
        if not wait_for(src_log, 'ARMLET-LINUX: migrate-ready', src, deadline):
            raise RuntimeError('no migrate-ready on the source')
        sq = QMP(src_qmp, deadline)
        dq = QMP(dst_qmp, deadline)
        t0 = time.monotonic()
        sq.cmd('migrate', uri='unix:' + mig)
        while True:
            st = sq.cmd('query-migrate')
            if st.get('status') in ('completed', 'failed', 'cancelled'):
                break
            if time.monotonic() > deadline:
                raise RuntimeError('migration did not complete: %s' % st)
            time.sleep(0.05)
        mig_s = time.monotonic() - t0
        src_at_migrate = read(src_log)
        if st['status'] != 'completed':
            raise RuntimeError('migration %s: %s' % (st['status'], st.get('error-desc')))
        s = sq.cmd('query-status')['status']
        if s != 'postmigrate':
            bad.append('source in postmigrate (is %s)' % s)
        s = dq.cmd('query-status')['status']
        if s != 'running':
            bad.append('destination running (is %s)' % s)
        sq.cmd('quit')
        src.wait(timeout=30)
        rc = dst.wait(timeout=max(1, deadline - time.monotonic()))
        if rc != 0:
            bad.append('destination exit status 0 after power-off (got %s)' % rc)
    except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as e:
        bad.append(str(e))
    finally:
        for p in (src, dst):
            if p.poll() is None:
                p.kill()
                p.wait()
    sl, dl = markers(src_at_migrate or read(src_log)), markers(read(dst_log))
    sha, awk = expected()
    want = ['ARMLET-LINUX: sha256 %s %d' % (sha, ROUNDS), 'ARMLET-LINUX: awk-sum ' + awk,
            'ARMLET-LINUX: online 0-1', 'ARMLET-LINUX: runs-on 0 1', 'ARMLET-LINUX: done']
    bad += ['destination printed %r' % w for w in want if w not in dl]
    if 'ARMLET-LINUX: done' in sl:
        bad.append('the source had not finished when migrated')
    # progress: source printed 0..k-1, destination the rest, in order, and
    # the work spans the migration (some rounds on each side)
    prog = [l.split() for l in sl + dl if l.startswith('ARMLET-LINUX: progress ')]
    nums = [int(p[2]) for p in prog]
    if nums != list(range(1, ROUNDS + 1)):
        bad.append('progress 1..%d once each in order (got %s)' % (ROUNDS, nums))
    if not any(l.startswith('ARMLET-LINUX: progress ') for l in dl):
        bad.append('work rounds run on the destination')
    ups = [float(p[3]) for p in prog]
    if ups != sorted(ups):
        bad.append('uptime monotonic across progress lines')
    up = next((l.split()[2:] for l in dl if l.startswith('ARMLET-LINUX: uptime ')), None)
    if not up or not float(up[1]) > float(up[0]):
        bad.append('uptime went on (%s)' % up)
    irq = next((l.split()[2:] for l in dl if l.startswith('ARMLET-LINUX: timer-irqs ')), None)
    if not irq or len(irq) != 4 or not all(int(irq[i + 2]) > int(irq[i]) for i in (0, 1)):
        bad.append('arch_timer interrupts rising on both CPUs (%s)' % irq)
    if bad:
        print('--- source serial\n' + read(src_log))
        print('--- destination serial\n' + read(dst_log))
        for n in ('src', 'dst'):
            print('--- %s output\n%s' % (n, read(os.path.join(tmp, n + '.out'))))
        print('linux-migrate: FAIL: ' + '; '.join(bad))
        return 1
    print('--- source (until migrated)\n' + '\n'.join(sl))
    print('--- destination\n' + '\n'.join(dl))
    print('linux-migrate: migration took %.2f s; PASS' % mig_s)
    return 0


if __name__ == '__main__':
    sys.exit(main())
