#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# reload: ntcompat refuses to unload while the sample driver uses it; the
# sample's STOP_DEVICE disconnects (IoDisconnectInterruptEx) so that a device
# interrupt raised afterwards reaches no ISR: the driver's counters stay
# frozen and the device stays un-acknowledged; START_DEVICE reconnects; both
# modules unload and reload cleanly, leaving no handler and no vector behind,
# for the line and for MSI.
# Rig: -device edu
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=5

edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }

for mode in line message; do
	nts_load edu_connect=$mode || break
	nts_bound "$edu" || { nts_fail "$edu not bound ($mode)"; break; }
	irq=$(nts_get "$edu" linux_irqs)
	nts_fire "$edu" "$N"
	nts_check_fired "$edu" "$N"

	# ntcompat is in use
	if rmmod ntcompat 2>/dev/null; then
		nts_fail "$mode: rmmod ntcompat succeeded while ntsample is loaded"
	fi
	grep -q '^ntcompat ' /proc/modules || nts_fail "$mode: ntcompat gone while ntsample is loaded"

	# STOP_DEVICE: disconnected, then nothing reaches the ISR
	nts_set "$edu" stop 1 || nts_fail "$mode: stop failed"
	expect_eq "$mode started after stop" "$(nts_get "$edu" started)" 0
	nts_irq_row "$irq" | grep -q "$edu" && nts_fail "$mode: irq $irq still has $edu's handler after stop"
	calls=$(nts_get "$edu" isr_calls)
	claimed=$(nts_get "$edu" claimed)
	nts_set "$edu" raise 3 || nts_fail "$mode: raise after stop failed"
	expect_eq "$mode edu status after stop + raise (nobody acked)" \
		"$(nts_get "$edu" device_status)" 0x00000001
	i=0
	while [ $i -lt 10 ]; do	# 200 ms in which nothing may happen
		usleep 20000
		[ "$(nts_get "$edu" isr_calls)" = "$calls" ] || break
		i=$((i + 1))
	done
	expect_eq "$mode isr_calls after disconnect" "$(nts_get "$edu" isr_calls)" "$calls"
	expect_eq "$mode claimed after disconnect" "$(nts_get "$edu" claimed)" "$claimed"

	# START_DEVICE again: reconnects (and acknowledges the stale status)
	nts_set "$edu" start 1 || nts_fail "$mode: start after stop failed"
	expect_eq "$mode started after start" "$(nts_get "$edu" started)" 1
	irq=$(nts_get "$edu" linux_irqs)
	nts_fire "$edu" "$N"
	expect_eq "$mode claimed after restart" "$(nts_get "$edu" claimed)" $((claimed + N))
	expect_eq "$mode dpc_items after restart" "$(nts_get "$edu" dpc_items)" $((claimed + N))
	nts_show "$edu"

	# unload both, in order
	rmmod ntsample || nts_fail "$mode: rmmod ntsample failed"
	rmmod ntcompat || nts_fail "$mode: rmmod ntcompat failed after ntsample"
	grep -qE '^(ntsample|ntcompat) ' /proc/modules && nts_fail "$mode: modules still loaded"
	grep -q "$edu" /proc/interrupts && nts_fail "$mode: $edu still in /proc/interrupts after unload"
	[ -n "$(ls "$NTS_PCI/$edu/msi_irqs" 2>/dev/null)" ] &&
		nts_fail "$mode: MSI vectors still allocated after unload"
	nts_note "$mode: refused rmmod ntcompat, frozen after stop, restart $((claimed + N))/$((claimed + N)), unloaded"
done

# Reloaded from scratch: fresh counters, exact again.
if nts_load edu_connect=line && nts_bound "$edu"; then
	nts_fire "$edu" "$N"
	nts_check_fired "$edu" "$N"
	nts_note "reloaded: $(nts_get "$edu" claimed)/$N"
fi
nts_unload
nts_end
