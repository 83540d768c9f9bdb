#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# edu-line: CONNECT_LINE_BASED on edu's INTx. N raised = N claimed = N
# consumed by the DpcForIsr (which ran at least once), the ISR ran above
# DISPATCH_LEVEL, the DPC at DISPATCH_LEVEL, and /proc/interrupts saw them;
# the driver's 1 s KTIMER watchdog DPC keeps running.
# Rig: -device edu
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=25

nts_load edu_connect=line
edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }
nts_bound "$edu" || { nts_fail "ntsample did not bind $edu"; nts_end; }

expect_eq "version asked" "$(nts_get "$edu" version_asked)" 2
expect_eq "version obtained" "$(nts_get "$edu" version_obtained)" 2
expect_eq "message_count" "$(nts_get "$edu" message_count)" 1
expect_eq "passive" "$(nts_get "$edu" passive)" 0
irq=$(nts_get "$edu" linux_irqs)
expect_eq "linux irq = the device's INTx" "$irq" "$(cat "$NTS_PCI/$edu/irq")"
before=$(nts_irq_count "$irq")

nts_fire "$edu" "$N"
nts_show "$edu"
nts_check_fired "$edu" "$N"
after=$(nts_irq_count "$irq")
expect_ge "/proc/interrupts delta of irq $irq" $((after - before)) "$N"
nts_log "/proc/interrupts: $(nts_irq_row "$irq")"
ks=$(nts_get "$edu" ntcompat_stats)
nts_log "ntcompat: $ks"
case $ks in
*"claimed=$N "*) ;;
*) nts_fail "ntcompat_stats claimed != $N: $ks" ;;
esac

# The KTIMER watchdog (a 1 s periodic timer DPC since START_DEVICE): it
# keeps running while the device is started.
w0=$(nts_get "$edu" watchdog_runs)
nts_wait_more "$edu" watchdog_runs $((w0 + 2)) ||
	nts_fail "the KTIMER watchdog DPC did not run twice more in 10 s (runs: $w0 -> $(nts_get "$edu" watchdog_runs))"

nts_note "$N INTx interrupts on irq $irq: claimed $(nts_get "$edu" claimed), DPC runs $(nts_get "$edu" dpc_runs), IRQL isr $(nts_get "$edu" isr_irql) dpc $(nts_get "$edu" dpc_irql), watchdog runs $w0 -> $(nts_get "$edu" watchdog_runs)"
nts_unload
nts_end
