// SPDX-License-Identifier: GPL-2.0
/*
 * Events, waits and remove locks (issue 8 item 3): KEVENT set/reset and its
 * return values; KeWaitForSingleObject/KeWaitForMultipleObjects with every
 * kind of timeout (NULL, relative, absolute, zero) at PASSIVE_LEVEL, the
 * zero-timeout poll at DISPATCH_LEVEL and in a DPC, the waits refused there
 * and above; notification events releasing every waiter, synchronization
 * events exactly one per set, in order; a DPC, and a DPC an ISR queued,
 * setting an event a thread waits on; WaitAny's index, WaitAll's atomic
 * consumption, the Count limits; waits on notification, synchronization and
 * periodic KTIMERs; IO_REMOVE_LOCK (acquire after the removal began fails,
 * IoReleaseRemoveLockAndWait returns exactly when the last holder
 * releases, over-release refused); PAGED_CODE.
 *
 * Waiters that must block run in kthreads (struct ntc_ev_waiter). The test
 * thread waits for them to be linked into the object's wait list (bounded
 * poll, NTC_WAIT_MS) before it signals, so every wake-up tested is a real
 * one, and waits for their completion with NTC_WAIT. No sleep-and-hope:
 * timeouts are only checked not to return early, and bounded above.
 */
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/delay.h>

#include "ntc_test.h"

#define NTC_SPLAT_BEGIN(why)	pr_info("ntc-kunit: expected splat begin: %s\n", why)
#define NTC_SPLAT_END()		pr_info("ntc-kunit: expected splat end\n")

#define NTC_EV_MS(ms)		((LONGLONG)(ms) * -10000)	/* relative timeout */
#define NTC_EV_WAITERS		4

static LARGE_INTEGER ntc_ev_zero = { .QuadPart = 0 };

struct ntc_ev_waiter {
	ULONG count;
	PVOID objs[8];
	KWAIT_BLOCK blocks[8];
	bool use_blocks;
	WAIT_TYPE type;
	LARGE_INTEGER timeout;
	bool forever;			/* NULL timeout */
	int loops;			/* waits in a row (periodic timers) */
	NTSTATUS status[4];
	ktime_t done_at;
	struct completion done;
	bool started;
	/* remove lock: the remover */
	PIO_REMOVE_LOCK rl;
	bool *holder_released;
	bool saw_released;
};

struct ntc_ev {
	struct kunit *test;
	KEVENT ev[4];
	KTIMER timer;
	KDPC dpc;
	IO_REMOVE_LOCK rl;
	struct ntc_ev_waiter w[NTC_EV_WAITERS];
	/* ISR -> DPC -> KeSetEvent */
	PKINTERRUPT kint;
	int armed;
	atomic_t isr_calls;
	KIRQL dpc_irql;
	LONG dpc_prev;
};

static int ntc_ev_waiter_fn(void *p)
{
	struct ntc_ev_waiter *w = p;
	int i;

	for (i = 0; i < w->loops; i++)
		w->status[i] = KeWaitForMultipleObjects(w->count, w->objs, w->type, Executive,
							KernelMode, FALSE,
							w->forever ? NULL : &w->timeout,
							w->use_blocks ? w->blocks : NULL);
	w->done_at = ktime_get();
	complete_all(&w->done);	/* stays done: the test and the cleanup both look */
	return 0;
}

static int ntc_ev_remover_fn(void *p)
{
	struct ntc_ev_waiter *w = p;

	w->status[0] = IoAcquireRemoveLock(w->rl, w);
	IoReleaseRemoveLockAndWait(w->rl, w);
	w->saw_released = READ_ONCE(*w->holder_released);
	w->done_at = ktime_get();
	complete_all(&w->done);	/* stays done: the test and the cleanup both look */
	return 0;
}

