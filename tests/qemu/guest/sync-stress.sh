#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# sync-stress: KeSynchronizeExecution excludes the ISR. The ISR bumps a
# two-word counter (stalling between the words) for every interrupt of a
# stream of N; one reader thread per CPU reads both words through
# KeSynchronizeExecution, and under KeAcquire/ReleaseInterruptSpinLock
# (not for the passive ISR), meanwhile. A torn read (words differ) under the
# interrupt lock, an ISR that ran while a reader was inside its locked
# section (overlaps), or a caller's IRQL not restored, is a failure. The same readers also read without the lock;
# their torn count shows the window is real (reported, not asserted: it
# depends on timing). Run for the ISR's own lock (line), the driver's
# KSPIN_LOCK shared by messages (message) and the passive mutex (passive).
# Rig: -device edu
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=300

nts_load edu_connect=line
edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }
nts_only "$edu"
for mode in line message passive; do
	[ "$mode" = line ] || nts_rebind "$edu" edu_connect "$mode" ||
		{ nts_fail "$edu: bind with $mode failed"; continue; }
	nts_bound "$edu" || { nts_fail "$edu not bound ($mode)"; continue; }
	nts_set "$edu" sync_test "$N" || nts_fail "$mode: sync_test $N failed (see dmesg)"
	nts_show "$edu"
	reads=$(nts_get "$edu" sync_reads)
	torn=$(nts_get "$edu" sync_torn)
	utorn=$(nts_get "$edu" unsync_torn)
	nts_log "$mode: $N interrupts, $reads synchronized reads, $torn torn; unsynchronized: $utorn torn of $(nts_get "$edu" unsync_reads)"
	expect_eq "$mode stress_interrupts" "$(nts_get "$edu" stress_interrupts)" "$N"
	expect_ge "$mode sync_reads" "$reads" 1
	expect_eq "$mode sync_torn" "$torn" 0
	expect_eq "$mode irql_not_restored" "$(nts_get "$edu" irql_not_restored)" 0
	expect_eq "$mode overlaps (ISR inside a locked read)" "$(nts_get "$edu" overlaps)" 0
	nts_check_fired "$edu" "$N"
	nts_note "$mode: $reads locked reads, 0 torn ($utorn torn unlocked)"
done
nts_unload
nts_end
