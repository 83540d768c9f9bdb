// SPDX-License-Identifier: GPL-2.0
/*
 * irql.c - emulated IRQL and NT spin locks.
 *
 * The model (reference section 6.4):
 *
 *   Linux context                               KeGetCurrentIrql()
 *   NT ISR, SynchCritSection, interrupt lock    the object's SynchronizeIrql
 *   DPC, KeAcquireSpinLock, KeRaiseIrql(2)      DISPATCH_LEVEL
 *   thread context, passive ISR, threaded DPC   PASSIVE_LEVEL
 *   Linux atomic context ntcompat did not make  DISPATCH_LEVEL, or HIGH_LEVEL
 *                                               when IRQs are off
 *
 * Each CPU has an emulated IRQL (ntc_cpu_irql). It is raised above
 * PASSIVE_LEVEL only with preemption disabled, so whoever reads it on a CPU
 * reads the level of the context running there; a context that sets it puts
 * the previous value back before it ends (ISR trampoline, DPC runner,
 * KeSynchronizeExecution). When it is PASSIVE_LEVEL the level is derived
 * from the Linux context instead (ndiswrapper's rule, prior-art section 1).
 *
 * What raising means on Linux:
 *   to APC_LEVEL or DISPATCH_LEVEL: local_bh_disable() (DPCs are softirq work and must
 *	not run under a thread that holds a spin lock a DPC takes) and
 *	preempt_disable() (DISPATCH_LEVEL is not preemptible, also on
 *	PREEMPT_RT where local_bh_disable() alone is);
 *   to a DIRQL (>= 3): local IRQs off. Linux has no interrupt priority
 *	levels, so every DIRQL masks every interrupt on the CPU; an NT ISR
 *	is never interrupted by another NT ISR. That is stricter than NT,
 *	never weaker.
 * Which of these a raise did is remembered per CPU (valid because the CPU
 * cannot change while raised) and undone by the lowering that crosses back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/smp.h>
#include <linux/cpumask.h>

#include "ntc_internal.h"
#include "ntc_trace.h"

DEFINE_PER_CPU(KIRQL, ntc_cpu_irql);

struct ntc_raise_state {
	bool dispatch_owned;	/* a raise left PASSIVE_LEVEL on this CPU */
	bool bh_disabled;	/* ... and disabled bottom halves */
	bool dirql_owned;	/* a raise crossed into DIRQL */
	KIRQL below_dirql;	/* ... from this level */
	KIRQL below_dirql_raw;	/* ... with this stored (ntc_cpu_irql) value */
	unsigned long flags;	/* ... with these saved IRQ flags */
};

static DEFINE_PER_CPU(struct ntc_raise_state, ntc_raise_state);

/**
 * KeGetCurrentIrql() - the current emulated IRQL
 *
 * Context: any.
 * Return: the IRQL of the calling context; see the table above.
 */
KIRQL KeGetCurrentIrql(void)
{
	return ntc_current_irql();
}
EXPORT_SYMBOL_GPL(KeGetCurrentIrql);

static KIRQL ntc_raise(KIRQL NewIrql, unsigned long caller)
{
	KIRQL old = KeGetCurrentIrql();
	struct ntc_raise_state *st;
	unsigned long flags;
	bool bh;

	if (WARN_ONCE(NewIrql < old || NewIrql > HIGH_LEVEL,
		      "KeRaiseIrql from %u to %u\n", old, NewIrql))
		return old;
	if (NewIrql == old)
		return old;

	if (old == PASSIVE_LEVEL) {
		bh = in_task() && !irqs_disabled();
		if (bh)
			local_bh_disable();
		preempt_disable();
		st = this_cpu_ptr(&ntc_raise_state);
		st->dispatch_owned = true;
		st->bh_disabled = bh;
	}
	if (NewIrql >= NTC_DIRQL_MIN && old < NTC_DIRQL_MIN) {
		local_irq_save(flags);
		st = this_cpu_ptr(&ntc_raise_state);
		st->dirql_owned = true;
		st->below_dirql = old;
		st->below_dirql_raw = this_cpu_read(ntc_cpu_irql);
		st->flags = flags;
	}
	this_cpu_write(ntc_cpu_irql, NewIrql);
	trace_ntc_irql(old, NewIrql, caller);
	return old;
}

/**
 * KfRaiseIrql() - raise the IRQL (what the KeRaiseIrql macro calls)
 * @NewIrql: the level to raise to; must not be below the current one
 *
 * Linux mapping: see the file comment. Raising below the current level is
 * a bug check (IRQL_NOT_GREATER_OR_EQUAL) on Windows; here it warns once
 * and changes nothing.
 *
 * Context: any IRQL <= @NewIrql.
 * Return: the previous IRQL, to be passed to KeLowerIrql().
 */
KIRQL KfRaiseIrql(KIRQL NewIrql)
{
	return ntc_raise(NewIrql, _RET_IP_);
}
EXPORT_SYMBOL_GPL(KfRaiseIrql);

