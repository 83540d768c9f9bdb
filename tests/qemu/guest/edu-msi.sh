#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# edu-msi: CONNECT_MESSAGE_BASED on edu's single MSI. Version stays
# CONNECT_MESSAGE_BASED, MessageCount is 1, the Linux IRQ is an MSI, and
# since MSIs are not shared the ISR calls are exactly the interrupts raised.
# Rig: -device edu
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=25

nts_load edu_connect=message
edu=$(nts_edus | head -n 1)
if [ -z "$edu" ] || ! nts_bound "$edu"; then
	nts_fail "no bound edu device"
	nts_end
fi

expect_eq "version asked" "$(nts_get "$edu" version_asked)" 3
expect_eq "version obtained" "$(nts_get "$edu" version_obtained)" 3
expect_eq "message_count" "$(nts_get "$edu" message_count)" 1
irq=$(nts_get "$edu" linux_irqs)
[ -e "$NTS_PCI/$edu/msi_irqs/$irq" ] || nts_fail "irq '$irq' is not one of $edu's MSI vectors"
nts_irq_row "$irq" | grep -q MSI || nts_fail "irq $irq is not an MSI: $(nts_irq_row "$irq")"
before=$(nts_irq_count "$irq")

nts_fire "$edu" "$N"
nts_show "$edu"
nts_check_fired "$edu" "$N"
expect_eq "isr_calls (MSI, not shared)" "$(nts_get "$edu" isr_calls)" "$N"
expect_eq "msg_claimed" "$(nts_get "$edu" msg_claimed)" "$N"
expect_eq "/proc/interrupts delta of irq $irq" $(($(nts_irq_count "$irq") - before)) "$N"
# One message with the driver's spin lock: the ISR runs at UnifiedIrql.
expect_eq "isr_irql = UnifiedIrql" "$(nts_get "$edu" isr_irql)" "$(nts_get "$edu" unified_irql)"
nts_log "/proc/interrupts: $(nts_irq_row "$irq")"

nts_note "MSI irq $irq: version 3->$(nts_get "$edu" version_obtained), MessageCount 1, $N/$N claimed"
nts_unload
nts_end
