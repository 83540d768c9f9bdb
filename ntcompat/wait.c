// SPDX-License-Identifier: GPL-2.0
/*
 * wait.c - dispatcher objects and waits: KEVENT, KeWaitForSingleObject()
 * and KeWaitForMultipleObjects() on events and KTIMERs.
 *
 * Built as ntoskrnl's dispatcher is (ReactOS ke/wait.c, ke/eventobj.c): an
 * object's state is its DISPATCHER_HEADER. SignalState > 0 is signaled;
 * WaitListHead lists the wait blocks (KWAIT_BLOCK) of the threads waiting
 * on it, in arrival order. A waiting thread has one wait block per object,
 * on its stack (up to THREAD_WAIT_OBJECTS) or in the caller's
 * WaitBlockArray, and one struct ntc_waiter on its stack that the blocks
 * point to (KWAIT_BLOCK.Thread). Nothing is allocated to set or to wait.
 *
 * Objects: events (Header.Type EventNotificationObject or
 * EventSynchronizationObject) and timers (TimerNotificationObject,
 * TimerSynchronizationObject; timer.c signals them). "Synchronization"
 * objects are consumed by the wait they satisfy (SignalState back to 0),
 * "notification" objects stay signaled until reset.
 *
 * State machine, every transition under ntc_dispatcher_lock:
 *   object 0 -> 1 (KeSetEvent(), timer expiry): wait test, ntc_wait_test():
 *	the waiters are visited in order while the object stays signaled. A
 *	WaitAny waiter is satisfied by it (STATUS_WAIT_0 + its index); a
 *	WaitAll waiter only when every one of its objects is signaled, and then
 *	it consumes each synchronization object among them at once. So a
 *	synchronization object releases exactly one waiter per signal, a
 *	notification object all of them.
 *   object 1 -> 0: KeResetEvent()/KeClearEvent(), KeSetTimer(), or the
 *	satisfied wait that consumes a synchronization object.
 *   waiter PENDING -> status: satisfied by a wait test (the waker unlinks
 *	all of its blocks, stores the status and wakes the task), or timed
 *	out (the waiter unlinks its blocks itself, STATUS_TIMEOUT). Whichever
 *	takes the lock first decides; the other sees the status and stops.
 *   A new wait first tests its objects (satisfied at once: nothing
 *	linked); a zero timeout then returns STATUS_TIMEOUT; otherwise the
 *	blocks are linked and the task sleeps (TASK_IDLE, so that a worker
 *	thread waiting for ever, normal on NT, is no "hung task").
 *
 * Locking rules:
 *   ntc_dispatcher_lock (raw_spinlock_t, IRQs off): every SignalState
 *	change, every WaitListHead, wait block and ntc_waiter.status. Taken
 *	inside ntc_timer_lock (timer.c calls in; nothing here calls timer.c)
 *	and outside the scheduler's locks (wake_up_process() under it, which
 *	on PREEMPT_RT takes only raw locks too). Never held while sleeping.
 *	Being raw with IRQs off, KeSetEvent() works at any IRQL, from a DPC
 *	and (harmlessly, though the WDK forbids it) from an ISR.
 *
 * Differences from Windows, deliberate:
 *   - Kernel-mode, non-alertable waits only: no APC is ever delivered to a
 *     thread here, so Alertable and WaitMode change nothing and
 *     STATUS_ALERTED/STATUS_USER_APC are never returned.
 *   - A real wait is refused (STATUS_INVALID_LEVEL, logged once per call
 *     site) at DISPATCH_LEVEL and above, where Windows bug checks, and also
 *     at APC_LEVEL, which the WDK allows but ntcompat's APC_LEVEL is not
 *     preemptible (irql.c), and in a threaded DPC, which must be written
 *     to run at DISPATCH_LEVEL. A zero timeout polls at IRQL <=
 *     DISPATCH_LEVEL.
 *   - An absolute timeout is converted to CLOCK_MONOTONIC when the wait
 *     starts (as timer.c's due times); a later clock change does not move it.
 *   - KeSetEvent(..., Wait = TRUE) does the whole set and returns at the
 *     caller's IRQL: Windows returns with the dispatcher lock held so that
 *     the KeWaitXxx that must follow is atomic with the set; here that
 *     wait is an ordinary one, which sees the state the set left.
 *   - The priority Increment of KeSetEvent() and WaitReason are ignored.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "ntc_internal.h"

/* KWAIT_BLOCK.BlockState */
#define NTC_BLOCK_INACTIVE	0
#define NTC_BLOCK_ACTIVE	1

