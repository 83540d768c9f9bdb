// SPDX-License-Identifier: GPL-2.0
/*
 * ntcompat's trace events, seen the way a BPF program or perf sees them:
 * probes attached to the tracepoints record what fired, in order, with the
 * arguments. The chain a driver runs (ISR -> KeInsertQueueDpc -> DpcForIsr ->
 * KeSynchronizeExecution) must give isr_entry, dpc_queue, isr_exit,
 * dpc_entry, intlock_acquire, intlock_release, dpc_exit in that order, for
 * the right objects; connects (failed ones too) and disconnects give one
 * event each; IRQL changes name the driver's call site, not ntcompat's.
 */
#include <linux/bits.h>
#include <linux/kallsyms.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "ntc_test.h"
#include "ntc_trace.h"

#define NTC_TR_MAX	32

enum ntc_tr_kind {
	TR_CONNECT, TR_DISCONNECT, TR_ISR_ENTRY, TR_ISR_EXIT, TR_DPC_QUEUE, TR_DPC_ENTRY,
	TR_DPC_EXIT, TR_LOCK_ACQ, TR_LOCK_REL, TR_IRQL,
};

struct ntc_tr_event {
	enum ntc_tr_kind kind;
	const void *obj;		/* kint or dpc */
	const void *routine;
	unsigned long caller;
	unsigned int irq, count;
	u32 a, b;			/* version asked/obtained, message id, IRQLs */
	s32 status;
	int from_cpu, to_cpu;
	bool flag, flag2;		/* claimed/gated, threaded/inserted */
	char dev[NTC_TRACE_DEV_LEN];
};

struct ntc_tr {
	spinlock_t lock;		/* the fields below; probes run in any context */
	unsigned int n;
	bool overflow;
	bool stopped;
	unsigned long kinds;		/* the probes registered (TRK() bits) */
	/* if set, record only the events of these objects (KeFlushQueuedDpcs' own DPCs are not) */
	const void *only[2];
	struct ntc_tr_event ev[NTC_TR_MAX];
};

static struct ntc_tr_event *ntc_tr_add(struct ntc_tr *tr, enum ntc_tr_kind kind,
				       const void *obj)
{
	struct ntc_tr_event *e = NULL;
	unsigned long flags;

	if (tr->only[0] && obj != tr->only[0] && obj != tr->only[1])
		return NULL;
	spin_lock_irqsave(&tr->lock, flags);
	if (tr->stopped) {
		/* nothing */
	} else if (tr->n < NTC_TR_MAX) {
		e = &tr->ev[tr->n++];
		memset(e, 0, sizeof(*e));
		e->kind = kind;
		e->obj = obj;
	} else {
		tr->overflow = true;
	}
	spin_unlock_irqrestore(&tr->lock, flags);
	return e;
}

static void ntc_tr_connect(void *data, const char *dev, u32 asked, u32 version,
			   const void *kint, unsigned int irq, unsigned int count, s32 status)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_CONNECT, kint);

	if (!e)
		return;
	strscpy(e->dev, dev ? dev : "", sizeof(e->dev));
	e->a = asked;
	e->b = version;
	e->irq = irq;
	e->count = count;
	e->status = status;
}

static void ntc_tr_disconnect(void *data, const char *dev, u32 version, const void *kint,
			      unsigned int irq, unsigned int count)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_DISCONNECT, kint);

	if (!e)
		return;
	strscpy(e->dev, dev, sizeof(e->dev));
	e->b = version;
	e->irq = irq;
	e->count = count;
}

static void ntc_tr_isr_entry(void *data, const void *kint, unsigned int irq, u32 message_id,
			     u8 irql)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_ISR_ENTRY, kint);

	if (!e)
		return;
	e->irq = irq;
	e->a = message_id;
	e->b = irql;
}

static void ntc_tr_isr_exit(void *data, const void *kint, unsigned int irq, u32 message_id,
			    bool claimed, bool gated)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_ISR_EXIT, kint);

	if (!e)
		return;
	e->irq = irq;
	e->a = message_id;
	e->flag = claimed;
	e->flag2 = gated;
}

static void ntc_tr_dpc_queue(void *data, const void *dpc, const void *routine, int from_cpu,
			     int to_cpu, bool threaded, bool inserted)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_DPC_QUEUE, dpc);

	if (!e)
		return;
	e->routine = routine;
	e->from_cpu = from_cpu;
	e->to_cpu = to_cpu;
	e->flag = threaded;
	e->flag2 = inserted;
}

