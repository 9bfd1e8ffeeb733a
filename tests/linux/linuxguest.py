# SPDX-License-Identifier: GPL-2.0-or-later
"""
What the Linux guest tests share: building the image with
scripts/build-linux-image.py, the emulator to run ($GUEST_QEMU_BINARY for
the reference run), the -M virt command line, and one boot to power-off.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, '..', '..', 'scripts', 'build-linux-image.py')
MACHINE = ['-M', 'virt', '-cpu', 'max', '-smp', '2', '-m', '512M']


def args(timeout):
    """--default-binary BIN, --timeout S, IMAGEDIR"""
    ap = argparse.ArgumentParser()
    ap.add_argument('--default-binary')
    ap.add_argument('--timeout', type=float, default=timeout)
    ap.add_argument('imagedir')
    return ap.parse_args()


def build_image(name, imagedir, *flags):
    """True if the image is there (built or cached); prints the skip reason."""
    os.makedirs(imagedir, exist_ok=True)
    if subprocess.run([sys.executable, BUILD, *flags, imagedir]).returncode != 0:
        print('%s: no Linux image (build-linux-image.py failed): skipped' % name)
        return False
    return True


def emulator(default):
    return os.environ.get('GUEST_QEMU_BINARY') or default


def is_reference():
    return bool(os.environ.get('GUEST_QEMU_BINARY'))


def boot_cmd(binary, imagedir, append, initrd='initrd.gz', extra=()):
    return [binary] + MACHINE + ['-nographic', '-no-reboot', *extra,
                                 '-kernel', os.path.join(imagedir, 'Image.gz'),
                                 '-initrd', os.path.join(imagedir, initrd),
                                 '-append', append]


def run(cmd, timeout):
    """Run to exit: (console text, its lines, exit status or 'timeout')."""
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        out, rc = p.stdout.decode(errors='replace'), p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b'').decode(errors='replace'), 'timeout'
    return out, [l.rstrip('\r') for l in out.splitlines()], rc


def verdict(name, out, bad, show):
    """Print the result; the exit status for meson."""
    if bad:
        print(out)
        print('%s: FAIL: missing: %s' % (name, '; '.join(bad)))
        return 1
    print('\n'.join(show))
    print('%s: PASS' % name)
    return 0
