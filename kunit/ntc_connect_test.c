// SPDX-License-Identifier: GPL-2.0
/*
 * IoConnectInterruptEx: every version's success path and
 * its Version write-back, the message table, the legacy calls, and the
 * publication of the OUT pointer before the Linux IRQ is enabled.
 */
#include <linux/cpumask.h>
#include <linux/irq.h>

#include "ntc_test.h"

static KAFFINITY ntc_online_mask(void)
{
	KAFFINITY m = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (cpu < BITS_PER_LONG)
			m |= 1UL << cpu;
	return m;
}

/* Fire @index once and check one call reached the ISR at @irql. */
static void ntc_fire_expect_isr(struct kunit *test, struct ntc_sim *sim, unsigned int index,
				struct ntc_probe *pr, PKINTERRUPT kint, KIRQL irql, bool passive)
{
	int before = atomic_read(&pr->calls);

	ntc_sim_fire(test, sim, index);
	NTC_WAIT(test, &pr->done);
	/* on SMP the dispatch may still be finishing on another CPU */
	ntc_sim_wait_handled(test, sim, index, kint);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), before + 1);
	KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, kint);
	KUNIT_EXPECT_EQ(test, pr->irql, irql);
	KUNIT_EXPECT_FALSE(test, pr->bad);
	if (passive) {
		KUNIT_EXPECT_TRUE(test, pr->task);
		KUNIT_EXPECT_FALSE(test, pr->irqs_off);
	} else {
		KUNIT_EXPECT_TRUE(test, pr->hardirq);
		KUNIT_EXPECT_TRUE(test, pr->irqs_off);
	}
}

static void ntc_expect_stats(struct kunit *test, PKINTERRUPT kint, unsigned int irq,
			     unsigned long calls, unsigned long claimed, bool passive)
{
	struct ntcompat_interrupt_stats st;

	KUNIT_ASSERT_EQ(test, ntcompat_interrupt_stats(kint, &st), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.linux_irq, irq);
	KUNIT_EXPECT_EQ(test, st.calls, calls);
	KUNIT_EXPECT_EQ(test, st.claimed, claimed);
	KUNIT_EXPECT_EQ(test, st.passive, passive);
	KUNIT_EXPECT_FALSE(test, st.lock_held);
	if (passive)
		KUNIT_EXPECT_EQ(test, st.sync_irql, PASSIVE_LEVEL);
}

static void ntc_fully(struct kunit *test, ULONG version)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PDEVICE_OBJECT pdo;
	struct ntc_conn *c;
	GROUP_AFFINITY ga;
	NTSTATUS st;

	pdo = ntc_line_pdo(test, sim->irq[0], false, &d);
	ntc_fully_params(&p, version, pdo, d, &pr->intobj, ntc_isr, pr);
	pr->out = &pr->intobj;

	st = IoConnectInterruptEx(&p);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	c = ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, p.Version, version);
	KUNIT_ASSERT_NOT_NULL(test, pr->intobj);

	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, d->u.Interrupt.Level, false);
	KUNIT_EXPECT_PTR_EQ(test, pr->out_seen, pr->intobj);
	ntc_expect_stats(test, pr->intobj, sim->irq[0], 1, 1, false);

	KUNIT_ASSERT_EQ(test, IoGetAffinityInterrupt(pr->intobj, &ga), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ga.Mask, d->u.Interrupt.Affinity);
	KUNIT_EXPECT_EQ(test, ga.Group, 0);

	ntc_disconnect(test, c);
	ntc_expect_irq_free(test, sim->irq[0]);
}

static void ntc_connect_fully_specified(struct kunit *test)
{
	ntc_fully(test, CONNECT_FULLY_SPECIFIED);
}

static void ntc_connect_fully_specified_group(struct kunit *test)
{
	ntc_fully(test, CONNECT_FULLY_SPECIFIED_GROUP);
}