/* Test end: release waiters still blocked (a failed test), wait for them. */
static void ntc_ev_cleanup(void *p)
{
	struct ntc_ev *e = p;
	int i, j, tries;

	KeCancelTimer(&e->timer);
	for (i = 0; i < NTC_EV_WAITERS; i++) {
		struct ntc_ev_waiter *w = &e->w[i];

		if (!w->started)
			continue;
		for (tries = 0; tries < 8 && !completion_done(&w->done); tries++) {
			for (j = 0; j < ARRAY_SIZE(e->ev); j++)
				KeSetEvent(&e->ev[j], IO_NO_INCREMENT, FALSE);
			if (w->rl && READ_ONCE(w->rl->Common.IoCount) > 0)
				KeSetEvent(&w->rl->Common.RemoveEvent, IO_NO_INCREMENT, FALSE);
			wait_for_completion_timeout(&w->done, msecs_to_jiffies(NTC_WAIT_MS));
		}
		WARN(!completion_done(&w->done), "ntc_event: waiter %d never returned\n", i);
	}
	KeFlushQueuedDpcs();
}

static struct ntc_ev *ntc_ev_new(struct kunit *test)
{
	struct ntc_ev *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->test = test;
	e->armed = 0;
	for (i = 0; i < ARRAY_SIZE(e->ev); i++)
		KeInitializeEvent(&e->ev[i], NotificationEvent, FALSE);
	KeInitializeTimer(&e->timer);
	for (i = 0; i < NTC_EV_WAITERS; i++)
		init_completion(&e->w[i].done);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_ev_cleanup, e), 0);
	return e;
}

/* Waiters linked into @h's wait list (no one removes any meanwhile). */
static unsigned int ntc_ev_linked(PDISPATCHER_HEADER h)
{
	LIST_ENTRY *head = &h->WaitListHead, *p;
	unsigned int n = 0;

	for (p = READ_ONCE(head->Flink); p != head && n < 64; p = READ_ONCE(p->Flink))
		n++;
	return n;
}

static void ntc_ev_until_linked(struct kunit *test, PVOID obj, unsigned int n)
{
	int i;

	for (i = 0; i < NTC_WAIT_MS * 5 && ntc_ev_linked(obj) < n; i++)
		usleep_range(200, 400);
	KUNIT_ASSERT_EQ_MSG(test, ntc_ev_linked(obj), n, "waiters never blocked on %p", obj);
}

/* Start waiter @i on @count objects; -1 ms.. relative timeout, or forever. */
static struct ntc_ev_waiter *ntc_ev_start(struct ntc_ev *e, int i, WAIT_TYPE type,
					  LONGLONG timeout, bool forever, int loops,
					  ULONG count, PVOID *objs)
{
	struct ntc_ev_waiter *w = &e->w[i];
	struct task_struct *t;

	w->count = count;
	memcpy(w->objs, objs, count * sizeof(PVOID));
	w->use_blocks = count > THREAD_WAIT_OBJECTS;
	w->type = type;
	w->timeout.QuadPart = timeout;
	w->forever = forever;
	w->loops = loops;
	t = kthread_run(ntc_ev_waiter_fn, w, "ntc-ev-waiter/%d", i);
	KUNIT_ASSERT_FALSE(e->test, IS_ERR(t));
	w->started = true;
	return w;
}

static NTSTATUS ntc_ev_wait1(PVOID obj, PLARGE_INTEGER timeout)
{
	return KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, timeout);
}

/* ---------------------------------------------------------------------- */

static void ntc_event_set_reset(struct kunit *test)
{
	KEVENT n, s;

	KeInitializeEvent(&n, NotificationEvent, FALSE);
	KeInitializeEvent(&s, SynchronizationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, n.Header.Type, (UCHAR)EventNotificationObject);
	KUNIT_EXPECT_EQ(test, s.Header.Type, (UCHAR)EventSynchronizationObject);
	KUNIT_EXPECT_EQ(test, n.Header.Size, (UCHAR)(sizeof(KEVENT) / sizeof(LONG)));
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&n), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&s), 1);
	/* KeSetEvent returns the previous state. */
	KUNIT_EXPECT_EQ(test, KeSetEvent(&n, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&n, IO_NO_INCREMENT, TRUE), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&n), 1);
	KUNIT_EXPECT_EQ(test, KeResetEvent(&n), 1);
	KUNIT_EXPECT_EQ(test, KeResetEvent(&n), 0);
	KeSetEvent(&n, EVENT_INCREMENT, FALSE);
	KeClearEvent(&n);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&n), 0);
	/* Nobody waits: a synchronization event stays signaled. */
	KUNIT_EXPECT_EQ(test, KeSetEvent(&s, IO_NO_INCREMENT, FALSE), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&s), 1);
	/* A notification event stays signaled through waits... */
	KeSetEvent(&n, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&n, &ntc_ev_zero), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&n, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&n), 1);
	/* ...a synchronization event is consumed by the one it satisfies. */
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&s, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&s), 0);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&s, &ntc_ev_zero), STATUS_TIMEOUT);
}

