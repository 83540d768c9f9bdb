// SPDX-License-Identifier: GPL-2.0
/*
 * NT timers (issue 13 item 3): KTIMER with a DPC - relative, absolute and
 * periodic due times, KeSetTimer's and KeCancelTimer's results, the signal
 * state, re-setting a timer from its own DPC, a timer DPC sharing a
 * KSPIN_LOCK with a thread - the time queries' units, and the device timer
 * (IoInitializeTimer).
 *
 * Nothing here sleeps and hopes: a test waits for N DPC runs on a
 * completion (bounded by NTC_WAIT_MS, a failure when reached). "No more
 * runs" is shown with a sentinel: after KeCancelTimer() and
 * KeFlushQueuedDpcs(), a second one-shot timer due ten periods later is
 * waited for; a timer still firing would have run before it.
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>

#include "ntc_test.h"

#define NTC_TM_MS(ms)	((LONGLONG)(ms) * -10000)	/* relative DueTime */
#define NTC_EPOCH_DELTA	116444736000000000ULL

struct ntc_tm {
	KTIMER timer;
	KDPC dpc;
	KTIMER sentinel;
	KDPC sentinel_dpc;
	struct completion sentinel_done;
	KSPIN_LOCK lock;
	u64 shared;		/* under lock */
	bool use_lock;
	atomic_t runs;
	int target;		/* complete @done at this run */
	struct completion done;
	/* what the first run saw */
	PKDPC seen_dpc;
	PVOID seen_ctx;
	ULONGLONG seen_systime;
	KIRQL seen_irql;
	BOOLEAN seen_state;
	ktime_t seen_at;
	/* re-setting from the DPC */
	int rearm;		/* runs 1..rearm call KeSetTimer(-1 ms) */
	BOOLEAN rearm_ret[4];
	/* the device timer */
	PDEVICE_OBJECT dev;
	PDEVICE_OBJECT io_seen_dev;
	PVOID io_seen_ctx;
	KIRQL io_irql;
	ktime_t io_at[2];
};

static VOID ntc_tm_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_tm *tm = ctx;
	int n = atomic_inc_return(&tm->runs);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(1) };

	if (n == 1) {
		tm->seen_at = ktime_get();
		tm->seen_dpc = dpc;
		tm->seen_ctx = ctx;
		tm->seen_systime = (ULONGLONG)(ULONG_PTR)a1 | (ULONGLONG)(ULONG_PTR)a2 << 32;
		tm->seen_irql = KeGetCurrentIrql();
		tm->seen_state = KeReadStateTimer(&tm->timer);
	}
	if (tm->use_lock) {
		KeAcquireSpinLockAtDpcLevel(&tm->lock);
		tm->shared++;
		KeReleaseSpinLockFromDpcLevel(&tm->lock);
	}
	if (n <= tm->rearm && n <= (int)ARRAY_SIZE(tm->rearm_ret))
		tm->rearm_ret[n - 1] = KeSetTimer(&tm->timer, due, dpc);
	if (n == tm->target)
		complete(&tm->done);
}

static VOID ntc_tm_sentinel_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_tm *tm = ctx;

	complete(&tm->sentinel_done);
}

/* Cleanup, also after a failed assertion: no timer of ours stays set. */
static void ntc_tm_stop(void *data)
{
	struct ntc_tm *tm = data;

	tm->rearm = 0;
	KeCancelTimer(&tm->timer);
	KeCancelTimer(&tm->sentinel);
	KeFlushQueuedDpcs();
	KeCancelTimer(&tm->timer);	/* a DPC that re-set it meanwhile */
	KeFlushQueuedDpcs();
}

static struct ntc_tm *ntc_tm_new(struct kunit *test, TIMER_TYPE type, int target)
{
	struct ntc_tm *tm = kunit_kzalloc(test, sizeof(*tm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tm);
	KeInitializeTimerEx(&tm->timer, type);
	KeInitializeDpc(&tm->dpc, ntc_tm_dpc, tm);
	KeInitializeTimer(&tm->sentinel);
	KeInitializeDpc(&tm->sentinel_dpc, ntc_tm_sentinel_dpc, tm);
	init_completion(&tm->sentinel_done);
	init_completion(&tm->done);
	KeInitializeSpinLock(&tm->lock);
	atomic_set(&tm->runs, 0);
	tm->target = target;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_tm_stop, tm), 0);
	return tm;
}

/* Wait for a one-shot timer due @ms from now: later than anything before it. */
static void ntc_tm_sentinel(struct kunit *test, struct ntc_tm *tm, int ms)
{
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(ms) };

	reinit_completion(&tm->sentinel_done);
	KUNIT_ASSERT_FALSE(test, KeSetTimer(&tm->sentinel, due, &tm->sentinel_dpc));
	NTC_WAIT(test, &tm->sentinel_done);
}

