// SPDX-License-Identifier: GPL-2.0
/*
 * timer.c - NT timers (KTIMER), the device timer (IoInitializeTimer) and the
 * time queries.
 *
 * A KTIMER is caller-allocated, has no destructor and KeInitializeTimer()
 * cannot fail, so ntcompat allocates nothing per timer: like ntoskrnl, it
 * links a set timer into a timer list through the KTIMER's own
 * TimerListEntry. There is one list, sorted by expiry, under one raw spin
 * lock, and one soft hrtimer (CLOCK_MONOTONIC) armed for the list's head.
 * Setting is O(number of set timers); drivers set few.
 *
 * Expiry (the hrtimer's callback, in softirq context): every timer whose
 * DueTime has passed is unlinked and signaled (a KTIMER is a dispatcher
 * object: wait.c releases its waiters, and a SynchronizationTimer is reset
 * by the one wait it satisfies), a periodic one is linked
 * again one Period later, and its KDPC, if any, is queued with
 * KeInsertQueueDpc() - the DPC engine of dpc.c runs it, so a timer DPC
 * follows every DPC rule (once per insert, target CPU, importance,
 * KeRemoveQueueDpc(), KeFlushQueuedDpcs()). Nothing runs inline in the
 * expiry. The DPC's SystemArgument1/2 are the low and high parts of the
 * system time at expiry, as ntoskrnl (ReactOS ke/dpc.c) passes them.
 *
 * Times: DueTime < 0 is relative, in 100 ns units; DueTime >= 0 is an
 * absolute system time (100 ns since 1601-01-01 UTC), converted to
 * CLOCK_MONOTONIC when the timer is set: a later change of the wall clock
 * does not move it (on Windows it does). The interrupt time is
 * CLOCK_MONOTONIC, so it does not count time suspended (Windows'
 * KeQueryUnbiasedInterruptTime() behaviour).
 *
 * Per timer, all under ntc_timer_lock:
 *   Header.TimerMiscFlags & NTC_TIMER_INSERTED: linked (KeCancelTimer
 *	returns TRUE);
 *   Header.SignalState: 1 once expired, 0 again at the next KeSetTimer()
 *	or after a wait consumed a synchronization timer; changed only
 *	through wait.c (ntc_dispatcher_signal/reset), under its lock too;
 *   DueTime.QuadPart: expiry in CLOCK_MONOTONIC nanoseconds while linked.
 *
 * Locking rules:
 *   ntc_timer_lock (raw_spinlock_t, IRQs off): the list, the fields above,
 *	and every hrtimer_start() of ntc_timer_hrt (so the last one armed is
 *	always for the current head). Nests outside the DPC queue lock
 *	(KeInsertQueueDpc() under it), wait.c's ntc_dispatcher_lock and the
 *	hrtimer base lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "ntc_internal.h"

/* The WDK's Inserted bit of TimerMiscFlags (Index:6, Inserted:1, Expired:1). */
#define NTC_TIMER_INSERTED	0x40
/* TimerControlFlags' Absolute bit. */
#define NTC_TIMER_ABSOLUTE	0x01
/* KeQueryPerformanceCounter(): 100 ns ticks, as current Windows reports. */
#define NTC_PERF_FREQUENCY	10000000ULL

static DEFINE_RAW_SPINLOCK(ntc_timer_lock);
static LIST_HEAD(ntc_timer_list);
static struct hrtimer ntc_timer_hrt;

static_assert(sizeof(KTIMER) == 64);

static inline struct list_head *ntc_timer_link(PKTIMER t)
{
	return (struct list_head *)&t->TimerListEntry;
}

static inline PKTIMER ntc_timer_entry(struct list_head *e)
{
	return container_of((LIST_ENTRY *)e, KTIMER, TimerListEntry);
}

static inline ktime_t ntc_timer_due(PKTIMER t)
{
	return (ktime_t)t->DueTime.QuadPart;
}

static inline bool ntc_timer_inserted(PKTIMER t)
{
	return t->Header.TimerMiscFlags & NTC_TIMER_INSERTED;
}