/* Every timeout kind at PASSIVE_LEVEL: never early, bounded late. */
static void ntc_event_timeouts(struct kunit *test)
{
	LARGE_INTEGER t, now;
	KEVENT e;
	ktime_t t0;
	s64 ms;

	KeInitializeEvent(&e, NotificationEvent, FALSE);
	KUNIT_ASSERT_EQ(test, KeGetCurrentIrql(), (KIRQL)PASSIVE_LEVEL);

	/* zero: test and return */
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e, &ntc_ev_zero), STATUS_TIMEOUT);
	KUNIT_EXPECT_LT(test, ktime_ms_delta(ktime_get(), t0), 1000LL);

	/* relative, 100 ns units */
	t.QuadPart = NTC_EV_MS(30);
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e, &t), STATUS_TIMEOUT);
	ms = ktime_ms_delta(ktime_get(), t0);
	KUNIT_EXPECT_GE(test, ms, 30LL);
	KUNIT_EXPECT_LT(test, ms, (s64)NTC_WAIT_MS);

	/* absolute system time, as KeQuerySystemTime returns */
	t0 = ktime_get();
	KeQuerySystemTimePrecise(&now);
	t.QuadPart = now.QuadPart + 30 * 10000;
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e, &t), STATUS_TIMEOUT);
	ms = ktime_ms_delta(ktime_get(), t0);
	KUNIT_EXPECT_GE(test, ms, 29LL);	/* the clocks' 100 ns rounding */
	KUNIT_EXPECT_LT(test, ms, (s64)NTC_WAIT_MS);

	/* absolute, already past: returns at once */
	t.QuadPart = now.QuadPart - 10000000;
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e, &t), STATUS_TIMEOUT);
	KUNIT_EXPECT_LT(test, ktime_ms_delta(ktime_get(), t0), 1000LL);

	/* NULL (and the others) on a signaled object: at once */
	KeSetEvent(&e, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e, NULL), STATUS_SUCCESS);
	t.QuadPart = NTC_EV_MS(NTC_WAIT_MS);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e, &t), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e, &ntc_ev_zero), STATUS_SUCCESS);

	/* A NULL timeout released by a set: the waiter tests below. */
}

/* A waiter with a relative timeout is released early by a set. */
static void ntc_event_set_before_timeout(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	PVOID obj = &e->ev[0];
	struct ntc_ev_waiter *w;

	w = ntc_ev_start(e, 0, WaitAny, NTC_EV_MS(4 * NTC_WAIT_MS), false, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 1);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&e->ev[0], IO_NO_INCREMENT, FALSE), 0);
	NTC_WAIT(test, &w->done);
	KUNIT_EXPECT_EQ(test, w->status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(obj), 0U);
}

