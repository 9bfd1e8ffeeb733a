#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Differential FP/SIMD test: run tests/guest/fpsimd-diff.elf under the
emulator under test and under the reference QEMU 7.2, compare case by case.

usage: fpsimd-diff.py [--default-binary BIN] [--reference BIN] [--allow FILE]
                      [--first N] [--limit N] [--seed S] [--show-state I]
                      [--self-test] [--all] IMAGE

The emulator under test is $GUEST_QEMU_BINARY if set, else
--default-binary (the built Armlet); the reference is --reference
(default /usr/bin/qemu-system-aarch64): if it is missing the test is
skipped (exit 77). Under GUEST_QEMU_BINARY=<that QEMU> the run compares
QEMU with itself, which checks that the guest is deterministic.

Each guest line "C <i> <word> <result>" gives case i's instruction word and
its result: a 64-bit hash of the state after it, "U" (UNDEFINED) or
"E<esr>" (another exception). Case i depends only on (seed, i), so the
runner selects cases (--first, --limit, --seed) and asks for a full state
dump of one case (--show-state I) by patching the guest's struct
diff_config (found by its magic) in a copy of the image. An emulator
that dies in the middle (QEMU 7.2 has assertion failures on some
encodings) is restarted after the case it died on, which is reported as
"crash"; so is one printing nothing for 15 s (a case that hangs).

Mismatch classes:
  value         both executed, states differ
  armlet-undef  the emulator under test UNDEFs, the reference executes
  qemu-undef    the reference UNDEFs, the emulator under test executes
  exception     some other exception (ESR) differs
  crash         the emulator under test died on the case (a reference
                crash is listed but not counted: nothing to compare)

The allowlist (--allow) has lines "MASK VALUE [CLASS:] REASON" (hex, '#'
comments): a mismatch whose word & MASK == VALUE is allowed if its class
is CLASS (default armlet-undef: a feature the emulator does not
advertise). Entries for value, qemu-undef or exception must name a QEMU
7.2 bug against the Arm ARM: their reason must contain "QEMU 7.2 bug".

