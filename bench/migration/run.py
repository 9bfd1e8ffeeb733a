#!/usr/bin/env python3
"""Side-by-side migration benchmark: Armlet vs Debian's QEMU 7.2 (TCG).

For each emulator and RAM size, a destination (-incoming unix:SOCK) and a
source both boot the A-B guest (tests/migration/aarch64/a-b-kernel.S: it
prints 'A', then forever increments the first byte of every 4 KiB page of
0x40100000..0x46400000 and prints 'B' every 256 passes) with
-M virt -cpu max -nodefaults. Once the source has printed 'A' and some B's,
it gets downtime-limit=300 ms and max-bandwidth=10 GiB/s and migrates to
the destination over the unix socket; query-migrate is polled until the
migration completes or fails. The destination must then print more B's.
Each (emulator, size) is run N times, alternating emulators; the median of
each figure counts. Lower total time and downtime are better.

Exit status: 0 if all went well, 1 if a migration failed or the guest did
not continue on the destination, 2 on a setup error (missing emulator,
guest or toolchain).
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.dirname(os.path.dirname(HERE))
GUEST_SRC = os.path.join(SRC_ROOT, 'tests', 'migration', 'aarch64', 'a-b-kernel.S')
DOWNTIME_LIMIT_MS = 300
MAX_BANDWIDTH = 10 * 1024 ** 3        # bytes/s
SIZES = ['150M', '1G']
BOOT_TIMEOUT = 120      # seconds until the source printed 'A' + WARMUP_BS B's
WARMUP_BS = 3
MIGRATE_TIMEOUT = 300   # seconds for one migration to complete or fail
CONTINUE_TIMEOUT = 60   # seconds for the destination to print more B's
CONTINUE_BS = 2
QMP_TIMEOUT = 30        # seconds for one QMP command / connection


def die(msg, status=2):
    print(f'bench: {msg}', file=sys.stderr)
    sys.exit(status)


class QMPError(Exception):
    pass


class QMP:
    """Minimal QMP client: JSON lines over a unix socket, events skipped."""

    def __init__(self, path, timeout=QMP_TIMEOUT, alive=lambda: True):
        deadline = time.monotonic() + timeout
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
                break
            except OSError as e:
                self.sock.close()
                if not alive():
                    raise QMPError('emulator exited before its QMP socket came up')
                if time.monotonic() > deadline:
                    raise QMPError(f'cannot connect to QMP at {path}: {e}')
                time.sleep(0.05)
        self.sock.settimeout(timeout)
        self.buf = b''
        greeting = self._recv()
        if 'QMP' not in greeting:
            raise QMPError(f'unexpected QMP greeting: {greeting}')
        self.execute('qmp_capabilities')

    def _recv(self):
        while b'\n' not in self.buf:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                raise QMPError('QMP timed out') from None
            if not data:
                raise QMPError('QMP connection closed')
            self.buf += data
        line, self.buf = self.buf.split(b'\n', 1)
        return json.loads(line)

    def execute(self, cmd, args=None):
        msg = {'execute': cmd}
        if args:
            msg['arguments'] = args
        self.sock.sendall(json.dumps(msg).encode() + b'\n')
        while True:
            resp = self._recv()
            if 'event' in resp:
                continue
            if 'error' in resp:
                err = resp['error']
                raise QMPError(f'{cmd}: {err.get("class")}: {err.get("desc")}')
            if 'return' in resp:
                return resp['return']

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def find_kernel(armlet, explicit):
    """The A-B guest: --kernel, else next to the Armlet build, else built
    from source into a temporary directory (returns (path, tmpdir))."""
    if explicit:
        if not os.path.isfile(explicit):
            die(f'A-B kernel {explicit} not found')
        return explicit, None
    for build in (os.path.dirname(os.path.abspath(armlet)),
                  os.path.join(SRC_ROOT, 'build')):
        for rel in (('tests', 'migration', 'a-b-kernel.bin'),
                    ('tests', 'migration', 'aarch64', 'a-b-kernel.bin')):
            path = os.path.join(build, *rel)
            if os.path.isfile(path):
                return path, None
    gcc = shutil.which('aarch64-linux-gnu-gcc')
    objcopy = shutil.which('aarch64-linux-gnu-objcopy')
    if not gcc or not objcopy:
        die('A-B kernel not built (make build) and no aarch64-linux-gnu '
            'toolchain to build it (apt-get install gcc-aarch64-linux-gnu)')
    tmp = tempfile.mkdtemp(prefix='armlet-ab-')
    elf, binary = os.path.join(tmp, 'a-b-kernel.elf'), os.path.join(tmp, 'a-b-kernel.bin')
    # Keep in sync with tests/migration/meson.build.
    subprocess.run([gcc, '-nostdlib', '-static', '-Wl,--build-id=none',
                    '-Wl,-Ttext=0x40080000', '-o', elf, GUEST_SRC], check=True)
    subprocess.run([objcopy, '-O', 'binary', elf, binary], check=True)
    return binary, tmp


def read(path):
    try:
        with open(path, 'rb') as f:
            return f.read().decode(errors='replace')
    except OSError:
        return ''


def tail(path, n=5):
    lines = read(path).strip().splitlines()
    return ' | '.join(lines[-n:])


def wait_for(pred, timeout, procs=()):
    """Poll pred() until true; False on timeout or if a process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        if any(p.poll() is not None for p in procs):
            return pred()
        time.sleep(0.05)
    return pred()