/* DISPATCH_LEVEL (and a DPC): the zero-timeout poll works, real waits are refused. */
static void ntc_event_dispatch_level(struct kunit *test)
{
	LARGE_INTEGER rel = { .QuadPart = NTC_EV_MS(10) }, abs;
	KEVENT n, s, off;
	ktime_t t0;
	KIRQL old;

	KeInitializeEvent(&n, NotificationEvent, TRUE);
	KeInitializeEvent(&s, SynchronizationEvent, TRUE);
	KeInitializeEvent(&off, NotificationEvent, FALSE);
	KeQuerySystemTime(&abs);
	abs.QuadPart += 10000000;

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&n, &ntc_ev_zero), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&off, &ntc_ev_zero), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&s, &ntc_ev_zero), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&s, &ntc_ev_zero), STATUS_TIMEOUT);	/* consumed */
	/* Refused, not slept (DEBUG_ATOMIC_SLEEP would report a sleep here). */
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&off, NULL), STATUS_INVALID_LEVEL);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&off, &rel), STATUS_INVALID_LEVEL);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&off, &abs), STATUS_INVALID_LEVEL);
	/* Even on a signaled object: the rule is the caller's, not the state's. */
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&n, NULL), STATUS_INVALID_LEVEL);
	KeLowerIrql(old);
	KUNIT_EXPECT_LT(test, ktime_ms_delta(ktime_get(), t0), 1000LL);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&n), 1);

	/* Above DISPATCH_LEVEL even the poll is refused. */
	KeRaiseIrql(HIGH_LEVEL, &old);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&n, &ntc_ev_zero), STATUS_INVALID_LEVEL);
	KeLowerIrql(old);

	/* APC_LEVEL: the poll works; ntcompat's APC_LEVEL cannot sleep. */
	KeRaiseIrql(APC_LEVEL, &old);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&n, &ntc_ev_zero), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&off, &rel), STATUS_INVALID_LEVEL);
	KeLowerIrql(old);

	/* Back at PASSIVE_LEVEL the same calls wait. */
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&off, &rel), STATUS_TIMEOUT);
}

struct ntc_ev_dpc_poll {
	KDPC dpc;
	KEVENT *on, *off;
	NTSTATUS poll_on, poll_off, real;
	KIRQL irql;
	struct completion done;
};

static VOID ntc_ev_poll_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_ev_dpc_poll *p = ctx;
	LARGE_INTEGER rel = { .QuadPart = NTC_EV_MS(10) };

	p->irql = KeGetCurrentIrql();
	p->poll_on = ntc_ev_wait1(p->on, &ntc_ev_zero);
	p->poll_off = ntc_ev_wait1(p->off, &ntc_ev_zero);
	p->real = ntc_ev_wait1(p->off, &rel);
	complete(&p->done);
}

static void ntc_event_dpc_poll(struct kunit *test)
{
	struct ntc_ev_dpc_poll *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KEVENT on, off;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KeInitializeEvent(&on, SynchronizationEvent, TRUE);
	KeInitializeEvent(&off, NotificationEvent, FALSE);
	p->on = &on;
	p->off = &off;
	init_completion(&p->done);
	KeInitializeDpc(&p->dpc, ntc_ev_poll_dpc, p);
	KUNIT_ASSERT_TRUE(test, KeInsertQueueDpc(&p->dpc, NULL, NULL));
	NTC_WAIT(test, &p->done);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, p->irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, p->poll_on, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&on), 0);
	KUNIT_EXPECT_EQ(test, p->poll_off, STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, p->real, STATUS_INVALID_LEVEL);
}

/* Two threads wait on a notification event: one set releases both. */
static void ntc_event_notification_all(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	PVOID obj = &e->ev[0];

	ntc_ev_start(e, 0, WaitAny, 0, true, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 1);
	ntc_ev_start(e, 1, WaitAny, 0, true, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 2);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&e->ev[0], IO_NO_INCREMENT, FALSE), 0);
	/* Both satisfied inside KeSetEvent. */
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(obj), 0U);
	NTC_WAIT(test, &e->w[0].done);
	NTC_WAIT(test, &e->w[1].done);
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, e->w[1].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[0]), 1);
}

/* Two threads wait on a synchronization event: one set releases one, in order. */
static void ntc_event_synchronization_one(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	PVOID obj = &e->ev[0];

	KeInitializeEvent(&e->ev[0], SynchronizationEvent, FALSE);
	ntc_ev_start(e, 0, WaitAny, 0, true, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 1);
	ntc_ev_start(e, 1, WaitAny, 0, true, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 2);

	KUNIT_EXPECT_EQ(test, KeSetEvent(&e->ev[0], IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(obj), 1U);		/* one left waiting */
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[0]), 0);	/* consumed */
	NTC_WAIT(test, &e->w[0].done);				/* the first to wait */
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, completion_done(&e->w[1].done));

	KUNIT_EXPECT_EQ(test, KeSetEvent(&e->ev[0], IO_NO_INCREMENT, FALSE), 0);
	NTC_WAIT(test, &e->w[1].done);
	KUNIT_EXPECT_EQ(test, e->w[1].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[0]), 0);
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(obj), 0U);
}