/* ntc_waiter.status until the wait is satisfied or times out. */
#define NTC_WAIT_PENDING	((NTSTATUS)0xffffffff)

static DEFINE_RAW_SPINLOCK(ntc_dispatcher_lock);

/* The waiting thread, on its stack while it waits. */
struct ntc_waiter {
	struct task_struct *task;
	PKWAIT_BLOCK blocks;
	ULONG count;
	WAIT_TYPE type;
	NTSTATUS status;
};

static_assert(sizeof(KEVENT) == 24);
static_assert(sizeof(KWAIT_BLOCK) == 6 * sizeof(void *));

static inline struct list_head *ntc_obj_waiters(PDISPATCHER_HEADER h)
{
	return (struct list_head *)&h->WaitListHead;
}

static inline struct list_head *ntc_block_link(PKWAIT_BLOCK wb)
{
	return (struct list_head *)&wb->WaitListEntry;
}

static inline struct ntc_waiter *ntc_block_waiter(PKWAIT_BLOCK wb)
{
	return (struct ntc_waiter *)wb->Thread;
}

static bool ntc_obj_is_sync(PDISPATCHER_HEADER h)
{
	return h->Type == EventSynchronizationObject || h->Type == TimerSynchronizationObject;
}

/* An initialised object ntcompat can wait on. */
static bool ntc_obj_known(PDISPATCHER_HEADER h)
{
	switch (h->Type) {
	case EventNotificationObject:
	case EventSynchronizationObject:
	case TimerNotificationObject:
	case TimerSynchronizationObject:
		return h->WaitListHead.Flink;	/* NULL: never initialised */
	default:
		return false;
	}
}

static inline bool ntc_obj_signaled(PDISPATCHER_HEADER h)
{
	return h->SignalState > 0;
}

static inline void ntc_obj_consume(PDISPATCHER_HEADER h)
{
	if (ntc_obj_is_sync(h))
		WRITE_ONCE(h->SignalState, 0);
}

/*
 * Log once per call site (the caller's return address): a fixed table, no
 * allocation, any context. When it is full, rate-limited instead.
 */
static unsigned long ntc_wait_logged_at[32];
static DEFINE_RATELIMIT_STATE(ntc_wait_log_rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);

bool ntc_first_at(unsigned long ip)
{
	unsigned int i;
	unsigned long v;

	for (i = 0; i < ARRAY_SIZE(ntc_wait_logged_at); i++) {
		v = READ_ONCE(ntc_wait_logged_at[i]);
		if (!v)
			v = cmpxchg(&ntc_wait_logged_at[i], 0UL, ip);
		if (!v)
			return true;
		if (v == ip)
			return false;
	}
	return __ratelimit(&ntc_wait_log_rs);
}

/* ktime_t (CLOCK_MONOTONIC) of an NT due time: < 0 relative, else absolute. */
ktime_t ntc_due_ktime(LONGLONG due)
{
	ktime_t now = ktime_get();
	u64 rel, sys;

	if (due < 0) {
		rel = -(u64)due;
	} else {
		sys = div_u64(ktime_get_real_ns(), 100) + NTC_EPOCH_DELTA;
		if ((u64)due <= sys)
			return now;	/* already past */
		rel = (u64)due - sys;
	}
	if (rel >= (u64)(KTIME_MAX - now) / 100)
		return KTIME_MAX;
	return ktime_add_ns(now, rel * 100);
}

/* Satisfied: unlink every block of @w, store @status, wake it. */
static void ntc_waiter_finish(struct ntc_waiter *w, NTSTATUS status)
{
	ULONG i;

	lockdep_assert_held(&ntc_dispatcher_lock);
	for (i = 0; i < w->count; i++) {
		list_del_init(ntc_block_link(&w->blocks[i]));
		w->blocks[i].BlockState = NTC_BLOCK_INACTIVE;
	}
	WRITE_ONCE(w->status, status);
	wake_up_process(w->task);
}

/*
 * Can @objs satisfy a wait of @type now? If so, consume them and return
 * the status; else NTC_WAIT_PENDING.
 */
