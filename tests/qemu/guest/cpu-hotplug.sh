#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cpu-hotplug: CPU 1 goes offline and comes back under the NT driver, for
# edu's MSI (message) and its line (IO-APIC). Per mode:
#  1. The interrupt's affinity set to CPU 1: the next N interrupts are all
#     counted in CPU 1's column of /proc/interrupts, the ISR and the
#     DpcForIsr (queued by the ISR on its own CPU) ran on processor 1, and
#     32 DPCs aimed at it with KeSetTargetProcessorDpc all run there, once.
#  2. A stream thread queues the 32 targeted DPCs over and over (each again
#     as soon as it ran) and raises interrupts (each waited for until the ISR
#     claimed it) while CPU 1 goes offline and online CYCLES times, the
#     stream making progress in each state (each test DPC queued again
#     twice, 5 more interrupts claimed): no interrupt is lost, and after
#     KeFlushQueuedDpcs every DPC queued ran exactly once (runs = successful
#     inserts, none ran unarmed), every claimed interrupt reached the DPC.
#  3. CPU 1 offline: the interrupt still arrives (Linux moved it), DPCs
#     aimed at processor 1 run on another one, once each, KeFlushQueuedDpcs
#     returns, STOP_DEVICE (KeFlushQueuedDpcs + IoDisconnectInterruptEx) and
#     START_DEVICE work, and N more interrupts are exact.
#  4. CPU 1 back: the affinity set to it again, N interrupts on CPU 1.
# The DPC backend is the kernel's: tasklets on 6.1, the BH workqueue on 6.12.
# Inserts aimed at an offline CPU must go elsewhere: without that redirect
# (KeInsertQueueDpc) steps 2 and 3 fail. What it cannot see: ntcompat's own
# migration of a dead CPU's queue (ntc_dpc_migrate) disabled, it still
# passes on all three kernels, because Linux runs the dead CPU's pending
# runner on the control CPU (takeover_tasklets, workqueue_softirq_dead) and
# every queued DPC has its runner pending.
# Rig: -device edu, -smp 2
set -eu
. "$(dirname "$0")/ntsample.lib"
nts_begin
N=20
D=32		# NTSAMPLE_TEST_DPCS
CYCLES=5
ONLINE=/sys/devices/system/cpu/cpu1/online

cpu1() {	# 0|1
	echo "$1" >"$ONLINE" || nts_fail "echo $1 > cpu1/online refused"
	expect_eq "cpu1/online" "$(cat "$ONLINE")" "$1"
}

has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }

[ -w "$ONLINE" ] || { nts_fail "no hotpluggable CPU 1 (needs -smp 2)"; nts_end; }
[ "$(cat "$ONLINE")" = 1 ] || cpu1 1
edu=$(nts_edus | head -n 1)
[ -n "$edu" ] || { nts_fail "no edu device"; nts_end; }
nts_load edu_connect=message || nts_end
nts_only "$edu"

