#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fully-specified: CONNECT_FULLY_SPECIFIED (1) and _GROUP (4) with Vector,
# Irql, SynchronizeIrql, InterruptMode, ShareVector and ProcessorEnableMask
# copied from edu's translated line descriptor (reference section 9), and,
# when an ivshmem-doorbell is present, one FULLY_SPECIFIED connection per
# MSI-X message descriptor as KMDF does, each routed to its own MessageID.
# Rig: -device edu [@ivshmem:4]
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=12

nts_load edu_connect=fully
edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }
for mode in fully fully-group; do
	[ "$mode" = fully ] || nts_rebind "$edu" edu_connect "$mode" ||
		{ nts_fail "$edu: bind with $mode failed"; continue; }
	nts_bound "$edu" || { nts_fail "$edu not bound ($mode)"; continue; }
	v=1
	[ "$mode" = fully-group ] && v=4
	expect_eq "$mode version asked" "$(nts_get "$edu" version_asked)" "$v"
	expect_eq "$mode version obtained" "$(nts_get "$edu" version_obtained)" "$v"
	expect_eq "$mode vector = INTx" "$(nts_get "$edu" linux_irqs)" "$(cat "$NTS_PCI/$edu/irq")"
	nts_fire "$edu" "$N"
	nts_show "$edu"
	nts_check_fired "$edu" "$N"
	nts_note "$mode: version $v on irq $(nts_get "$edu" linux_irqs), $(nts_get "$edu" claimed)/$N"
done

iv=$(nts_ivshmems | head -n 1)
if [ -n "$iv" ]; then
	nts_rebind "$iv" ivshmem_connect fully-message || nts_fail "$iv: bind with fully-message failed"
	if nts_bound "$iv"; then
		n=$(nts_get "$iv" message_count)
		expect_eq "fully-message version" "$(nts_get "$iv" version_obtained)" 1
		expect_eq "fully-message objects = MSI-X vectors" "$n" "$(nts_count "$NTS_PCI/$iv/msi_irqs")"
		expected='' total=0 v=0
		while [ "$v" -lt "$n" ]; do
			k=$((v + 2))
			nts_fire "$iv" "$v" "$k"
			expected="$expected${expected:+ }$k"
			total=$((total + k))
			v=$((v + 1))
		done
		nts_show "$iv"
		expect_eq "fully-message msg_claimed" "$(nts_get "$iv" msg_claimed)" "$expected"
		expect_eq "fully-message msg_calls" "$(nts_get "$iv" msg_calls)" "$expected"
		nts_check_fired "$iv" "$total"
		nts_note "fully-message: $n objects, rung [$expected]"
	fi
fi
nts_unload
nts_end