/* Link @t, expiring at @due, in order; re-arm the hrtimer for a new head. */
static void ntc_timer_link_in(PKTIMER t, ktime_t due)
{
	struct list_head *pos;

	lockdep_assert_held(&ntc_timer_lock);
	t->DueTime.QuadPart = (ULONGLONG)due;
	list_for_each(pos, &ntc_timer_list) {
		if (due < ntc_timer_due(ntc_timer_entry(pos)))
			break;
	}
	list_add_tail(ntc_timer_link(t), pos);	/* before pos */
	t->Header.TimerMiscFlags |= NTC_TIMER_INSERTED;
	if (ntc_timer_list.next == ntc_timer_link(t))
		hrtimer_start(&ntc_timer_hrt, due, HRTIMER_MODE_ABS_SOFT);
}

static void ntc_timer_unlink(PKTIMER t)
{
	lockdep_assert_held(&ntc_timer_lock);
	list_del_init(ntc_timer_link(t));
	t->Header.TimerMiscFlags &= ~NTC_TIMER_INSERTED;
}

static enum hrtimer_restart ntc_timer_expire(struct hrtimer *hrt)
{
	LARGE_INTEGER systime;
	unsigned long flags;
	ktime_t now, next;
	PKTIMER t;
	PKDPC dpc;

	KeQuerySystemTimePrecise(&systime);
	raw_spin_lock_irqsave(&ntc_timer_lock, flags);
	now = ktime_get();
	while (!list_empty(&ntc_timer_list)) {
		t = ntc_timer_entry(ntc_timer_list.next);
		if (ntc_timer_due(t) > now) {
			/* Under the lock, after any re-arm of this loop: the head's. */
			hrtimer_start(hrt, ntc_timer_due(t), HRTIMER_MODE_ABS_SOFT);
			break;
		}
		ntc_timer_unlink(t);
		/* Signaled, waiters released (a synchronization timer: one). */
		ntc_dispatcher_signal(&t->Header);
		dpc = t->Dpc;
		if (t->Period) {
			/* Missed periods are skipped, not run back to back. */
			next = ktime_add_ms(ntc_timer_due(t), t->Period);
			if (next <= now)
				next = ktime_add_ms(now, t->Period);
			ntc_timer_link_in(t, next);
		}
		if (dpc)
			KeInsertQueueDpc(dpc, (PVOID)(ULONG_PTR)systime.LowPart,
					 (PVOID)(ULONG_PTR)(ULONG)systime.HighPart);
	}
	raw_spin_unlock_irqrestore(&ntc_timer_lock, flags);
	return HRTIMER_NORESTART;
}

/**
 * KeInitializeTimerEx() - initialise a timer object
 * @Timer: caller-allocated, resident KTIMER (nothing is allocated for it)
 * @Type: NotificationTimer or SynchronizationTimer
 *
 * The timer is not set and not signaled. A NotificationTimer stays signaled
 * from its expiry until the next KeSetTimer() and releases every waiter
 * (KeWaitForSingleObject()); a SynchronizationTimer releases one waiter per
 * expiry and is reset by that wait. Must not be called on a set timer.
 *
 * Context: IRQL <= DISPATCH_LEVEL. Cannot fail.
 */
void KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
	WARN_ONCE(Type != NotificationTimer && Type != SynchronizationTimer,
		  "%s: bad timer type %d\n", __func__, Type);
	memset(Timer, 0, sizeof(*Timer));
	Timer->Header.Type = Type == SynchronizationTimer ? TimerSynchronizationObject :
			     TimerNotificationObject;
	Timer->Header.Size = sizeof(KTIMER) / sizeof(LONG);
	INIT_LIST_HEAD((struct list_head *)&Timer->Header.WaitListHead);
	INIT_LIST_HEAD(ntc_timer_link(Timer));
}
EXPORT_SYMBOL_GPL(KeInitializeTimerEx);

/**
 * KeInitializeTimer() - initialise a notification timer
 * @Timer: caller-allocated, resident KTIMER
 *
 * KeInitializeTimerEx(@Timer, NotificationTimer).
 *
 * Context: IRQL <= DISPATCH_LEVEL. Cannot fail.
 */
void KeInitializeTimer(PKTIMER Timer)
{
	KeInitializeTimerEx(Timer, NotificationTimer);
}
EXPORT_SYMBOL_GPL(KeInitializeTimer);