static void ntc_tr_dpc_entry(void *data, const void *dpc, const void *routine, bool threaded)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_DPC_ENTRY, dpc);

	if (e) {
		e->routine = routine;
		e->flag = threaded;
		e->from_cpu = raw_smp_processor_id();
	}
}

static void ntc_tr_dpc_exit(void *data, const void *dpc, const void *routine, bool threaded)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_DPC_EXIT, dpc);

	if (e) {
		e->routine = routine;
		e->flag = threaded;
	}
}

static void ntc_tr_lock(struct ntc_tr *tr, enum ntc_tr_kind kind, const void *kint,
			unsigned int irq, const void *routine, unsigned long caller)
{
	struct ntc_tr_event *e = ntc_tr_add(tr, kind, kint);

	if (e) {
		e->irq = irq;
		e->routine = routine;
		e->caller = caller;
	}
}

static void ntc_tr_lock_acq(void *data, const void *kint, unsigned int irq, const void *routine,
			    unsigned long caller)
{
	ntc_tr_lock(data, TR_LOCK_ACQ, kint, irq, routine, caller);
}

static void ntc_tr_lock_rel(void *data, const void *kint, unsigned int irq, const void *routine,
			    unsigned long caller)
{
	ntc_tr_lock(data, TR_LOCK_REL, kint, irq, routine, caller);
}

static void ntc_tr_irql(void *data, u8 old_irql, u8 new_irql, unsigned long caller)
{
	struct ntc_tr_event *e = ntc_tr_add(data, TR_IRQL, NULL);

	if (e) {
		e->a = old_irql;
		e->b = new_irql;
		e->caller = caller;
	}
}

#define TRK(k)		BIT(TR_##k)
#define TRK_DPC		(TRK(DPC_QUEUE) | TRK(DPC_ENTRY) | TRK(DPC_EXIT))

static void ntc_tr_detach(void *data)
{
	struct ntc_tr *tr = data;

	/* Only what was registered: unregistering anything else warns. */
	if (tr->kinds & TRK(CONNECT))
		unregister_trace_ntc_connect(ntc_tr_connect, tr);
	if (tr->kinds & TRK(DISCONNECT))
		unregister_trace_ntc_disconnect(ntc_tr_disconnect, tr);
	if (tr->kinds & TRK(ISR_ENTRY))
		unregister_trace_ntc_isr_entry(ntc_tr_isr_entry, tr);
	if (tr->kinds & TRK(ISR_EXIT))
		unregister_trace_ntc_isr_exit(ntc_tr_isr_exit, tr);
	if (tr->kinds & TRK(DPC_QUEUE))
		unregister_trace_ntc_dpc_queue(ntc_tr_dpc_queue, tr);
	if (tr->kinds & TRK(DPC_ENTRY))
		unregister_trace_ntc_dpc_entry(ntc_tr_dpc_entry, tr);
	if (tr->kinds & TRK(DPC_EXIT))
		unregister_trace_ntc_dpc_exit(ntc_tr_dpc_exit, tr);
	if (tr->kinds & TRK(LOCK_ACQ))
		unregister_trace_ntc_intlock_acquire(ntc_tr_lock_acq, tr);
	if (tr->kinds & TRK(LOCK_REL))
		unregister_trace_ntc_intlock_release(ntc_tr_lock_rel, tr);
	if (tr->kinds & TRK(IRQL))
		unregister_trace_ntc_irql(ntc_tr_irql, tr);
	/* No probe may still be running on @tr when kunit frees it. */
	tracepoint_synchronize_unregister();
}

/*
 * Attach to the events in @kinds (TRK() bits) until the test ends; with
 * @obj0 (and @obj1), only to those of these objects.
 */
