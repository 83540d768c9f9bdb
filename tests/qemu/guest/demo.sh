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

# row BDF MODE: fire N (per message on ivshmem), check, add a table row
row() {
	local b=$1 mode=$2 n m=0 total=0

	nts_bound "$b" || { nts_fail "$b not bound with $mode"; return; }
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
	printf '%-8s %-13s %-18s %-5s %-13s %6s %5s %5s %5s  %s\n' \
		"$(nts_get "$b" kind)" "${b#0000:}" "$mode" \
		"$(nts_get "$b" version_asked)->$(nts_get "$b" version_obtained)" \
		"$(nts_get "$b" linux_irqs | tr ' ' ',')" "$(nts_get "$b" raised)" \
		"$(nts_get "$b" isr_calls)" "$(nts_get "$b" claimed)" "$(nts_get "$b" dpc_runs)" \
		"$(nts_get "$b" isr_irql | tr ' ' ',')/$(nts_get "$b" dpc_irql)" >>"$ROWS"
}

for b in $(nts_edus); do
	for mode in line message fully passive message-passive; do
		nts_rebind "$b" edu_connect "$mode" || { nts_fail "$b: bind with $mode failed"; continue; }
		row "$b" "$mode"
	done
done
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
echo "On real hardware: make && insmod ntcompat/ntcompat.ko &&"
echo "  insmod sample-driver/ntsample.ko edu_connect=message (or modprobe after make install)."
echo
nts_note "$(wc -l <"$ROWS") connections shown"
nts_unload
nts_end