static bool ntc_timer_valid(PKTIMER t, const char *fn)
{
	return !WARN_ONCE(t->Header.Type != TimerNotificationObject &&
			  t->Header.Type != TimerSynchronizationObject,
			  "%s: %p is not an initialised KTIMER\n", fn, t);
}

/* Set @t; with @only_idle, leave a set timer alone. Returns "was set". */
static bool ntc_timer_set(PKTIMER t, LONGLONG due, ULONG period, PKDPC dpc, bool only_idle)
{
	ktime_t expiry = ntc_due_ktime(due);
	unsigned long flags;
	bool was;

	raw_spin_lock_irqsave(&ntc_timer_lock, flags);
	was = ntc_timer_inserted(t);
	if (was && only_idle) {
		raw_spin_unlock_irqrestore(&ntc_timer_lock, flags);
		return true;
	}
	if (was)
		ntc_timer_unlink(t);
	ntc_dispatcher_reset(&t->Header);
	if (due >= 0)
		t->Header.TimerControlFlags |= NTC_TIMER_ABSOLUTE;
	else
		t->Header.TimerControlFlags &= ~NTC_TIMER_ABSOLUTE;
	t->Dpc = dpc;
	t->Period = period;
	ntc_timer_link_in(t, expiry);
	raw_spin_unlock_irqrestore(&ntc_timer_lock, flags);
	return was;
}

/**
 * KeSetTimerEx() - set a timer, optionally periodic, with an optional DPC
 * @Timer: an initialised KTIMER
 * @DueTime: < 0: relative, in 100 ns units; >= 0: absolute system time
 *	(100 ns units since 1601-01-01 UTC; a time already past expires at once)
 * @Period: 0 for a one-shot timer, else the period in milliseconds
 * @Dpc: NULL, or an initialised KDPC queued (KeInsertQueueDpc()) at each
 *	expiry, with the system time's low and high parts as SystemArgument1/2
 *
 * A set timer is cancelled first and set again with the new values; its
 * signal state is cleared. The DPC is queued, never called, from the
 * expiry: it runs on the DPC engine under every DPC rule, and if it is still
 * queued from an earlier expiry, the new expiry does not queue it twice.
 * Setting the timer again from its own DPC routine is allowed.
 *
 * Context: IRQL <= DISPATCH_LEVEL (DPC routines included). Allocates nothing.
 * Return: TRUE if the timer was set (in the timer queue) before this call.
 */
BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
	if (!ntc_timer_valid(Timer, __func__))
		return FALSE;
	if (WARN_ONCE(Period < 0, "%s: negative period %d\n", __func__, Period))
		Period = 0;
	return ntc_timer_set(Timer, DueTime.QuadPart, Period, Dpc, false);
}
EXPORT_SYMBOL_GPL(KeSetTimerEx);

/**
 * KeSetTimer() - set a one-shot timer with an optional DPC
 * @Timer: an initialised KTIMER
 * @DueTime: as for KeSetTimerEx()
 * @Dpc: NULL or an initialised KDPC, queued at expiry
 *
 * KeSetTimerEx(@Timer, @DueTime, 0, @Dpc).
 *
 * Context: IRQL <= DISPATCH_LEVEL. Allocates nothing.
 * Return: TRUE if the timer was set before this call.
 */
BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
	return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}
EXPORT_SYMBOL_GPL(KeSetTimer);

/**
 * KeCancelTimer() - take a timer out of the timer queue
 * @Timer: an initialised KTIMER
 *
 * A periodic timer stops. As on Windows, a DPC that an earlier expiry
 * already queued stays queued and runs: to be sure no timer DPC runs any
 * more, follow with KeRemoveQueueDpc() or (at PASSIVE_LEVEL)
 * KeFlushQueuedDpcs(). The signal state is not changed.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: TRUE if the timer was set; FALSE if it was not (never set,
 * expired one-shot, or already cancelled).
 */
BOOLEAN KeCancelTimer(PKTIMER Timer)
{
	unsigned long flags;
	bool was;

	if (!ntc_timer_valid(Timer, __func__))
		return FALSE;
	raw_spin_lock_irqsave(&ntc_timer_lock, flags);
	was = ntc_timer_inserted(Timer);
	if (was)
		ntc_timer_unlink(Timer);
	/* The hrtimer may fire for nothing; it then re-arms for the new head. */
	raw_spin_unlock_irqrestore(&ntc_timer_lock, flags);
	return was;
}
EXPORT_SYMBOL_GPL(KeCancelTimer);

