#!/bin/sh
# `make run` (sh scripts/run-demo.sh BUILDDIR): boot the PMU demo guest
# (demo/pmu-demo.c) on a source Armlet, which prints a perf-stat-like
# table of PMU counts every round; live-migrate it half-way over QMP to a
# destination Armlet started with -incoming; show the tables the
# destination prints afterwards (the round numbers and the 64-bit chained
# instruction count go on from where the source stopped); quit both.
# POSIX sh + socat. Overrides: ARMLET (emulator binary), DEMO_CPU (-cpu).
set -e
BUILD=${1:-build}
BIN=${ARMLET:-$BUILD/qemu-system-aarch64}
CPU=${DEMO_CPU:-max,pmu-counters=8}
GUEST=$BUILD/demo/pmu-demo.elf
ARGS="-M virt -cpu $CPU -m 128M -display none -nodefaults"
tmp=$(mktemp -d)
src= dst=
cleanup() {
    for p in $src $dst; do kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
# a signal (^C, or SIGPIPE when piped into head) exits through cleanup too:
# the two emulators never outlive the script
trap 'exit 1' INT TERM HUP PIPE

fail() { echo "run-demo: $*" >&2; exit 1; }

# qmp SOCKET 'JSON command': its reply (events dropped)
qmp() {
    printf '{"execute": "qmp_capabilities"}\n%s\n' "$2" |
        socat -t 0.5 - UNIX-CONNECT:"$1" | tail -n +3 | grep -v '"event"' || true
}

# rounds FILE: how many complete round tables FILE holds
rounds() {
    cat "$1" 2>/dev/null | grep -c 'ms elapsed' || true
}

# wait_rounds FILE N: until FILE holds N complete round tables (20 s at most)
wait_rounds() {
    i=0
    while [ "$(rounds "$1")" -lt "$2" ]; do
        i=$((i + 1))
        [ $i -le 200 ] || fail "no $2 rounds in $1 after 20 s: $(cat "$1")"
        sleep 0.1
    done
}

# last_table FILE: the last complete round table in FILE
last_table() {
    awk '/Performance counter stats/ { t = "" } { t = t $0 "\n" }
         /ms elapsed/ { last = t } END { printf "%s", last }' "$1"
}

# upto_last FILE: FILE up to its last complete round table
upto_last() {
    awk '{ t = t $0 "\n" } /ms elapsed/ { printf "%s", t; t = "" }' "$1"
}

[ -x "$BIN" ] || fail "no emulator at $BIN (make build)"
[ -f "$GUEST" ] || fail "no demo guest at $GUEST (make build)"

echo "== 1. Source: $BIN $ARGS -kernel pmu-demo.elf"
echo "      guest: shell sort + FNV-1a + copy, measured with the PMU, a table per round"
"$BIN" $ARGS -serial file:"$tmp/src.out" -kernel "$GUEST" \
    -qmp unix:"$tmp/src.qmp",server=on,wait=off &
src=$!
echo
echo "== 2. Destination: the same command line plus -incoming unix:mig.sock (waits for the stream)"
"$BIN" $ARGS -serial file:"$tmp/dst.out" -kernel "$GUEST" \
    -qmp unix:"$tmp/dst.qmp",server=on,wait=off -incoming unix:"$tmp/mig.sock" &
dst=$!
wait_rounds "$tmp/src.out" 3
echo
echo "== 3. Source serial console: its header and the last of its first rounds"
sed -n '1,/^PMCEID/p' "$tmp/src.out"
echo "..."
last_table "$tmp/src.out"

echo
echo "== 4. Live migration over QMP (source)"
echo "   -> {\"execute\": \"migrate-set-parameters\", \"arguments\": {\"max-bandwidth\": 10737418240}}"
echo "   <- $(qmp "$tmp/src.qmp" '{"execute": "migrate-set-parameters", "arguments": {"max-bandwidth": 10737418240}}')"
echo "   -> {\"execute\": \"migrate\", \"arguments\": {\"uri\": \"unix:mig.sock\"}}"
echo "   <- $(qmp "$tmp/src.qmp" '{"execute": "migrate", "arguments": {"uri": "unix:'"$tmp"'/mig.sock"}}')"
i=0
while :; do
    r=$(qmp "$tmp/src.qmp" '{"execute": "query-migrate"}')
    case $r in
    *'"completed"'*) break ;;
    *'"failed"'* | *'"cancelled"'*) fail "migration did not complete: $r" ;;
    esac
    i=$((i + 1))
    [ $i -le 60 ] || fail "migration still not completed after 30 s: $r"
done
echo "   -> {\"execute\": \"query-migrate\"}"
echo "   <- $r"
n_src=$(rounds "$tmp/src.out")
echo "   source: $(qmp "$tmp/src.qmp" '{"execute": "query-status"}')"
echo "   destination: $(qmp "$tmp/dst.qmp" '{"execute": "query-status"}')"
echo "   the source printed $n_src rounds; its last line: $(tail -n 1 "$tmp/src.out")"

wait_rounds "$tmp/dst.out" 2
echo
echo "== 5. Destination serial console: all it printed (it goes on where the source stopped)"
upto_last "$tmp/dst.out"
first=$(sed -n 's/.*stats for round \([0-9]*\) .*/\1/p' "$tmp/dst.out" | head -n 1)
[ "$first" = $((n_src + 1)) ] ||
    fail "the destination's first round is '$first', the source's last was $n_src"
echo "== The guest went on where it stopped: the source's last round was $n_src, the destination's first is $first"
if grep -q '!=' "$tmp/src.out" "$tmp/dst.out"; then
    fail "a PMU cross-check ('!=' above) failed"
fi
echo "== Every cross-check holds: instructions = cycles (CPI 1), mem-accesses = loads + stores,"
echo "   the chained 64-bit count grew by each round's instructions, on both sides"

echo
echo "== 6. Quit both over QMP"
qmp "$tmp/src.qmp" '{"execute": "quit"}' >/dev/null
qmp "$tmp/dst.qmp" '{"execute": "quit"}' >/dev/null
wait $src || fail "source exited with status $?"
wait $dst || fail "destination exited with status $?"
src= dst=
echo "both emulators exited with status 0"
