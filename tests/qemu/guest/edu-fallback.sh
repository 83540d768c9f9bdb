#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# edu-fallback: booted with pci=nomsi, so no message is assigned.
# CONNECT_MESSAGE_BASED with a FallBackServiceRoutine connects the line and
# rewrites Version to CONNECT_LINE_BASED, and the fallback ISR works; without
# a fallback routine IoConnectInterruptEx fails with STATUS_NOT_FOUND and
# START_DEVICE fails.
# Rig: -device edu, kernel command line pci=nomsi
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=15

grep -qw pci=nomsi /proc/cmdline || nts_fail "not booted with pci=nomsi"
nts_load edu_connect=message
edu=$(nts_edus | head -n 1)
if [ -z "$edu" ] || ! nts_bound "$edu"; then
	nts_fail "no bound edu device"
	nts_end
fi

expect_eq "version asked" "$(nts_get "$edu" version_asked)" 3
expect_eq "version obtained (fallback)" "$(nts_get "$edu" version_obtained)" 2
expect_eq "message_count" "$(nts_get "$edu" message_count)" 1
irq=$(nts_get "$edu" linux_irqs)
expect_eq "linux irq = the device's INTx" "$irq" "$(cat "$NTS_PCI/$edu/irq")"
nts_fire "$edu" "$N"
nts_show "$edu"
nts_check_fired "$edu" "$N"

# No fallback routine: START_DEVICE must fail with STATUS_NOT_FOUND.
dmesg -c >/dev/null
if nts_rebind "$edu" edu_connect message-nofallback; then
	nts_fail "message-nofallback bound without messages"
fi
dmesg | grep -q "failed with NTSTATUS 0xc0000225" ||
	nts_fail "no STATUS_NOT_FOUND (0xc0000225) for message-nofallback: $(dmesg | grep ntsample | tail -n 1)"
nts_bound "$edu" && nts_fail "$edu still bound after a failed START_DEVICE"

nts_note "pci=nomsi: version 3->2 on irq $irq, $N/$N claimed; no fallback -> 0xc0000225"
nts_unload
nts_end
