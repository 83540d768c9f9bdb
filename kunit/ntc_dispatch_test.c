// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux handler: lock and IRQL around the ISR,
 * TRUE/FALSE, shared lines, MessageID routing, passive ISRs in a thread,
 * interrupts during and after disconnect, active/inactive.
 */
#include <linux/irq.h>

#include "ntc_test.h"

static void ntc_line_connect(struct kunit *test, IO_CONNECT_INTERRUPT_PARAMETERS *p,
			     PDEVICE_OBJECT pdo, struct ntc_probe *pr)
{
	RtlZeroMemory(p, sizeof(*p));
	p->Version = CONNECT_LINE_BASED;
	p->LineBased.PhysicalDeviceObject = pdo;
	p->LineBased.InterruptObject = &pr->intobj;
	p->LineBased.ServiceRoutine = ntc_isr;
	p->LineBased.ServiceContext = pr;
}

static struct ntcompat_interrupt_stats ntc_stats(struct kunit *test, PKINTERRUPT kint)
{
	struct ntcompat_interrupt_stats st = { 0 };

	KUNIT_EXPECT_EQ(test, ntcompat_interrupt_stats(kint, &st), STATUS_SUCCESS);
	return st;
}

/* The ISR runs at SynchronizeIrql, IRQs off, holding the driver's lock. */
static void ntc_dispatch_lock_and_irql(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	pr->lock = ntc_lock_new(test);
	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr,
			   pr);
	p.FullySpecified.SpinLock = pr->lock;
	p.FullySpecified.SynchronizeIrql = d->u.Interrupt.Level + 1;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &pr->done);
	ntc_sim_wait_handled(test, sim, 0, pr->intobj);	/* before looking at the lock */
	KUNIT_EXPECT_EQ(test, pr->irql, d->u.Interrupt.Level + 1);
	KUNIT_EXPECT_TRUE(test, pr->lock_held);
	KUNIT_EXPECT_TRUE(test, pr->irqs_off);
	KUNIT_EXPECT_TRUE(test, pr->hardirq);
	KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, pr->intobj);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*pr->lock), 0UL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* FALSE is "not mine": counted as a call, not as claimed. */
static void ntc_dispatch_not_mine(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, FALSE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntcompat_interrupt_stats st;

	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], false, NULL), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_sim_fire_sync(test, sim, 0);
	ntc_sim_fire_sync(test, sim, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 2);
	st = ntc_stats(test, pr->intobj);
	KUNIT_EXPECT_EQ(test, st.calls, 2UL);
	KUNIT_EXPECT_EQ(test, st.claimed, 0UL);
	KUNIT_EXPECT_EQ(test, st.gated, 0UL);
}

/* Two NT drivers share a line; one says "not mine": both are called, always. */
static void ntc_dispatch_shared_line(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *a = ntc_probe_new(test, FALSE);
	struct ntc_probe *b = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS pa, pb;
	struct ntcompat_interrupt_stats st;
	int i;

	ntc_line_connect(test, &pa, ntc_line_pdo(test, sim->irq[0], false, NULL), a);
	ntc_line_connect(test, &pb, ntc_line_pdo(test, sim->irq[0], false, NULL), b);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&pa), STATUS_SUCCESS);
	ntc_track(test, &pa);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&pb), STATUS_SUCCESS);
	ntc_track(test, &pb);
	KUNIT_EXPECT_PTR_NE(test, a->intobj, b->intobj);

	for (i = 0; i < 3; i++)
		ntc_sim_fire_sync(test, sim, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->calls), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->calls), 3);
	KUNIT_EXPECT_PTR_EQ(test, a->interrupt, a->intobj);
	KUNIT_EXPECT_PTR_EQ(test, b->interrupt, b->intobj);
	st = ntc_stats(test, a->intobj);
	KUNIT_EXPECT_EQ(test, st.calls, 3UL);
	KUNIT_EXPECT_EQ(test, st.claimed, 0UL);
	st = ntc_stats(test, b->intobj);
	KUNIT_EXPECT_EQ(test, st.calls, 3UL);
	KUNIT_EXPECT_EQ(test, st.claimed, 3UL);
}