/* A DPC sets the event a thread waits on. */
static VOID ntc_ev_set_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_ev *e = ctx;

	e->dpc_irql = KeGetCurrentIrql();
	e->dpc_prev = KeSetEvent(&e->ev[0], IO_NO_INCREMENT, FALSE);
}

static void ntc_event_dpc_sets(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	PVOID obj = &e->ev[0];

	KeInitializeEvent(&e->ev[0], SynchronizationEvent, FALSE);
	KeInitializeDpc(&e->dpc, ntc_ev_set_dpc, e);
	ntc_ev_start(e, 0, WaitAny, 0, true, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 1);
	KUNIT_ASSERT_TRUE(test, KeInsertQueueDpc(&e->dpc, NULL, NULL));
	NTC_WAIT(test, &e->w[0].done);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, e->dpc_irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, e->dpc_prev, 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[0]), 0);
}

/* The WDM pattern: the ISR queues its DPC, the DPC sets the event. */
static BOOLEAN ntc_ev_isr(PKINTERRUPT interrupt, PVOID ctx)
{
	struct ntc_ev *e = ctx;

	/* Only the interrupt the test fires (DEBUG_SHIRQ calls spuriously). */
	if (!READ_ONCE(e->armed))
		return FALSE;
	WRITE_ONCE(e->armed, 0);
	atomic_inc(&e->isr_calls);
	KeInsertQueueDpc(&e->dpc, NULL, NULL);
	return TRUE;
}

static void ntc_event_isr_dpc_sets(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	PVOID obj = &e->ev[0];

	KeInitializeEvent(&e->ev[0], NotificationEvent, FALSE);
	KeInitializeDpc(&e->dpc, ntc_ev_set_dpc, e);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &e->kint, ntc_ev_isr, e);
	p.FullySpecified.ShareVector = FALSE;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	ntc_ev_start(e, 0, WaitAny, NTC_EV_MS(4 * NTC_WAIT_MS), false, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 1);
	WRITE_ONCE(e->armed, 1);
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &e->w[0].done);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->isr_calls), 1);
	KUNIT_EXPECT_EQ(test, e->dpc_irql, (KIRQL)DISPATCH_LEVEL);
	ntc_sim_wait_handled(test, sim, 0, e->kint);
}

/* WaitAny: the index of the object that satisfied the wait. */
static void ntc_event_wait_any_index(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	PVOID objs[6] = { &e->ev[0], &e->ev[1], &e->ev[2], &e->ev[3], &e->timer };
	KWAIT_BLOCK blocks[6];
	PVOID many[MAXIMUM_WAIT_OBJECTS + 1];
	int i;

	KeInitializeEvent(&e->ev[2], SynchronizationEvent, FALSE);
	ntc_ev_start(e, 0, WaitAny, 0, true, 1, 3, objs);
	ntc_ev_until_linked(test, objs[2], 1);
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(objs[0]), 1U);
	KeSetEvent(&e->ev[2], IO_NO_INCREMENT, FALSE);
	NTC_WAIT(test, &e->w[0].done);
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_WAIT_2);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[2]), 0);	/* consumed */
	/* Every block unlinked, not only the satisfied one's. */
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(objs[0]), 0U);
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(objs[1]), 0U);

	/* Several signaled: the lowest index. */
	KeSetEvent(&e->ev[1], IO_NO_INCREMENT, FALSE);
	KeSetEvent(&e->ev[3], IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(4, objs, WaitAny, Executive, KernelMode,
						       FALSE, NULL, blocks), STATUS_WAIT_1);
	/* More than THREAD_WAIT_OBJECTS with a WaitBlockArray, blocking. */
	KeResetEvent(&e->ev[1]);
	KeResetEvent(&e->ev[3]);
	ntc_ev_start(e, 1, WaitAny, 0, true, 1, 5, objs);
	ntc_ev_until_linked(test, &e->timer, 1);
	KeSetTimer(&e->timer, (LARGE_INTEGER){ .QuadPart = NTC_EV_MS(1) }, NULL);
	NTC_WAIT(test, &e->w[1].done);
	KUNIT_EXPECT_EQ(test, e->w[1].status[0], STATUS_WAIT_0 + 4);

	/* The Count limits (MAXIMUM_WAIT_OBJECTS_EXCEEDED on Windows). */
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(4, objs, WaitAny, Executive, KernelMode,
						       FALSE, &ntc_ev_zero, NULL),
			STATUS_INVALID_PARAMETER);
	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = &e->ev[0];
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, many, WaitAny,
						       Executive, KernelMode, FALSE,
						       &ntc_ev_zero, blocks),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(0, many, WaitAny, Executive, KernelMode,
						       FALSE, &ntc_ev_zero, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, many, WaitNotification, Executive,
						       KernelMode, FALSE, &ntc_ev_zero, NULL),
			STATUS_INVALID_PARAMETER);
	/* Not an initialised object. */
	memset(blocks, 0, sizeof(blocks));
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(blocks, &ntc_ev_zero), STATUS_INVALID_PARAMETER);
}