static struct ntc_tr *ntc_tr_attach(struct kunit *test, unsigned long kinds, const void *obj0,
				    const void *obj1)
{
	struct ntc_tr *tr;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "CONFIG_TRACEPOINTS is off: the events compile to nothing");
	tr = kunit_kzalloc(test, sizeof(*tr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tr);
	spin_lock_init(&tr->lock);
	tr->only[0] = obj0;
	tr->only[1] = obj1;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_tr_detach, tr), 0);
	if (kinds & TRK(CONNECT)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_connect(ntc_tr_connect, tr), 0);
		tr->kinds |= TRK(CONNECT);
	}
	if (kinds & TRK(DISCONNECT)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_disconnect(ntc_tr_disconnect, tr), 0);
		tr->kinds |= TRK(DISCONNECT);
	}
	if (kinds & TRK(ISR_ENTRY)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_isr_entry(ntc_tr_isr_entry, tr), 0);
		tr->kinds |= TRK(ISR_ENTRY);
	}
	if (kinds & TRK(ISR_EXIT)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_isr_exit(ntc_tr_isr_exit, tr), 0);
		tr->kinds |= TRK(ISR_EXIT);
	}
	if (kinds & TRK(DPC_QUEUE)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_dpc_queue(ntc_tr_dpc_queue, tr), 0);
		tr->kinds |= TRK(DPC_QUEUE);
	}
	if (kinds & TRK(DPC_ENTRY)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_dpc_entry(ntc_tr_dpc_entry, tr), 0);
		tr->kinds |= TRK(DPC_ENTRY);
	}
	if (kinds & TRK(DPC_EXIT)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_dpc_exit(ntc_tr_dpc_exit, tr), 0);
		tr->kinds |= TRK(DPC_EXIT);
	}
	if (kinds & TRK(LOCK_ACQ)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_intlock_acquire(ntc_tr_lock_acq, tr), 0);
		tr->kinds |= TRK(LOCK_ACQ);
	}
	if (kinds & TRK(LOCK_REL)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_intlock_release(ntc_tr_lock_rel, tr), 0);
		tr->kinds |= TRK(LOCK_REL);
	}
	if (kinds & TRK(IRQL)) {
		KUNIT_ASSERT_EQ(test, register_trace_ntc_irql(ntc_tr_irql, tr), 0);
		tr->kinds |= TRK(IRQL);
	}
	return tr;
}

/* Events so far, frozen: the caller reads tr->ev[0 .. return). */
static unsigned int ntc_tr_stop(struct kunit *test, struct ntc_tr *tr)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&tr->lock, flags);
	n = tr->n;
	tr->stopped = true;
	spin_unlock_irqrestore(&tr->lock, flags);
	KUNIT_EXPECT_FALSE(test, tr->overflow);
	return n;
}

static bool ntc_tr_sym_is(unsigned long addr, const char *name)
{
	char buf[KSYM_SYMBOL_LEN];

	snprintf(buf, sizeof(buf), "%ps", (void *)addr);
	return !strcmp(buf, name);
}

/* ------------------------------------------------------------------------ */
/* ISR -> DPC -> KeSynchronizeExecution                                      */

struct ntc_tr_drv {
	PKINTERRUPT intobj;
	KDPC dpc;
	atomic_t isr_calls;
	BOOLEAN synced;
	struct completion dpc_done;
};

static BOOLEAN ntc_tr_sync_routine(PVOID ctx)
{
	return TRUE;
}

static VOID ntc_tr_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_tr_drv *d = ctx;

	d->synced = KeSynchronizeExecution(d->intobj, ntc_tr_sync_routine, d);
	complete(&d->dpc_done);
}

static BOOLEAN ntc_tr_isr(PKINTERRUPT interrupt, PVOID ctx)
{
	struct ntc_tr_drv *d = ctx;

	atomic_inc(&d->isr_calls);
	KeInsertQueueDpc(&d->dpc, NULL, NULL);
	return TRUE;
}