class Failure(Exception):
    pass


def migrate_once(emulator, kernel, size, workdir):
    """One source -> destination migration; returns the figures or raises
    Failure."""
    sock = os.path.join(workdir, 'mig.sock')
    files = {r: {k: os.path.join(workdir, f'{r}.{k}')
                 for k in ('serial', 'qmp', 'stderr')} for r in ('src', 'dst')}
    procs, qmps = {}, []

    def start(role, extra):
        f = files[role]
        cmd = [emulator, '-M', 'virt', '-cpu', 'max', '-m', size,
               '-nodefaults', '-display', 'none',
               '-serial', f'file:{f["serial"]}', '-kernel', kernel] + extra + [
               '-qmp', f'unix:{f["qmp"]},server=on,wait=off']
        with open(f['stderr'], 'wb') as err:
            procs[role] = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                           stdout=subprocess.DEVNULL, stderr=err)

    def why(role):
        p = procs[role]
        state = 'alive' if p.poll() is None else f'exited with status {p.returncode}'
        msg = f'{role} process {state}'
        if err := tail(files[role]['stderr']):
            msg += f'; stderr: {err}'
        return msg

    def connect(role):
        try:
            q = QMP(files[role]['qmp'], alive=lambda: procs[role].poll() is None)
        except QMPError as e:
            raise Failure(f'{e} ({why(role)})') from None
        qmps.append(q)
        return q

    try:
        start('dst', ['-incoming', f'unix:{sock}'])
        start('src', [])
        dst = connect('dst')
        src = connect('src')

        def booted():
            out = read(files['src']['serial'])
            return out.startswith('AB') and out.count('B') >= WARMUP_BS
        if not wait_for(booted, BOOT_TIMEOUT, procs.values()):
            raise Failure(f'source did not print A + {WARMUP_BS} B\'s within '
                          f'{BOOT_TIMEOUT} s (serial: '
                          f'{read(files["src"]["serial"])[:40]!r}; {why("src")})')
        if not wait_for(lambda: os.path.exists(sock), QMP_TIMEOUT, procs.values()):
            raise Failure(f'destination is not listening on {sock} ({why("dst")})')

        try:
            src.execute('migrate-set-parameters',
                        {'downtime-limit': DOWNTIME_LIMIT_MS,
                         'max-bandwidth': MAX_BANDWIDTH})
            src.execute('migrate', {'uri': f'unix:{sock}'})
            deadline = time.monotonic() + MIGRATE_TIMEOUT
            while True:
                info = src.execute('query-migrate')
                status = info.get('status')
                if status in ('completed', 'failed', 'cancelled'):
                    break
                if time.monotonic() > deadline:
                    try:
                        src.execute('migrate_cancel')
                    except QMPError:
                        pass
                    raise Failure(f'migration not done after {MIGRATE_TIMEOUT} s '
                                  f'(status {status})')
                if procs['src'].poll() is not None or procs['dst'].poll() is not None:
                    raise Failure(f'an emulator died during migration '
                                  f'({why("src")}; {why("dst")})')
                time.sleep(0.02)
        except QMPError as e:
            raise Failure(f'QMP: {e} ({why("src")}; {why("dst")})') from None
        if status != 'completed':
            raise Failure(f'migration {status}: {info.get("error-desc", "no error-desc")} '
                          f'({why("dst")})')

        ram = info.get('ram', {})
        try:
            fig = {'total': info['total-time'], 'downtime': info['downtime'],
                   'setup': info['setup-time'], 'sent': ram['transferred'],
                   'ram': ram['total'], 'syncs': ram['dirty-sync-count']}
        except KeyError as e:
            raise Failure(f'query-migrate lacks {e}: {json.dumps(info)}') from None

        # Sanity: the guest carries on at the destination.
        def continued():
            return read(files['dst']['serial']).count('B') >= CONTINUE_BS
        ok = wait_for(continued, CONTINUE_TIMEOUT, [procs['dst']])
        try:
            state = dst.execute('query-status').get('status')
        except QMPError as e:
            state = f'unknown: {e}'
        if not ok:
            raise Failure(f'guest did not continue on the destination: '
                          f'{read(files["dst"]["serial"]).count("B")} B\'s in '
                          f'{CONTINUE_TIMEOUT} s (dst VM status {state}; {why("dst")})')
        if state != 'running':
            raise Failure(f'destination VM status is {state}, not running')
        return fig
    finally:
        for q in qmps:
            q.close()
        for p in procs.values():
            if p.poll() is None:
                p.kill()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--armlet', default=os.environ.get(
        'ARMLET', os.path.join(SRC_ROOT, 'build', 'qemu-system-aarch64')))
    ap.add_argument('--qemu', default=os.environ.get(
        'REFERENCE_QEMU', '/usr/bin/qemu-system-aarch64'))
    ap.add_argument('--qemu-only', action='store_true',
                    help='measure the reference QEMU alone')
    ap.add_argument('--runs', type=int, default=3,
                    help='migrations per emulator and size (median counts)')
    ap.add_argument('--sizes', default=','.join(SIZES),
                    help=f'comma-separated guest RAM sizes (default {",".join(SIZES)})')
    ap.add_argument('--kernel', help='the A-B guest image (default: '
                    'tests/migration/a-b-kernel.bin in the Armlet binary\'s '
                    'directory or in build/, else built from source)')
    args = ap.parse_args()
    if args.runs < 1:
        ap.error('--runs must be at least 1')
    return args


