#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# passive: passive-level ISRs. FULLY_SPECIFIED with Irql = SynchronizeIrql =
# PASSIVE_LEVEL, LINE_BASED on a line the glue marked passive, and
# CONNECT_MESSAGE_BASED_PASSIVE on edu's MSI: the ISR observes PASSIVE_LEVEL
# and runs in the IRQ's thread (irq/<n>-...), ntcompat reports it passive,
# the DPC still runs at DISPATCH_LEVEL, counts are exact.
# Rig: -device edu
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=12

nts_load edu_connect=passive
edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }
nts_only "$edu"
for mode in passive line-passive message-passive; do
	[ "$mode" = passive ] || nts_rebind "$edu" edu_connect "$mode" ||
		{ nts_fail "$edu: bind with $mode failed"; continue; }
	nts_bound "$edu" || { nts_fail "$edu not bound ($mode)"; continue; }
	case $mode in
	passive) v=1 ;;
	line-passive) v=2 ;;
	message-passive) v=5 ;;
	esac
	expect_eq "$mode version asked" "$(nts_get "$edu" version_asked)" "$v"
	expect_eq "$mode version obtained" "$(nts_get "$edu" version_obtained)" "$v"
	expect_eq "$mode passive" "$(nts_get "$edu" passive)" 1
	nts_fire "$edu" "$N"
	nts_show "$edu"
	nts_check_fired "$edu" "$N"
	expect_eq "$mode isr_irql" "$(nts_get "$edu" isr_irql)" 0
	irq=$(nts_get "$edu" linux_irqs)
	ks=$(nts_get "$edu" ntcompat_stats)
	case $ks in
	*passive=1*) ;;
	*) nts_fail "$mode: ntcompat does not report a passive interrupt: $ks" ;;
	esac
	t=$(nts_irq_thread "$irq") || nts_fail "$mode: no irq thread for irq $irq"
	nts_log "$mode: irq $irq thread ${t:-none}; ntcompat: $ks"
	nts_note "$mode: version $v, irq $irq in thread ${t:-none}, ISR IRQL $(nts_get "$edu" isr_irql)"
done
nts_unload
nts_end