Exit status 0 only if both runs completed, the guest's own harness
checks passed (no FAIL line) and no mismatch is unallowed.
--self-test: instead, run the reference against itself (0 mismatches
expected) and with one executed case's result corrupted in one run
(exactly that case expected as a value mismatch).
"""
import argparse
import collections
import os
import select
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

MAGIC = b'FPSIMD-DIFF-CFG\0'
CFG = struct.Struct('<16sIIIII')
NONE = 0xffffffff
REF_DEFAULT = '/usr/bin/qemu-system-aarch64'

# (mask, value, name) per encoding class, as the guest generates them
# (Arm ARM A64 encoding index); the first match names a word.
CLASSES = [
    (0xff3e0c00, 0x4e280800, 'crypto-aes'),
    (0xff208c00, 0x5e000000, 'crypto-sha3reg'),
    (0xff3e0c00, 0x5e280800, 'crypto-sha2reg'),
    (0xffe0c000, 0xce408000, 'crypto-sm3tt'),
    (0xffe0b000, 0xce608000, 'crypto-sha512-3reg'),
    (0xff808000, 0xce000000, 'crypto-4reg'),
    (0xffe00000, 0xce800000, 'crypto-xar'),
    (0xfffff000, 0xcec08000, 'crypto-sha512-2reg'),
    (0xdfe08400, 0x5e000400, 'simd-scalar-copy'),
    (0xdf60c400, 0x5e400400, 'simd-scalar-3same-fp16'),
    (0xdf7e0c00, 0x5e780800, 'simd-scalar-2misc-fp16'),
    (0xdf208400, 0x5e008400, 'simd-scalar-3same-extra'),
    (0xdf3e0c00, 0x5e200800, 'simd-scalar-2misc'),
    (0xdf3e0c00, 0x5e300800, 'simd-scalar-pairwise'),
    (0xdf200c00, 0x5e200000, 'simd-scalar-3diff'),
    (0xdf200400, 0x5e200400, 'simd-scalar-3same'),
    (0xdf800400, 0x5f000400, 'simd-scalar-shift-imm'),
    (0xdf000400, 0x5f000000, 'simd-scalar-indexed'),
    (0xbf208c00, 0x0e000000, 'simd-tbl'),
    (0xbf208c00, 0x0e000800, 'simd-permute'),
    (0xbf208400, 0x2e000000, 'simd-ext'),
    (0x9fe08400, 0x0e000400, 'simd-copy'),
    (0x9f60c400, 0x0e400400, 'simd-3same-fp16'),
    (0x9f7e0c00, 0x0e780800, 'simd-2misc-fp16'),
    (0x9f208400, 0x0e008400, 'simd-3same-extra'),
    (0x9f3e0c00, 0x0e200800, 'simd-2misc'),
    (0x9f3e0c00, 0x0e300800, 'simd-across'),
    (0x9f200c00, 0x0e200000, 'simd-3diff'),
    (0x9f200400, 0x0e200400, 'simd-3same'),
    (0x9ff80400, 0x0f000400, 'simd-modimm'),
    (0x9f800400, 0x0f000400, 'simd-shift-imm'),
    (0x9f000400, 0x0f000000, 'simd-indexed'),
    (0x5f200000, 0x1e000000, 'fp-fixed-conv'),
    (0x5f20fc00, 0x1e200000, 'fp-int-conv'),
    (0x5f207c00, 0x1e204000, 'fp-dp1'),
    (0x5f203c00, 0x1e202000, 'fp-compare'),
    (0x5f201c00, 0x1e201000, 'fp-imm'),
    (0x5f200c00, 0x1e200400, 'fp-ccmp'),
    (0x5f200c00, 0x1e200800, 'fp-dp2'),
    (0x5f200c00, 0x1e200c00, 'fp-csel'),
    (0x5f000000, 0x1f000000, 'fp-dp3'),
    (0xbfbf0000, 0x0c000000, 'ldst-multi'),
    (0xbfa00000, 0x0c800000, 'ldst-multi-post'),
    (0xbf9f0000, 0x0d000000, 'ldst-single'),
    (0xbf800000, 0x0d800000, 'ldst-single-post'),
    (0x3f000000, 0x1c000000, 'ldst-literal'),
    (0x3e000000, 0x2c000000, 'ldst-pair'),
    (0x3f200000, 0x3c000000, 'ldst-imm9'),
    (0x3f200c00, 0x3c200800, 'ldst-regoff'),
    (0x3f000000, 0x3d000000, 'ldst-uimm'),
]


def enc_class(w):
    for mask, value, name in CLASSES:
        if w & mask == value:
            return name
    return 'other'


def patch_image(image, tmpdir, tag, first, n, seed=None, dump=NONE, perturb=NONE):
    data = bytearray(open(image, 'rb').read())
    at = data.find(MAGIC)
    if at < 0 or data.find(MAGIC, at + 1) >= 0:
        raise SystemExit('fpsimd-diff: %s: no unique diff_config magic' % image)
    _, f0, n0, s0, d0, p0 = CFG.unpack_from(data, at)
    CFG.pack_into(data, at, MAGIC, first, n, s0 if seed is None else seed, dump, perturb)
    path = os.path.join(tmpdir, '%s-%d-%d.elf' % (tag, first, n))
    with open(path, 'wb') as f:
        f.write(data)
    return path


def default_cases(image):
    data = open(image, 'rb').read()
    at = data.find(MAGIC)
    if at < 0:
        raise SystemExit('fpsimd-diff: %s: no diff_config magic' % image)
    _, f0, n0, s0, d0, p0 = CFG.unpack_from(data, at)
    return n0, s0


CASE_RE = re.compile(r'C (\d+) ([0-9a-f]{8}) (\S+)$')


class Run:
    """One emulator over cases [first, first + n), restarted after crashes."""

    def __init__(self, binary, image, tmpdir, tag, first, n, seed, timeout,
                 dump=NONE, perturb=NONE):
        self.binary, self.image, self.tmpdir, self.tag = binary, image, tmpdir, tag
        self.first, self.n, self.seed, self.timeout = first, n, seed, timeout
        self.dump, self.perturb = dump, perturb
        self.cases = {}         # idx -> (word, result)
        self.info, self.fails, self.dumps, self.errors = [], [], [], []
        self.crashes = {}       # idx -> first lines of the emulator's complaint
        self.hang_timeout = 15.0    # no output for this long: the case hangs
        self.elapsed = 0.0

    def cmd(self, img):
        return [self.binary, '-M', 'virt', '-cpu', 'max', '-m', '128M',
                '-display', 'none', '-nodefaults', '-serial', 'stdio',
                '-kernel', img]

    def run_once(self, img):
        """Run the emulator; kill it when it prints nothing for hang_timeout
        seconds (a case that hangs) or runs longer than timeout."""
        p = subprocess.Popen(self.cmd(img), stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        errbuf = []
        te = threading.Thread(target=lambda: errbuf.append(p.stderr.read()))
        te.start()
        chunks, rc = [], None
        deadline = time.time() + self.timeout
        fd = p.stdout.fileno()
        while True:
            left = min(self.hang_timeout, deadline - time.time())
            r, _, _ = select.select([fd], [], [], max(left, 0))
            if not r:
                p.kill()
                rc = 'timeout'
                break
            data = os.read(fd, 65536)
            if not data:
                break
            chunks.append(data)
        p.wait()
        te.join()
        p.stdout.close()
        p.stderr.close()
        return b''.join(chunks), b''.join(errbuf), rc if rc else p.returncode

    def run(self):
        t0 = time.time()
        first, end = self.first, self.first + self.n
        restarts = 0
        while first < end:
            img = patch_image(self.image, self.tmpdir, self.tag, first, end - first,
                              self.seed, self.dump, self.perturb)
            out, err, rc = self.run_once(img)
            os.unlink(img)
            last = None
            done = False
            for line in out.decode('utf-8', 'replace').splitlines():
                m = CASE_RE.match(line)
                if m:
                    idx = int(m.group(1))
                    self.cases[idx] = (int(m.group(2), 16), m.group(3))
                    last = idx
                elif line.startswith('FAIL'):
                    if restarts == 0:
                        self.fails.append(line)
                elif line.startswith('D '):
                    self.dumps.append(line)
                elif line.startswith('INFO: done'):
                    done = True
                elif line.startswith('INFO') and restarts == 0:
                    self.info.append(line)
            if done and rc == 0:
                break
            crashed = first if last is None or last < first else last + 1
            msg = [l for l in err.decode('utf-8', 'replace').splitlines()
                   if l.strip() and l.strip() != '**']
            if rc == 'timeout':
                why = 'hung: no output for %gs, killed' % self.hang_timeout
            else:
                why = 'exit status %s' % rc + (': ' + msg[0][:120] if msg else '')
            if crashed >= end:
                self.errors.append('%s: no "done" line after the last case (%s)' % (self.binary, why))
                break
            self.crashes[crashed] = why
            restarts += 1
            if restarts > 500:
                self.errors.append('%s: gave up at case %d (%s)' % (self.binary, crashed, why))
                break
            first = crashed + 1
        self.elapsed = time.time() - t0


def run_both(runs):
    threads = [threading.Thread(target=r.run) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def disassemble(words, objdump):
    """word -> disassembly text, one objdump call for all."""
    words = sorted(set(words))
    res = {w: '?' for w in words}
    if not words or not objdump:
        return res
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(b''.join(struct.pack('<I', w) for w in words))
        f.flush()
        try:
            out = subprocess.run([objdump, '-D', '-b', 'binary', '-m', 'aarch64', f.name],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 timeout=60).stdout.decode('utf-8', 'replace')
        except (OSError, subprocess.TimeoutExpired):
            return res
    for line in out.splitlines():
        m = re.match(r'\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$', line)
        if m:
            off = int(m.group(1), 16)
            if off % 4 == 0 and off // 4 < len(words):
                res[words[off // 4]] = re.sub(r'\s+', ' ', m.group(3).strip())
    return res


def mnemonic(dis):
    if dis.startswith('.inst') or dis.startswith('udf') or dis == '?':
        return '(unallocated)'
    return dis.split()[0]


# ID register fields an allowlist reason may name as "[ISAR1.FCMA]": the
# entry applies only while the emulator under test reads that field as 0
# (the feature is not advertised; once it is, an UNDEF is a bug);
# "[ISAR0.SHA2>=2]": only while the field is below 2 (SHA512 is level 2).
ID_FIELDS = {
    'PFR0.FP': ('PFR0', 16), 'PFR0.AdvSIMD': ('PFR0', 20),
    'ISAR0.AES': ('ISAR0', 4), 'ISAR0.SHA1': ('ISAR0', 8), 'ISAR0.SHA2': ('ISAR0', 12),
    'ISAR0.RDM': ('ISAR0', 28), 'ISAR0.SHA3': ('ISAR0', 32), 'ISAR0.SM3': ('ISAR0', 36),
    'ISAR0.SM4': ('ISAR0', 40), 'ISAR0.DP': ('ISAR0', 44), 'ISAR0.FHM': ('ISAR0', 48),
    'ISAR1.JSCVT': ('ISAR1', 12), 'ISAR1.FCMA': ('ISAR1', 16),
    'ISAR1.FRINTTS': ('ISAR1', 32), 'ISAR1.BF16': ('ISAR1', 44), 'ISAR1.I8MM': ('ISAR1', 52),
}


def id_regs(info):
    regs = {}
    for l in info:
        for name, val in re.findall(r'ID_AA64(\w+?)_EL1 ([0-9a-f]+)', l):
            regs[name] = int(val, 16)
    return regs


def feature_present(regs, feat):
    feat, level = feat
    reg, shift = ID_FIELDS[feat]
    if reg not in regs:
        return False
    v = (regs[reg] >> shift) & 0xf
    return v != 0xf and v >= level


def load_allow(path):
    entries = []
    if not path:
        return entries
    for n, line in enumerate(open(path), 1):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            raise SystemExit('%s:%d: want "MASK VALUE [CLASS:] REASON"' % (path, n))
        mask, value = int(parts[0], 16), int(parts[1], 16)
        rest = parts[2]
        cls = 'armlet-undef'
        m = re.match(r'(value|armlet-undef|qemu-undef|exception):\s*(.*)$', rest)
        if m:
            cls, rest = m.group(1), m.group(2)
        if cls != 'armlet-undef' and 'QEMU 7.2 bug' not in rest:
            raise SystemExit('%s:%d: a %s entry must name a QEMU 7.2 bug' % (path, n, cls))
        if value & ~mask:
            raise SystemExit('%s:%d: value has bits outside mask' % (path, n))
        feats = [(f, int(lv or 1)) for f, lv in re.findall(r'\[(\w+\.\w+)(?:>=(\d+))?\]', rest)]
        for f, _ in feats:
            if f not in ID_FIELDS:
                raise SystemExit('%s:%d: unknown ID field [%s]' % (path, n, f))
        entries.append((mask, value, cls, rest, feats))
    return entries


def allowed(entries, w, cls, regs=None):
    for mask, value, c, reason, feats in entries:
        if c == cls and w & mask == value:
            if regs and any(feature_present(regs, f) for f in feats):
                continue    # advertised now: no longer an excuse
            return reason
    return None


def classify(a, b):
    """a: under test, b: reference. None = same."""
    if a == b:
        return None
    if a == 'CRASH':
        return 'crash'
    if b == 'CRASH':
        return 'ref-crash'
    ua, ub = a == 'U', b == 'U'
    ea, eb = a.startswith('E'), b.startswith('E')
    if ua and not ub and not eb:
        return 'armlet-undef'
    if ub and not ua and not ea:
        return 'qemu-undef'
    if ea or eb or ua or ub:
        return 'exception'
    return 'value'


def class_stats(test, ref):
    tot, rx, tx, same = (collections.Counter() for _ in range(4))
    for i, (w, r) in ref.cases.items():
        c = enc_class(w) if w is not None else 'other'
        tot[c] += 1
        t = test.cases.get(i, (None, None))[1]
        if r not in ('U', 'CRASH') and not r.startswith('E'):
            rx[c] += 1
        if t and t not in ('U', 'CRASH') and not t.startswith('E'):
            tx[c] += 1
        if t == r:
            same[c] += 1
    print('%-24s %6s %7s %7s %7s' % ('class', 'cases', 'ref-ex', 'test-ex', 'same'))
    for c, n in sorted(tot.items()):
        print('%-24s %6d %6.0f%% %6.0f%% %6.0f%%' % (c, n, 100.0 * rx[c] / n,
                                                  100.0 * tx[c] / n, 100.0 * same[c] / n))


def compare(test, ref, allow, objdump, show_all, quiet=False):
    """Returns (number of unallowed mismatches, mismatch list)."""
    for r in (test, ref):
        for idx in r.crashes:
            w = r.cases.get(idx, (None,))[0]
            r.cases[idx] = (w, 'CRASH')
    idxs = sorted(set(test.cases) | set(ref.cases))
    words = {}
    counts = collections.Counter()
    mism = []
    for i in idxs:
        ta, rb = test.cases.get(i), ref.cases.get(i)
        if ta is None or rb is None:
            mism.append((i, (ta or rb)[0], 'missing', ta, rb))
            continue
        w = ta[0] if ta[0] is not None else rb[0]
        if ta[0] is not None and rb[0] is not None and ta[0] != rb[0]:
            mism.append((i, w, 'word', ta, rb))
            continue
        words[i] = w
        cls = classify(ta[1], rb[1])
        if cls is None:
            if ta[1] == 'U':
                counts['undef-both'] += 1
            elif ta[1] == 'CRASH':
                counts['crash-both'] += 1
            elif ta[1].startswith('E'):
                counts['exception-both'] += 1
            else:
                counts['executed-both'] += 1
            continue
        mism.append((i, w, cls, ta, rb))

    # the crash words need a word: take it from the other side
    mism = [(i, w if w is not None else 0, c, a, b) for i, w, c, a, b in mism]
    dis = disassemble([m[1] for m in mism], objdump)
    by_group = collections.defaultdict(list)
    unallowed = 0
    allowed_n = collections.Counter()
    regs = id_regs(test.info)
    for i, w, cls, ta, rb in mism:
        reason = allowed(allow, w, cls, regs)
        if cls == 'ref-crash':
            reason = 'the reference died on it (nothing to compare)'
        ok = reason is not None
        if ok:
            allowed_n[cls] += 1
        else:
            unallowed += 1
        by_group[(cls, ok, mnemonic(dis[w]))].append((i, w, ta, rb, reason))

    if not quiet:
        shown = 0
        for (cls, ok, mn), items in sorted(by_group.items(), key=lambda kv: (kv[0][1], kv[0][0], -len(kv[1]), kv[0][2])):
            if ok and not show_all and cls != 'ref-crash':
                continue
            for i, w, ta, rb, reason in items[: (None if show_all or cls == 'ref-crash' else 3)]:
                print('MISMATCH %-12s case %6d  %08x  %-40s [%s] test=%s ref=%s%s' % (
                    cls, i, w, dis[w], enc_class(w), ta[1] if ta else '-', rb[1] if rb else '-',
                    ('  (allowed: %s)' % reason) if ok else ''))
                shown += 1
            if len(items) > 3 and not show_all and cls != 'ref-crash':
                print('         ... %d more %s %s' % (len(items) - 3, cls, mn))
        print()
        print('Mismatch groups (class, mnemonic: count; * = allowed):')
        for (cls, ok, mn), items in sorted(by_group.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            areas = collections.Counter(enc_class(x[1]) for x in items)
            print('  %-12s %-18s %6d%s   %s' % (cls, mn, len(items), ' *' if ok else '  ',
                  ', '.join('%s %d' % a for a in areas.most_common(3))))
        print()
        by_area = collections.Counter()
        for (cls, ok, mn), items in by_group.items():
            if not ok:
                for x in items:
                    by_area[enc_class(x[1])] += 1
        if by_area:
            print('Unallowed mismatches by encoding class: ' +
                  ', '.join('%s %d' % a for a in by_area.most_common()))
        print('SUMMARY: %d cases, %d executed on both (same state), %d UNDEF on both, '
              '%d same exception on both, %d crashed both' % (
                  len(idxs), counts['executed-both'], counts['undef-both'],
                  counts['exception-both'], counts['crash-both']))
        mc = collections.Counter(m[2] for m in mism)
        print('SUMMARY: mismatches: %s; unallowed: %d' % (
            ', '.join('%s %d (%d allowed)' % (c, mc[c], allowed_n[c]) for c in sorted(mc)) or 'none',
            unallowed))
    return unallowed, mism


def show_state(test, ref, idx):
    def parse(lines):
        d = collections.OrderedDict()
        for l in lines:
            parts = l.split(None, 3)
            if len(parts) >= 4 and parts[1] in ('in', 'out'):
                d[(parts[1], parts[2])] = parts[3]
            else:
                d[('hdr', l)] = ''
        return d
    a, b = parse(test.dumps), parse(ref.dumps)
    print('case %d: %s' % (idx, ' / '.join(k[1] for k in a if k[0] == 'hdr')))
    for k in list(a) + [k for k in b if k not in a]:
        if k[0] == 'hdr':
            continue
        va, vb = a.get(k, '-'), b.get(k, '-')
        mark = '  ' if va == vb else '!='
        if va == vb:
            print('   %-3s %-6s %s' % (k[0], k[1], va))
        else:
            print('%s %-3s %-6s test %s   ref %s' % (mark, k[0], k[1], va, vb))
    for k in b:
        if k[0] == 'hdr' and k not in a:
            print('  ref: %s' % k[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--default-binary')
    ap.add_argument('--reference', default=REF_DEFAULT)
    ap.add_argument('--allow')
    ap.add_argument('--objdump', default=shutil.which('aarch64-linux-gnu-objdump') or
                    shutil.which('objdump'))
    ap.add_argument('--first', type=int, default=0)
    ap.add_argument('--limit', type=int, help='number of cases (default: the image\'s)')
    ap.add_argument('--seed', type=lambda s: int(s, 0))
    ap.add_argument('--timeout', type=float, default=240.0)
    ap.add_argument('--show-state', type=int, metavar='I',
                    help='dump the full state of case I on both')
    ap.add_argument('--self-test', action='store_true')
    ap.add_argument('--all', action='store_true', help='print every mismatch')
    ap.add_argument('--stats', action='store_true',
                    help='per encoding class: cases, executed (not UNDEF) on each, same result')
    ap.add_argument('image')
    args = ap.parse_args()

    if not os.access(args.reference, os.X_OK):
        print('SKIP: reference %s not found' % args.reference)
        return 77
    binary = os.environ.get('GUEST_QEMU_BINARY') or args.default_binary
    if args.self_test:
        binary = args.reference
    if not binary:
        print('fpsimd-diff: no emulator (set GUEST_QEMU_BINARY)', file=sys.stderr)
        return 1
    allow = load_allow(args.allow)
    n0, _ = default_cases(args.image)
    n = args.limit if args.limit is not None else n0 - args.first
    tmpdir = tempfile.mkdtemp(prefix='fpsimd-diff-')
    try:
        if args.show_state is not None:
            i = args.show_state
            test = Run(binary, args.image, tmpdir, 'test', i, 1, args.seed, args.timeout, dump=i)
            ref = Run(args.reference, args.image, tmpdir, 'ref', i, 1, args.seed, args.timeout, dump=i)
            run_both([test, ref])
            print('test: %s\nref:  %s' % (binary, args.reference))
            show_state(test, ref, i)
            return 0
        if args.self_test:
            return self_test(args, tmpdir, n)

        test = Run(binary, args.image, tmpdir, 'test', args.first, n, args.seed, args.timeout)
        ref = Run(args.reference, args.image, tmpdir, 'ref', args.first, n, args.seed, args.timeout)
        run_both([test, ref])
        print('test: %s (%.1f s)\nref:  %s (%.1f s)' % (binary, test.elapsed,
                                                        args.reference, ref.elapsed))
        for r, name in ((test, 'test'), (ref, 'ref')):
            for l in r.info:
                print('%s: %s' % (name, l))
            whys = collections.defaultdict(list)
            for i, why in sorted(r.crashes.items()):
                whys[why].append(i)
            for why, l in whys.items():
                print('%s: died (%s) on %d case(s): %s' % (name, why, len(l), ' '.join(map(str, l))))
        bad = 0
        for r, name in ((test, 'test'), (ref, 'ref')):
            for l in r.fails:
                print('%s: harness check failed: %s' % (name, l))
                bad += 1
            for e in r.errors:
                print('%s: %s' % (name, e))
                bad += 1
        if args.stats:
            class_stats(test, ref)
        unallowed, _ = compare(test, ref, allow, args.objdump, args.all)
        if bad:
            print('fpsimd-diff: %d harness problem(s)' % bad)
        return 0 if unallowed == 0 and bad == 0 else 1
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def self_test(args, tmpdir, n):
    """The reference against itself: determinism, then a corrupted case."""
    ref = args.reference
    a = Run(ref, args.image, tmpdir, 'a', args.first, n, args.seed, args.timeout)
    b = Run(ref, args.image, tmpdir, 'b', args.first, n, args.seed, args.timeout)
    run_both([a, b])
    bad = len(a.fails) + len(b.fails) + len(a.errors) + len(b.errors)
    unallowed, mism = compare(a, b, [], args.objdump, True, quiet=True)
    ok1 = not mism and not bad and set(a.crashes) == set(b.crashes)
    print('self-test: %s against itself, %d cases: %d mismatches, %d harness problems, '
          'died on %d / %d cases (the same): %s' % (ref, len(a.cases), len(mism), bad,
                                                    len(a.crashes), len(b.crashes),
                                                    'PASS' if ok1 else 'FAIL'))
    # corrupt the first few cases both executed (a load/store too, if any)
    targets = []
    for i in sorted(a.cases):
        w, r = a.cases[i]
        if r not in ('U', 'CRASH') and not r.startswith('E'):
            if not targets or (enc_class(w).startswith('ldst') and
                               not any(enc_class(a.cases[t][0]).startswith('ldst') for t in targets)):
                targets.append(i)
        if len(targets) >= 2:
            break
    ok2 = bool(targets)
    for t in targets:
        # cases up to t + 10 are enough: the corruption must show at t only
        m = min(n, t + 10 - args.first)
        c = Run(ref, args.image, tmpdir, 'c', args.first, m, args.seed, args.timeout, perturb=t)
        c.run()
        a_part = Run(ref, args.image, tmpdir, 'a', args.first, m, args.seed, args.timeout)
        a_part.cases = {i: v for i, v in a.cases.items() if i < args.first + m}
        _, mism = compare(c, a_part, [], args.objdump, True, quiet=True)
        got = [(m[0], m[2]) for m in mism]
        good = got == [(t, 'value')]
        print('self-test: V31 corrupted after case %d (%08x, %s): mismatches %s: %s' % (
            t, a.cases[t][0], enc_class(a.cases[t][0]), got[:5], 'PASS' if good else 'FAIL'))
        ok2 = ok2 and good
    return 0 if ok1 and ok2 else 1


if __name__ == '__main__':
    sys.exit(main())