/* A native Linux driver shares the line and says "not mine". */
static void ntc_dispatch_shared_with_native(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_native *nat;
	int i, err;

	nat = ntc_native_request(test, sim->irq[0], IRQF_SHARED, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], false, NULL), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	for (i = 0; i < 4; i++)
		ntc_sim_fire_sync(test, sim, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&nat->calls), 4);
	KUNIT_EXPECT_EQ(test, ntc_stats(test, pr->intobj).claimed, 4UL);
}

/* Fire message k (k + 1) times: the ISR sees MessageID k exactly that often. */
static void ntc_routing(struct kunit *test, enum ntcompat_msg_kind kind)
{
	const unsigned int n = 4;
	struct ntc_sim *sim = ntc_sim_create(test, n);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_MESSAGE_BASED };
	struct ntcompat_interrupt_stats st;
	PIO_INTERRUPT_MESSAGE_INFO t;
	unsigned int k, m;

	p.MessageBased.PhysicalDeviceObject = ntc_msg_pdo(test, sim, 0, n, kind, 0);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &pr->msgtable;
	p.MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p.MessageBased.ServiceContext = pr;
	pr->table = &pr->msgtable;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	t = pr->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, t->MessageCount, n);

	/* interleaved, one interrupt at a time (irq_sim folds a burst, as MSI may) */
	for (m = 0; m < n; m++)
		for (k = m; k < n; k++) {
			ntc_sim_fire(test, sim, k);
			NTC_WAIT(test, &pr->done);
			ntc_sim_wait_handled(test, sim, k, t->MessageInfo[k].InterruptObject);
			KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, t->MessageInfo[k].InterruptObject);
		}
	KUNIT_EXPECT_FALSE(test, pr->bad);
	for (k = 0; k < n; k++) {
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&pr->msg_calls[k]), (int)k + 1,
				    "MessageID %u", k);
		st = ntc_stats(test, t->MessageInfo[k].InterruptObject);
		KUNIT_EXPECT_EQ(test, st.linux_irq, sim->irq[k]);
		KUNIT_EXPECT_EQ(test, st.calls, k + 1UL);
		KUNIT_EXPECT_EQ(test, st.claimed, k + 1UL);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 10);
}

static void ntc_dispatch_message_routing_msix(struct kunit *test)
{
	ntc_routing(test, NTCOMPAT_MSG_MSIX);
}

static void ntc_dispatch_message_routing_msi(struct kunit *test)
{
	ntc_routing(test, NTCOMPAT_MSG_MSI);
}

/* A passive ISR runs in the IRQ thread at PASSIVE_LEVEL and may sleep. */
static void ntc_dispatch_passive_isr(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	int i;

	pr->sleep = true;
	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], true, NULL), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_EXPECT_TRUE(test, ntc_stats(test, pr->intobj).passive);
	for (i = 0; i < 3; i++) {
		ntc_sim_fire(test, sim, 0);
		NTC_WAIT(test, &pr->done);
		ntc_sim_wait_handled(test, sim, 0, pr->intobj);
		KUNIT_EXPECT_TRUE(test, pr->task);
		KUNIT_EXPECT_FALSE(test, pr->hardirq);
		KUNIT_EXPECT_FALSE(test, pr->irqs_off);
		KUNIT_EXPECT_EQ(test, pr->irql, PASSIVE_LEVEL);
		KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, pr->intobj);
	}
	KUNIT_EXPECT_EQ(test, ntc_stats(test, pr->intobj).calls, 3UL);
}

/*
 * Disconnect on a shared line: CONFIG_DEBUG_SHIRQ calls the handler from
 * free_irq; afterwards the line still fires for the remaining sharer. The NT
 * ISR is reached by neither.
 */
static void ntc_dispatch_during_after_disconnect(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_native *nat;
	struct ntc_conn *c;
	int err;

	nat = ntc_native_request(test, sim->irq[0], IRQF_SHARED, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], false, NULL), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	ntc_sim_fire_sync(test, sim, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&nat->calls), 1);

	ntc_disconnect(test, c);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 1);

	ntc_sim_fire_sync(test, sim, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&nat->calls), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 1);
}

