#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""decodetree.py rejects malformed input with a line-numbered error (TAP)."""
import os
import subprocess
import sys
import tempfile

CASES = [
    ('short pattern', 'A 0000 ....\n', 'bits, want 32'),
    ('overlap outside group', 'A 00000000 ........................\n'
                              'B 0000000. ........................\n', 'overlaps line 1'),
    ('unknown field', 'A 00000000 ........................ x=%nope\n', 'unknown field'),
    ('unknown format', 'A 00000000 ........................ @nope\n', 'unknown format'),
    ('unset member', '&ab a b\nA 00000000 a:8 ................ &ab\n', 'leaves b unset'),
    ('unclosed group', '{\nA 00000000 ........................\n', 'unclosed group'),
    ('mismatched group', '{\nA 00000000 ........................\n]\n', 'mismatched'),
    ('bad segment', '%f 30:4\n', 'out of range'),
    ('format conflict', '@f 1....... ........................\n'
                        'A 00000000 ........................ @f\n', 'conflicts'),
]


def main():
    tool = sys.argv[1]
    print('1..%d' % (len(CASES) + 1))
    n = 0
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, 'in.decode')
        for i, (name, text, want) in enumerate(CASES, 1):
            with open(src, 'w') as f:
                f.write(text)
            r = subprocess.run([sys.executable, tool, src, '-o', os.path.join(d, 'o.c')],
                               capture_output=True, text=True)
            ok = r.returncode != 0 and want in r.stderr and 'line' in r.stderr
            n += not ok
            print('%s %d - %s%s' % ('ok' if ok else 'not ok', i, name,
                                    '' if ok else ' # got: ' + r.stderr.strip()))
        with open(src, 'w') as f:
            f.write('{\n A 00000000 ........................\n'
                    ' B 0000000. ........................\n}\n')
        r = subprocess.run([sys.executable, tool, src, '-o', os.path.join(d, 'o.c')],
                           capture_output=True, text=True)
        ok = r.returncode == 0
        n += not ok
        print('%s %d - overlap inside { } accepted' % ('ok' if ok else 'not ok', len(CASES) + 1))
    return 1 if n else 0


if __name__ == '__main__':
    sys.exit(main())