static ULONGLONG ntc_tm_now_nt(void)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	return (u64)ts.tv_sec * 10000000ULL + ts.tv_nsec / 100 + NTC_EPOCH_DELTA;
}

/* A relative one-shot timer queues its DPC once, not early, with NT's arguments. */
static void ntc_timer_relative_once(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 1);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(20) };
	ULONGLONG sys0, sys1;
	ktime_t t0;

	sys0 = ntc_tm_now_nt();
	t0 = ktime_get();
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->timer, due, &tm->dpc));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&tm->timer));
	NTC_WAIT(test, &tm->done);
	sys1 = ntc_tm_now_nt();
	KUNIT_EXPECT_GE(test, ktime_ms_delta(tm->seen_at, t0), 20LL);
	KUNIT_EXPECT_PTR_EQ(test, tm->seen_dpc, &tm->dpc);
	KUNIT_EXPECT_PTR_EQ(test, tm->seen_ctx, (PVOID)tm);
	KUNIT_EXPECT_EQ(test, tm->seen_irql, (KIRQL)DISPATCH_LEVEL);
	/* SystemArgument1/2: the system time of the expiry, low and high parts */
	KUNIT_EXPECT_GE(test, tm->seen_systime, sys0);
	KUNIT_EXPECT_LE(test, tm->seen_systime, sys1);
	/* Signaled before its DPC was queued; a one-shot is out of the queue. */
	KUNIT_EXPECT_TRUE(test, tm->seen_state);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&tm->timer));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));
	ntc_tm_sentinel(test, tm, 50);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&tm->runs), 1);
}

/* A positive DueTime is a system time: due then, not before; a past one at once. */
static void ntc_timer_absolute(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 1);
	LARGE_INTEGER due;
	ktime_t t0;

	t0 = ktime_get();
	KeQuerySystemTimePrecise(&due);
	due.QuadPart += 30 * 10000;	/* 30 ms from now */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->timer, due, &tm->dpc));
	NTC_WAIT(test, &tm->done);
	/* 1 ms of slack for the two clocks read one after the other */
	KUNIT_EXPECT_GE(test, ktime_ms_delta(tm->seen_at, t0), 29LL);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&tm->timer));

	/* 1601-01-01 plus 100 ns: long past */
	due.QuadPart = 1;
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->sentinel, due, &tm->sentinel_dpc));
	NTC_WAIT(test, &tm->sentinel_done);
}

/* A periodic timer fires again and again; KeCancelTimer stops it for good. */
static void ntc_timer_periodic_cancel(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 5);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(5) };
	int n;

	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(&tm->timer, due, 5, &tm->dpc));
	NTC_WAIT(test, &tm->done);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&tm->timer));	/* still in the queue */
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));
	KeFlushQueuedDpcs();	/* a DPC queued before the cancel runs: NT rule */
	n = atomic_read(&tm->runs);
	KUNIT_EXPECT_GE(test, n, 5);
	ntc_tm_sentinel(test, tm, 50);	/* ten periods */
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&tm->runs), n);
}

/* KeSetTimer on a set timer: TRUE, and the new due time replaces the old. */
static void ntc_timer_reset_replaces(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 1);
	LARGE_INTEGER later = { .QuadPart = NTC_TM_MS(60 * 1000) };
	LARGE_INTEGER soon = { .QuadPart = NTC_TM_MS(10) };

	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->timer, later, &tm->dpc));
	KUNIT_EXPECT_TRUE(test, KeSetTimer(&tm->timer, soon, &tm->dpc));
	NTC_WAIT(test, &tm->done);	/* 5 s: the 60 s due time is gone */
	/* Set once in the queue: expired, nothing left to cancel. */
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));
	/* And the other way round: a later due time replaces a sooner one. */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->timer, soon, &tm->dpc));
	KUNIT_EXPECT_TRUE(test, KeSetTimer(&tm->timer, later, &tm->dpc));
	ntc_tm_sentinel(test, tm, 50);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&tm->runs), 1);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&tm->timer));
}

/* KeCancelTimer: TRUE only for a set timer; a cancelled timer's DPC never runs. */
static void ntc_timer_cancel_result(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 1);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(20) };

	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));	/* never set */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->timer, due, &tm->dpc));
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&tm->timer));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));
	ntc_tm_sentinel(test, tm, 60);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&tm->runs), 0);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&tm->timer));
}