for mode in message line; do
	[ "$mode" = message ] || nts_rebind "$edu" edu_connect "$mode" ||
		{ nts_fail "$edu: bind with $mode failed"; continue; }
	nts_bound "$edu" || { nts_fail "$edu not bound ($mode)"; continue; }
	irq=$(nts_get "$edu" linux_irqs)

	# 1. everything on CPU 1
	echo 2 >"/proc/irq/$irq/smp_affinity" || nts_fail "$mode: smp_affinity of irq $irq refused"
	nts_fire "$edu" 1	# a line's move takes effect at its next interrupt
	a=$(nts_irq_on_cpu "$irq" 1)
	nts_fire "$edu" "$N"
	expect_eq "$mode: irq $irq interrupts on CPU1" $(($(nts_irq_on_cpu "$irq" 1) - a)) "$N"
	has "$(nts_get "$edu" isr_cpus)" 1 || nts_fail "$mode: ISR never ran on CPU1 [$(nts_get "$edu" isr_cpus)]"
	has "$(nts_get "$edu" dpc_cpus)" 1 || nts_fail "$mode: DpcForIsr never ran on CPU1 [$(nts_get "$edu" dpc_cpus)]"
	nts_set "$edu" dpc_queue "1 $D" || nts_fail "$mode: dpc_queue 1 $D failed"
	nts_set "$edu" dpc_flush 1
	expect_eq "$mode online: dpc_inserted" "$(nts_get "$edu" dpc_inserted)" "$D"
	expect_eq "$mode online: dpc_test_runs" "$(nts_get "$edu" dpc_test_runs)" "$D"
	expect_eq "$mode online: dpc_on_target (CPU1)" "$(nts_get "$edu" dpc_on_target)" "$D"
	expect_eq "$mode online: dpc_unarmed" "$(nts_get "$edu" dpc_unarmed)" 0
	expect_eq "$mode online: dpc_test_irql" "$(nts_get "$edu" dpc_test_irql)" 2

	# 2. the stream across offline/online cycles
	nts_set "$edu" dpc_stream "start 1" || nts_fail "$mode: dpc_stream start 1 failed"
	c=0
	while [ $c -lt $CYCLES ]; do
		for state in 0 1; do
			cpu1 "$state"
			# Progress in this state: every test DPC re-queued twice
			# (so each ran) and interrupts still claimed.
			d=$(nts_get "$edu" dpc_inserted)
			i=$(nts_get "$edu" stream_interrupts)
			if ! nts_wait_more "$edu" dpc_inserted $((d + 2 * D)); then
				nts_fail "$mode: test DPCs stuck at $(nts_get "$edu" dpc_inserted) inserts ($(nts_get "$edu" dpc_test_runs) runs) with cpu1 online=$state"
				break 2
			fi
			if ! nts_wait_more "$edu" stream_interrupts $((i + 5)); then
				nts_fail "$mode: interrupts stuck at $(nts_get "$edu" stream_interrupts) (error $(nts_get "$edu" stream_error)) with cpu1 online=$state"
				break 2
			fi
		done
		c=$((c + 1))
	done
	nts_set "$edu" dpc_stream stop || nts_fail "$mode: dpc_stream stop failed"
	cpu1 1
	nts_set "$edu" dpc_flush 1
	ins=$(nts_get "$edu" dpc_inserted)
	runs=$(nts_get "$edu" dpc_test_runs)
	on=$(nts_get "$edu" dpc_on_target)
	ints=$(nts_get "$edu" stream_interrupts)
	nts_log "$mode stream: $(nts_get "$edu" stream_loops) loops, $ints interrupts, $ins DPCs queued, $runs ran ($on on CPU1)"
	expect_eq "$mode stream_error" "$(nts_get "$edu" stream_error)" 0
	expect_ge "$mode stream_interrupts" "$ints" $((CYCLES * 2 * 5))
	expect_ge "$mode stream dpc_inserted" "$ins" $((CYCLES * 2 * 2 * D))
	expect_eq "$mode stream: DPC runs = inserts" "$runs" "$ins"
	expect_eq "$mode stream dpc_unarmed" "$(nts_get "$edu" dpc_unarmed)" 0
	expect_le "$mode stream dpc_on_target" "$on" "$ins"
	expect_eq "$mode stream: claimed = raised" "$(nts_get "$edu" claimed)" "$(nts_get "$edu" raised)"
	expect_eq "$mode stream: dpc_items = claimed" "$(nts_get "$edu" dpc_items)" "$(nts_get "$edu" claimed)"

	# 3. CPU 1 offline
	cpu1 0
	t=$(nts_irq_count "$irq")
	nts_fire "$edu" "$N"
	expect_eq "$mode offline: irq $irq delta" $(($(nts_irq_count "$irq") - t)) "$N"
	nts_log "$mode offline: irq $irq effective affinity $(cat "/proc/irq/$irq/effective_affinity_list" 2>/dev/null)"
	nts_set "$edu" dpc_queue "1 $D" || nts_fail "$mode offline: dpc_queue 1 $D failed"
	nts_set "$edu" dpc_flush 1
	expect_eq "$mode offline: dpc_inserted" "$(nts_get "$edu" dpc_inserted)" "$D"
	expect_eq "$mode offline: dpc_test_runs" "$(nts_get "$edu" dpc_test_runs)" "$D"
	expect_eq "$mode offline: dpc_on_target (CPU1 offline)" "$(nts_get "$edu" dpc_on_target)" 0
	expect_eq "$mode offline: dpc_unarmed" "$(nts_get "$edu" dpc_unarmed)" 0
	nts_set "$edu" stop 1 || nts_fail "$mode offline: stop failed"
	expect_eq "$mode offline: started after stop" "$(nts_get "$edu" started)" 0
	nts_set "$edu" start 1 || nts_fail "$mode offline: start failed"
	expect_eq "$mode offline: started after start" "$(nts_get "$edu" started)" 1
	irq=$(nts_get "$edu" linux_irqs)
	r=$(nts_get "$edu" raised)
	nts_fire "$edu" "$N"
	expect_eq "$mode offline restarted: claimed" "$(nts_get "$edu" claimed)" $((r + N))

	# 4. CPU 1 back
	cpu1 1
	echo 2 >"/proc/irq/$irq/smp_affinity" || nts_fail "$mode: smp_affinity of irq $irq refused after online"
	nts_fire "$edu" 1
	a=$(nts_irq_on_cpu "$irq" 1)
	nts_fire "$edu" "$N"
	expect_eq "$mode back online: irq $irq interrupts on CPU1" $(($(nts_irq_on_cpu "$irq" 1) - a)) "$N"
	nts_check_fired "$edu" "$(nts_get "$edu" raised)"
	nts_show "$edu"
	nts_note "$mode: $CYCLES offline/online cycles, $ints streamed interrupts, $runs/$ins DPCs ($on on CPU1)"
done
nts_unload
nts_end
