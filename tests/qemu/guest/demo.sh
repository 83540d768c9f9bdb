#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo: load ntcompat and the sample driver, connect each device with each
# kind of interrupt (rebinding the PCI function with another connect
# version), fire interrupts and print a short table of what the NT driver
# saw. Assertions as in the other scenarios (RESULT line at the end).
# Rig: -device edu -device edu (shared line or not) @ivshmem:4
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=10
ROWS=/tmp/demo-rows

# Start every edu on its MSI, so that a passive (IRQF_ONESHOT) connection of
# one edu never meets another edu's handler on a shared INTx line.
nts_load edu_connect=message ivshmem_connect=message
: >"$ROWS"

# fire_all BDF: fire N on every message of BDF, check, print the total
fire_all() {
	local b=$1 n m=0 total=0

	n=$(nts_get "$b" message_count)
	if [ "$(nts_get "$b" kind)" = ivshmem ]; then
		while [ "$m" -lt "$n" ]; do
			nts_fire "$b" "$m" "$N"
			total=$((total + N))
			m=$((m + 1))
		done
	else
		nts_fire "$b" "$N"
		total=$N
	fi
	nts_check_fired "$b" "$total"
}

# add_row BDF LABEL: one table row from BDF's counters
add_row() {
	local b=$1

	printf '%-8s %-13s %-18s %-5s %-13s %6s %5s %5s %5s  %s\n' \
		"$(nts_get "$b" kind)" "${b#0000:}" "$2" \
		"$(nts_get "$b" version_asked)->$(nts_get "$b" version_obtained)" \
		"$(nts_get "$b" linux_irqs | tr ' ' ',')" "$(nts_get "$b" raised)" \
		"$(nts_get "$b" isr_calls)" "$(nts_get "$b" claimed)" "$(nts_get "$b" dpc_runs)" \
		"$(nts_get "$b" isr_irql | tr ' ' ',')/$(nts_get "$b" dpc_irql)" >>"$ROWS"
}

# row BDF MODE: fire, check, add a row
row() {
	nts_bound "$1" || { nts_fail "$1 not bound with $2"; return; }
	fire_all "$1"
	add_row "$1" "$2"
}

for b in $(nts_edus); do
	for mode in line message fully passive message-passive; do
		nts_rebind "$b" edu_connect "$mode" || { nts_fail "$b: bind with $mode failed"; continue; }
		row "$b" "$mode"
	done
done
# Two edus on one INTx line, both connected: each ISR sees every interrupt
# of the line and claims only its own device's.
# shellcheck disable=SC2046 # one word per BDF
set -- $(nts_edus)
if [ $# -ge 2 ] && nts_rebind "$1" edu_connect line && nts_rebind "$2" edu_connect line &&
   [ "$(nts_get "$1" linux_irqs)" = "$(nts_get "$2" linux_irqs)" ]; then
	fire_all "$1"
	fire_all "$2"
	expect_eq "shared line: $1 ISR calls" "$(nts_get "$1" isr_calls)" $((2 * N))
	expect_eq "shared line: $2 ISR calls" "$(nts_get "$2" isr_calls)" $((2 * N))
	add_row "$1" "line, shared"
	add_row "$2" "line, shared"
fi
for b in $(nts_ivshmems); do
	for mode in message fully-message; do
		nts_rebind "$b" ivshmem_connect "$mode" || { nts_fail "$b: bind with $mode failed"; continue; }
		row "$b" "$mode"
	done
done

echo
echo "ntcompat demo on Linux $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs:" \
	"a WDM driver's ISR, DpcForIsr and KeSynchronizeExecution on real PCI interrupts"
echo
printf '%-8s %-13s %-18s %-5s %-13s %6s %5s %5s %5s  %s\n' device pci connect \
	version "Linux IRQs" raised ISR claim DPC "IRQL ISR/DPC"
cat "$ROWS"
echo
echo "version: 1 FULLY_SPECIFIED, 2 LINE_BASED, 3 MESSAGE_BASED, 5 MESSAGE_BASED_PASSIVE;"
echo "IRQL 2 = DISPATCH_LEVEL, 0 = PASSIVE_LEVEL (threaded ISR), above 2 = the emulated DIRQL."
echo
nts_note "$(wc -l <"$ROWS") connections shown"
nts_unload
nts_end