/* FULLY_SPECIFIED with a SynchronizeIrql above Irql: the ISR runs at it. */
static void ntc_connect_fully_synchronize_irql(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PDEVICE_OBJECT pdo;

	pdo = ntc_line_pdo(test, sim->irq[0], false, &d);
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, pdo, d, &pr->intobj, ntc_isr, pr);
	p.FullySpecified.SynchronizeIrql = HIGH_LEVEL;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, HIGH_LEVEL, false);
}

/* FloatingSave: the ISR runs with the FPU state saved around it. */
static void ntc_connect_floating_save(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr,
			   pr);
	p.FullySpecified.FloatingSave = TRUE;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, d->u.Interrupt.Level, false);
	ntc_expect_stats(test, pr->intobj, sim->irq[0], 1, 1, false);
}

/* The seed example, unchanged. */
static void ntc_connect_line_based(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS params;
	PDEVICE_OBJECT PhysicalDeviceObject;
	struct ntc_conn *c;
	NTSTATUS status;

	PhysicalDeviceObject = ntc_line_pdo(test, sim->irq[0], false, &d);
	KUNIT_EXPECT_GE(test, d->u.Interrupt.Level, 3);
	KUNIT_EXPECT_LE(test, d->u.Interrupt.Level, 11);

	RtlZeroMemory(&params, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS));
	params.Version = CONNECT_LINE_BASED;
	params.LineBased.PhysicalDeviceObject = PhysicalDeviceObject;
	params.LineBased.InterruptObject = &pr->intobj;
	params.LineBased.ServiceRoutine = ntc_isr;
	params.LineBased.ServiceContext = pr;
	params.LineBased.SpinLock = NULL;
	params.LineBased.SynchronizeIrql = 0;
	params.LineBased.FloatingSave = FALSE;
	status = IoConnectInterruptEx(&params);
	KUNIT_ASSERT_TRUE(test, NT_SUCCESS(status));
	c = ntc_track(test, &params);
	KUNIT_EXPECT_EQ(test, params.Version, CONNECT_LINE_BASED);
	KUNIT_ASSERT_NOT_NULL(test, pr->intobj);

	/* SynchronizeIrql 0 is a minimum: the ISR runs at the line's DIRQL. */
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, d->u.Interrupt.Level, false);
	ntc_expect_stats(test, pr->intobj, sim->irq[0], 1, 1, false);

	ntc_disconnect(test, c);
	ntc_expect_irq_free(test, sim->irq[0]);
}

/* LINE_BASED: a SynchronizeIrql above the DIRQL wins. */
static void ntc_connect_line_based_synchronize_irql(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };

	p.LineBased.PhysicalDeviceObject = ntc_line_pdo(test, sim->irq[0], false, NULL);
	p.LineBased.InterruptObject = &pr->intobj;
	p.LineBased.ServiceRoutine = ntc_isr;
	p.LineBased.ServiceContext = pr;
	p.LineBased.SynchronizeIrql = SYNCH_LEVEL;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, SYNCH_LEVEL, false);
}

static void ntc_message_params(IO_CONNECT_INTERRUPT_PARAMETERS *p, ULONG version,
			       PDEVICE_OBJECT pdo, struct ntc_probe *pr)
{
	RtlZeroMemory(p, sizeof(*p));
	p->Version = version;
	p->MessageBased.PhysicalDeviceObject = pdo;
	p->MessageBased.ConnectionContext.InterruptMessageTable = &pr->msgtable;
	p->MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p->MessageBased.ServiceContext = pr;
	p->MessageBased.FallBackServiceRoutine = ntc_isr;
	pr->table = &pr->msgtable;
}

