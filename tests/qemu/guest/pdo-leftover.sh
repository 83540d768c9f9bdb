#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# pdo-leftover: ntcompat deletes the PDOs a driver forgot to delete, for
# edu's MSI (ntsample's test knob leak_pdo), and each time the device is
# left clean: MSI disabled (no msi_irqs), nothing of it in /proc/interrupts,
# one warning line (a pr_warn: the rig fails on WARN()'s "WARNING:"), and
# the next bind gets MSI again with N exact interrupts.
#  1. leak_pdo=1: REMOVE_DEVICE disconnects and deletes its FDO but not the
#     PDO: deleted at the unbind ("driver unbound without deleting its PDO;
#     deleting it"), before Linux releases the MSI descriptors.
#  3. leak_pdo=3: the probe fails after resource assignment (MSI enabled)
#     and leaves its PDO: deleted in the failed probe's cleanup, same line.
#  2. leak_pdo=2: the probe fails right after creating the PDO (no
#     resources): it stays until ntcompat's exit, which deletes it ("PDO
#     left behind by an unloaded driver; deleting it").
# Rig: -device edu
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=10
LEAK=/sys/module/ntsample/parameters/leak_pdo

# klog_count TEXT - kernel log lines containing TEXT so far.
klog_count() { dmesg | grep -cF -- "$1" || true; }

clean() {	# WHEN
	[ -z "$(ls "$NTS_PCI/$edu/msi_irqs" 2>/dev/null)" ] ||
		nts_fail "$1: MSI still enabled (msi_irqs: $(ls "$NTS_PCI/$edu/msi_irqs" | tr '\n' ' '))"
	grep -q "$edu" /proc/interrupts && nts_fail "$1: $edu still in /proc/interrupts"
	return 0
}

works() {	# WHEN - bound with a fresh FDO, MSI, N exact interrupts
	nts_bound "$edu" || { nts_fail "$1: $edu not bound"; return 0; }
	expect_eq "$1: version obtained (MSI)" "$(nts_get "$edu" version_obtained)" 3
	[ -n "$(ls "$NTS_PCI/$edu/msi_irqs" 2>/dev/null)" ] || nts_fail "$1: no MSI vector"
	nts_fire "$edu" "$N"
	nts_check_fired "$edu" "$N"
	expect_eq "$1: isr_calls" "$(nts_get "$edu" isr_calls)" "$N"
}

edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }
nts_load edu_connect=message || nts_end
works "first bind"
unbound="$edu: driver unbound without deleting its PDO; deleting it"
exited="$edu: PDO left behind by an unloaded driver; deleting it"

# 1. REMOVE without ntcompat_delete_pdo: deleted at the unbind
before=$(klog_count "$unbound")
echo 1 >"$LEAK"
echo "$edu" >"$NTS_DRV/unbind"
nts_bound "$edu" && nts_fail "leak 1: still bound after unbind"
expect_eq "leak 1: \"$unbound\" lines" $(($(klog_count "$unbound") - before)) 1
clean "leak 1: after the unbind"
echo 0 >"$LEAK"
echo "$edu" >"$NTS_DRV/bind" || nts_fail "leak 1: rebind refused"
works "leak 1: rebound"

# 3. a probe failing after resource assignment: deleted in its cleanup
echo "$edu" >"$NTS_DRV/unbind"
before=$(klog_count "$unbound")
echo 3 >"$LEAK"
echo "$edu" 2>/dev/null >"$NTS_DRV/bind" && nts_fail "leak 3: bind succeeded"
nts_bound "$edu" && nts_fail "leak 3: bound although the probe failed"
expect_eq "leak 3: \"$unbound\" lines" $(($(klog_count "$unbound") - before)) 1
clean "leak 3: after the failed probe"
echo 0 >"$LEAK"
echo "$edu" >"$NTS_DRV/bind" || nts_fail "leak 3: bind after the failed probe refused"
works "leak 3: bound again"

# 2. a probe failing before resource assignment: deleted at ntcompat's exit
echo "$edu" >"$NTS_DRV/unbind"
before=$(klog_count "$exited")
echo 2 >"$LEAK"
echo "$edu" 2>/dev/null >"$NTS_DRV/bind" && nts_fail "leak 2: bind succeeded"
nts_bound "$edu" && nts_fail "leak 2: bound although the probe failed"
clean "leak 2: after the failed probe"
rmmod ntsample || nts_fail "leak 2: rmmod ntsample failed"
rmmod ntcompat || nts_fail "leak 2: rmmod ntcompat failed"
expect_eq "leak 2: \"$exited\" lines" $(($(klog_count "$exited") - before)) 1
clean "leak 2: after ntcompat's exit"
nts_load edu_connect=message || nts_end
works "leak 2: reloaded"

nts_note "forgotten PDO deleted at the unbind, at the failed probe and at ntcompat's exit; clean each time, $N/$N after each rebind"
nts_unload
nts_end