/**
 * KeReadStateTimer() - has the timer expired?
 * @Timer: an initialised KTIMER
 *
 * Context: any IRQL.
 * Return: TRUE from the timer's expiry (set before its DPC is queued) until
 * the next KeSetTimer()/KeSetTimerEx() or, for a SynchronizationTimer,
 * until a wait consumed it; FALSE otherwise.
 */
BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
	return READ_ONCE(Timer->Header.SignalState) != 0;
}
EXPORT_SYMBOL_GPL(KeReadStateTimer);

/**
 * KeQueryInterruptTime() - time since boot
 *
 * CLOCK_MONOTONIC in 100 ns units: monotonic, not counting suspend.
 *
 * Context: any IRQL.
 * Return: 100 ns units since boot.
 */
ULONGLONG KeQueryInterruptTime(void)
{
	return div_u64(ktime_get_ns(), 100);
}
EXPORT_SYMBOL_GPL(KeQueryInterruptTime);

/**
 * KeQueryTimeIncrement() - the clock tick, in 100 ns units
 *
 * Context: any IRQL.
 * Return: 10000000 / HZ, the interval KeQueryTickCount() counts.
 */
ULONG KeQueryTimeIncrement(void)
{
	return 10000000 / HZ;
}
EXPORT_SYMBOL_GPL(KeQueryTimeIncrement);

static void ntc_nt_time(PLARGE_INTEGER out, const struct timespec64 *ts)
{
	out->QuadPart = (LONGLONG)((u64)ts->tv_sec * 10000000ULL + ts->tv_nsec / 100 +
				   NTC_EPOCH_DELTA);
}

/**
 * KeQuerySystemTime() - the wall-clock time, at tick granularity
 * @CurrentTime: receives 100 ns units since 1601-01-01 UTC
 *
 * Updated once per tick, as on Windows (the coarse CLOCK_REALTIME).
 *
 * Context: any IRQL.
 */
void KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	struct timespec64 ts;

	ktime_get_coarse_real_ts64(&ts);
	ntc_nt_time(CurrentTime, &ts);
}
EXPORT_SYMBOL_GPL(KeQuerySystemTime);

/**
 * KeQuerySystemTimePrecise() - the wall-clock time, precise
 * @CurrentTime: receives 100 ns units since 1601-01-01 UTC
 *
 * Context: any IRQL.
 */
void KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	ntc_nt_time(CurrentTime, &ts);
}
EXPORT_SYMBOL_GPL(KeQuerySystemTimePrecise);

/**
 * KeQueryTickCount() - clock ticks since boot
 * @CurrentCount: receives the count; times KeQueryTimeIncrement() it is
 *	the time since boot in 100 ns units
 *
 * The WDK's x64 macro stores a ULONG64 through @CurrentCount; so does this.
 *
 * Context: any IRQL.
 */
void KeQueryTickCount(PLARGE_INTEGER CurrentCount)
{
	CurrentCount->QuadPart = (LONGLONG)(get_jiffies_64() - INITIAL_JIFFIES);
}
EXPORT_SYMBOL_GPL(KeQueryTickCount);

/**
 * KeQueryPerformanceCounter() - a high-resolution monotonic counter
 * @PerformanceFrequency: NULL, or receives the counts per second (10 MHz)
 *
 * Context: any IRQL.
 * Return: the counter: CLOCK_MONOTONIC in 100 ns units.
 */
LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
	LARGE_INTEGER c;

	if (PerformanceFrequency)
		PerformanceFrequency->QuadPart = NTC_PERF_FREQUENCY;
	c.QuadPart = (LONGLONG)div_u64(ktime_get_ns(), 1000000000ULL / NTC_PERF_FREQUENCY);
	return c;
}
EXPORT_SYMBOL_GPL(KeQueryPerformanceCounter);

/*
 * The device timer: what DeviceObject->Timer points to. Allocated by
 * IoInitializeTimer(), freed by IoDeleteDevice() (ntc_io_timer_free()).
 * The KTIMER comes first (kunit/ntc_context_test.c looks at it).
 */
struct _IO_TIMER {
	KTIMER timer;
	KDPC dpc;
	PIO_TIMER_ROUTINE routine;
	PVOID context;
	PDEVICE_OBJECT devobj;
};