/* The same without another sharer, for each kind of connection. */
static void ntc_dispatch_disconnect_alone(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 3);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	struct ntc_conn *c;
	unsigned int i;

	/* line (shared: DEBUG_SHIRQ's extra call at free_irq) */
	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], false, &d), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	ntc_sim_fire_sync(test, sim, 0);
	ntc_disconnect(test, c);
	ntc_sim_fire_sync(test, sim, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 1);
	ntc_expect_irq_free(test, sim->irq[0]);

	/* fully specified, shared */
	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr,
			   pr);
	p.FullySpecified.ShareVector = TRUE;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	ntc_sim_fire_sync(test, sim, 0);
	ntc_disconnect(test, c);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 2);

	/* messages */
	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = ntc_msg_pdo(test, sim, 1, 2, NTCOMPAT_MSG_MSIX, 0);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &pr->msgtable;
	p.MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p.MessageBased.ServiceContext = pr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	ntc_sim_fire_sync(test, sim, 1);
	ntc_sim_fire_sync(test, sim, 2);
	ntc_disconnect(test, c);
	for (i = 1; i < 3; i++) {
		ntc_sim_fire_sync(test, sim, i);
		ntc_expect_irq_free(test, sim->irq[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 4);
}

static void ntc_report(bool active, ULONG version, PVOID ctx)
{
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS r = {
		.Version = version,
		.ConnectionContext.Generic = ctx,
	};

	if (active)
		IoReportInterruptActive(&r);
	else
		IoReportInterruptInactive(&r);
}

/* Inactive: the ISR is not called (gated); active again: it is. Idempotent. */
static void ntc_active_inactive(struct kunit *test, struct ntc_sim *sim, unsigned int index,
				struct ntc_probe *pr, PKINTERRUPT kint, ULONG version,
				PVOID ctx)
{
	struct ntcompat_interrupt_stats st0, st;
	int calls = atomic_read(&pr->calls);

	st0 = ntc_stats(test, kint);
	ntc_report(false, version, ctx);
	ntc_report(false, version, ctx);
	ntc_sim_fire_sync(test, sim, index);
	ntc_sim_fire_sync(test, sim, index);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), calls);
	st = ntc_stats(test, kint);
	KUNIT_EXPECT_EQ(test, st.calls, st0.calls);
	KUNIT_EXPECT_EQ(test, st.gated, st0.gated + 2);

	ntc_report(true, version, ctx);
	ntc_report(true, version, ctx);
	ntc_sim_fire(test, sim, index);
	NTC_WAIT(test, &pr->done);
	ntc_sim_wait_handled(test, sim, index, kint);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), calls + 1);
	KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, kint);
	st = ntc_stats(test, kint);
	KUNIT_EXPECT_EQ(test, st.calls, st0.calls + 1);
	KUNIT_EXPECT_EQ(test, st.gated, st0.gated + 2);
}

static void ntc_dispatch_active_inactive(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 4);
	struct ntc_probe *pl = ntc_probe_new(test, TRUE);
	struct ntc_probe *pf = ntc_probe_new(test, TRUE);
	struct ntc_probe *pm = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PIO_INTERRUPT_MESSAGE_INFO t;
	unsigned int i;

	/* Version 2 */
	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], false, NULL), pl);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_active_inactive(test, sim, 0, pl, pl->intobj, CONNECT_LINE_BASED, pl->intobj);

	/* Version 4 */
	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED_GROUP, sim->irq[1], &pf->intobj,
			   ntc_isr,
			   pf);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_active_inactive(test, sim, 1, pf, pf->intobj, CONNECT_FULLY_SPECIFIED_GROUP,
			    pf->intobj);

	/* Version 3: the table covers every message */
	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = ntc_msg_pdo(test, sim, 2, 2, NTCOMPAT_MSG_MSIX, 0);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &pm->msgtable;
	p.MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p.MessageBased.ServiceContext = pm;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	t = pm->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < t->MessageCount; i++)
		ntc_active_inactive(test, sim, 2 + i, pm, t->MessageInfo[i].InterruptObject,
				    CONNECT_MESSAGE_BASED, t);
}

