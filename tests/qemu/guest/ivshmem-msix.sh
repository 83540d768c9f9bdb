#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ivshmem-msix: CONNECT_MESSAGE_BASED on ivshmem-doorbell's N MSI-X vectors
# (one message each). The guest rings its own doorbell: vector v is rung
# 2v+3 times; each must arrive on MessageID v, exactly that often (ISR
# calls, claims, DPC items, and the vector's row in /proc/interrupts).
# Rig: @ivshmem:4 (ivshmem-doorbell,vectors=4 with the rig's server)
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin

nts_load ivshmem_connect=message
iv=$(nts_ivshmems | head -n 1)
if [ -z "$iv" ] || ! nts_bound "$iv"; then
	nts_fail "no bound ivshmem device"
	nts_end
fi

n=$(nts_get "$iv" message_count)
vectors=$(nts_count "$NTS_PCI/$iv/msi_irqs")
expect_eq "version asked" "$(nts_get "$iv" version_asked)" 3
expect_eq "version obtained" "$(nts_get "$iv" version_obtained)" 3
expect_eq "MessageCount = MSI-X vectors allocated" "$n" "$vectors"
expect_ge "MessageCount" "$n" 2
irqs=$(nts_get "$iv" linux_irqs)
nts_log "IVPosition $(nts_get "$iv" iv_position), $n messages on irqs $irqs"

# Ring vector v 2v+3 times, remembering /proc/interrupts before.
expected='' befores=''
v=0
for irq in $irqs; do
	befores="$befores $(nts_irq_count "$irq")"
	expected="$expected${expected:+ }$((2 * v + 3))"
	v=$((v + 1))
done
total=0
v=0
for k in $expected; do
	nts_fire "$iv" "$v" "$k"
	total=$((total + k))
	v=$((v + 1))
done
nts_show "$iv"

expect_eq "msg_raised" "$(nts_get "$iv" msg_raised)" "$expected"
expect_eq "msg_calls" "$(nts_get "$iv" msg_calls)" "$expected"
expect_eq "msg_claimed" "$(nts_get "$iv" msg_claimed)" "$expected"
expect_eq "msg_dpc_items" "$(nts_get "$iv" msg_dpc_items)" "$expected"
nts_check_fired "$iv" "$total"
expect_eq "isr_calls (MSI-X, not shared)" "$(nts_get "$iv" isr_calls)" "$total"
# Every message under the driver's one spin lock: all at UnifiedIrql.
expect_eq "isr_irql = UnifiedIrql" "$(nts_get "$iv" isr_irql)" "$(nts_get "$iv" unified_irql)"

# /proc/interrupts: vector i's IRQ saw exactly its rings.
i=1
for irq in $irqs; do
	k=$(echo "$expected" | cut -d' ' -f$i)
	b=$(echo "$befores" | awk -v i="$i" '{ print $i }')
	expect_eq "/proc/interrupts delta of irq $irq (MessageID $((i - 1)))" \
		$(($(nts_irq_count "$irq") - b)) "$k"
	nts_log "/proc/interrupts: $(nts_irq_row "$irq")"
	i=$((i + 1))
done

nts_note "$n MSI-X messages on irqs [$irqs], rung [$expected], claimed [$(nts_get "$iv" msg_claimed)]"
nts_unload
nts_end