/* The signal state: set at expiry, kept by a cancel, cleared by the next set. */
static void ntc_timer_read_state(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 1);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(10) };
	LARGE_INTEGER later = { .QuadPart = NTC_TM_MS(60 * 1000) };
	KTIMER sync;

	KUNIT_EXPECT_EQ(test, tm->timer.Header.Type, (UCHAR)TimerNotificationObject);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&tm->timer));
	KeSetTimer(&tm->timer, due, &tm->dpc);
	NTC_WAIT(test, &tm->done);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&tm->timer));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&tm->timer));	/* stays signaled */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->timer, later, NULL));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&tm->timer));	/* reset by the set */
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&tm->timer));

	memset(&sync, 0xa5, sizeof(sync));
	KeInitializeTimerEx(&sync, SynchronizationTimer);
	KUNIT_EXPECT_EQ(test, sync.Header.Type, (UCHAR)TimerSynchronizationObject);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&sync));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&sync));
}

/* A DPC sets its own one-shot timer again: FALSE (not in the queue), runs again. */
static void ntc_timer_set_from_own_dpc(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 3);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(1) };

	tm->rearm = 2;
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&tm->timer, due, &tm->dpc));
	NTC_WAIT(test, &tm->done);
	KUNIT_EXPECT_FALSE(test, tm->rearm_ret[0]);
	KUNIT_EXPECT_FALSE(test, tm->rearm_ret[1]);
	ntc_tm_sentinel(test, tm, 30);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&tm->runs), 3);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));
}

/* A periodic timer's DPC re-sets it one-shot: TRUE (still queued), then done. */
static void ntc_timer_periodic_reset_from_dpc(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 2);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(5) };

	tm->rearm = 1;
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(&tm->timer, due, 5, &tm->dpc));
	NTC_WAIT(test, &tm->done);
	KUNIT_EXPECT_TRUE(test, tm->rearm_ret[0]);
	ntc_tm_sentinel(test, tm, 50);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&tm->runs), 2);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&tm->timer));
}

/* A timer DPC and a thread share a KSPIN_LOCK (lockdep watches, kunit/run.sh). */
static void ntc_timer_dpc_spin_lock(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 20);
	LARGE_INTEGER due = { .QuadPart = NTC_TM_MS(1) };
	unsigned long mine = 0;
	KIRQL old;

	tm->use_lock = true;
	KeSetTimerEx(&tm->timer, due, 1, &tm->dpc);
	do {
		KeAcquireSpinLock(&tm->lock, &old);
		tm->shared++;
		KeReleaseSpinLock(&tm->lock, old);
		mine++;
	} while (!wait_for_completion_timeout(&tm->done, 1));
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&tm->timer));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, tm->shared, (u64)mine + atomic_read(&tm->runs));
	KUNIT_EXPECT_GE(test, atomic_read(&tm->runs), 20);
}

/* The time queries: units, epochs and monotonicity against Linux's clocks. */
static void ntc_timer_time_queries(struct kunit *test)
{
	ULONG inc = KeQueryTimeIncrement();
	ULONGLONG a, b, c, last = 0;
	LARGE_INTEGER t, f = { .QuadPart = 0 }, p1, p2;
	int i;

	KUNIT_EXPECT_EQ(test, inc, (ULONG)(10000000 / HZ));

	for (i = 0; i < 1000; i++) {
		a = div_u64(ktime_get_ns(), 100);
		b = KeQueryInterruptTime();
		c = div_u64(ktime_get_ns(), 100);
		KUNIT_ASSERT_LE(test, a, b);
		KUNIT_ASSERT_LE(test, b, c);
		KUNIT_ASSERT_GE(test, b, last);
		last = b;
	}

	a = ntc_tm_now_nt();
	KeQuerySystemTimePrecise(&t);
	c = ntc_tm_now_nt();
	KUNIT_EXPECT_GE(test, (ULONGLONG)t.QuadPart, a);
	KUNIT_EXPECT_LE(test, (ULONGLONG)t.QuadPart, c);
	/* 2020-01-01 in NT time: a 1970 epoch or a unit error is far off */
	KUNIT_EXPECT_GT(test, t.QuadPart, 132223104000000000LL);

	a = ntc_tm_now_nt();
	KeQuerySystemTime(&t);		/* tick granularity: may lag */
	c = ntc_tm_now_nt();
	KUNIT_EXPECT_LE(test, (ULONGLONG)t.QuadPart, c);
	KUNIT_EXPECT_GE(test, (ULONGLONG)t.QuadPart + 10000000ULL, a);	/* < 1 s */

	p1 = KeQueryPerformanceCounter(&f);
	p2 = KeQueryPerformanceCounter(NULL);
	KUNIT_EXPECT_GT(test, f.QuadPart, 0LL);
	KUNIT_EXPECT_LE(test, p1.QuadPart, p2.QuadPart);
	a = ktime_get_ns();
	p1 = KeQueryPerformanceCounter(NULL);
	c = ktime_get_ns();
	/* counts / frequency is CLOCK_MONOTONIC, to a count */
	b = mul_u64_u32_div(p1.QuadPart, NSEC_PER_SEC, (u32)f.QuadPart);
	KUNIT_EXPECT_GE(test, b + div_u64(NSEC_PER_SEC, (u32)f.QuadPart), a);
	KUNIT_EXPECT_LE(test, b, c);

	/* ticks * increment is the time since boot, to a few ticks */
	KeQueryTickCount(&t);
	b = KeQueryInterruptTime();
	KUNIT_EXPECT_LE(test, (ULONGLONG)t.QuadPart * inc, b + 10ULL * inc);
	KeQueryTickCount(&p1);
	KUNIT_EXPECT_GE(test, p1.QuadPart, t.QuadPart);
}

