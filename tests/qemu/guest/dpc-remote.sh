#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dpc-remote: DPCs aimed at the other CPU (KeSetTargetProcessorDpc) and
# KeFlushQueuedDpcs, queued from each CPU in turn, while the other CPU idles
# polling (idle=poll). A remote kick then reaches that CPU not as an IPI but
# as an SMP function call run from do_idle(). PREEMPT_RT forbids raising a
# softirq there and warns (do_softirq_post_smp_call_flush), which the rig
# fails on: ntcompat's remote kick used to raise its tasklet there on the
# kernels without a BH workqueue (6.1-rt; seen once in CI by chance, every
# round here). Every DPC must run once, on its target, at DISPATCH_LEVEL.
# Rig: -device edu, -smp 2, idle=poll
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
D=32		# NTSAMPLE_TEST_DPCS
ROUNDS=10

command -v taskset >/dev/null || { nts_fail "busybox has no taskset"; nts_end; }
[ "$(cat /sys/devices/system/cpu/online)" = 0-1 ] ||
	{ nts_fail "needs CPUs 0-1 online (-smp 2): $(cat /sys/devices/system/cpu/online)"; nts_end; }
edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }
nts_load edu_connect=message || nts_end
nts_bound "$edu" || { nts_fail "$edu not bound"; nts_end; }
attr=$NTS_PCI/$edu/ntsample

r=0
while [ $r -lt $ROUNDS ]; do
	for from in 0 1; do
		to=$((1 - from))
		# Queue from CPU $from, aimed at CPU $to; flush from $from too.
		taskset -c "$from" sh -c "echo '$to $D' >'$attr/dpc_queue' && echo 1 >'$attr/dpc_flush'" ||
			{ nts_fail "round $r: dpc_queue '$to $D' from CPU $from refused"; break 2; }
		expect_eq "round $r, $from->$to: dpc_inserted" "$(nts_get "$edu" dpc_inserted)" "$D"
		expect_eq "round $r, $from->$to: dpc_test_runs" "$(nts_get "$edu" dpc_test_runs)" "$D"
		expect_eq "round $r, $from->$to: dpc_on_target" "$(nts_get "$edu" dpc_on_target)" "$D"
		expect_eq "round $r, $from->$to: dpc_unarmed" "$(nts_get "$edu" dpc_unarmed)" 0
		expect_eq "round $r, $from->$to: dpc_test_irql" "$(nts_get "$edu" dpc_test_irql)" 2
	done
	r=$((r + 1))
done
# And the DpcForIsr path still works around it.
nts_fire "$edu" 10
nts_check_fired "$edu" 10

nts_note "$ROUNDS rounds x 2 directions x $D remote DPCs, idle=poll: each ran once on its target"
nts_unload
nts_end