static void ntc_trace_isr_dpc_chain(struct kunit *test)
{
	static const enum ntc_tr_kind want[] = {
		TR_ISR_ENTRY, TR_DPC_QUEUE, TR_ISR_EXIT, TR_DPC_ENTRY, TR_LOCK_ACQ, TR_LOCK_REL,
		TR_DPC_EXIT,
	};
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_tr_event *ev;
	struct ntc_tr_drv *d;
	struct ntc_sim *sim;
	struct ntc_tr *tr;
	unsigned int n, i;

	sim = ntc_sim_create(test, 1);
	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->dpc_done);
	KeInitializeDpc(&d->dpc, ntc_tr_dpc, d);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &d->intobj, ntc_tr_isr, d);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	tr = ntc_tr_attach(test, ~TRK(IRQL), d->intobj, &d->dpc);
	ntc_sim_fire_sync(test, sim, 0);
	NTC_WAIT(test, &d->dpc_done);
	KeFlushQueuedDpcs();
	n = ntc_tr_stop(test, tr);
	ev = tr->ev;

	KUNIT_EXPECT_EQ(test, atomic_read(&d->isr_calls), 1);
	KUNIT_EXPECT_TRUE(test, d->synced);
	KUNIT_ASSERT_EQ_MSG(test, n, (unsigned int)ARRAY_SIZE(want), "events recorded");
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, ev[i].kind, want[i], "event %u", i);

	/* The ISR's pair: its object, its Linux IRQ, message 0, SynchronizeIrql. */
	KUNIT_EXPECT_PTR_EQ(test, ev[0].obj, (const void *)d->intobj);
	KUNIT_EXPECT_EQ(test, ev[0].irq, sim->irq[0]);
	KUNIT_EXPECT_EQ(test, ev[0].a, 0U);
	KUNIT_EXPECT_EQ(test, ev[0].b, (u32)p.FullySpecified.SynchronizeIrql);
	KUNIT_EXPECT_PTR_EQ(test, ev[2].obj, (const void *)d->intobj);
	KUNIT_EXPECT_TRUE(test, ev[2].flag);		/* claimed */
	KUNIT_EXPECT_FALSE(test, ev[2].flag2);		/* not gated */

	/* The DPC: queued from the ISR's CPU to itself, inserted, then run there. */
	KUNIT_EXPECT_PTR_EQ(test, ev[1].obj, (const void *)&d->dpc);
	KUNIT_EXPECT_PTR_EQ(test, ev[1].routine, (const void *)ntc_tr_dpc);
	KUNIT_EXPECT_EQ(test, ev[1].from_cpu, ev[1].to_cpu);
	KUNIT_EXPECT_FALSE(test, ev[1].flag);		/* not threaded */
	KUNIT_EXPECT_TRUE(test, ev[1].flag2);		/* inserted */
	KUNIT_EXPECT_PTR_EQ(test, ev[3].obj, (const void *)&d->dpc);
	KUNIT_EXPECT_PTR_EQ(test, ev[3].routine, (const void *)ntc_tr_dpc);
	KUNIT_EXPECT_EQ(test, ev[3].from_cpu, ev[1].to_cpu);
	KUNIT_EXPECT_PTR_EQ(test, ev[6].obj, (const void *)&d->dpc);

	/* KeSynchronizeExecution from the DPC: the routine and the DPC as caller. */
	for (i = 4; i <= 5; i++) {
		KUNIT_EXPECT_PTR_EQ(test, ev[i].obj, (const void *)d->intobj);
		KUNIT_EXPECT_PTR_EQ(test, ev[i].routine, (const void *)ntc_tr_sync_routine);
		KUNIT_EXPECT_TRUE_MSG(test, ntc_tr_sym_is(ev[i].caller, "ntc_tr_dpc"),
				      "caller %ps", (void *)ev[i].caller);
	}
}

static VOID ntc_tr_nop_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
}

/* An insert of a DPC that is already queued: one event, inserted=0. */
static void ntc_trace_dpc_already_queued(struct kunit *test)
{
	struct ntc_tr_event *ev;
	struct ntc_tr_drv *d;
	struct ntc_tr *tr;
	unsigned int n;
	KIRQL old;

	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->dpc_done);
	KeInitializeThreadedDpc(&d->dpc, ntc_tr_nop_dpc, d);
	tr = ntc_tr_attach(test, TRK_DPC, &d->dpc, NULL);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, NULL, NULL));
	KUNIT_EXPECT_FALSE(test, KeInsertQueueDpc(&d->dpc, NULL, NULL));
	KeLowerIrql(old);
	KeFlushQueuedDpcs();
	n = ntc_tr_stop(test, tr);
	ev = tr->ev;
	KUNIT_ASSERT_EQ(test, n, 4U);	/* queue, queue (refused), entry, exit */
	KUNIT_EXPECT_EQ(test, ev[0].kind, TR_DPC_QUEUE);
	KUNIT_EXPECT_TRUE(test, ev[0].flag);		/* threaded */
	KUNIT_EXPECT_TRUE(test, ev[0].flag2);
	KUNIT_EXPECT_EQ(test, ev[1].kind, TR_DPC_QUEUE);
	KUNIT_EXPECT_FALSE(test, ev[1].flag2);
	KUNIT_EXPECT_EQ(test, ev[2].kind, TR_DPC_ENTRY);
	KUNIT_EXPECT_TRUE(test, ev[2].flag);
	KUNIT_EXPECT_EQ(test, ev[3].kind, TR_DPC_EXIT);
}

/* ------------------------------------------------------------------------ */
/* Connect and disconnect                                                   */