static NTSTATUS ntc_wait_try(PDISPATCHER_HEADER *objs, ULONG count, WAIT_TYPE type)
{
	ULONG i;

	lockdep_assert_held(&ntc_dispatcher_lock);
	if (type == WaitAny) {
		for (i = 0; i < count; i++) {
			if (ntc_obj_signaled(objs[i])) {
				ntc_obj_consume(objs[i]);
				return STATUS_WAIT_0 + i;
			}
		}
		return NTC_WAIT_PENDING;
	}
	for (i = 0; i < count; i++) {
		if (!ntc_obj_signaled(objs[i]))
			return NTC_WAIT_PENDING;
	}
	for (i = 0; i < count; i++)
		ntc_obj_consume(objs[i]);
	return STATUS_SUCCESS;
}

/* A linked WaitAll waiter: are all its objects signaled? Then consume them. */
static bool ntc_wait_all_try(struct ntc_waiter *w)
{
	ULONG i;

	for (i = 0; i < w->count; i++) {
		if (!ntc_obj_signaled(w->blocks[i].Object))
			return false;
	}
	for (i = 0; i < w->count; i++)
		ntc_obj_consume(w->blocks[i].Object);
	return true;
}

/* @h was signaled: satisfy its waiters, in order, while it stays signaled. */
static void ntc_wait_test(PDISPATCHER_HEADER h)
{
	struct list_head *pos;
	struct ntc_waiter *w;
	PKWAIT_BLOCK wb;

	lockdep_assert_held(&ntc_dispatcher_lock);
restart:
	list_for_each(pos, ntc_obj_waiters(h)) {
		if (!ntc_obj_signaled(h))
			return;
		wb = container_of((LIST_ENTRY *)pos, KWAIT_BLOCK, WaitListEntry);
		w = ntc_block_waiter(wb);
		if (w->type == WaitAny) {
			ntc_obj_consume(h);
			ntc_waiter_finish(w, STATUS_WAIT_0 + wb->WaitKey);
			goto restart;	/* the list changed */
		}
		if (ntc_wait_all_try(w)) {
			ntc_waiter_finish(w, STATUS_SUCCESS);
			goto restart;
		}
	}
}

/* timer.c, under ntc_timer_lock: @h expired. */
void ntc_dispatcher_signal(PDISPATCHER_HEADER h)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&ntc_dispatcher_lock, flags);
	WRITE_ONCE(h->SignalState, 1);
	ntc_wait_test(h);
	raw_spin_unlock_irqrestore(&ntc_dispatcher_lock, flags);
}

/* timer.c, under ntc_timer_lock: @h was set again. */
void ntc_dispatcher_reset(PDISPATCHER_HEADER h)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&ntc_dispatcher_lock, flags);
	WRITE_ONCE(h->SignalState, 0);
	raw_spin_unlock_irqrestore(&ntc_dispatcher_lock, flags);
}

/**
 * KeInitializeEvent() - initialise an event object
 * @Event: caller-allocated, resident KEVENT
 * @Type: NotificationEvent (a set releases every waiter and the event stays
 *	signaled until reset) or SynchronizationEvent (a set releases one
 *	waiter and the event resets itself as it does)
 * @State: TRUE to start signaled
 *
 * Must not be called on an event threads are waiting on.
 *
 * Context: any IRQL. Cannot fail.
 */
void KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	WARN_ONCE(Type != NotificationEvent && Type != SynchronizationEvent,
		  "%s: bad event type %d\n", __func__, Type);
	Event->Header.Lock = 0;
	Event->Header.Type = Type == SynchronizationEvent ? EventSynchronizationObject :
			     EventNotificationObject;
	Event->Header.Size = sizeof(KEVENT) / sizeof(LONG);
	Event->Header.SignalState = State ? 1 : 0;
	INIT_LIST_HEAD(ntc_obj_waiters(&Event->Header));
}
EXPORT_SYMBOL_GPL(KeInitializeEvent);

static bool ntc_event_valid(PRKEVENT e, const char *fn, unsigned long ip)
{
	if (likely((e->Header.Type == EventNotificationObject ||
		    e->Header.Type == EventSynchronizationObject) && e->Header.WaitListHead.Flink))
		return true;
	if (ntc_first_at(ip))
		pr_err("%s from %pS: %p is not an initialised KEVENT (KeInitializeEvent); ignored\n",
		       fn, (void *)ip, e);
	return false;
}

