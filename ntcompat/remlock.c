// SPDX-License-Identifier: GPL-2.0
/*
 * remlock.c - the remove lock (IO_REMOVE_LOCK): what a WDM driver's dispatch
 * routines hold so that IRP_MN_REMOVE_DEVICE waits for the I/O in flight.
 *
 * The free-build lock, as ntoskrnl (ReactOS io/iomgr/remlock.c) has it, all
 * in the driver's IO_REMOVE_LOCK_COMMON_BLOCK: IoCount is 1 (the initial
 * count) plus one per holder; Removed is set by
 * IoReleaseRemoveLockAndWait(), which then drops its own and the initial
 * count and waits on RemoveEvent (a synchronization event) for the last
 * holder's release, the one that brings IoCount to 0. An acquire that sees
 * Removed drops what it took and fails with STATUS_DELETE_PENDING.
 *
 * Ordering: Removed is written before the AndWait decrements, and read by
 * an acquire after its increment; both are full-barrier interlocked
 * operations on IoCount, so an acquire either sees Removed or is counted
 * before the AndWait looks at the count (and is then waited for).
 *
 * Unlike Windows, a release that would take IoCount below what is held
 * (below 1 before the removal, below 0 after it) is refused and logged:
 * a driver's double release must not let the AndWait return while the
 * real holder still runs. The checked build's tag tracking (Tag, File,
 * Line, MaxLockedMinutes, HighWatermark) is not kept.
 *
 * No lock of its own: the interlocked count, and KeSetEvent()/
 * KeWaitForSingleObject() of wait.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "ntc_internal.h"

static bool ntc_remlock_size_ok(ULONG size, const char *fn, unsigned long ip)
{
	if (likely(size >= sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)))
		return true;
	if (ntc_first_at(ip))
		pr_err("%s from %pS: RemlockSize %u is not sizeof(IO_REMOVE_LOCK); ignored\n",
		       fn, (void *)ip, size);
	return false;
}

/*
 * Drop one count. A release of more than was acquired is refused: false,
 * logged once per call site. *@now gets the new count.
 */
static bool ntc_remlock_put(IO_REMOVE_LOCK_COMMON_BLOCK *c, LONG *now, const char *fn,
			    unsigned long ip)
{
	LONG old = READ_ONCE(c->IoCount), seen;
	LONG floor;

	for (;;) {
		smp_rmb();	/* Removed as of the count read (see the file comment) */
		floor = READ_ONCE(c->Removed) ? 0 : 1;
		if (unlikely(old <= floor)) {
			if (ntc_first_at(ip))
				pr_err("%s from %pS: released more often than acquired (IoCount %d%s); ignored\n",
				       fn, (void *)ip, old, floor ? "" : ", removed");
			return false;
		}
		seen = InterlockedCompareExchange(&c->IoCount, old - 1, old);
		if (seen == old)
			break;
		old = seen;
	}
	*now = old - 1;
	return true;
}

/**
 * IoInitializeRemoveLockEx() - initialise a remove lock (what IoInitializeRemoveLock calls)
 * @Lock: the driver's IO_REMOVE_LOCK, typically in its device extension
 * @AllocateTag: checked build's tracking tag (ignored)
 * @MaxLockedMinutes: checked build's limit (ignored)
 * @HighWatermark: checked build's limit (ignored)
 * @RemlockSize: sizeof(IO_REMOVE_LOCK), as the WDK macro passes
 *
 * Not removed, nobody holding it (IoCount 1).
 *
 * Context: PASSIVE_LEVEL (the WDK's rule; nothing here sleeps).
 */
void IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock, ULONG AllocateTag, ULONG MaxLockedMinutes,
			      ULONG HighWatermark, ULONG RemlockSize)
{
	if (!Lock || !ntc_remlock_size_ok(RemlockSize, __func__, _RET_IP_))
		return;
	Lock->Common.Removed = FALSE;
	Lock->Common.IoCount = 1;
	KeInitializeEvent(&Lock->Common.RemoveEvent, SynchronizationEvent, FALSE);
}
EXPORT_SYMBOL_GPL(IoInitializeRemoveLockEx);