/*
 * WaitAll: satisfied only when all are signaled at once, and then consumes
 * its synchronization objects together; a WaitAny waiter on one of them is
 * served while the WaitAll one cannot be.
 */
static void ntc_event_wait_all(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	PVOID objs[2] = { &e->ev[0], &e->ev[1] };	/* notification, synchronization */
	PVOID sync = &e->ev[1];

	KeInitializeEvent(&e->ev[1], SynchronizationEvent, FALSE);
	ntc_ev_start(e, 0, WaitAll, 0, true, 1, 2, objs);
	ntc_ev_until_linked(test, sync, 1);
	ntc_ev_start(e, 1, WaitAny, 0, true, 1, 1, &sync);
	ntc_ev_until_linked(test, sync, 2);

	/* Only the synchronization event: the WaitAny waiter gets it. */
	KeSetEvent(&e->ev[1], IO_NO_INCREMENT, FALSE);
	NTC_WAIT(test, &e->w[1].done);
	KUNIT_EXPECT_EQ(test, e->w[1].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[1]), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&e->w[0].done));

	/* The notification one alone: not all at once, still waiting. */
	KeSetEvent(&e->ev[0], IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(sync), 1U);
	KUNIT_EXPECT_FALSE(test, completion_done(&e->w[0].done));

	/* Both signaled: satisfied, the synchronization event consumed. */
	KeSetEvent(&e->ev[1], IO_NO_INCREMENT, FALSE);
	NTC_WAIT(test, &e->w[0].done);
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[1]), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[0]), 1);

	/* Zero timeout: both signaled or STATUS_TIMEOUT, nothing consumed then. */
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode,
						       FALSE, &ntc_ev_zero, NULL), STATUS_TIMEOUT);
	KeSetEvent(&e->ev[1], IO_NO_INCREMENT, FALSE);
	KeResetEvent(&e->ev[0]);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode,
						       FALSE, &ntc_ev_zero, NULL), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&e->ev[1]), 1);
}

/* KTIMERs are dispatcher objects. */
static void ntc_event_timer_waits(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	LARGE_INTEGER due = { .QuadPart = NTC_EV_MS(30) };
	LARGE_INTEGER bound = { .QuadPart = NTC_EV_MS(NTC_WAIT_MS) };
	PVOID obj = &e->timer;
	ktime_t t0;

	/* The test thread waits for a notification timer: not before it is due. */
	t0 = ktime_get();
	KeSetTimer(&e->timer, due, NULL);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e->timer, &ntc_ev_zero), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e->timer, &bound), STATUS_SUCCESS);
	KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), t0), 30LL);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&e->timer));
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e->timer, NULL), STATUS_SUCCESS);	/* stays */
	/* KeSetTimer resets it. */
	KeSetTimer(&e->timer, (LARGE_INTEGER){ .QuadPart = NTC_EV_MS(60000) }, NULL);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e->timer, &ntc_ev_zero), STATUS_TIMEOUT);
	KeCancelTimer(&e->timer);

	/* Two waiters, one notification expiry: both released. */
	ntc_ev_start(e, 0, WaitAny, NTC_EV_MS(4 * NTC_WAIT_MS), false, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 1);
	ntc_ev_start(e, 1, WaitAny, NTC_EV_MS(4 * NTC_WAIT_MS), false, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 2);
	KeSetTimer(&e->timer, (LARGE_INTEGER){ .QuadPart = NTC_EV_MS(1) }, NULL);
	NTC_WAIT(test, &e->w[0].done);
	NTC_WAIT(test, &e->w[1].done);
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, e->w[1].status[0], STATUS_SUCCESS);
}