/**
 * KeSetEvent() - signal an event
 * @Event: an initialised KEVENT
 * @Increment: priority boost for the released threads (ignored)
 * @Wait: TRUE if a KeWaitXxx call follows at once; Windows then keeps its
 *	dispatcher lock to make the two atomic. Here the set is complete when
 *	this returns, at the caller's IRQL, and the wait is an ordinary one
 *
 * A notification event releases every waiter and stays signaled; a
 * synchronization event releases the first waiter that it satisfies and
 * is reset by that (it stays signaled if nobody waits). Setting a
 * signaled event changes nothing.
 *
 * Context: IRQL <= DISPATCH_LEVEL (DPCs included). Above it (an ISR) the
 * WDK forbids it; it works here and is logged once per call site.
 * Allocates nothing; takes a raw spin lock with IRQs off.
 * Return: the previous signal state (non-zero: it was signaled).
 */
LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
	unsigned long flags;
	LONG old;

	if (!ntc_event_valid(Event, __func__, _RET_IP_))
		return 0;
	if (unlikely(KeGetCurrentIrql() > DISPATCH_LEVEL) && ntc_first_at(_RET_IP_))
		pr_warn("%s at IRQL %u from %pS: the WDK requires IRQL <= DISPATCH_LEVEL (IRQL_NOT_LESS_OR_EQUAL, bug check 0xA, on Windows); done anyway\n",
			__func__, KeGetCurrentIrql(), (void *)_RET_IP_);
	raw_spin_lock_irqsave(&ntc_dispatcher_lock, flags);
	old = Event->Header.SignalState;
	if (!old) {
		WRITE_ONCE(Event->Header.SignalState, 1);
		ntc_wait_test(&Event->Header);
	}
	raw_spin_unlock_irqrestore(&ntc_dispatcher_lock, flags);
	return old;
}
EXPORT_SYMBOL_GPL(KeSetEvent);

/**
 * KeResetEvent() - set an event to not signaled
 * @Event: an initialised KEVENT
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: the previous signal state.
 */
LONG KeResetEvent(PRKEVENT Event)
{
	unsigned long flags;
	LONG old;

	if (!ntc_event_valid(Event, __func__, _RET_IP_))
		return 0;
	raw_spin_lock_irqsave(&ntc_dispatcher_lock, flags);
	old = Event->Header.SignalState;
	WRITE_ONCE(Event->Header.SignalState, 0);
	raw_spin_unlock_irqrestore(&ntc_dispatcher_lock, flags);
	return old;
}
EXPORT_SYMBOL_GPL(KeResetEvent);

/**
 * KeClearEvent() - set an event to not signaled
 * @Event: an initialised KEVENT
 *
 * KeResetEvent() without the previous state.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void KeClearEvent(PRKEVENT Event)
{
	KeResetEvent(Event);
}
EXPORT_SYMBOL_GPL(KeClearEvent);

/**
 * KeReadStateEvent() - read an event's signal state
 * @Event: an initialised KEVENT
 *
 * Context: any IRQL.
 * Return: the current signal state (non-zero: signaled).
 */