static void ntc_message(struct kunit *test, enum ntcompat_msg_kind kind)
{
	struct ntc_sim *sim = ntc_sim_create(test, 4);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PIO_INTERRUPT_MESSAGE_INFO t;
	KIRQL unified = 0;
	struct ntc_conn *c;
	unsigned int i, j;

	ntc_message_params(&p, CONNECT_MESSAGE_BASED,
			   ntc_msg_pdo(test, sim, 0, 4, kind, 0), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_MESSAGE_BASED);
	t = pr->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, t->MessageCount, 4U);

	for (i = 0; i < 4; i++) {
		PIO_INTERRUPT_MESSAGE_INFO_ENTRY e = &t->MessageInfo[i];

		KUNIT_EXPECT_NOT_NULL(test, e->InterruptObject);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, e->InterruptObject,
					    t->MessageInfo[j].InterruptObject);
		KUNIT_EXPECT_EQ(test, e->Vector, sim->irq[i]);
		KUNIT_EXPECT_GE(test, e->Irql, 3);
		KUNIT_EXPECT_LE(test, e->Irql, 11);
		KUNIT_EXPECT_EQ(test, e->Mode, Latched);
		KUNIT_EXPECT_EQ(test, e->Polarity, InterruptRisingEdge);
		KUNIT_EXPECT_EQ(test, e->TargetProcessorSet & ~ntc_online_mask(), 0UL);
		KUNIT_EXPECT_NE(test, e->TargetProcessorSet, 0UL);
		KUNIT_EXPECT_EQ(test, e->MessageAddress.QuadPart, 0LL);
		KUNIT_EXPECT_EQ(test, e->MessageData, 0U);
		unified = max(unified, e->Irql);
	}
	KUNIT_EXPECT_EQ(test, t->UnifiedIrql, unified);

	for (i = 0; i < 4; i++) {
		/* No caller lock: each message runs at its own DIRQL. */
		ntc_fire_expect_isr(test, sim, i, pr, t->MessageInfo[i].InterruptObject,
				    t->MessageInfo[i].Irql, false);
		KUNIT_EXPECT_EQ(test, atomic_read(&pr->msg_calls[i]), 1);
		ntc_expect_stats(test, t->MessageInfo[i].InterruptObject, sim->irq[i], 1, 1,
				 false);
	}

	ntc_disconnect(test, c);
	for (i = 0; i < 4; i++)
		ntc_expect_irq_free(test, sim->irq[i]);
}

static void ntc_connect_message_based_msix(struct kunit *test)
{
	ntc_message(test, NTCOMPAT_MSG_MSIX);
}

static void ntc_connect_message_based_msi(struct kunit *test)
{
	ntc_message(test, NTCOMPAT_MSG_MSI);
}

/* A caller SpinLock: every message shares it and runs at UnifiedIrql. */
static void ntc_connect_message_based_spinlock(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 3);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PIO_INTERRUPT_MESSAGE_INFO t;
	unsigned int i;

	pr->lock = ntc_lock_new(test);
	ntc_message_params(&p, CONNECT_MESSAGE_BASED,
			   ntc_msg_pdo(test, sim, 0, 3, NTCOMPAT_MSG_MSIX, 0), pr);
	p.MessageBased.SpinLock = pr->lock;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	t = pr->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, t->MessageCount, 3U);
	for (i = 0; i < 3; i++) {
		pr->lock_held = false;
		ntc_fire_expect_isr(test, sim, i, pr, t->MessageInfo[i].InterruptObject,
				    t->UnifiedIrql, false);
		KUNIT_EXPECT_TRUE(test, pr->lock_held);
		KUNIT_EXPECT_EQ(test, atomic_read(&pr->msg_calls[i]), 1);
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(*pr->lock), 0UL);
}

/* MessageNumberLimit caps what is assigned and connected. */
static void ntc_connect_message_limit(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 4);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntcompat_irq_source src = {
		.msg_kind = NTCOMPAT_MSG_MSIX, .nr_msgs = 4, .msg_irqs = sim->irq,
	};
	struct ntcompat_pdo_config cfg = { .msi_supported = true, .message_limit = 2 };
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_RESOURCE_LIST translated;
	PDEVICE_OBJECT pdo;

	pdo = ntc_pdo_create(test, &src, &cfg, NULL, &translated);
	KUNIT_EXPECT_EQ(test, ntc_count_type(translated, CmResourceTypeInterrupt), 2U);
	ntc_message_params(&p, CONNECT_MESSAGE_BASED, pdo, pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_ASSERT_NOT_NULL(test, pr->msgtable);
	KUNIT_EXPECT_EQ(test, pr->msgtable->MessageCount, 2U);
	KUNIT_EXPECT_FALSE(test, irq_has_action(sim->irq[2]));
	KUNIT_EXPECT_FALSE(test, irq_has_action(sim->irq[3]));
}

