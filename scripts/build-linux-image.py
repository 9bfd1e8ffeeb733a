#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Build the small Linux guest the tests and bench boot, from Debian 12
packages: the arm64 kernel (linux-image-6.1.0-N-arm64, the newest in
bookworm's index) and busybox-static, as -kernel Image.gz and -initrd
initrd.gz.

usage: build-linux-image.py [--perf] OUTDIR

OUTDIR gets Image.gz (the kernel's vmlinuz, a gzipped arm64 Image, which
-kernel takes as QEMU does), initrd.gz (a newc cpio: busybox, its applet
links, and /init, below) and VERSION (the two package file names). The
downloads are kept in OUTDIR/cache and reused while the index names the
same files, so a rebuild is offline. Nothing here runs as root: the debs
are unpacked by dpkg-deb, the cpio is written by this script.

/init mounts proc and sysfs, prints "ARMLET-LINUX: init" and what the
kernel found (CPUs, the PMU, the FP/SIMD hwcaps), runs an FP and a SIMD
check through busybox (awk floating point; sha256sum and md5sum, which
gcc vectorises), prints "ARMLET-LINUX: done" and powers off with PSCI
(poweroff -f). The kernel command line may set armlet.shell=1 for an
interactive shell on the console instead.

armlet.test=migrate (tests/linux/linux-migrate.py) adds, before "done", a
work load for live migration: "ARMLET-LINUX: migrate-ready", then 40
sha256sum rounds over a generated tmpfs file on CPU 0 (each printing
"progress N UPTIME") and an awk float loop on CPU 1, then the results, the
uptime span, the online CPUs, where taskset-pinned processes ran, and the
arch_timer interrupt counts per CPU before and after.

--perf also writes initrd-perf.gz: the same files plus Debian's perf
(linux-perf, the version of the kernel) with the shared libraries it
needs (the NEEDED closure, found by readelf in the unpacked library
packages its Depends name, recursively) and /bin/loop, a static ELF
written here whose user-mode run is exactly LOOP_INSNS instructions:
MOVZ x0, #LOOP_N; SUBS/B.NE LOOP_N times; MOVZ x8, #93; SVC (exit).
armlet.test=perf (tests/linux/linux-perf.py) runs `perf stat` on it.
"""
import gzip
import io
import lzma
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import struct
import urllib.request

MIRROR = 'http://deb.debian.org/debian'
INDEX = MIRROR + '/dists/bookworm/main/binary-arm64/Packages.xz'

INIT = r'''#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null

# armlet.test=migrate (tests/linux/linux-migrate.py): work on both CPUs
# that is in flight while the host migrates the VM, then checks of what
# must have carried over (exact results, time, CPUs, timer interrupts).
timer_irqs() { grep arch_timer /proc/interrupts | head -1 | awk '{ print $2, $3 }'; }
migrate_test() {
    mount -t tmpfs tmpfs /tmp
    awk 'BEGIN { for (i = 0; i < 50000; i++) print i, (i * 7919) % 65536 }' > /tmp/data
    t0=$(cut -d' ' -f1 /proc/uptime)
    irq0=$(timer_irqs)
    echo "ARMLET-LINUX: migrate-ready"
    # CPU 0: sha256sum rounds, each printing the progress counter
    taskset -c 0 sh -c '
        i=1
        while [ $i -le 40 ]; do
            sha256sum /tmp/data | cut -d" " -f1 > /tmp/sha.$i
            echo "ARMLET-LINUX: progress $i $(cut -d" " -f1 /proc/uptime)"
            i=$((i + 1))
        done' &
    # CPU 1: a floating-point loop
    taskset -c 1 awk 'BEGIN { x = 0; for (i = 1; i <= 160000; i++) x += 1 / (i * i)
                              printf "%.17g\n", x }' > /tmp/awk &
    wait
    t1=$(cut -d' ' -f1 /proc/uptime)
    echo "ARMLET-LINUX: sha256 $(cat /tmp/sha.* | sort | uniq -c | awk '{ print $2, $1 }')"
    echo "ARMLET-LINUX: awk-sum $(cat /tmp/awk)"
    echo "ARMLET-LINUX: uptime $t0 $t1"
    echo "ARMLET-LINUX: online $(cat /sys/devices/system/cpu/online)"
    echo "ARMLET-LINUX: runs-on $(taskset -c 0 awk '{ print $39 }' /proc/self/stat) $(taskset -c 1 awk '{ print $39 }' /proc/self/stat)"
    echo "ARMLET-LINUX: timer-irqs $irq0 $(timer_irqs)"
}

echo "ARMLET-LINUX: init"
echo "ARMLET-LINUX: cpus $(grep -c ^processor /proc/cpuinfo)"
echo "ARMLET-LINUX: features $(grep -m1 ^Features /proc/cpuinfo | cut -d: -f2)"
if [ -d /sys/bus/event_source/devices/armv8_pmuv3_0 ] || ls /sys/bus/event_source/devices | grep -q pmu; then
    echo "ARMLET-LINUX: pmu $(ls /sys/bus/event_source/devices | tr '\n' ' ')"
fi
echo "ARMLET-LINUX: awk $(awk 'BEGIN { x = 0; for (i = 1; i <= 1000; i++) x += 1 / (i * i); printf "%.10f %.6e", x, x / 3.0e300 }')"
echo "ARMLET-LINUX: sha256 $(echo -n abc | sha256sum | cut -d' ' -f1)"
echo "ARMLET-LINUX: md5 $(echo -n abc | md5sum | cut -d' ' -f1)"
if grep -q armlet.shell=1 /proc/cmdline; then
    exec sh
fi
case " $(cat /proc/cmdline) " in
*" armlet.test=migrate "*) migrate_test ;;
esac
if grep -q armlet.test=perf /proc/cmdline; then
    export LD_LIBRARY_PATH=/lib/aarch64-linux-gnu
    perf stat -x, -e instructions:u,instructions:k,cycles:u /bin/loop 2>&1 |
        grep -v '^$' | sed 's/^/ARMLET-LINUX: perf /'
    echo "ARMLET-LINUX: perf-exit $?"
fi
echo "ARMLET-LINUX: done"
poweroff -f
'''

LOOP_N = 50000
LOOP_INSNS = 2 * LOOP_N + 3     # MOVZ, N x (SUBS, B.NE), MOVZ, SVC


def loop_elf():
    """A static AArch64 ELF (ET_EXEC, one PT_LOAD) running LOOP_INSNS
    user instructions, then exit(0)."""
    code = struct.pack('<5I', 0xd2800000 | (LOOP_N << 5), 0xf1000400, 0x54ffffe1,
                       0xd2800ba8, 0xd4000001)
    base, off = 0x400000, 64 + 56
    ehdr = struct.pack('<4sBBBBB7xHHIQQQIHHHHHH', b'\x7fELF', 2, 1, 1, 0, 0, 2, 183, 1,
                       base + off, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    phdr = struct.pack('<IIQQQQQQ', 1, 5, 0, base, base, off + len(code), off + len(code),
                       0x10000)
    return ehdr + phdr + code


def fetch(url, path):
    tmp = path + '.part'
    with urllib.request.urlopen(url, timeout=120) as r, open(tmp, 'wb') as f:
        shutil.copyfileobj(r, f)
    os.replace(tmp, path)


def newest(index, want):
    """Filename of the package `want` (a predicate on names) with the
    highest name in the index (6.1.0-50 > 6.1.0-47: compared numerically)."""
    best = None
    pkg = None
    for line in index.splitlines():
        if line.startswith('Package: '):
            pkg = line[9:]
        elif line.startswith('Filename: ') and pkg and want(pkg):
            key = [int(x) if x.isdigit() else x for x in pkg.replace('-', '.').split('.')]
            if best is None or key > best[0]:
                best = (key, line[10:])
    if best is None:
        raise SystemExit('build-linux-image: package not in the bookworm arm64 index')
    return best[1]


def is_kernel(p):
    parts = p.split('-')
    return (p.startswith('linux-image-6.1.0-') and p.endswith('-arm64') and len(parts) == 5
            and parts[3].isdigit())


def cpio_newc(entries):
    """entries: (name, mode, data or link target); a newc archive."""
    out = io.BytesIO()
    ino = 1

    def hdr(name, mode, size, nlink):
        nonlocal ino
        n = name.encode() + b'\0'
        fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(n), 0]
        out.write(b'070701' + b''.join(b'%08x' % v for v in fields) + n)
        out.write(b'\0' * (-(110 + len(n)) % 4))
        ino += 1

    for name, mode, data in entries:
        hdr(name, mode, len(data), 2 if stat.S_ISDIR(mode) else 1)
        out.write(data)
        out.write(b'\0' * (-len(data) % 4))
    hdr('TRAILER!!!', 0, 0, 1)
    return out.getvalue()


def parse_index(index):
    """package -> (Filename, [dependency names, first of each alternative])"""
    pkgs, pkg, fields = {}, None, {}
    for line in index.splitlines() + ['']:
        if not line:
            if pkg and 'Filename' in fields:
                deps = [d.split('|')[0].split('(')[0].split(':')[0].strip()
                        for d in (fields.get('Depends', '') + ',' +
                                  fields.get('Pre-Depends', '')).split(',') if d.strip()]
                pkgs.setdefault(pkg, (fields['Filename'], deps))
            pkg, fields = None, {}
        elif line.startswith('Package: '):
            pkg = line[9:]
        elif ': ' in line and not line.startswith(' '):
            k, v = line.split(': ', 1)
            fields[k] = v
    return pkgs


def needed(path):
    out = subprocess.run(['readelf', '-d', path], capture_output=True, text=True).stdout
    return [l.split('[', 1)[1].rstrip(']') for l in out.splitlines() if '(NEEDED)' in l]


def perf_files(index, kernel_deb, cache, fetch_deb):
    """(name in the initramfs, data): perf and its NEEDED closure."""
    pkgs = parse_index(index)
    ver = os.path.basename(kernel_deb).split('_')[1]          # 6.1.176-1
    perf = 'pool/main/l/linux/linux-perf_%s_arm64.deb' % ver
    todo, seen, debs = list(pkgs.get('linux-perf', (None, []))[1]), set(), [perf]
    while todo:
        d = todo.pop()
        if d in seen or d not in pkgs or not d.startswith(('lib', 'zlib')) or \
                d.endswith(('-stdlib', '-common', '-data', '-modules')):
            continue
        seen.add(d)
        debs.append(pkgs[d][0])
        todo += pkgs[d][1]
    files = []
    with tempfile.TemporaryDirectory() as tmp:
        for fn in debs:
            subprocess.run(['dpkg-deb', '-x', fetch_deb(fn), tmp], check=True)
        dirs = [os.path.join(tmp, d) for d in ('lib/aarch64-linux-gnu', 'usr/lib/aarch64-linux-gnu')]
        files.append(('bin/perf', open(os.path.join(tmp, 'usr/bin/perf'), 'rb').read()))
        todo, done = needed(os.path.join(tmp, 'usr/bin/perf')), set()
        while todo:
            so = todo.pop()
            if so in done:
                continue
            done.add(so)
            path = next((os.path.join(d, so) for d in dirs if os.path.exists(os.path.join(d, so))),
                        None)
            if not path:
                raise SystemExit('build-linux-image: %s (for perf) not in the packages' % so)
            path = os.path.realpath(path)
            files.append(('lib/aarch64-linux-gnu/' + so, open(path, 'rb').read()))
            todo += needed(path)
        ld = [d for n, d in files if n.endswith('/ld-linux-aarch64.so.1')]
        files.append(('lib/ld-linux-aarch64.so.1', ld[0]))
    return files


def main():
    args = sys.argv[1:]
    want_perf = '--perf' in args
    args = [a for a in args if a != '--perf']
    if len(args) != 1:
        raise SystemExit(__doc__)
    outdir = args[0]
    cache = os.path.join(outdir, 'cache')
    os.makedirs(cache, exist_ok=True)
    idx_path = os.path.join(cache, 'Packages.xz')
    try:
        fetch(INDEX, idx_path)
    except OSError as e:
        if not os.path.exists(idx_path):
            raise SystemExit('build-linux-image: cannot fetch %s: %s' % (INDEX, e))
        print('build-linux-image: offline, using the cached index', file=sys.stderr)
    index = lzma.decompress(open(idx_path, 'rb').read()).decode()
    debs = [newest(index, is_kernel), newest(index, lambda p: p == 'busybox-static')]
    paths = []
    for fn in debs:
        p = os.path.join(cache, os.path.basename(fn))
        if not os.path.exists(p):
            fetch(MIRROR + '/' + fn, p)
        paths.append(p)
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            subprocess.run(['dpkg-deb', '-x', p, tmp], check=True)
        boot = os.path.join(tmp, 'boot')
        vmlinuz = [f for f in os.listdir(boot) if f.startswith('vmlinuz-')][0]
        shutil.copyfile(os.path.join(boot, vmlinuz), os.path.join(outdir, 'Image.gz'))
        busybox = open(os.path.join(tmp, 'bin', 'busybox'), 'rb').read()
    # the applets /init uses, and a shell's worth more
    applets = ('sh mount grep cut ls tr awk echo sha256sum md5sum poweroff cat '
               'uname dmesg sleep true false test [ ps top free vi sort uniq head wc '
               'taskset sed').split()
    d = stat.S_IFDIR | 0o755
    entries = [('bin', d, b''), ('sbin', d, b''), ('proc', d, b''), ('sys', d, b''),
               ('dev', d, b''), ('tmp', d, b''),
               ('bin/busybox', stat.S_IFREG | 0o755, busybox),
               ('init', stat.S_IFREG | 0o755, INIT.encode())]
    entries += [('bin/' + a, stat.S_IFLNK | 0o777, b'busybox') for a in applets]
    with gzip.open(os.path.join(outdir, 'initrd.gz'), 'wb', compresslevel=6) as f:
        f.write(cpio_newc(entries))
    if want_perf:
        def fetch_deb(fn):
            p = os.path.join(cache, os.path.basename(fn))
            if not os.path.exists(p):
                fetch(MIRROR + '/' + fn, p)
            return p
        extra = [('lib', d, b''), ('lib/aarch64-linux-gnu', d, b''),
                 ('bin/loop', stat.S_IFREG | 0o755, loop_elf())]
        extra += [(n, stat.S_IFREG | 0o755, data) for n, data in
                  perf_files(index, debs[0], cache, fetch_deb)]
        with gzip.open(os.path.join(outdir, 'initrd-perf.gz'), 'wb', compresslevel=6) as f:
            f.write(cpio_newc(entries + extra))
    with open(os.path.join(outdir, 'VERSION'), 'w') as f:
        f.write('\n'.join(os.path.basename(x) for x in debs) + '\n')
    print('build-linux-image: %s' % ', '.join(os.path.basename(x) for x in debs))


if __name__ == '__main__':
    main()
