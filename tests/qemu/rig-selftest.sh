#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rig-selftest.sh - show that run.sh fails what it must fail. Boots the
# bare rig (no module) on one kernel (default 6.12; -k as run.sh) with
# guest/selftest.sh told to misbehave (ntc.selftest=...), and checks each
# verdict: a clean run passes; a kernel WARNING, a RESULT FAIL line, a
# non-zero exit, a hang (timeout) and a kernel panic each fail, a panic
# before the first scenario is a rig failure booted twice, a panic after
# the last scenario fails too, and run.sh's summary and exit status say so.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

k=${1:-6.12}
[ "${1:-}" = -k ] && k=$2
conf=$(mktemp /tmp/ntc-rig-selftest.XXXXXX.conf)
out=$(mktemp /tmp/ntc-rig-selftest.XXXXXX.out)
trap 'rm -f "$conf" "$out"' EXIT
# injected knob | the FAIL reason run.sh must give (a glob)
cases=(
	"|"
	"warn|kernel log: *WARNING: CPU: 0 PID:"
	"fail|RESULT selftest FAIL"
	"exit|script exit status 3"
	"hang|did not finish ?timeout after"
	"panic|Kernel panic - not syncing: sysrq triggered crash"
	# the rig's own knobs (init.sh): a panic before the first scenario is
	# a rig failure, booted twice; one after the last never passes
	"rig:bootpanic|rig failure before any module was loaded: no scenario started (booted twice"
	"rig:donepanic|kernel panicked: *Kernel panic - not syncing: sysrq triggered crash"
)
for c in "${cases[@]}"; do
	knob=${c%%|*}
	case $knob in
	rig:*) echo "selftest | -device edu | ntc.rigtest=${knob#rig:}" >>"$conf" ;;
	*) echo "selftest | -device edu | ${knob:+ntc.selftest=$knob}" >>"$conf" ;;
	esac
done

rc=0
NTC_KERNEL_LIST_MORE=${NTC_KERNEL_LIST_MORE-} NTC_MODULES_FROM=none NTC_BOOT_TIMEOUT=${NTC_BOOT_TIMEOUT:-60} NTC_SCENARIO_TIMEOUT=30 \
	"$NTC_QEMU_DIR/run.sh" -k "$k" -c "$conf" >"$out" 2>&1 || rc=$?
cat "$out"
echo
mapfile -t verdicts < <(grep -E '^(PASS|FAIL)  ' "$out")
bad=0
for i in "${!cases[@]}"; do
	knob=${cases[$i]%%|*} want=${cases[$i]#*|}
	v=${verdicts[$i]:-}
	if [ -z "$knob" ]; then
		[[ $v == PASS* ]] && ok=1 || ok=0
	else
		# shellcheck disable=SC2053
		[[ $v == FAIL* && $v == *$want* ]] && ok=1 || ok=0
	fi
	printf '%s  selftest %-6s -> %s\n' "$([ $ok = 1 ] && echo ok || echo NOT)" \
		"${knob:-clean}" "$(echo "$v" | cut -c1-110)"
	[ $ok = 1 ] || bad=1
done
if ! grep -qx "1 passed, $(( ${#cases[@]} - 1 )) failed" "$out" || [ $rc = 0 ]; then
	echo "NOT  run.sh summary/exit status (exit $rc)"
	bad=1
fi
[ $bad = 0 ] && echo "rig-selftest: PASS" || echo "rig-selftest: FAIL"
exit $bad