LONG KeReadStateEvent(PRKEVENT Event)
{
	return READ_ONCE(Event->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateEvent);

/* Can this context wait as asked? Logs once per call site and says no. */
static bool ntc_wait_allowed(bool poll, unsigned long ip)
{
	KIRQL irql = KeGetCurrentIrql();

	if (irql <= DISPATCH_LEVEL && poll)
		return true;
	if (irql == PASSIVE_LEVEL && !ntc_dpc_in_threaded())
		return true;
	if (!ntc_first_at(ip))
		return false;
	if (irql > DISPATCH_LEVEL)
		pr_err("KeWaitForXxx at IRQL %u from %pS: a wait needs IRQL <= DISPATCH_LEVEL, and a zero timeout above APC_LEVEL (IRQL_NOT_LESS_OR_EQUAL, bug check 0xA, on Windows); refused (STATUS_INVALID_LEVEL)\n",
		       irql, (void *)ip);
	else if (irql == DISPATCH_LEVEL)
		pr_err("KeWaitForXxx at IRQL %u from %pS: a wait with a non-zero timeout needs IRQL <= APC_LEVEL (IRQL_NOT_LESS_OR_EQUAL, bug check 0xA, on Windows); refused (STATUS_INVALID_LEVEL)\n",
		       irql, (void *)ip);
	else if (irql == APC_LEVEL)
		pr_err("KeWaitForXxx at IRQL %u from %pS: ntcompat's APC_LEVEL is not preemptible, so only a zero timeout is possible there (Windows can wait); refused (STATUS_INVALID_LEVEL)\n",
		       irql, (void *)ip);
	else
		pr_err("KeWaitForXxx from %pS in a threaded DPC: it must be written to run at DISPATCH_LEVEL, where only a zero timeout is allowed; refused (STATUS_INVALID_LEVEL)\n",
		       (void *)ip);
	return false;
}

static NTSTATUS ntc_wait(ULONG count, PDISPATCHER_HEADER *objs, WAIT_TYPE type,
			 PLARGE_INTEGER timeout, PKWAIT_BLOCK blocks, unsigned long ip)
{
	struct ntc_waiter w = {
		.task = current, .blocks = blocks, .count = count, .type = type,
	};
	bool poll = timeout && timeout->QuadPart == 0;
	unsigned long flags;
	ktime_t expires = 0;
	NTSTATUS status;
	ULONG i;

	for (i = 0; i < count; i++) {
		if (unlikely(!objs[i] || !ntc_obj_known(objs[i]))) {
			if (ntc_first_at(ip))
				pr_err("KeWaitForXxx from %pS: object %u (%p) is not an initialised KEVENT or KTIMER; refused (STATUS_INVALID_PARAMETER)\n",
				       (void *)ip, i, objs[i]);
			return STATUS_INVALID_PARAMETER;
		}
	}
	if (!ntc_wait_allowed(poll, ip))
		return STATUS_INVALID_LEVEL;
	if (timeout && !poll) {
		expires = ntc_due_ktime(timeout->QuadPart);
		if (expires <= ktime_get())
			poll = true;	/* already past: test only */
	}
	if (!poll)
		might_sleep();

	raw_spin_lock_irqsave(&ntc_dispatcher_lock, flags);
	status = ntc_wait_try(objs, count, type);
	if (status != NTC_WAIT_PENDING || poll) {
		raw_spin_unlock_irqrestore(&ntc_dispatcher_lock, flags);
		return status == NTC_WAIT_PENDING ? STATUS_TIMEOUT : status;
	}
	w.status = NTC_WAIT_PENDING;
	for (i = 0; i < count; i++) {
		blocks[i].WaitType = type;
		blocks[i].BlockState = NTC_BLOCK_ACTIVE;
		blocks[i].WaitKey = i;
		blocks[i].Thread = (struct _KTHREAD *)&w;
		blocks[i].Object = objs[i];
		list_add_tail(ntc_block_link(&blocks[i]), ntc_obj_waiters(objs[i]));
	}
	for (;;) {
		/* Before the unlock: a waker's wake_up_process() cannot be lost. */
		set_current_state(TASK_IDLE);
		raw_spin_unlock_irqrestore(&ntc_dispatcher_lock, flags);
		if (timeout)
			schedule_hrtimeout(&expires, HRTIMER_MODE_ABS);
		else
			schedule();
		raw_spin_lock_irqsave(&ntc_dispatcher_lock, flags);
		if (w.status != NTC_WAIT_PENDING)
			break;
		if (timeout && ktime_get() >= expires) {
			for (i = 0; i < count; i++) {
				list_del_init(ntc_block_link(&blocks[i]));
				blocks[i].BlockState = NTC_BLOCK_INACTIVE;
			}
			w.status = STATUS_TIMEOUT;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&ntc_dispatcher_lock, flags);
	__set_current_state(TASK_RUNNING);
	return w.status;
}

/**
 * KeWaitForSingleObject() - wait until an event or timer is signaled
 * @Object: an initialised KEVENT or KTIMER
 * @WaitReason: ignored (Executive, as drivers pass)
 * @WaitMode: KernelMode or UserMode; both wait as KernelMode
 * @Alertable: ignored: no APC or alert is ever delivered here
 * @Timeout: NULL: no limit; < 0: relative, in 100 ns units; > 0: absolute
 *	system time (as KeQuerySystemTime() returns); 0: test and return
 *
 * A satisfied wait consumes a synchronization event or timer (it is reset);
 * a notification one stays signaled.
 *
 * Context: IRQL <= APC_LEVEL; with a zero @Timeout, IRQL <= DISPATCH_LEVEL.
 * ntcompat's APC_LEVEL is not preemptible and a threaded DPC must be
 * written for DISPATCH_LEVEL: there only a zero @Timeout is accepted.
 * Waits in TASK_IDLE. Allocates nothing.
 * Return: STATUS_SUCCESS (the object was signaled); STATUS_TIMEOUT;
 * STATUS_INVALID_LEVEL (refused: see Context, logged once per call site);
 * STATUS_INVALID_PARAMETER (not an initialised KEVENT or KTIMER).
 */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
			       BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
	PDISPATCHER_HEADER obj = Object;
	KWAIT_BLOCK block;

	return ntc_wait(1, &obj, WaitAny, Timeout, &block, _RET_IP_);
}
EXPORT_SYMBOL_GPL(KeWaitForSingleObject);

/**
 * KeWaitForMultipleObjects() - wait until any or all of several objects are signaled
 * @Count: number of objects, 1 to MAXIMUM_WAIT_OBJECTS (64)
 * @Object: the objects: initialised KEVENTs or KTIMERs
 * @WaitType: WaitAny (the first signaled one satisfies the wait) or WaitAll
 *	(satisfied when all are signaled at the same time)
 * @WaitReason: ignored
 * @WaitMode: KernelMode or UserMode; both wait as KernelMode
 * @Alertable: ignored: no APC or alert is ever delivered here
 * @Timeout: as for KeWaitForSingleObject()
 * @WaitBlockArray: NULL when @Count <= THREAD_WAIT_OBJECTS (3), else
 *	@Count wait blocks, resident until the call returns
 *
 * WaitAny consumes the one synchronization object that satisfied it;
 * WaitAll consumes every synchronization object among @Object, atomically.
 *
 * Context: as KeWaitForSingleObject(). Allocates nothing.
 * Return: STATUS_WAIT_0 + the index of the object that satisfied a WaitAny
 * (the lowest signaled one when several are); STATUS_SUCCESS for WaitAll;
 * STATUS_TIMEOUT; STATUS_INVALID_LEVEL (refused: see Context);
 * STATUS_INVALID_PARAMETER: a bad object or @WaitType, @Count 0, or @Count
 * above MAXIMUM_WAIT_OBJECTS or above THREAD_WAIT_OBJECTS without
 * @WaitBlockArray (Windows bug checks MAXIMUM_WAIT_OBJECTS_EXCEEDED, 0xC);
 * all logged once per call site.
 */
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
				  KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
				  BOOLEAN Alertable, PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray)
{
	KWAIT_BLOCK blocks[THREAD_WAIT_OBJECTS];
	unsigned long ip = _RET_IP_;

	if (unlikely(!Count || Count > MAXIMUM_WAIT_OBJECTS ||
		     (Count > THREAD_WAIT_OBJECTS && !WaitBlockArray))) {
		if (ntc_first_at(ip))
			pr_err("%s from %pS: Count %u %s (MAXIMUM_WAIT_OBJECTS_EXCEEDED, bug check 0xC, on Windows); refused (STATUS_INVALID_PARAMETER)\n",
			       __func__, (void *)ip, Count,
			       !Count ? "is not at least 1" : Count > MAXIMUM_WAIT_OBJECTS ?
			       "is above MAXIMUM_WAIT_OBJECTS (64)" :
			       "is above THREAD_WAIT_OBJECTS (3) without a WaitBlockArray");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(!Object || (WaitType != WaitAny && WaitType != WaitAll))) {
		if (ntc_first_at(ip))
			pr_err("%s from %pS: %s; refused (STATUS_INVALID_PARAMETER)\n",
			       __func__, (void *)ip, !Object ? "no Object array" :
			       "WaitType is neither WaitAny nor WaitAll");
		return STATUS_INVALID_PARAMETER;
	}
	return ntc_wait(Count, (PDISPATCHER_HEADER *)Object, WaitType, Timeout,
			WaitBlockArray ? WaitBlockArray : blocks, ip);
}
EXPORT_SYMBOL_GPL(KeWaitForMultipleObjects);