static void ntc_trace_connect_disconnect(struct kunit *test)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS dp = { };
	IO_CONNECT_INTERRUPT_PARAMETERS p, bad = { };
	PDEVICE_OBJECT pdo;
	struct ntc_tr_event *ev;
	struct ntc_sim *sim;
	struct ntc_tr_drv *d;
	struct ntc_tr *tr;
	PKINTERRUPT badout = (PKINTERRUPT)1;
	unsigned int n;

	sim = ntc_sim_create(test, 1);
	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KeInitializeDpc(&d->dpc, ntc_tr_dpc, d);
	init_completion(&d->dpc_done);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &d->intobj, ntc_tr_isr, d);
	pdo = p.FullySpecified.PhysicalDeviceObject;

	tr = ntc_tr_attach(test, TRK(CONNECT) | TRK(DISCONNECT), NULL, NULL);
	bad.Version = 99;
	bad.FullySpecified.InterruptObject = &badout;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&bad), STATUS_INVALID_PARAMETER_1);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	dp.Version = CONNECT_FULLY_SPECIFIED;
	dp.ConnectionContext.InterruptObject = d->intobj;
	IoDisconnectInterruptEx(&dp);
	n = ntc_tr_stop(test, tr);
	ev = tr->ev;

	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, ev[0].kind, TR_CONNECT);
	KUNIT_EXPECT_EQ(test, ev[0].a, 99U);
	KUNIT_EXPECT_EQ(test, ev[0].status, (s32)STATUS_INVALID_PARAMETER_1);
	KUNIT_EXPECT_NULL(test, ev[0].obj);

	KUNIT_EXPECT_EQ(test, ev[1].kind, TR_CONNECT);
	KUNIT_EXPECT_STREQ(test, ev[1].dev, dev_name(ntcompat_pdo_device(pdo)));
	KUNIT_EXPECT_EQ(test, ev[1].a, (u32)CONNECT_FULLY_SPECIFIED);
	KUNIT_EXPECT_EQ(test, ev[1].b, (u32)CONNECT_FULLY_SPECIFIED);
	KUNIT_EXPECT_PTR_EQ(test, ev[1].obj, (const void *)d->intobj);
	KUNIT_EXPECT_EQ(test, ev[1].irq, sim->irq[0]);
	KUNIT_EXPECT_EQ(test, ev[1].count, 1U);
	KUNIT_EXPECT_EQ(test, ev[1].status, (s32)STATUS_SUCCESS);

	KUNIT_EXPECT_EQ(test, ev[2].kind, TR_DISCONNECT);
	KUNIT_EXPECT_STREQ(test, ev[2].dev, ev[1].dev);
	KUNIT_EXPECT_PTR_EQ(test, ev[2].obj, ev[1].obj);
	KUNIT_EXPECT_EQ(test, ev[2].irq, sim->irq[0]);
	KUNIT_EXPECT_EQ(test, ev[2].b, (u32)CONNECT_FULLY_SPECIFIED);
}

/* ------------------------------------------------------------------------ */
/* IRQL                                                                     */

static noinline void ntc_tr_raise_and_lock(PKSPIN_LOCK lock)
{
	KIRQL old, old2;

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KeLowerIrql(old);
	KeAcquireSpinLock(lock, &old2);
	KeReleaseSpinLock(lock, old2);
	/* Not a tail call: the caller seen is the return address (README). */
	barrier();
}

/* Each change once, old -> new, and the caller is the driver's code. */
static void ntc_trace_irql_caller(struct kunit *test)
{
	PKSPIN_LOCK lock = ntc_lock_new(test);
	struct ntc_tr_event *ev;
	struct ntc_tr *tr;
	unsigned int n, i;

	KUNIT_ASSERT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	tr = ntc_tr_attach(test, TRK(IRQL), NULL, NULL);
	ntc_tr_raise_and_lock(lock);
	n = ntc_tr_stop(test, tr);
	ev = tr->ev;
	KUNIT_ASSERT_EQ(test, n, 4U);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, ev[i].kind, TR_IRQL);
		KUNIT_EXPECT_EQ(test, ev[i].a, i % 2 ? (u32)DISPATCH_LEVEL : (u32)PASSIVE_LEVEL);
		KUNIT_EXPECT_EQ(test, ev[i].b, i % 2 ? (u32)PASSIVE_LEVEL : (u32)DISPATCH_LEVEL);
		KUNIT_EXPECT_TRUE_MSG(test, ntc_tr_sym_is(ev[i].caller, "ntc_tr_raise_and_lock"),
				      "event %u: caller %ps", i, (void *)ev[i].caller);
	}
}

static struct kunit_case ntc_trace_cases[] = {
	KUNIT_CASE(ntc_trace_isr_dpc_chain),
	KUNIT_CASE(ntc_trace_dpc_already_queued),
	KUNIT_CASE(ntc_trace_connect_disconnect),
	KUNIT_CASE(ntc_trace_irql_caller),
	{}
};

static struct kunit_suite ntc_trace_suite = {
	.name = "ntc_trace",
	.test_cases = ntc_trace_cases,
};

kunit_test_suite(ntc_trace_suite);