static VOID ntc_tm_io_routine(PDEVICE_OBJECT dev, PVOID ctx)
{
	struct ntc_tm *tm = ctx;
	int n = atomic_inc_return(&tm->runs);

	if (n <= 2)
		tm->io_at[n - 1] = ktime_get();
	if (n == 1) {
		tm->io_seen_dev = dev;
		tm->io_seen_ctx = ctx;
		tm->io_irql = KeGetCurrentIrql();
	}
	if (n == tm->target)
		complete(&tm->done);
}

static NTSTATUS ntc_tm_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	return STATUS_SUCCESS;
}

static void ntc_tm_driver_delete(void *drv)
{
	ntcompat_delete_driver_object(drv);
}

static void ntc_tm_device_delete(void *dev)
{
	IoDeleteDevice(dev);
}

/* The device timer: about once a second at DISPATCH_LEVEL, until stopped. */
static void ntc_timer_io_timer(struct kunit *test)
{
	struct ntc_tm *tm = ntc_tm_new(test, NotificationTimer, 2);
	PDRIVER_OBJECT drv = NULL;
	PDEVICE_OBJECT dev = NULL;
	PIO_TIMER first;
	ktime_t t0;
	int n;

	KUNIT_ASSERT_EQ(test, ntcompat_create_driver_object("ntc_tm", ntc_tm_driver_entry, &drv),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_tm_driver_delete, drv), 0);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_tm_device_delete, dev), 0);

	KUNIT_EXPECT_EQ(test, IoInitializeTimer(dev, NULL, tm), STATUS_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, IoInitializeTimer(dev, ntc_tm_io_routine, tm), STATUS_SUCCESS);
	first = dev->Timer;
	KUNIT_ASSERT_NOT_NULL(test, first);
	KUNIT_EXPECT_EQ(test, IoInitializeTimer(dev, ntc_tm_io_routine, tm), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, dev->Timer, first);	/* one per device object */

	t0 = ktime_get();
	IoStartTimer(dev);
	IoStartTimer(dev);	/* started: left as it is */
	NTC_WAIT(test, &tm->done);
	IoStopTimer(dev);
	KeFlushQueuedDpcs();
	n = atomic_read(&tm->runs);
	KUNIT_EXPECT_PTR_EQ(test, tm->io_seen_dev, dev);
	KUNIT_EXPECT_PTR_EQ(test, tm->io_seen_ctx, (PVOID)tm);
	KUNIT_EXPECT_EQ(test, tm->io_irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_GE(test, ktime_ms_delta(tm->io_at[0], t0), 1000LL);
	/* expiries 1 s apart; the runs, each some DPC latency after its expiry */
	KUNIT_EXPECT_GE(test, ktime_ms_delta(tm->io_at[1], tm->io_at[0]), 900LL);
	ntc_tm_sentinel(test, tm, 1500);	/* longer than a period */
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&tm->runs), n);
	/* IoDeleteDevice (the cleanup action) frees the IO_TIMER. */
}

static struct kunit_case ntc_timer_cases[] = {
	KUNIT_CASE(ntc_timer_relative_once),
	KUNIT_CASE(ntc_timer_absolute),
	KUNIT_CASE(ntc_timer_periodic_cancel),
	KUNIT_CASE(ntc_timer_reset_replaces),
	KUNIT_CASE(ntc_timer_cancel_result),
	KUNIT_CASE(ntc_timer_read_state),
	KUNIT_CASE(ntc_timer_set_from_own_dpc),
	KUNIT_CASE(ntc_timer_periodic_reset_from_dpc),
	KUNIT_CASE(ntc_timer_dpc_spin_lock),
	KUNIT_CASE(ntc_timer_time_queries),
	KUNIT_CASE_SLOW(ntc_timer_io_timer),
	{}
};

static struct kunit_suite ntc_timer_suite = {
	.name = "ntc_timer",
	.test_cases = ntc_timer_cases,
};

kunit_test_suite(ntc_timer_suite);