/* IoReportInterruptInactive/Active may be called at DISPATCH_LEVEL, passive too. */
static void ntc_dispatch_report_at_dispatch(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 2);
	struct ntc_probe *pl = ntc_probe_new(test, TRUE);
	struct ntc_probe *pp = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_probe *pr;
	unsigned int i;
	KIRQL old;

	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], false, NULL), pl);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[1], true, NULL), pp);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	for (i = 0; i < 2; i++) {
		pr = i ? pp : pl;
		KeRaiseIrql(DISPATCH_LEVEL, &old);
		ntc_report(false, CONNECT_LINE_BASED, pr->intobj);
		KeLowerIrql(old);
		ntc_sim_fire_sync(test, sim, i);
		KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 0);
		KUNIT_EXPECT_EQ(test, ntc_stats(test, pr->intobj).gated, 1UL);

		KeRaiseIrql(DISPATCH_LEVEL, &old);
		ntc_report(true, CONNECT_LINE_BASED, pr->intobj);
		KeLowerIrql(old);
		ntc_sim_fire(test, sim, i);
		NTC_WAIT(test, &pr->done);
		KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 1);
	}
}

/* Disconnect while inactive is allowed. */
static void ntc_dispatch_disconnect_inactive(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_conn *c;

	ntc_line_connect(test, &p, ntc_line_pdo(test, sim->irq[0], false, NULL), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	ntc_report(false, CONNECT_LINE_BASED, pr->intobj);
	ntc_disconnect(test, c);
	ntc_expect_irq_free(test, sim->irq[0]);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 0);
}

/* Two connections with one driver lock: both ISRs hold that word. */
static void ntc_dispatch_shared_driver_lock(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 2);
	struct ntc_probe *a = ntc_probe_new(test, TRUE);
	struct ntc_probe *b = ntc_probe_new(test, TRUE);
	PKSPIN_LOCK lock = ntc_lock_new(test);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR da, db;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PDEVICE_OBJECT pdoa, pdob;
	KIRQL sync;

	a->lock = lock;
	b->lock = lock;
	pdoa = ntc_line_pdo(test, sim->irq[0], false, &da);
	pdob = ntc_line_pdo(test, sim->irq[1], false, &db);
	sync = max(da->u.Interrupt.Level, db->u.Interrupt.Level);
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, pdoa, da, &a->intobj, ntc_isr, a);
	p.FullySpecified.SpinLock = lock;
	p.FullySpecified.SynchronizeIrql = sync;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, pdob, db, &b->intobj, ntc_isr, b);
	p.FullySpecified.SpinLock = lock;
	p.FullySpecified.SynchronizeIrql = sync;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &a->done);
	ntc_sim_wait_handled(test, sim, 0, a->intobj);
	ntc_sim_fire(test, sim, 1);
	NTC_WAIT(test, &b->done);
	ntc_sim_wait_handled(test, sim, 1, b->intobj);
	KUNIT_EXPECT_TRUE(test, a->lock_held);
	KUNIT_EXPECT_TRUE(test, b->lock_held);
	KUNIT_EXPECT_EQ(test, a->irql, sync);
	KUNIT_EXPECT_EQ(test, b->irql, sync);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*lock), 0UL);
}

static struct kunit_case ntc_dispatch_cases[] = {
	KUNIT_CASE(ntc_dispatch_lock_and_irql),
	KUNIT_CASE(ntc_dispatch_not_mine),
	KUNIT_CASE(ntc_dispatch_shared_line),
	KUNIT_CASE(ntc_dispatch_shared_with_native),
	KUNIT_CASE(ntc_dispatch_message_routing_msix),
	KUNIT_CASE(ntc_dispatch_message_routing_msi),
	KUNIT_CASE(ntc_dispatch_passive_isr),
	KUNIT_CASE(ntc_dispatch_during_after_disconnect),
	KUNIT_CASE(ntc_dispatch_disconnect_alone),
	KUNIT_CASE(ntc_dispatch_active_inactive),
	KUNIT_CASE(ntc_dispatch_report_at_dispatch),
	KUNIT_CASE(ntc_dispatch_disconnect_inactive),
	KUNIT_CASE(ntc_dispatch_shared_driver_lock),
	{}
};

static struct kunit_suite ntc_dispatch_suite = {
	.name = "ntc_dispatch",
	.test_cases = ntc_dispatch_cases,
};

kunit_test_suite(ntc_dispatch_suite);
