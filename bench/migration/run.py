#!/usr/bin/env python3
"""Side-by-side migration benchmark: Armlet vs Debian's QEMU 7.2 (TCG).

For each migration mode, emulator and RAM size, a destination
(-incoming defer) and a source both boot the A-B guest
(tests/migration/aarch64/a-b-kernel.S: it prints 'A', then forever
increments the first byte of every 4 KiB page of 0x40100000..0x46400000 and
prints 'B' every 256 passes) with -M virt -cpu max -nodefaults. Both sides
get the mode's capabilities and parameters, the destination listens on a
unix socket (migrate-incoming), the source gets downtime-limit=300 ms and
max-bandwidth=10 GiB/s, and once it has printed 'A' and some B's it
migrates; query-migrate is polled until the migration completes or fails
(postcopy: migrate-start-postcopy once RAM is flowing; xbzrle: held at
downtime-limit 1 ms until xbzrle pages were sent, then 30 s). The destination
must then print more B's. Each (mode, size, emulator) is run N times,
alternating emulators; the median of each figure counts. Lower total time
and downtime are better.

Modes: precopy (no capability), xbzrle (xbzrle on both, xbzrle-cache-size
256 MiB on the source), postcopy (postcopy-ram on both), multifd (multifd on
both, multifd-channels 4 on both).

Exit status: 0 if every migration that was attempted went well (a mode whose
capability an emulator refuses is reported as "not supported" on its row
and does not count as a failure), 1 if a migration failed, the guest did
not continue on the destination, or a mode accepted by an emulator did not
engage (e.g. xbzrle with 0 xbzrle pages), 2 on a setup error (missing
emulator, guest or toolchain, bad option).
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
HOLD_DOWNTIME_MS = 1     # too short to converge: holds xbzrle until it engaged
# After the hold: xbzrle's small stream makes QEMU's estimated bandwidth (and
# so bandwidth x downtime-limit) tiny, so 300 ms may not converge for minutes;
# this is the value QEMU's migration-test uses to let it converge.
RELEASE_DOWNTIME_MS = 30000
ENGAGE_ATTEMPTS = 3      # migrations tried when one completes before engaging
MAX_BANDWIDTH = 10 * 1024 ** 3        # bytes/s
SIZES = ['150M', '1G']
XBZRLE_CACHE_SIZE = 256 * 1024 ** 2   # bytes, source only
MULTIFD_CHANNELS = 4
BOOT_TIMEOUT = 120      # seconds until the source printed 'A' + WARMUP_BS B's
WARMUP_BS = 3
MIGRATE_TIMEOUT = 300   # seconds for one migration to complete or fail
CONTINUE_TIMEOUT = 60   # seconds for the destination to print more B's
CONTINUE_BS = 2
ENGAGE_TIMEOUT = 60     # seconds for a mode to engage (postcopy, xbzrle hold)
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


def check_none(info, saw_postcopy):
    return None


def check_xbzrle(info, saw_postcopy):
    # QEMU 7.2 only reports xbzrle-cache while the capability is on.
    pages = info.get('xbzrle-cache', {}).get('pages', 0)
    return pages, f'xbzrle pages {pages}', pages > 0


def check_postcopy(info, saw_postcopy):
    # The status passing through postcopy-active is what shows the switch;
    # postcopy-requests (pages the destination faulted on and asked for)
    # may legitimately be 0 if the background stream won every race.
    reqs = info.get('ram', {}).get('postcopy-requests', 0)
    state = 'postcopy-active seen' if saw_postcopy else 'no postcopy-active'
    return reqs, f'postcopy-requests {reqs}, {state}', saw_postcopy


def check_multifd(info, saw_postcopy):
    mib = info.get('ram', {}).get('multifd-bytes', 0) / 2 ** 20
    return mib, f'multifd {mib:.1f} MiB', mib > 0


# name -> capabilities (set on both sides), source and destination
# parameters, the engagement check (figure, label, engaged) on the source's
# final query-migrate, and 'hold': the source starts with downtime-limit
# HOLD_DOWNTIME_MS and it is raised only once the mode engaged (xbzrle), or
# 'postcopy': held the same way (so precopy cannot converge first) and
# migrate-start-postcopy once RAM is flowing.
MODES = {
    'precopy': {'caps': (), 'check': check_none},
    'xbzrle': {'caps': ('xbzrle',),
               'src': {'xbzrle-cache-size': XBZRLE_CACHE_SIZE},
               'check': check_xbzrle, 'hold': True},
    'postcopy': {'caps': ('postcopy-ram',), 'check': check_postcopy,
                 'postcopy': True},
    'multifd': {'caps': ('multifd',),
                'src': {'multifd-channels': MULTIFD_CHANNELS},
                'dst': {'multifd-channels': MULTIFD_CHANNELS},
                'check': check_multifd},
}

class Failure(Exception):
    pass


class CompletedEarly(Failure):
    """The migration completed before the mode engaged (the guest dirtied
    nothing during the first pass: its vCPU was starved on a busy box)."""


class Unsupported(Exception):
    """The emulator refused the mode's capability (a QMP error from
    migrate-set-capabilities): not a failed migration."""


def migrate_once(emulator, kernel, size, mode, workdir):
    """One source -> destination migration in MODE; returns the figures or
    raises Failure / Unsupported."""
    m = MODES[mode]
    caps, check = m['caps'], m['check']
    src_params, dst_params = m.get('src', {}), m.get('dst', {})
    os.makedirs(workdir)
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

    def died():
        if procs['src'].poll() is not None or procs['dst'].poll() is not None:
            raise Failure(f'an emulator died during migration '
                          f'({why("src")}; {why("dst")})')

    try:
        # -incoming defer so that the destination has its capabilities and
        # parameters (multifd-channels) before the first connection.
        start('dst', ['-incoming', 'defer'])
        start('src', [])
        dst = connect('dst')
        src = connect('src')

        # Capabilities first, destination first (QEMU 7.2 checks postcopy's
        # host support there): a refusal is "not supported", found before
        # waiting for the boot.
        for role, q in (('destination', dst), ('source', src)):
            if not caps:
                break
            try:
                q.execute('migrate-set-capabilities', {'capabilities': [
                    {'capability': c, 'state': True} for c in caps]})
            except QMPError as e:
                raise Unsupported(f'{role} refused {",".join(caps)}: {e}') from None
        try:
            if dst_params:
                dst.execute('migrate-set-parameters', dst_params)
            dst.execute('migrate-incoming', {'uri': f'unix:{sock}'})
            src.execute('migrate-set-parameters',
                        {'downtime-limit': HOLD_DOWNTIME_MS
                         if m.get('hold') or m.get('postcopy') else DOWNTIME_LIMIT_MS,
                         'max-bandwidth': MAX_BANDWIDTH, **src_params})
        except QMPError as e:
            raise Failure(f'QMP: {e} ({why("src")}; {why("dst")})') from None

        def booted():
            out = read(files['src']['serial'])
            return out.startswith('AB') and out.count('B') >= WARMUP_BS
        if not wait_for(booted, BOOT_TIMEOUT, procs.values()):
            raise Failure(f'source did not print A + {WARMUP_BS} B\'s within '
                          f'{BOOT_TIMEOUT} s (serial: '
                          f'{read(files["src"]["serial"])[:40]!r}; {why("src")})')
        if not wait_for(lambda: os.path.exists(sock), QMP_TIMEOUT, procs.values()):
            raise Failure(f'destination is not listening on {sock} ({why("dst")})')

        saw_postcopy = False
        try:
            src.execute('migrate', {'uri': f'unix:{sock}'})
            if m.get('postcopy') or m.get('hold'):
                # Postcopy: switch once the precopy pass is under way (status
                # active, some RAM sent), as a management layer would.
                # xbzrle: this guest converges after the first pass, before
                # xbzrle (from the second pass on in QEMU 7.2) can engage, so
                # hold it until xbzrle pages were sent, as QEMU's own
                # migration-test does.
                deadline = time.monotonic() + ENGAGE_TIMEOUT
                while True:
                    info = src.execute('query-migrate')
                    status = info.get('status')
                    if status in ('completed', 'failed', 'cancelled'):
                        chk = check(info, False)
                        exc = CompletedEarly if status == 'completed' else Failure
                        raise exc(f'{mode} did not engage: migration {status} '
                                      f'before it did ({chk[1] + ", " if chk else ""}'
                                      f'{info.get("error-desc", "no error-desc")})')
                    if status == 'active':
                        if m.get('hold') and check(info, False)[2]:
                            break
                        if m.get('postcopy') and info.get('ram', {}).get('transferred', 0) > 0:
                            break
                    if time.monotonic() > deadline:
                        chk = check(info, False)
                        exc = CompletedEarly if status == 'completed' else Failure
                        raise exc(f'{mode} did not engage: after {ENGAGE_TIMEOUT} s '
                                      f'status {status}, {chk[1] if chk else ""}, '
                                      f'{info.get("ram", {}).get("dirty-sync-count")} syncs')
                    died()
                    time.sleep(0.01)
                if m.get('postcopy'):
                    src.execute('migrate-start-postcopy')
                else:
                    src.execute('migrate-set-parameters',
                                {'downtime-limit': RELEASE_DOWNTIME_MS})
            deadline = time.monotonic() + MIGRATE_TIMEOUT
            while True:
                info = src.execute('query-migrate')
                status = info.get('status')
                saw_postcopy |= status == 'postcopy-active'
                if status in ('completed', 'failed', 'cancelled'):
                    break
                if time.monotonic() > deadline:
                    try:
                        src.execute('migrate_cancel')
                    except QMPError:
                        pass
                    raise Failure(f'migration not done after {MIGRATE_TIMEOUT} s '
                                  f'(status {status})')
                died()
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
        fig['check'] = check(info, saw_postcopy)

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
                    help='migrations per emulator, mode and size (median counts)')
    ap.add_argument('--sizes', default=','.join(SIZES),
                    help=f'comma-separated guest RAM sizes (default {",".join(SIZES)})')
    ap.add_argument('--modes', default=','.join(MODES),
                    help=f'comma-separated migration modes (default {",".join(MODES)})')
    ap.add_argument('--kernel', help='the A-B guest image (default: '
                    'tests/migration/a-b-kernel.bin in the Armlet binary\'s '
                    'directory or in build/, else built from source)')
    args = ap.parse_args()
    if args.runs < 1:
        ap.error('--runs must be at least 1')
    args.sizes = [s for s in args.sizes.split(',') if s]
    args.modes = [m for m in args.modes.split(',') if m]
    if bad := [m for m in args.modes if m not in MODES]:
        ap.error(f'unknown mode {",".join(bad)} (known: {",".join(MODES)})')
    if not args.sizes or not args.modes:
        ap.error('--sizes and --modes must not be empty')
    return args


def median_fig(runs):
    m = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != 'check'}
    checks = [r['check'] for r in runs]
    if checks[0] is None:
        m['check'] = None
    else:
        # The run with the median figure, engaged only if every run engaged.
        mid = statistics.median_low(c[0] for c in checks)
        label = next(c[1] for c in checks if c[0] == mid)
        m['check'] = (mid, label, all(c[2] for c in checks))
    return m


def ratio(med, key):
    a, q = med['Armlet'][key], med['QEMU'][key]
    return f'{a / q:.3f}' if q else 'n/a (QEMU 0 ms)'


def main():
    args = parse_args()
    emus = {'QEMU': args.qemu}
    if not args.qemu_only:
        emus = {'Armlet': args.armlet, 'QEMU': args.qemu}
    for name, path in emus.items():
        if not os.access(path, os.X_OK):
            die(f'{name} binary {path} not found (build it, or use --qemu-only)')
    sizes, modes = args.sizes, args.modes
    kernel, kernel_tmp = find_kernel(args.armlet, args.kernel)

    print(f'guest: {kernel}\n'
          f'downtime-limit {DOWNTIME_LIMIT_MS} ms, max-bandwidth '
          f'{MAX_BANDWIDTH // 1024 ** 3} GiB/s, unix socket; '
          f'modes {",".join(modes)}; median of {args.runs}, alternating',
          flush=True)
    keys = [(m, s, n) for m in modes for s in sizes for n in emus]
    figs = {k: [] for k in keys}
    errors = {}         # (mode, size, name) -> why it failed
    unsupported = {}    # (mode, name) -> the refusal; size-independent
    workdir = tempfile.mkdtemp(prefix='armlet-mig-')
    try:
        for mode in modes:
            for size in sizes:
                for i in range(args.runs):
                    for name, path in emus.items():
                        if (mode, size, name) in errors or (mode, name) in unsupported:
                            continue        # failed / refused once; don't repeat
                        label = f'  {mode:8} -m {size:5} run {i + 1} {name:6}'
                        run_dir = os.path.join(workdir, f'{name}-{mode}-{size}-{i}')
                        t0 = time.perf_counter()
                        try:
                            for attempt in range(ENGAGE_ATTEMPTS):
                                try:
                                    fig = migrate_once(path, kernel, size, mode,
                                                       os.path.join(run_dir, str(attempt)))
                                    break
                                except CompletedEarly as e:
                                    if attempt == ENGAGE_ATTEMPTS - 1:
                                        raise
                                    print(f'{label}: retrying: {e}', flush=True)
                        except Unsupported as e:
                            unsupported[(mode, name)] = str(e)
                            print(f'{label}: not supported: {e}', flush=True)
                            continue
                        except Failure as e:
                            errors[(mode, size, name)] = str(e)
                            print(f'{label}: FAILED: {e}', flush=True)
                            continue
                        figs[(mode, size, name)].append(fig)
                        chk = f', {fig["check"][1]}' if fig['check'] else ''
                        print(f'{label}: total {fig["total"]} ms, '
                              f'downtime {fig["downtime"]} ms, '
                              f'{fig["sent"] / 2 ** 20:.1f} MiB sent, '
                              f'{fig["syncs"]} syncs{chk} '
                              f'({time.perf_counter() - t0:.1f} s wall)', flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if kernel_tmp:
            shutil.rmtree(kernel_tmp, ignore_errors=True)

    not_engaged = []
    summary = []        # (mode, size, total ratio, downtime ratio)
    for mode in modes:
        for size in sizes:
            print(f'\n{mode + " -m " + size:18}{"total ms":>10}{"downtime ms":>13}'
                  f'{"MiB sent":>10}{"setup ms":>10}{"syncs":>7}{"RAM MiB":>9}'
                  f'  check')
            med = {}
            for name in emus:
                if (mode, name) in unsupported:
                    print(f'{name:18}not supported: {unsupported[(mode, name)]}')
                    continue
                if (mode, size, name) in errors:
                    print(f'{name:18}FAILED: {errors[(mode, size, name)]}')
                    continue
                m = med[name] = median_fig(figs[(mode, size, name)])
                chk = '-'
                if m['check']:
                    chk = m['check'][1]
                    if not m['check'][2]:
                        chk = f'NOT ENGAGED ({chk}): {mode} did not engage'
                        not_engaged.append((mode, size, name))
                print(f'{name:18}{m["total"]:10.0f}{m["downtime"]:13.0f}'
                      f'{m["sent"] / 2 ** 20:10.1f}{m["setup"]:10.0f}'
                      f'{m["syncs"]:7.0f}{m["ram"] / 2 ** 20:9.0f}  {chk}')
            if len(emus) < 2:
                continue
            if 'Armlet' in med and 'QEMU' in med:
                if any(med[n]['check'] and not med[n]['check'][2] for n in med):
                    r = ('n/a (did not engage)',) * 2
                else:
                    r = (ratio(med, 'total'), ratio(med, 'downtime'))
                    for key, label in zip(r, ('total time', 'downtime')):
                        print(f'ratio Armlet/QEMU {label}: {key} (lower is better for Armlet)')
            elif refused := [n for n in emus if (mode, n) in unsupported]:
                r = (f'not supported by {"+".join(refused)}',) * 2
            else:
                r = ('n/a (failed)',) * 2
            summary.append((mode, size) + r)

    if summary:
        print(f'\nratios Armlet/QEMU (lower is better for Armlet)\n'
              f'{"mode":10}{"-m":>6}  {"total time":24}{"downtime":24}')
        for mode, size, tot, down in summary:
            print(f'{mode:10}{size:>6}  {tot:24}{down:24}')

    status = 0
    if unsupported:
        print(f'\nnot supported (not a failure): ' + '; '.join(
            f'{mode} on {name}' for mode, name in unsupported))
    if not_engaged:
        print('\nFAIL: accepted but did not engage: ' + '; '.join(
            f'{mode} -m {size} on {name}' for mode, size, name in not_engaged))
        status = 1
    if errors:
        print(f'\nFAIL: {len(errors)} of {len(keys)} mode/size/emulator '
              f'combinations failed')
        status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