/* MESSAGE_BASED (3) or _PASSIVE (5) on a line-only PDO: fallback, Version := 2. */
static void ntc_fallback(struct kunit *test, ULONG version)
{
	bool passive = version == CONNECT_MESSAGE_BASED_PASSIVE;
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_conn *c;

	pr->sleep = passive;
	ntc_message_params(&p, version, ntc_line_pdo(test, sim->irq[0], false, &d), pr);
	pr->table = NULL;
	pr->out = (PKINTERRUPT *)&pr->msgtable;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_LINE_BASED);
	KUNIT_ASSERT_NOT_NULL(test, pr->msgtable);

	/* The same OUT variable now holds a KINTERRUPT; the fallback ISR runs. */
	ntc_fire_expect_isr(test, sim, 0, pr, (PKINTERRUPT)pr->msgtable,
			    passive ? PASSIVE_LEVEL : d->u.Interrupt.Level, passive);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->msg_calls[0]), 0);
	ntc_expect_stats(test, (PKINTERRUPT)pr->msgtable, sim->irq[0], 1, 1, passive);

	ntc_disconnect(test, c);	/* with Version 2, as returned */
	ntc_expect_irq_free(test, sim->irq[0]);
}

static void ntc_connect_message_fallback(struct kunit *test)
{
	ntc_fallback(test, CONNECT_MESSAGE_BASED);
}

static void ntc_connect_message_passive_fallback(struct kunit *test)
{
	ntc_fallback(test, CONNECT_MESSAGE_BASED_PASSIVE);
}

/* MESSAGE_BASED_PASSIVE (5) with messages: threaded per-message handlers. */
static void ntc_connect_message_based_passive(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 2);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PIO_INTERRUPT_MESSAGE_INFO t;
	struct ntc_conn *c;
	unsigned int i;

	pr->sleep = true;
	ntc_message_params(&p, CONNECT_MESSAGE_BASED_PASSIVE,
			   ntc_msg_pdo(test, sim, 0, 2, NTCOMPAT_MSG_MSIX, 0), pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	c = ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_MESSAGE_BASED_PASSIVE);
	t = pr->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, t->MessageCount, 2U);
	for (i = 0; i < 2; i++) {
		ntc_fire_expect_isr(test, sim, i, pr, t->MessageInfo[i].InterruptObject,
				    PASSIVE_LEVEL, true);
		KUNIT_EXPECT_EQ(test, atomic_read(&pr->msg_calls[i]), 1);
		ntc_expect_stats(test, t->MessageInfo[i].InterruptObject, sim->irq[i], 1, 1,
				 true);
	}
	ntc_disconnect(test, c);
	for (i = 0; i < 2; i++)
		ntc_expect_irq_free(test, sim->irq[i]);
}

/* FULLY_SPECIFIED with Irql == SynchronizeIrql == PASSIVE_LEVEL. */
static void ntc_connect_fully_passive(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	pr->sleep = true;
	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr,
			   pr);
	p.FullySpecified.Irql = PASSIVE_LEVEL;
	p.FullySpecified.SynchronizeIrql = PASSIVE_LEVEL;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, PASSIVE_LEVEL, true);
	ntc_expect_stats(test, pr->intobj, sim->irq[0], 1, 1, true);
}

/* LINE_BASED on a passive line (translated Level 0): threaded ISR. */
static void ntc_connect_line_passive(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;

	pr->sleep = true;
	p.LineBased.PhysicalDeviceObject = ntc_line_pdo(test, sim->irq[0], true, &d);
	KUNIT_EXPECT_EQ(test, d->u.Interrupt.Level, PASSIVE_LEVEL);
	p.LineBased.InterruptObject = &pr->intobj;
	p.LineBased.ServiceRoutine = ntc_isr;
	p.LineBased.ServiceContext = pr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_LINE_BASED);
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, PASSIVE_LEVEL, true);
	ntc_expect_stats(test, pr->intobj, sim->irq[0], 1, 1, true);
}