static void ntc_io_timer_dpc(PKDPC dpc, PVOID ctx, PVOID arg1, PVOID arg2)
{
	struct _IO_TIMER *t = ctx;

	t->routine(t->devobj, t->context);
}

/**
 * IoInitializeTimer() - give a device object its once-a-second timer
 * @DeviceObject: the device object; its Timer member receives the IO_TIMER
 * @TimerRoutine: called at DISPATCH_LEVEL as (DeviceObject, Context) about
 *	once a second between IoStartTimer() and IoStopTimer()
 * @Context: passed to @TimerRoutine
 *
 * The IO_TIMER is allocated here and freed by IoDeleteDevice() (which
 * stops the timer and waits for a running routine first), as on Windows: a
 * driver calls this once per device object, typically in AddDevice. Called
 * again on a device object with a stopped timer, it replaces the routine
 * and context.
 *
 * Context: PASSIVE_LEVEL; may sleep.
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoInitializeTimer(PDEVICE_OBJECT DeviceObject, PIO_TIMER_ROUTINE TimerRoutine,
			   PVOID Context)
{
	struct _IO_TIMER *t;

	might_sleep();
	if (!DeviceObject || !TimerRoutine)
		return STATUS_INVALID_PARAMETER;
	t = DeviceObject->Timer;
	if (!t) {
		t = kzalloc(sizeof(*t), GFP_KERNEL);
		if (!t)
			return STATUS_INSUFFICIENT_RESOURCES;
		KeInitializeTimer(&t->timer);
		KeInitializeDpc(&t->dpc, ntc_io_timer_dpc, t);
		t->devobj = DeviceObject;
	}
	t->routine = TimerRoutine;
	t->context = Context;
	DeviceObject->Timer = t;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoInitializeTimer);

/**
 * IoStartTimer() - start a device object's timer
 * @DeviceObject: a device object IoInitializeTimer() succeeded on
 *
 * The routine first runs about a second later. A started timer is left as
 * it is.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void IoStartTimer(PDEVICE_OBJECT DeviceObject)
{
	struct _IO_TIMER *t = DeviceObject->Timer;

	if (WARN_ONCE(!t, "%s: no IoInitializeTimer() on %p\n", __func__, DeviceObject))
		return;
	ntc_timer_set(&t->timer, -10000000LL, 1000, &t->dpc, true);
}
EXPORT_SYMBOL_GPL(IoStartTimer);

/**
 * IoStopTimer() - stop a device object's timer
 * @DeviceObject: a device object IoInitializeTimer() succeeded on
 *
 * As on Windows, a routine already running or queued may still run once;
 * IoDeleteDevice() waits for it.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void IoStopTimer(PDEVICE_OBJECT DeviceObject)
{
	struct _IO_TIMER *t = DeviceObject->Timer;

	if (WARN_ONCE(!t, "%s: no IoInitializeTimer() on %p\n", __func__, DeviceObject))
		return;
	KeCancelTimer(&t->timer);
}
EXPORT_SYMBOL_GPL(IoStopTimer);

/* IoDeleteDevice(), at PASSIVE_LEVEL: stop the device timer and free it. */
void ntc_io_timer_free(PDEVICE_OBJECT devobj)
{
	struct _IO_TIMER *t = devobj->Timer;

	if (!t)
		return;
	/* After the cancel no expiry queues the DPC again (both hold the lock). */
	KeCancelTimer(&t->timer);
	KeRemoveQueueDpc(&t->dpc);
	KeFlushQueuedDpcs();	/* a routine still running */
	devobj->Timer = NULL;
	kfree(t);
}

void ntc_timer_init(void)
{
#ifdef NTC_HAVE_HRTIMER_SETUP
	hrtimer_setup(&ntc_timer_hrt, ntc_timer_expire, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
#else
	hrtimer_init(&ntc_timer_hrt, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	ntc_timer_hrt.function = ntc_timer_expire;
#endif
}

/* Module exit: every driver is gone, so no timer may still be set. */
void ntc_timer_exit(void)
{
	hrtimer_cancel(&ntc_timer_hrt);
	WARN(!list_empty(&ntc_timer_list), "a driver unloaded with a KTIMER still set\n");
}
