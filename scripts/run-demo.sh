#!/bin/sh
# `make run`: boot the bundled A-B guest on Armlet's CPU and drive it over
# QMP: it prints 'A', then a 'B' every 256 passes over 100 MiB of RAM.
# We let it run, stop it (no more B's), continue it, and quit.
set -e
BUILD=${1:-build}
BIN=$BUILD/qemu-system-aarch64
KERNEL=$BUILD/tests/migration/a-b-kernel.bin
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT

qmp() {
    printf '{"execute": "qmp_capabilities"}\n{"execute": "%s"}\n' "$1" |
        socat -t 1 - UNIX-CONNECT:"$tmp/qmp.sock" | tail -n +3 | grep -v '"event"' || true
}

echo "== $BIN -M virt -cpu max -m 150M -nographic -kernel a-b-kernel.bin -qmp unix:qmp.sock,server=on,wait=off"
"$BIN" -M virt -cpu max -m 150M -display none -nodefaults -serial file:"$tmp/serial" \
    -kernel "$KERNEL" -qmp unix:"$tmp/qmp.sock",server=on,wait=off &
pid=$!
sleep 2
echo "guest output after 2 s: $(cat "$tmp/serial")"
echo "QMP query-status: $(qmp query-status)"
echo "QMP stop: $(qmp stop)"
n=$(wc -c < "$tmp/serial"); sleep 1
echo "stopped for 1 s: $(( $(wc -c < "$tmp/serial") - n )) new bytes"
echo "QMP cont: $(qmp cont)"
sleep 1
echo "guest output after cont: $(cat "$tmp/serial")"
echo "QMP quit: $(qmp quit)"
wait $pid && echo "emulator exited with status 0"
