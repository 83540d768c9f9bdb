// SPDX-License-Identifier: GPL-2.0
/*
 * sync.c - KeSynchronizeExecution and the interrupt spin lock.
 *
 * Locking rules: the interrupt lock is the one the Linux handler holds
 * around the NT ISR (interrupt.c), taken here with local IRQs off, so a
 * SynchCritSection routine excludes the ISR on every CPU (prior-art lesson:
 * FreeBSD's NDIS layer took a lock its ISR did not). Passive interrupts use
 * their mutex, as Windows uses an event [K7].
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/irqflags.h>

#include "ntc_internal.h"
#include "ntc_trace.h"

static inline bool ntc_kint_ok(PKINTERRUPT kint)
{
	return kint && kint->magic == NTC_KINTERRUPT_MAGIC;
}

/**
 * KeSynchronizeExecution() - run a routine synchronised with an ISR
 * @Interrupt: the interrupt object
 * @SynchronizeRoutine: the SynchCritSection routine
 * @SynchronizeContext: its argument
 *
 * Raises to the object's SynchronizeIrql, takes its interrupt lock (IRQs
 * off), calls the routine, releases, restores the IRQL (ReactOS's sequence,
 * reference section 6.1). For a passive-level ISR the routine runs at
 * PASSIVE_LEVEL holding the interrupt's sleeping lock. Allocates nothing.
 *
 * Context: IRQL <= SynchronizeIrql; PASSIVE_LEVEL for a passive interrupt.
 * Return: what the routine returned, unchanged; FALSE for an invalid object.
 */
BOOLEAN KeSynchronizeExecution(PKINTERRUPT Interrupt, PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
			       PVOID SynchronizeContext)
{
	unsigned long flags;
	BOOLEAN ret;
	KIRQL old;

	if (unlikely(!ntc_kint_ok(Interrupt) || !SynchronizeRoutine)) {
		pr_err_ratelimited("%s: invalid interrupt object or routine\n", __func__);
		return FALSE;
	}
	if (unlikely(Interrupt->passive)) {
		might_sleep();
		mutex_lock(Interrupt->passive_lock);
		trace_ntc_intlock_acquire(Interrupt, Interrupt->irq, SynchronizeRoutine, _RET_IP_);
		ret = SynchronizeRoutine(SynchronizeContext);
		trace_ntc_intlock_release(Interrupt, Interrupt->irq, SynchronizeRoutine, _RET_IP_);
		mutex_unlock(Interrupt->passive_lock);
		return ret;
	}
	local_irq_save(flags);
	old = ntc_irql_swap(Interrupt->sync_irql);
	WARN_ONCE(old > Interrupt->sync_irql,
		  "%s at IRQL %u above SynchronizeIrql %u\n", __func__,
		  old, Interrupt->sync_irql);
	ntc_kint_lock(Interrupt);
	trace_ntc_intlock_acquire(Interrupt, Interrupt->irq, SynchronizeRoutine, _RET_IP_);
	ret = SynchronizeRoutine(SynchronizeContext);
	trace_ntc_intlock_release(Interrupt, Interrupt->irq, SynchronizeRoutine, _RET_IP_);
	ntc_kint_unlock(Interrupt);
	ntc_irql_set(old);
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_GPL(KeSynchronizeExecution);

/**
 * KeAcquireInterruptSpinLock() - take an interrupt object's lock
 * @Interrupt: the interrupt object
 *
 * Raises to SynchronizeIrql (IRQs off) and takes the interrupt lock. On a
 * passive interrupt Windows bug-checks [D14]; ntcompat warns once and takes
 * the sleeping lock instead, so the driver does not deadlock.
 *
 * Context: IRQL <= SynchronizeIrql.
 * Return: the previous IRQL, for KeReleaseInterruptSpinLock().
 */
KIRQL KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt)
{
	unsigned long flags;
	KIRQL old, raw;

	if (unlikely(!ntc_kint_ok(Interrupt))) {
		pr_err_ratelimited("%s: invalid interrupt object\n", __func__);
		return KeGetCurrentIrql();
	}
	old = ntc_current_irql();
	if (unlikely(Interrupt->passive)) {
		pr_warn_once("%s on a passive-level interrupt (a bug check on Windows); taking its sleeping lock\n",
			     __func__);
		mutex_lock(Interrupt->passive_lock);
		trace_ntc_intlock_acquire(Interrupt, Interrupt->irq, NULL, _RET_IP_);
		return old;
	}
	local_irq_save(flags);
	raw = ntc_irql_swap(Interrupt->sync_irql);
	ntc_kint_lock(Interrupt);
	trace_ntc_intlock_acquire(Interrupt, Interrupt->irq, NULL, _RET_IP_);
	/*
	 * Stored only once the lock is ours: another CPU spinning on the same
	 * interrupt must not overwrite the holder's. Both stay valid while the
	 * lock is held, and the release reads them before dropping it.
	 */
	Interrupt->saved_irql = raw;
	Interrupt->saved_flags = flags;
	return old;
}
EXPORT_SYMBOL_GPL(KeAcquireInterruptSpinLock);

/**
 * KeReleaseInterruptSpinLock() - release what KeAcquireInterruptSpinLock() took
 * @Interrupt: the interrupt object
 * @OldIrql: what KeAcquireInterruptSpinLock() returned
 *
 * Context: SynchronizeIrql, holding the interrupt lock.
 */
void KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt, KIRQL OldIrql)
{
	unsigned long flags;
	KIRQL raw;

	if (unlikely(!ntc_kint_ok(Interrupt))) {
		pr_err_ratelimited("%s: invalid interrupt object\n", __func__);
		return;
	}
	trace_ntc_intlock_release(Interrupt, Interrupt->irq, NULL, _RET_IP_);
	if (unlikely(Interrupt->passive)) {
		mutex_unlock(Interrupt->passive_lock);
		return;
	}
	raw = Interrupt->saved_irql;
	flags = Interrupt->saved_flags;
	ntc_kint_unlock(Interrupt);
	ntc_irql_set(raw);
	local_irq_restore(flags);
}
EXPORT_SYMBOL_GPL(KeReleaseInterruptSpinLock);