static void ntc_lower(KIRQL NewIrql, unsigned long caller)
{
	struct ntc_raise_state *st = this_cpu_ptr(&ntc_raise_state);
	KIRQL cur = KeGetCurrentIrql();
	unsigned long flags;
	bool bh;

	if (WARN_ONCE(NewIrql > cur, "%s from %u to %u\n", __func__, cur, NewIrql))
		return;
	/*
	 * KeReleaseSpinLock(lock, DISPATCH_LEVEL) at DISPATCH_LEVEL, the pair a
	 * DPC routine uses: nothing was raised, nothing changes. The stored
	 * level belongs to whoever set it (the DPC runner, an ISR trampoline).
	 */
	if (NewIrql == cur)
		return;
	trace_ntc_irql(cur, NewIrql, caller);
	if (NewIrql >= NTC_DIRQL_MIN || st->dispatch_owned) {
		this_cpu_write(ntc_cpu_irql, NewIrql);
	} else if (st->dirql_owned && NewIrql == st->below_dirql) {
		/*
		 * Back below DIRQL to the level the crossing raise started
		 * from, in a context ntcompat did not raise from PASSIVE_LEVEL:
		 * put back what was stored then, i.e. DISPATCH_LEVEL in a DPC,
		 * or nothing (derived again) in a Linux softirq.
		 */
		this_cpu_write(ntc_cpu_irql, st->below_dirql_raw);
	} else {
		/* Below the level this context runs at: IRQL_NOT_LESS_OR_EQUAL. */
		WARN_ONCE(1, "%s to %u below the level of the caller's context (%u)\n",
			  __func__, NewIrql, st->dirql_owned ? st->below_dirql : cur);
		if (!st->dirql_owned)
			return;
		this_cpu_write(ntc_cpu_irql, st->below_dirql_raw);
	}
	if (NewIrql < NTC_DIRQL_MIN && st->dirql_owned) {
		flags = st->flags;
		st->dirql_owned = false;
		local_irq_restore(flags);
	}
	if (NewIrql == PASSIVE_LEVEL && st->dispatch_owned) {
		bh = st->bh_disabled;
		st->dispatch_owned = false;
		preempt_enable();
		if (bh)
			local_bh_enable();
	}
}

/**
 * KeLowerIrql() - lower the IRQL to what a raise returned
 * @NewIrql: the OldIrql a raise returned
 *
 * Context: IRQL >= @NewIrql.
 */
void KeLowerIrql(KIRQL NewIrql)
{
	ntc_lower(NewIrql, _RET_IP_);
}
EXPORT_SYMBOL_GPL(KeLowerIrql);

/**
 * KeRaiseIrqlToDpcLevel() - raise to DISPATCH_LEVEL
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: the previous IRQL.
 */
KIRQL KeRaiseIrqlToDpcLevel(void)
{
	return ntc_raise(DISPATCH_LEVEL, _RET_IP_);
}
EXPORT_SYMBOL_GPL(KeRaiseIrqlToDpcLevel);

/**
 * KeAcquireSpinLockRaiseToDpc() - raise to DISPATCH_LEVEL and take a spin lock
 * @SpinLock: a KSPIN_LOCK initialised with KeInitializeSpinLock()
 *
 * What the KeAcquireSpinLock() macro calls.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: the previous IRQL, for KeReleaseSpinLock().
 */
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
	KIRQL old = ntc_raise(DISPATCH_LEVEL, _RET_IP_);

	ntc_spin_acquire(SpinLock);
	return old;
}
EXPORT_SYMBOL_GPL(KeAcquireSpinLockRaiseToDpc);

/**
 * KeReleaseSpinLock() - release a spin lock and lower the IRQL
 * @SpinLock: the lock taken with KeAcquireSpinLock()
 * @NewIrql: the IRQL KeAcquireSpinLock() returned
 *
 * Context: DISPATCH_LEVEL.
 */
void KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
	ntc_spin_release(SpinLock);
	ntc_lower(NewIrql, _RET_IP_);
}
EXPORT_SYMBOL_GPL(KeReleaseSpinLock);

/**
 * KeAcquireSpinLockAtDpcLevel() - take a spin lock without changing the IRQL
 * @SpinLock: the lock
 *
 * Context: IRQL >= DISPATCH_LEVEL (warns once otherwise).
 */
void KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
	WARN_ON_ONCE(KeGetCurrentIrql() < DISPATCH_LEVEL);
	ntc_spin_acquire(SpinLock);
}
EXPORT_SYMBOL_GPL(KeAcquireSpinLockAtDpcLevel);

/**
 * KeReleaseSpinLockFromDpcLevel() - release a lock taken at DISPATCH_LEVEL
 * @SpinLock: the lock
 *
 * Context: IRQL >= DISPATCH_LEVEL.
 */
void KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
	ntc_spin_release(SpinLock);
}
EXPORT_SYMBOL_GPL(KeReleaseSpinLockFromDpcLevel);

/**
 * KeGetCurrentProcessorNumber() - the number of the CPU the caller runs on
 *
 * Context: any; stable only at DISPATCH_LEVEL or above.
 * Return: the Linux CPU number.
 */
ULONG KeGetCurrentProcessorNumber(void)
{
	return raw_smp_processor_id();
}
EXPORT_SYMBOL_GPL(KeGetCurrentProcessorNumber);

/**
 * KeQueryActiveProcessorCount() - number and set of online CPUs
 * @ActiveProcessors: optional; receives CPUs 0..BITS_PER_LONG-1 that are online
 *
 * Context: any.
 * Return: the number of online CPUs.
 */
ULONG KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors)
{
	if (ActiveProcessors)
		*ActiveProcessors = cpumask_bits(cpu_online_mask)[0];
	return num_online_cpus();
}
EXPORT_SYMBOL_GPL(KeQueryActiveProcessorCount);
