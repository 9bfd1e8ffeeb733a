#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
decodetree.py: generate a C instruction decoder from a .decode description.

Input language (in the spirit of QEMU's decodetree; independent implementation):

  # comment                       ; '\' at end of line continues it
  %field  pos:len[s] ... [!function=fn]
        a field: one or more bit segments concatenated, first segment most
        significant; 's' makes that segment signed (sign of the whole value).
        !function=fn post-processes: int fn(DisasContext *s, int x).
  &argset name1 name2 ...  [!extern]
        an argument structure: typedef struct { int name1; ... } arg_argset.
  @format bits... [&argset] [name=%field] [name=const]
  NAME    bits... [@format] [&argset] [name=%field] [name=const]
        bits tokens concatenate (MSB first) to the instruction width:
          0 1     fixed bits
          . -     don't care ('-' = ignored, '.' = operand bits)
          name:len / name:lens   an inline field named 'name'
  {  ...  }   overlapping group: members tried in order until one's trans
              function returns true
  [  ...  ]   non-overlapping group (members decoded by decision tree)

Output: C source with the arg_* structs, prototypes of
  static bool trans_NAME(DisasContext *s, arg_NAME *a);
and  static bool DECODER(DisasContext *s, uint32_t insn)
where DECODER is --decode NAME. The decoder is a tree of switch statements
over fixed bits; every leaf re-checks its full fixed mask, so the tree only
chooses candidates and can never accept a non-matching pattern.
"""

import argparse
import re
import sys

WIDTH = 32


class DecodeError(Exception):
    pass


class Field:
    def __init__(self, name, segs, func):
        self.name = name
        self.segs = segs          # list of (pos, len, signed)
        self.func = func

    def expr(self, var='insn'):
        parts = []
        shift = 0
        for pos, ln, sgn in reversed(self.segs):
            fn = 'sextract32' if sgn else 'extract32'
            e = '%s(%s, %d, %d)' % (fn, var, pos, ln)
            if shift:
                e = '(int)((uint32_t)%s << %d)' % (e, shift) if sgn else '(%s << %d)' % (e, shift)
            parts.append(e)
            shift += ln
        e = ' | '.join(reversed(parts)) if len(parts) > 1 else parts[0]
        if self.func:
            e = '%s(s, %s)' % (self.func, e)
        return e


class ArgSet:
    def __init__(self, name, fields, extern):
        self.name = name
        self.fields = fields
        self.extern = extern


class Pattern:
    def __init__(self, name, mask, bits, args, assigns, line):
        self.name = name
        self.mask = mask
        self.bits = bits
        self.argset = args        # ArgSet
        self.assigns = assigns    # ordered dict name -> C expression
        self.line = line


class Group:
    def __init__(self, overlap, members, line):
        self.overlap = overlap
        self.members = members
        self.line = line
        m = (1 << WIDTH) - 1
        for x in members:
            m &= x.mask
        # bits on which all members agree
        b = members[0].bits & m if members else 0
        for x in members:
            m &= ~(x.bits ^ b) & ((1 << WIDTH) - 1)
        self.mask = m
        self.bits = b & m


class Parser:
    def __init__(self):
        self.fields = {}
        self.argsets = {}
        self.formats = {}
        self.root = []
        self.stack = [(None, self.root, 0)]
        self.auto_argsets = {}
        self.pattern_argset = {}

    def err(self, line, msg):
        raise DecodeError('line %d: %s' % (line, msg))

    def parse(self, text):
        lines = text.split('\n')
        buf = ''
        start = 0
        for i, raw in enumerate(lines, 1):
            s = raw.split('#', 1)[0].rstrip()
            if s.endswith('\\'):
                if not buf:
                    start = i
                buf += s[:-1] + ' '
                continue
            if buf:
                s = buf + s
                buf = ''
            else:
                start = i
            s = s.strip()
            if s:
                self.parse_line(s, start)
        if len(self.stack) != 1:
            self.err(self.stack[-1][2], 'unclosed group')

    def parse_line(self, s, line):
        toks = s.split()
        t0 = toks[0]
        if t0 in ('{', '['):
            grp = []
            self.stack.append((t0, grp, line))
            if len(toks) > 1:
                self.parse_line(' '.join(toks[1:]), line)
            return
        if t0 in ('}', ']'):
            kind, grp, gline = self.stack.pop()
            if kind is None or (kind == '{') != (t0 == '}'):
                self.err(line, 'mismatched ' + t0)
            if not grp:
                self.err(line, 'empty group')
            self.stack[-1][1].append(Group(kind == '{', grp, gline))
            return
        if t0[0] == '%':
            self.parse_field(t0[1:], toks[1:], line)
        elif t0[0] == '&':
            self.parse_argset(t0[1:], toks[1:], line)
        elif t0[0] == '@':
            self.formats[t0[1:]] = (toks[1:], line)
        else:
            self.stack[-1][1].append(self.parse_pattern(t0, toks[1:], line))

    def parse_field(self, name, toks, line):
        if name in self.fields:
            self.err(line, 'duplicate field %' + name)
        segs = []
        func = None
        for t in toks:
            if t.startswith('!function='):
                func = t[len('!function='):]
                continue
            m = re.fullmatch(r'(\d+):(s?)(\d+)', t)
            if not m:
                self.err(line, 'bad field segment ' + t)
            pos, sgn, ln = int(m.group(1)), m.group(2) == 's', int(m.group(3))
            if ln == 0 or pos + ln > WIDTH:
                self.err(line, 'field segment out of range ' + t)
            segs.append((pos, ln, sgn))
        if not segs:
            self.err(line, 'field without segments')
        self.fields[name] = Field(name, segs, func)

    def parse_argset(self, name, toks, line):
        extern = False
        names = []
        for t in toks:
            if t == '!extern':
                extern = True
            elif re.fullmatch(r'[A-Za-z_]\w*', t):
                if t in names:
                    self.err(line, 'duplicate member ' + t)
                names.append(t)
            else:
                self.err(line, 'bad argset member ' + t)
        self.argsets[name] = ArgSet(name, names, extern)

    def parse_bits_and_args(self, toks, line, st):
        """Accumulate bits/args into state dict st."""
        for t in toks:
            if t[0] in '01.-' and re.fullmatch(r'[01.\-]+', t):
                for c in t:
                    st['bits'].append(c)
            elif re.fullmatch(r'[A-Za-z_]\w*:s?\d+', t):
                name, ln = t.split(':')
                sgn = ln.startswith('s')
                ln = int(ln.lstrip('s'))
                pos_from_msb = len(st['bits'])
                st['inline'].append((name, pos_from_msb, ln, sgn))
                st['bits'].extend(['.'] * ln)
            elif t[0] == '@':
                if st['fmt'] is not None:
                    self.err(line, 'two formats')
                st['fmt'] = t[1:]
            elif t[0] == '&':
                if t[1:] not in self.argsets:
                    self.err(line, 'unknown argset ' + t)
                st['argset'] = t[1:]
            elif '=' in t:
                name, val = t.split('=', 1)
                if val.startswith('%'):
                    if val[1:] not in self.fields:
                        self.err(line, 'unknown field ' + val)
                    st['assign'][name] = self.fields[val[1:]].expr()
                elif re.fullmatch(r'-?(0x[0-9a-fA-F]+|\d+)', val):
                    st['assign'][name] = '%d' % int(val, 0)
                else:
                    self.err(line, 'bad assignment ' + t)
            elif t[0] == '%':
                # '%field' alone: member named as the field
                if t[1:] not in self.fields:
                    self.err(line, 'unknown field ' + t)
                st['assign'][t[1:]] = self.fields[t[1:]].expr()
            else:
                self.err(line, 'bad token ' + t)

    def parse_pattern(self, name, toks, line):
        st = {'bits': [], 'inline': [], 'fmt': None, 'argset': None, 'assign': {}}
        self.parse_bits_and_args(toks, line, st)
        if st['fmt'] is not None:
            if st['fmt'] not in self.formats:
                self.err(line, 'unknown format @' + st['fmt'])
            ftoks, fline = self.formats[st['fmt']]
            fst = {'bits': [], 'inline': [], 'fmt': None, 'argset': None, 'assign': {}}
            self.parse_bits_and_args(ftoks, fline, fst)
            if fst['fmt'] is not None:
                self.err(fline, 'format refers to a format')
            if st['bits']:
                if len(st['bits']) != WIDTH or len(fst['bits']) != WIDTH:
                    self.err(line, 'pattern and format bits must both be %d wide' % WIDTH)
                merged = []
                for a, b in zip(st['bits'], fst['bits']):
                    if a in '01' and b in '01' and a != b:
                        self.err(line, 'pattern bit conflicts with format')
                    merged.append(a if a in '01' else b)
                    if a in '01' and b in '01':
                        pass
                st['bits'] = merged
            else:
                st['bits'] = fst['bits']
            inl = fst['inline'] + st['inline']
            assign = dict(fst['assign'])
            assign.update(st['assign'])
            argset = st['argset'] or fst['argset']
        else:
            inl = st['inline']
            assign = st['assign']
            argset = st['argset']
        bits = st['bits']
        if len(bits) != WIDTH:
            self.err(line, 'pattern %s is %d bits, want %d' % (name, len(bits), WIDTH))
        mask = 0
        val = 0
        for i, c in enumerate(bits):
            bit = WIDTH - 1 - i
            if c in '01':
                mask |= 1 << bit
                if c == '1':
                    val |= 1 << bit
        # inline fields override nothing that is fixed
        allassign = {}
        for (fname, pmsb, ln, sgn) in inl:
            pos = WIDTH - pmsb - ln
            if any(bits[pmsb + k] in '01' for k in range(ln)):
                # a format field the pattern fixed: still extract it
                pass
            allassign[fname] = Field(fname, [(pos, ln, sgn)], None).expr()
        allassign.update(assign)
        if argset is None:
            key = tuple(sorted(allassign))
            aname = self.auto_argsets.get(key)
            if aname is None:
                aname = '_auto%d' % len(self.auto_argsets)
                self.auto_argsets[key] = aname
                self.argsets[aname] = ArgSet(aname, list(key), False)
            argset = aname
        aset = self.argsets[argset]
        for k in allassign:
            if k not in aset.fields:
                self.err(line, 'pattern %s sets %s not in &%s' % (name, k, argset))
        missing = [k for k in aset.fields if k not in allassign]
        if missing:
            self.err(line, 'pattern %s leaves %s unset' % (name, ', '.join(missing)))
        prev = self.pattern_argset.get(name)
        if prev is not None and prev != argset:
            self.err(line, 'pattern %s used with two argsets' % name)
        self.pattern_argset[name] = argset
        return Pattern(name, mask, val, aset, allassign, line)


def popcount(x):
    return bin(x).count('1')


class Gen:
    def __init__(self, out):
        self.out = out

    def w(self, ind, s):
        self.out.append('    ' * ind + s)

    def leaf(self, item, ind, gid):
        if isinstance(item, Pattern):
            self.w(ind, 'if ((insn & 0x%08x) == 0x%08x) {' % (item.mask, item.bits))
            self.w(ind + 1, '/* line %d */' % item.line)
            self.w(ind + 1, 'arg_%s a;' % item.argset.name)
            for k in item.argset.fields:
                self.w(ind + 1, 'a.%s = %s;' % (k, item.assigns[k]))
            self.w(ind + 1, 'if (trans_%s(s, &a)) {' % item.name)
            self.w(ind + 2, 'return true;')
            self.w(ind + 1, '}')
            self.w(ind, '}')
        elif item.overlap:
            self.w(ind, 'if ((insn & 0x%08x) == 0x%08x) {' % (item.mask, item.bits))
            for m in item.members:
                self.leaf(m, ind + 1, gid)
            self.w(ind, '}')
        else:
            self.w(ind, 'if ((insn & 0x%08x) == 0x%08x) {' % (item.mask, item.bits))
            self.tree(item.members, item.mask, ind + 1, gid)
            self.w(ind, '}')

    def tree(self, items, tested, ind, gid, depth=0):
        """Emit code trying items (in order) for insn, given bits 'tested'."""
        full = (1 << WIDTH) - 1
        if len(items) <= 1 or depth > 24:
            for it in items:
                self.leaf(it, ind, gid)
            return
        common = full
        for it in items:
            common &= it.mask
        common &= ~tested
        if common:
            vals = {it.bits & common for it in items}
            if len(vals) == 1:
                self.tree(items, tested | common, ind, gid, depth + 1)
                return
            mask = common
        else:
            # choose the untested bit fixed in most items, then all bits
            # those items share
            cnt = [0] * WIDTH
            for it in items:
                for b in range(WIDTH):
                    if (it.mask >> b) & 1 and not (tested >> b) & 1:
                        cnt[b] += 1
            best = max(range(WIDTH), key=lambda b: cnt[b])
            if cnt[best] < 2:
                for it in items:
                    self.leaf(it, ind, gid)
                return
            mask = full
            for it in items:
                if (it.mask >> best) & 1:
                    mask &= it.mask
            mask &= ~tested
        cases = {}
        order = []
        for it in items:
            if it.mask & mask == mask:
                v = it.bits & mask
                if v not in cases:
                    cases[v] = []
                    order.append(v)
        default = [it for it in items if it.mask & mask != mask]
        for v in order:
            cases[v] = [it for it in items
                        if (it.bits & it.mask & mask) == (v & it.mask)]
        if all(len(cases[v]) == len(items) for v in order):
            for it in items:
                self.leaf(it, ind, gid)
            return
        self.w(ind, 'switch (insn & 0x%08x) {' % mask)
        for v in sorted(order):
            self.w(ind, 'case 0x%08x:' % v)
            self.tree(cases[v], tested | mask, ind + 1, gid, depth + 1)
            self.w(ind + 1, 'break;')
        if default:
            self.w(ind, 'default:')
            self.tree(default, tested, ind + 1, gid, depth + 1)
            self.w(ind + 1, 'break;')
        self.w(ind, '}')


def check_overlaps(items):
    """Outside { } groups, two items matching the same word are an error."""
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if ((a.bits ^ b.bits) & a.mask & b.mask) == 0:
                raise DecodeError('line %d: pattern overlaps line %d outside a { } group'
                                  % (b.line, a.line))
    for it in items:
        if isinstance(it, Group):
            if it.overlap:
                for m in it.members:
                    if isinstance(m, Group) and not m.overlap:
                        check_overlaps(m.members)
            else:
                check_overlaps(it.members)


def generate(p, decoder, static):
    out = []
    out.append('/* Generated by scripts/decodetree.py: do not edit. */')
    for a in p.argsets.values():
        if a.extern:
            continue
        out.append('typedef struct {')
        for f in a.fields:
            out.append('    int %s;' % f)
        if not a.fields:
            out.append('    int _unused;')
        out.append('} arg_%s;' % a.name)
        out.append('')
    for name, aset in sorted(p.pattern_argset.items()):
        if name != aset:
            out.append('typedef arg_%s arg_%s;' % (aset, name))
        out.append('static bool trans_%s(DisasContext *s, arg_%s *a);' % (name, name))
    out.append('')
    out.append('%sbool %s(DisasContext *s, uint32_t insn)' % ('static ' if static else '', decoder))
    out.append('{')
    g = Gen(out)
    g.tree(p.root, 0, 1, 0)
    out.append('    return false;')
    out.append('}')
    return '\n'.join(out) + '\n'


HELPERS = '''#ifndef DECODETREE_HELPERS
#define DECODETREE_HELPERS
static inline int extract32(uint32_t v, int pos, int len)
{
    return (int)((v >> pos) & (0xffffffffu >> (32 - len)));
}
static inline int sextract32(uint32_t v, int pos, int len)
{
    return (int)((int32_t)(v << (32 - len - pos)) >> (32 - len));
}
#endif
'''


def main(argv):
    ap = argparse.ArgumentParser(description='decode tree generator')
    ap.add_argument('input')
    ap.add_argument('-o', '--output', default='-')
    ap.add_argument('--decode', default='decode')
    ap.add_argument('--static-decoder', action='store_true')
    ap.add_argument('--insnwidth', type=int, default=32)
    args = ap.parse_args(argv)
    global WIDTH
    WIDTH = args.insnwidth
    p = Parser()
    try:
        with open(args.input) as f:
            p.parse(f.read())
        check_overlaps(p.root)
    except DecodeError as e:
        sys.stderr.write('%s:%s\n' % (args.input, e))
        return 1
    text = HELPERS + generate(p, args.decode, args.static_decoder)
    if args.output == '-':
        sys.stdout.write(text)
    else:
        with open(args.output, 'w') as f:
            f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
