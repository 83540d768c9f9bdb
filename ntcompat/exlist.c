// SPDX-License-Identifier: GPL-2.0
/*
 * exlist.c - ExInterlocked list operations: lists an ISR shares with DPCs
 * and threads.
 *
 * As ntoskrnl does: interrupts off on the CPU, the caller's KSPIN_LOCK taken
 * (the NT word lock of irql.c, seen by lockdep like any KSPIN_LOCK), the list
 * operation, then both undone. With interrupts off no ISR can run on this
 * CPU while the lock is held, so an ISR and a DPC can use the same list and
 * lock. The lock must be used only through these calls: taking it with
 * KeAcquireSpinLock (interrupts on) from a thread that an ISR then
 * interrupts on the same CPU deadlocks, on Windows as here (lockdep reports
 * it as an IRQ-unsafe lock taken in an interrupt).
 *
 * Nothing here allocates, sleeps or calls back: the calls may be made at
 * any IRQL.
 */
#include <linux/module.h>
#include <linux/irqflags.h>

#include "ntc_internal.h"

static __always_inline unsigned long ntc_ex_lock(KSPIN_LOCK *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	ntc_spin_acquire(lock);
	return flags;
}

static __always_inline void ntc_ex_unlock(KSPIN_LOCK *lock, unsigned long flags)
{
	ntc_spin_release(lock);
	local_irq_restore(flags);
}

/**
 * ExInterlockedInsertHeadList() - insert at the head of a list shared with an ISR
 * @ListHead: the list (InitializeListHead())
 * @ListEntry: the entry to insert
 * @Lock: the list's KSPIN_LOCK, used only with the ExInterlocked calls
 *
 * Context: any IRQL; the list and entry in nonpaged memory.
 * Return: the entry that was first, or NULL if the list was empty.
 */
PLIST_ENTRY ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	unsigned long flags = ntc_ex_lock(Lock);
	PLIST_ENTRY first = ListHead->Flink;

	InsertHeadList(ListHead, ListEntry);
	ntc_ex_unlock(Lock, flags);
	return first == ListHead ? NULL : first;
}
EXPORT_SYMBOL_GPL(ExInterlockedInsertHeadList);

/**
 * ExInterlockedInsertTailList() - insert at the tail of a list shared with an ISR
 * @ListHead: the list (InitializeListHead())
 * @ListEntry: the entry to insert
 * @Lock: the list's KSPIN_LOCK, used only with the ExInterlocked calls
 *
 * Context: any IRQL; the list and entry in nonpaged memory.
 * Return: the entry that was last, or NULL if the list was empty.
 */
PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	unsigned long flags = ntc_ex_lock(Lock);
	PLIST_ENTRY last = ListHead->Blink;

	InsertTailList(ListHead, ListEntry);
	ntc_ex_unlock(Lock, flags);
	return last == ListHead ? NULL : last;
}
EXPORT_SYMBOL_GPL(ExInterlockedInsertTailList);

/**
 * ExInterlockedRemoveHeadList() - remove the first entry of a list shared with an ISR
 * @ListHead: the list
 * @Lock: the list's KSPIN_LOCK, used only with the ExInterlocked calls
 *
 * Context: any IRQL; the list in nonpaged memory.
 * Return: the entry removed, or NULL if the list was empty.
 */
PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	unsigned long flags = ntc_ex_lock(Lock);
	PLIST_ENTRY entry = NULL;

	if (!IsListEmpty(ListHead))
		entry = RemoveHeadList(ListHead);
	ntc_ex_unlock(Lock, flags);
	return entry;
}
EXPORT_SYMBOL_GPL(ExInterlockedRemoveHeadList);

/**
 * ExInterlockedPushEntryList() - push onto a singly linked list shared with an ISR
 * @ListHead: the list head (Next NULL when empty)
 * @ListEntry: the entry to push
 * @Lock: the list's KSPIN_LOCK, used only with the ExInterlocked calls
 *
 * Context: any IRQL; the list and entry in nonpaged memory.
 * Return: the entry that was first, or NULL if the list was empty.
 */
PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
					      PSINGLE_LIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
	unsigned long flags = ntc_ex_lock(Lock);
	PSINGLE_LIST_ENTRY first = ListHead->Next;

	PushEntryList(ListHead, ListEntry);
	ntc_ex_unlock(Lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(ExInterlockedPushEntryList);

/**
 * ExInterlockedPopEntryList() - pop from a singly linked list shared with an ISR
 * @ListHead: the list head
 * @Lock: the list's KSPIN_LOCK, used only with the ExInterlocked calls
 *
 * Context: any IRQL; the list in nonpaged memory.
 * Return: the entry removed, or NULL if the list was empty.
 */
PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	unsigned long flags = ntc_ex_lock(Lock);
	PSINGLE_LIST_ENTRY entry = PopEntryList(ListHead);

	ntc_ex_unlock(Lock, flags);
	return entry;
}
EXPORT_SYMBOL_GPL(ExInterlockedPopEntryList);