static void ntc_event_sync_timer(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	LARGE_INTEGER bound = { .QuadPart = NTC_EV_MS(NTC_WAIT_MS) };
	PVOID obj = &e->timer;

	/* Two waiters, one synchronization expiry: one released, the timer reset. */
	KeInitializeTimerEx(&e->timer, SynchronizationTimer);
	ntc_ev_start(e, 0, WaitAny, NTC_EV_MS(4 * NTC_WAIT_MS), false, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 1);
	ntc_ev_start(e, 1, WaitAny, NTC_EV_MS(4 * NTC_WAIT_MS), false, 1, 1, &obj);
	ntc_ev_until_linked(test, obj, 2);
	KeSetTimer(&e->timer, (LARGE_INTEGER){ .QuadPart = NTC_EV_MS(1) }, NULL);
	NTC_WAIT(test, &e->w[0].done);
	KUNIT_EXPECT_EQ(test, e->w[0].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_ev_linked(obj), 1U);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&e->timer));
	KUNIT_EXPECT_FALSE(test, completion_done(&e->w[1].done));
	KeSetTimer(&e->timer, (LARGE_INTEGER){ .QuadPart = NTC_EV_MS(1) }, NULL);
	NTC_WAIT(test, &e->w[1].done);
	KUNIT_EXPECT_EQ(test, e->w[1].status[0], STATUS_SUCCESS);

	/* Nobody waiting: it stays signaled until a wait consumes it. */
	KeSetTimer(&e->timer, (LARGE_INTEGER){ .QuadPart = NTC_EV_MS(1) }, NULL);
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e->timer, &bound), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&e->timer));
	KUNIT_EXPECT_EQ(test, ntc_ev_wait1(&e->timer, &ntc_ev_zero), STATUS_TIMEOUT);

	/* Periodic: one wait satisfied per period, three in a row. */
	ntc_ev_start(e, 2, WaitAny, NTC_EV_MS(NTC_WAIT_MS), false, 3, 1, &obj);
	KeSetTimerEx(&e->timer, (LARGE_INTEGER){ .QuadPart = NTC_EV_MS(5) }, 5, NULL);
	NTC_WAIT(test, &e->w[2].done);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&e->timer));
	KUNIT_EXPECT_EQ(test, e->w[2].status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, e->w[2].status[1], STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, e->w[2].status[2], STATUS_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* IO_REMOVE_LOCK                                                          */

/*
 * DispatchPnp's IRP_MN_REMOVE_DEVICE (the remover thread) against an I/O in
 * flight (the test thread holding the lock): acquires fail once the removal
 * began, and IoReleaseRemoveLockAndWait returns exactly after the holder's
 * release (the remover reads the flag the holder set just before it).
 */
static void ntc_event_remove_lock(struct kunit *test)
{
	struct ntc_ev *e = ntc_ev_new(test);
	struct ntc_ev_waiter *w = &e->w[0];
	bool released = false;
	struct task_struct *t;
	int i;

	IoInitializeRemoveLock(&e->rl, 0x6b636f4c, 0, 0);
	KUNIT_EXPECT_EQ(test, e->rl.Common.IoCount, 1);
	KUNIT_EXPECT_FALSE(test, e->rl.Common.Removed);
	KUNIT_ASSERT_EQ(test, IoAcquireRemoveLock(&e->rl, e), STATUS_SUCCESS);	/* the I/O */

	w->rl = &e->rl;
	w->holder_released = &released;
	t = kthread_run(ntc_ev_remover_fn, w, "ntc-ev-remover");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	w->started = true;
	ntc_ev_until_linked(test, &e->rl.Common.RemoveEvent, 1);
	KUNIT_EXPECT_EQ(test, w->status[0], STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, e->rl.Common.Removed);
	KUNIT_EXPECT_EQ(test, e->rl.Common.IoCount, 1);	/* only the I/O */

	/* A new I/O after the removal began is turned away. */
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(&e->rl, NULL), STATUS_DELETE_PENDING);
	KUNIT_EXPECT_EQ(test, e->rl.Common.IoCount, 1);
	KUNIT_EXPECT_FALSE(test, completion_done(&w->done));

	WRITE_ONCE(released, true);
	IoReleaseRemoveLock(&e->rl, e);
	NTC_WAIT(test, &w->done);
	KUNIT_EXPECT_TRUE(test, w->saw_released);
	KUNIT_EXPECT_EQ(test, e->rl.Common.IoCount, 0);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(&e->rl, NULL), STATUS_DELETE_PENDING);
	KUNIT_EXPECT_EQ(test, e->rl.Common.IoCount, 0);
}