/* cfg.msi_supported false: the device gets its line even if it has messages. */
static void ntc_connect_msi_not_supported(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 3);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntcompat_irq_source src = {
		.line_irq = sim->irq[2],
		.msg_kind = NTCOMPAT_MSG_MSIX, .nr_msgs = 2, .msg_irqs = sim->irq,
	};
	struct ntcompat_pdo_config cfg = { .msi_supported = false };
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_RESOURCE_LIST translated;
	PDEVICE_OBJECT pdo;

	pdo = ntc_pdo_create(test, &src, &cfg, NULL, &translated);
	KUNIT_ASSERT_EQ(test, ntc_count_type(translated, CmResourceTypeInterrupt), 1U);
	KUNIT_EXPECT_EQ(test, ntc_interrupt_desc(translated, 0)->u.Interrupt.Vector, sim->irq[2]);

	ntc_message_params(&p, CONNECT_MESSAGE_BASED, pdo, pr);
	pr->table = NULL;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_LINE_BASED);
	ntc_sim_fire(test, sim, 2);
	NTC_WAIT(test, &pr->done);
	KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, (PKINTERRUPT)pr->msgtable);
	KUNIT_EXPECT_FALSE(test, irq_has_action(sim->irq[0]));
}

/* Legacy IoConnectInterrupt / IoDisconnectInterrupt (= FULLY_SPECIFIED). */
static void ntc_connect_legacy(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PKINTERRUPT kint = NULL;
	NTSTATUS st;

	ntc_line_pdo(test, sim->irq[0], false, &d);
	st = IoConnectInterrupt(&kint, ntc_isr, pr, NULL, d->u.Interrupt.Vector,
				(KIRQL)d->u.Interrupt.Level, (KIRQL)d->u.Interrupt.Level,
				LevelSensitive, TRUE, d->u.Interrupt.Affinity, FALSE);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, kint);
	ntc_fire_expect_isr(test, sim, 0, pr, kint, d->u.Interrupt.Level, false);
	IoDisconnectInterrupt(kint);
	ntc_expect_irq_free(test, sim->irq[0]);

	/* No processor: STATUS_INVALID_PARAMETER (not _PARAMETER_10) here. */
	kint = (PKINTERRUPT)pr;
	st = IoConnectInterrupt(&kint, ntc_isr, pr, NULL, d->u.Interrupt.Vector,
				(KIRQL)d->u.Interrupt.Level, (KIRQL)d->u.Interrupt.Level,
				LevelSensitive, TRUE, 0, FALSE);
	KUNIT_EXPECT_EQ(test, st, STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, kint);
	ntc_expect_irq_free(test, sim->irq[0]);
}

/* Connect, disconnect, connect again: nothing left behind in between. */
static void ntc_connect_reconnect(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PDEVICE_OBJECT pdo;
	int round;

	pdo = ntc_line_pdo(test, sim->irq[0], false, &d);
	for (round = 0; round < 3; round++) {
		RtlZeroMemory(&p, sizeof(p));
		p.Version = CONNECT_LINE_BASED;
		p.LineBased.PhysicalDeviceObject = pdo;
		p.LineBased.InterruptObject = &pr->intobj;
		p.LineBased.ServiceRoutine = ntc_isr;
		p.LineBased.ServiceContext = pr;
		KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
		ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, d->u.Interrupt.Level, false);
		ntc_disconnect(test, ntc_track(test, &p));
		ntc_expect_irq_free(test, sim->irq[0]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 3);
}

/*
 * The OUT pointer is written before the Linux IRQ can fire: when request_irq
 * claims the line (irq_sim's irq_request_resources hook, before the handler
 * is installed and the line unmasked), the driver's variable already holds
 * the object the call then returns, so an ISR that runs before
 * IoConnectInterruptEx returns finds it.
 */
struct ntc_publish {
	PVOID *out;
	PVOID seen[NTC_SIM_MAX];
	int hits;
};

