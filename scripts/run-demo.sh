#!/bin/sh
# `make run`: what the machine is today. Until the CPU exists this shows
# the virt board's device tree, a qtest client writing to the PL011 UART,
# and a QMP conversation; the CPU issue replaces it with a booting guest.
set -e
BIN=${1:-build/qemu-system-aarch64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== $BIN -M virt,dumpdtb=virt.dtb -cpu max -smp 2 -m 256M"
"$BIN" -M virt,dumpdtb="$tmp/virt.dtb" -cpu max -smp 2 -m 256M
dtc -q -I dtb -O dts "$tmp/virt.dtb"

echo
echo "== qtest: writeb to the PL011 data register at 0x09000000 (-serial file:out)"
msg="Hello from the Armlet PL011"
cmds=$(printf '%s' "$msg" | od -An -tx1 -v | tr -s ' ' '\n' | sed '/^$/d' |
       sed 's/^/writeb 0x09000000 0x/')
printf '%s\n' "$cmds" | "$BIN" -M virt -S -display none -serial file:"$tmp/out" \
    -qtest stdio | sort | uniq -c
echo "serial output file holds: '$(cat "$tmp/out")'"

echo
echo "== QMP over stdio"
printf '%s\n' '{"execute": "qmp_capabilities"}' '{"execute": "query-status"}' \
    '{"execute": "query-version"}' '{"execute": "cont"}' '{"execute": "query-status"}' \
    '{"execute": "quit"}' |
    "$BIN" -M virt -S -display none -nodefaults -qmp stdio