def main():
    args = parse_args()
    emus = {'QEMU': args.qemu}
    if not args.qemu_only:
        emus = {'Armlet': args.armlet, 'QEMU': args.qemu}
    for name, path in emus.items():
        if not os.access(path, os.X_OK):
            die(f'{name} binary {path} not found (build it, or use --qemu-only)')
    sizes = [s for s in args.sizes.split(',') if s]
    kernel, kernel_tmp = find_kernel(args.armlet, args.kernel)

    print(f'guest: {kernel}\n'
          f'downtime-limit {DOWNTIME_LIMIT_MS} ms, max-bandwidth '
          f'{MAX_BANDWIDTH // 1024 ** 3} GiB/s, unix socket; '
          f'median of {args.runs}, alternating', flush=True)
    figs = {(s, n): [] for s in sizes for n in emus}
    errors = {}
    workdir = tempfile.mkdtemp(prefix='armlet-mig-')
    try:
        for size in sizes:
            for i in range(args.runs):
                for name, path in emus.items():
                    if (size, name) in errors:
                        continue        # failed once; don't repeat it
                    run_dir = os.path.join(workdir, f'{name}-{size}-{i}')
                    os.mkdir(run_dir)
                    t0 = time.perf_counter()
                    try:
                        fig = migrate_once(path, kernel, size, run_dir)
                    except Failure as e:
                        errors[(size, name)] = str(e)
                        print(f'  -m {size:5} run {i + 1} {name:6}: FAILED: {e}',
                              flush=True)
                        continue
                    figs[(size, name)].append(fig)
                    print(f'  -m {size:5} run {i + 1} {name:6}: total {fig["total"]} ms, '
                          f'downtime {fig["downtime"]} ms, '
                          f'{fig["sent"] / 2 ** 20:.1f} MiB sent, '
                          f'{fig["syncs"]} syncs '
                          f'({time.perf_counter() - t0:.1f} s wall)', flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if kernel_tmp:
            shutil.rmtree(kernel_tmp, ignore_errors=True)

    for size in sizes:
        print(f'\n{"-m " + size:8}{"total ms":>13}{"downtime ms":>13}{"MiB sent":>10}'
              f'{"setup ms":>10}{"syncs":>7}{"RAM MiB":>9}')
        med = {}
        for name in emus:
            if (size, name) in errors:
                print(f'{name:8}FAILED: {errors[(size, name)]}')
                continue
            runs = figs[(size, name)]
            m = med[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f'{name:8}{m["total"]:13.0f}{m["downtime"]:13.0f}'
                  f'{m["sent"] / 2 ** 20:10.1f}{m["setup"]:10.0f}'
                  f'{m["syncs"]:7.0f}{m["ram"] / 2 ** 20:9.0f}')
        if 'Armlet' in med and 'QEMU' in med:
            for key, label in (('total', 'total time'), ('downtime', 'downtime')):
                q = med['QEMU'][key]
                r = f'{med["Armlet"][key] / q:.3f}' if q else 'n/a (QEMU 0 ms)'
                print(f'ratio Armlet/QEMU {label}: {r} (lower is better for Armlet)')

    if errors:
        print(f'\nFAIL: {len(errors)} of {len(figs)} emulator/size pairs failed')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