static void ntc_publish_hook(struct ntc_sim *sim, unsigned int index)
{
	struct ntc_publish *pub = sim->priv;

	pub->seen[index] = READ_ONCE(*pub->out);
	pub->hits++;
}

enum ntc_publish_kind { NTC_PUB_LINE, NTC_PUB_FULLY, NTC_PUB_GROUP, NTC_PUB_PASSIVE,
			NTC_PUB_LEGACY };

static void ntc_publish(struct kunit *test, enum ntc_publish_kind kind)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntc_publish *pub = kunit_kzalloc(test, sizeof(*pub), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	NTSTATUS st;

	KUNIT_ASSERT_NOT_NULL(test, pub);
	d = ntc_fully_line(test, &p, kind == NTC_PUB_GROUP ? CONNECT_FULLY_SPECIFIED_GROUP :
			   CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr, pr);
	if (kind == NTC_PUB_PASSIVE) {
		p.FullySpecified.Irql = PASSIVE_LEVEL;
		p.FullySpecified.SynchronizeIrql = PASSIVE_LEVEL;
	} else if (kind == NTC_PUB_LINE) {
		PDEVICE_OBJECT pdo = p.FullySpecified.PhysicalDeviceObject;

		RtlZeroMemory(&p, sizeof(p));
		p.Version = CONNECT_LINE_BASED;
		p.LineBased.PhysicalDeviceObject = pdo;
		p.LineBased.InterruptObject = &pr->intobj;
		p.LineBased.ServiceRoutine = ntc_isr;
		p.LineBased.ServiceContext = pr;
	}
	pr->out = &pr->intobj;
	pub->out = (PVOID *)&pr->intobj;
	sim->priv = pub;
	sim->on_request = ntc_publish_hook;

	if (kind == NTC_PUB_LEGACY) {
		st = IoConnectInterrupt(&pr->intobj, ntc_isr, pr, NULL, d->u.Interrupt.Vector,
					(KIRQL)d->u.Interrupt.Level, (KIRQL)d->u.Interrupt.Level,
					LevelSensitive, TRUE, d->u.Interrupt.Affinity, FALSE);
		KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
		/* a legacy connection is FULLY_SPECIFIED (1) for the Ex calls */
		p.Version = CONNECT_FULLY_SPECIFIED;
	} else {
		KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	}
	ntc_track(test, &p);
	sim->on_request = NULL;
	KUNIT_ASSERT_EQ(test, pub->hits, 1);
	KUNIT_EXPECT_NOT_NULL(test, pub->seen[0]);
	KUNIT_EXPECT_PTR_EQ(test, pub->seen[0], (PVOID)pr->intobj);

	/* And the first interrupt sees it too. */
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj,
			    kind == NTC_PUB_PASSIVE ? PASSIVE_LEVEL : d->u.Interrupt.Level,
			    kind == NTC_PUB_PASSIVE);
	KUNIT_EXPECT_PTR_EQ(test, pr->out_seen, pr->intobj);
}

static void ntc_connect_publishes_before_enable(struct kunit *test)
{
	ntc_publish(test, NTC_PUB_LINE);
}

static void ntc_connect_publishes_before_enable_fully(struct kunit *test)
{
	ntc_publish(test, NTC_PUB_FULLY);
	ntc_publish(test, NTC_PUB_GROUP);
}

static void ntc_connect_publishes_before_enable_passive(struct kunit *test)
{
	ntc_publish(test, NTC_PUB_PASSIVE);
}

static void ntc_connect_publishes_before_enable_legacy(struct kunit *test)
{
	ntc_publish(test, NTC_PUB_LEGACY);
}

static void ntc_connect_publishes_table_before_enable(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 3);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntc_publish *pub = kunit_kzalloc(test, sizeof(*pub), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, pub);
	ntc_message_params(&p, CONNECT_MESSAGE_BASED,
			   ntc_msg_pdo(test, sim, 0, 3, NTCOMPAT_MSG_MSIX, 0), pr);
	pub->out = (PVOID *)&pr->msgtable;
	sim->priv = pub;
	sim->on_request = ntc_publish_hook;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	sim->on_request = NULL;
	KUNIT_ASSERT_EQ(test, pub->hits, 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_PTR_EQ(test, pub->seen[i], (PVOID)pr->msgtable);
}