/**
 * IoAcquireRemoveLockEx() - take a remove lock (what IoAcquireRemoveLock calls)
 * @RemoveLock: an initialised IO_REMOVE_LOCK
 * @Tag: checked build's tag of this acquisition (ignored)
 * @File: checked build's source file (ignored)
 * @Line: checked build's source line (ignored)
 * @RemlockSize: sizeof(IO_REMOVE_LOCK)
 *
 * Context: IRQL <= DISPATCH_LEVEL. Never waits.
 * Return: STATUS_SUCCESS (the caller holds the lock and releases it with
 * IoReleaseRemoveLock()); STATUS_DELETE_PENDING once
 * IoReleaseRemoveLockAndWait() has begun (the lock is not held);
 * STATUS_INVALID_PARAMETER for a wrong @RemlockSize (logged).
 */
NTSTATUS IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, PCSTR File, ULONG Line,
			       ULONG RemlockSize)
{
	IO_REMOVE_LOCK_COMMON_BLOCK *c = &RemoveLock->Common;
	LONG now;

	if (!ntc_remlock_size_ok(RemlockSize, __func__, _RET_IP_))
		return STATUS_INVALID_PARAMETER;
	InterlockedIncrement(&c->IoCount);	/* full barrier before reading Removed */
	if (likely(!READ_ONCE(c->Removed)))
		return STATUS_SUCCESS;
	if (ntc_remlock_put(c, &now, __func__, _RET_IP_) && !now)
		KeSetEvent(&c->RemoveEvent, IO_NO_INCREMENT, FALSE);
	return STATUS_DELETE_PENDING;
}
EXPORT_SYMBOL_GPL(IoAcquireRemoveLockEx);

/**
 * IoReleaseRemoveLockEx() - release a remove lock (what IoReleaseRemoveLock calls)
 * @RemoveLock: an IO_REMOVE_LOCK the caller acquired
 * @Tag: the tag it acquired with (ignored)
 * @RemlockSize: sizeof(IO_REMOVE_LOCK)
 *
 * The last release after IoReleaseRemoveLockAndWait() began lets it
 * return. A release without a matching acquire is logged and ignored.
 *
 * Context: IRQL <= DISPATCH_LEVEL. Never waits.
 */
void IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize)
{
	IO_REMOVE_LOCK_COMMON_BLOCK *c = &RemoveLock->Common;
	LONG now;

	if (!ntc_remlock_size_ok(RemlockSize, __func__, _RET_IP_))
		return;
	if (ntc_remlock_put(c, &now, __func__, _RET_IP_) && !now)
		KeSetEvent(&c->RemoveEvent, IO_NO_INCREMENT, FALSE);
}
EXPORT_SYMBOL_GPL(IoReleaseRemoveLockEx);

/**
 * IoReleaseRemoveLockAndWaitEx() - release a remove lock for good and wait for the other holders
 * @RemoveLock: an IO_REMOVE_LOCK the caller acquired (its IRP_MN_REMOVE_DEVICE)
 * @Tag: the tag it acquired with (ignored)
 * @RemlockSize: sizeof(IO_REMOVE_LOCK)
 *
 * Marks the lock removed (every later acquire fails with
 * STATUS_DELETE_PENDING), releases the caller's acquisition and the
 * initial count, and returns when every other holder has released it. The
 * driver may then detach and delete its device.
 *
 * Context: PASSIVE_LEVEL; may sleep. Elsewhere the wait is refused
 * (KeWaitForSingleObject() logs it) and this returns without waiting,
 * with a log line saying so.
 */
void IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize)
{
	IO_REMOVE_LOCK_COMMON_BLOCK *c = &RemoveLock->Common;
	NTSTATUS status;
	LONG now;

	if (!ntc_remlock_size_ok(RemlockSize, __func__, _RET_IP_))
		return;
	WRITE_ONCE(c->Removed, TRUE);
	/* The caller's own acquisition, then the initial count. */
	if (!ntc_remlock_put(c, &now, __func__, _RET_IP_) ||
	    !ntc_remlock_put(c, &now, __func__, _RET_IP_) || !now)
		return;
	status = KeWaitForSingleObject(&c->RemoveEvent, Executive, KernelMode, FALSE, NULL);
	if (status != STATUS_SUCCESS)
		pr_err("%s from %pS: not waited for (status %#x): %d holder(s) may still use the device\n",
		       __func__, (void *)_RET_IP_, status, READ_ONCE(c->IoCount));
}
EXPORT_SYMBOL_GPL(IoReleaseRemoveLockAndWaitEx);