/* No other holder: AndWait returns at once; over-release is refused. */
static void ntc_event_remove_lock_alone(struct kunit *test)
{
	IO_REMOVE_LOCK rl;

	IoInitializeRemoveLock(&rl, 0, 1, 100);
	/* A release without an acquire: logged, no underflow. */
	IoReleaseRemoveLock(&rl, NULL);
	KUNIT_EXPECT_EQ(test, rl.Common.IoCount, 1);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(&rl, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(&rl, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rl.Common.IoCount, 3);
	IoReleaseRemoveLock(&rl, NULL);
	KUNIT_EXPECT_EQ(test, rl.Common.IoCount, 2);
	IoReleaseRemoveLockAndWait(&rl, NULL);
	KUNIT_EXPECT_EQ(test, rl.Common.IoCount, 0);
	KUNIT_EXPECT_TRUE(test, rl.Common.Removed);
	/* After the removal, an extra release still cannot go below 0. */
	IoReleaseRemoveLock(&rl, NULL);
	KUNIT_EXPECT_EQ(test, rl.Common.IoCount, 0);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(&rl, NULL), STATUS_DELETE_PENDING);
}

/* ---------------------------------------------------------------------- */

static void ntc_ev_paged(void)
{
	PAGED_CODE();
}

/*
 * PAGED_CODE: silent at PASSIVE_LEVEL (the splat scan checks that); at
 * DISPATCH_LEVEL a warning from the first call of a call site only.
 */
static void ntc_event_paged_code(struct kunit *test)
{
	KIRQL old;

	ntc_ev_paged();
	PAGED_CODE();
	NTC_SPLAT_BEGIN("PAGED_CODE at DISPATCH_LEVEL: RtlAssert once");
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	ntc_ev_paged();
	ntc_ev_paged();
	KeLowerIrql(old);
	NTC_SPLAT_END();
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), (KIRQL)PASSIVE_LEVEL);
}

static struct kunit_case ntc_event_cases[] = {
	KUNIT_CASE(ntc_event_set_reset),
	KUNIT_CASE(ntc_event_timeouts),
	KUNIT_CASE(ntc_event_set_before_timeout),
	KUNIT_CASE(ntc_event_dispatch_level),
	KUNIT_CASE(ntc_event_dpc_poll),
	KUNIT_CASE(ntc_event_notification_all),
	KUNIT_CASE(ntc_event_synchronization_one),
	KUNIT_CASE(ntc_event_dpc_sets),
	KUNIT_CASE(ntc_event_isr_dpc_sets),
	KUNIT_CASE(ntc_event_wait_any_index),
	KUNIT_CASE(ntc_event_wait_all),
	KUNIT_CASE(ntc_event_timer_waits),
	KUNIT_CASE(ntc_event_sync_timer),
	KUNIT_CASE(ntc_event_remove_lock),
	KUNIT_CASE(ntc_event_remove_lock_alone),
	KUNIT_CASE(ntc_event_paged_code),
	{}
};

static struct kunit_suite ntc_event_suite = {
	.name = "ntc_event",
	.test_cases = ntc_event_cases,
};

kunit_test_suite(ntc_event_suite);