/*
 * The ISR's first argument is valid on the very first interrupt, even when
 * the line is already asserted (pending) when IoConnectInterruptEx enables
 * it: here a native sharer keeps the line enabled, the interrupt is made
 * pending right before the connect, and it is delivered as soon as possible.
 */
static void ntc_connect_isr_first_interrupt(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };
	struct ntcompat_interrupt_stats st;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	struct ntc_native *nat;
	int err;

	p.LineBased.PhysicalDeviceObject = ntc_line_pdo(test, sim->irq[0], false, &d);
	nat = ntc_native_request(test, sim->irq[0], IRQF_SHARED, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	p.LineBased.InterruptObject = &pr->intobj;
	p.LineBased.ServiceRoutine = ntc_isr;
	p.LineBased.ServiceContext = pr;
	pr->out = &pr->intobj;

	ntc_sim_fire(test, sim, 0);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	NTC_WAIT(test, &nat->done);
	synchronize_irq(sim->irq[0]);
	/*
	 * Delivered before request_irq (native handler only), while the object
	 * was not yet connected (gated), or after: never half-connected.
	 */
	KUNIT_ASSERT_EQ(test, ntcompat_interrupt_stats(pr->intobj, &st), STATUS_SUCCESS);
	KUNIT_EXPECT_LE(test, st.calls + st.gated, 1UL);
	KUNIT_EXPECT_EQ(test, (unsigned long)atomic_read(&pr->calls), st.calls);
	if (atomic_read(&pr->calls)) {
		KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, pr->intobj);
		KUNIT_EXPECT_PTR_EQ(test, pr->out_seen, pr->intobj);
		KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&pr->done));
	}
	/* The next one certainly reaches the ISR. */
	ntc_fire_expect_isr(test, sim, 0, pr, pr->intobj, d->u.Interrupt.Level, false);
	KUNIT_EXPECT_PTR_EQ(test, pr->out_seen, pr->intobj);
}

static struct kunit_case ntc_connect_cases[] = {
	KUNIT_CASE(ntc_connect_fully_specified),
	KUNIT_CASE(ntc_connect_fully_specified_group),
	KUNIT_CASE(ntc_connect_fully_synchronize_irql),
	KUNIT_CASE(ntc_connect_floating_save),
	KUNIT_CASE(ntc_connect_line_based),
	KUNIT_CASE(ntc_connect_line_based_synchronize_irql),
	KUNIT_CASE(ntc_connect_message_based_msix),
	KUNIT_CASE(ntc_connect_message_based_msi),
	KUNIT_CASE(ntc_connect_message_based_spinlock),
	KUNIT_CASE(ntc_connect_message_limit),
	KUNIT_CASE(ntc_connect_message_fallback),
	KUNIT_CASE(ntc_connect_message_based_passive),
	KUNIT_CASE(ntc_connect_message_passive_fallback),
	KUNIT_CASE(ntc_connect_fully_passive),
	KUNIT_CASE(ntc_connect_line_passive),
	KUNIT_CASE(ntc_connect_msi_not_supported),
	KUNIT_CASE(ntc_connect_legacy),
	KUNIT_CASE(ntc_connect_reconnect),
	KUNIT_CASE(ntc_connect_publishes_before_enable),
	KUNIT_CASE(ntc_connect_publishes_before_enable_fully),
	KUNIT_CASE(ntc_connect_publishes_before_enable_passive),
	KUNIT_CASE(ntc_connect_publishes_before_enable_legacy),
	KUNIT_CASE(ntc_connect_publishes_table_before_enable),
	KUNIT_CASE(ntc_connect_isr_first_interrupt),
	{}
};

static struct kunit_suite ntc_connect_suite = {
	.name = "ntc_connect",
	.test_cases = ntc_connect_cases,
};

kunit_test_suite(ntc_connect_suite);
