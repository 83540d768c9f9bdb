#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# edu-shared: two edu devices on one INTx line, both CONNECT_LINE_BASED.
# Each ISR claims only its own device's interrupts (the status register says
# whose it is), both are counted exactly, and each ISR was also called for
# the other's interrupts and said "not mine".
# Rig: -device edu,addr=4 -device edu,addr=8 (same PIIX PIRQ on -machine pc)
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
NA=11
NB=17

nts_load edu_connect=line
# shellcheck disable=SC2046 # one word per BDF
set -- $(nts_edus)
[ $# -ge 2 ] || { nts_fail "need two edu devices, have $#"; nts_end; }
a=$1 b=$2
irqa=$(nts_get "$a" linux_irqs)
irqb=$(nts_get "$b" linux_irqs)
if [ -z "$irqa" ] || [ "$irqa" != "$irqb" ]; then
	nts_fail "$a (irq '$irqa') and $b (irq '$irqb') do not share a line"
	nts_end
fi
before=$(nts_irq_count "$irqa")

nts_fire "$a" "$NA"
nts_fire "$b" "$NB"
nts_show "$a"
nts_show "$b"
nts_check_fired "$a" "$NA"
nts_check_fired "$b" "$NB"

# Linux calls every handler of a shared line for each interrupt.
ia=$(nts_get "$a" isr_calls)
ib=$(nts_get "$b" isr_calls)
expect_eq "ISR calls on the shared line ($a vs $b)" "$ia" "$ib"
expect_ge "$a ISR calls not claimed" $((ia - NA)) "$NB"
expect_ge "$b ISR calls not claimed" $((ib - NB)) "$NA"
after=$(nts_irq_count "$irqa")
expect_ge "/proc/interrupts delta of irq $irqa" $((after - before)) $((NA + NB))
nts_log "/proc/interrupts: $(nts_irq_row "$irqa")"

nts_note "irq $irqa shared: $a claimed $(nts_get "$a" claimed)/$ia calls, $b claimed $(nts_get "$b" claimed)/$ib calls"
nts_unload
nts_end
