// SPDX-License-Identifier: GPL-2.0
/*
 * KeSynchronizeExecution (the ReactOS-style matrix of
 * caller IRQL x SynchronizeIrql), KeAcquire/ReleaseInterruptSpinLock, and
 * the sleeping lock of passive interrupts.
 */
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/smp.h>

#include "ntc_test.h"

struct ntc_sync_ctx {
	PKSPIN_LOCK lock;
	PKINTERRUPT kint;		/* look at its lock through the stats */
	BOOLEAN ret;
	int calls;
	KIRQL irql;
	bool lock_held, irqs_off, task;
	bool sleep;
	/* exclusion: fire the ISR from inside the routine */
	struct ntc_sim *sim;
	struct ntc_probe *pr;
	bool fire, isr_ran_inside;
};

static BOOLEAN ntc_sync_routine(PVOID context)
{
	struct ntc_sync_ctx *c = context;

	c->calls++;
	c->irql = KeGetCurrentIrql();
	c->irqs_off = irqs_disabled();
	c->task = in_task();
	if (c->lock)
		c->lock_held = READ_ONCE(*c->lock) != 0;
	if (c->kint) {
		struct ntcompat_interrupt_stats st;

		c->lock_held = ntcompat_interrupt_stats(c->kint, &st) == STATUS_SUCCESS &&
			       st.lock_held;
	}
	if (c->sleep)
		usleep_range(1000, 2000);
	if (c->fire) {
		int before = atomic_read(&c->pr->calls);

		irq_set_irqchip_state(c->sim->irq[0], IRQCHIP_STATE_PENDING, true);
		/*
		 * Passive: sleep, giving the IRQ thread every chance to run. Not
		 * passive: IRQs are off, the interrupt cannot be taken here.
		 */
		if (c->sleep)
			wait_for_completion_timeout(&c->pr->done, msecs_to_jiffies(200));
		c->isr_ran_inside = atomic_read(&c->pr->calls) != before;
	}
	return c->ret;
}

static struct ntc_sync_ctx *ntc_sync_ctx_new(struct kunit *test)
{
	struct ntc_sync_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	return c;
}

static void ntc_raise(KIRQL to, KIRQL *old)
{
	*old = KeGetCurrentIrql();
	if (to != *old)
		KeRaiseIrql(to, old);
}

/*
 * For every SynchronizeIrql from the line's DIRQL to HIGH_LEVEL and every
 * legal caller IRQL (PASSIVE, DISPATCH, any DIRQL up to SynchronizeIrql):
 * the routine runs once, at SynchronizeIrql, with IRQs off and the lock held;
 * its BOOLEAN (FALSE, TRUE, and the non-boolean 2) comes back unchanged; the
 * caller's IRQL and the lock are restored.
 */
static void ntc_sync_matrix_run(struct kunit *test, bool driver_lock)
{
	static const BOOLEAN rets[] = { FALSE, TRUE, 2 };
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntc_sync_ctx *c = ntc_sync_ctx_new(test);
	PKSPIN_LOCK lock = driver_lock ? ntc_lock_new(test) : NULL;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PDEVICE_OBJECT pdo;
	KIRQL sync, caller, old;
	unsigned int r, pairs = 0;
	BOOLEAN got;

	pdo = ntc_line_pdo(test, sim->irq[0], false, &d);
	c->lock = lock;
	for (sync = d->u.Interrupt.Level; sync <= HIGH_LEVEL; sync++) {
		struct ntc_conn *conn;

		ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, pdo, d, &pr->intobj, ntc_isr, pr);
		p.FullySpecified.SynchronizeIrql = sync;
		p.FullySpecified.SpinLock = lock;
		KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
		conn = ntc_track(test, &p);
		c->kint = lock ? NULL : pr->intobj;

		for (caller = PASSIVE_LEVEL; caller <= sync; caller++) {
			if (caller == APC_LEVEL)
				continue;
			for (r = 0; r < ARRAY_SIZE(rets); r++) {
				c->calls = 0;
				c->ret = rets[r];
				c->irql = 0xff;
				c->lock_held = false;
				ntc_raise(caller, &old);
				got = KeSynchronizeExecution(pr->intobj, ntc_sync_routine, c);
				KUNIT_EXPECT_EQ_MSG(test, KeGetCurrentIrql(), caller,
						    "sync %u caller %u: IRQL not restored", sync,
						    caller);
				if (caller != PASSIVE_LEVEL)
					KeLowerIrql(old);
				KUNIT_EXPECT_EQ_MSG(test, got, rets[r], "sync %u caller %u", sync,
						    caller);
				KUNIT_EXPECT_EQ_MSG(test, c->calls, 1, "sync %u caller %u", sync,
						    caller);
				KUNIT_EXPECT_EQ_MSG(test, c->irql, sync, "caller %u", caller);
				KUNIT_EXPECT_TRUE_MSG(test, c->irqs_off, "sync %u caller %u", sync,
						      caller);
				KUNIT_EXPECT_TRUE_MSG(test, c->lock_held,
						      "sync %u caller %u: lock not held", sync,
						      caller);
				if (lock)
					KUNIT_EXPECT_EQ(test, READ_ONCE(*lock), 0UL);
				pairs++;
			}
		}
		ntc_disconnect(test, conn);
		KUNIT_ASSERT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	}
	KUNIT_EXPECT_GT(test, pairs, 0U);
	kunit_info(test, "%u (caller IRQL, SynchronizeIrql, result) combinations", pairs);
}

static void ntc_sync_matrix_driver_lock(struct kunit *test)
{
	ntc_sync_matrix_run(test, true);
}

static void ntc_sync_matrix_system_lock(struct kunit *test)
{
	ntc_sync_matrix_run(test, false);
}

/* An interrupt raised inside the routine is serviced only after it. */
static void ntc_sync_excludes_isr(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_sync_ctx *c = ntc_sync_ctx_new(test);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	c->pr = ntc_probe_new(test, TRUE);
	c->sim = sim;
	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_LINE_BASED;
	p.LineBased.PhysicalDeviceObject = ntc_line_pdo(test, sim->irq[0], false, &d);
	p.LineBased.InterruptObject = &c->pr->intobj;
	p.LineBased.ServiceRoutine = ntc_isr;
	p.LineBased.ServiceContext = c->pr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	c->fire = true;
	c->ret = TRUE;
	KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(c->pr->intobj, ntc_sync_routine, c), TRUE);
	KUNIT_EXPECT_EQ(test, c->irql, d->u.Interrupt.Level);
	KUNIT_EXPECT_FALSE(test, c->isr_ran_inside);
	NTC_WAIT(test, &c->pr->done);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->pr->calls), 1);
}

/* Fire the simulated line from another CPU: irq_sim delivers it there. */
struct ntc_remote_fire {
	call_single_data_t csd;
	unsigned int irq;
};

static void ntc_remote_fire_fn(void *data)
{
	struct ntc_remote_fire *rf = data;

	irq_set_irqchip_state(rf->irq, IRQCHIP_STATE_PENDING, true);
}

/*
 * The interrupt lock excludes the ISR on every CPU: an interrupt taken on
 * another CPU while this one holds the lock waits for the release.
 */
static void ntc_sync_excludes_remote_isr(struct kunit *test)
{
	struct ntc_sim *sim;
	struct ntc_probe *pr;
	struct ntc_remote_fire *rf;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	unsigned int cpu, other = nr_cpu_ids;
	int calls;
	KIRQL old;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second CPU to take the interrupt (UML is uniprocessor)");
	sim = ntc_sim_create(test, 1);
	pr = ntc_probe_new(test, TRUE);
	rf = kunit_kzalloc(test, sizeof(*rf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rf);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr, pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	rf->irq = sim->irq[0];
	INIT_CSD(&rf->csd, ntc_remote_fire_fn, rf);
	old = KeAcquireInterruptSpinLock(pr->intobj);
	for_each_online_cpu(cpu)
		if (cpu != smp_processor_id()) {
			other = cpu;
			break;
		}
	KUNIT_EXPECT_EQ(test, smp_call_function_single_async(other, &rf->csd), 0);
	mdelay(100);		/* IRQs are off: the remote ISR spins meanwhile */
	calls = atomic_read(&pr->calls);
	KeReleaseInterruptSpinLock(pr->intobj, old);
	KUNIT_EXPECT_EQ(test, calls, 0);
	NTC_WAIT(test, &pr->done);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 1);
}

/*
 * KeAcquireInterruptSpinLock returns the previous IRQL and raises to
 * SynchronizeIrql with IRQs off and the lock held; Release restores.
 */
static void ntc_sync_interrupt_spinlock(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	PKSPIN_LOCK lock = ntc_lock_new(test);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	KIRQL callers[] = { PASSIVE_LEVEL, DISPATCH_LEVEL, 0 };
	KIRQL sync, old, prev;
	unsigned int i;

	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr,
			   pr);
	sync = d->u.Interrupt.Level + 2;
	callers[2] = d->u.Interrupt.Level;
	pr->lock = lock;
	p.FullySpecified.SynchronizeIrql = sync;
	p.FullySpecified.SpinLock = lock;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	for (i = 0; i < ARRAY_SIZE(callers); i++) {
		bool irqs_off, held;
		KIRQL inside;

		ntc_raise(callers[i], &prev);
		old = KeAcquireInterruptSpinLock(pr->intobj);
		inside = KeGetCurrentIrql();
		irqs_off = irqs_disabled();
		held = READ_ONCE(*lock) != 0;
		KeReleaseInterruptSpinLock(pr->intobj, old);
		KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), callers[i]);
		if (callers[i] != PASSIVE_LEVEL)
			KeLowerIrql(prev);
		KUNIT_EXPECT_EQ(test, old, callers[i]);
		KUNIT_EXPECT_EQ(test, inside, sync);
		KUNIT_EXPECT_TRUE(test, irqs_off);
		KUNIT_EXPECT_TRUE(test, held);
		KUNIT_EXPECT_EQ(test, READ_ONCE(*lock), 0UL);
	}

	/* An interrupt raised under the lock is serviced after the release. */
	old = KeAcquireInterruptSpinLock(pr->intobj);
	ntc_sim_fire(test, sim, 0);
	i = atomic_read(&pr->calls);
	KeReleaseInterruptSpinLock(pr->intobj, old);
	KUNIT_EXPECT_EQ(test, i, 0U);
	NTC_WAIT(test, &pr->done);
	KUNIT_EXPECT_TRUE(test, pr->lock_held);
}

/*
 * Message connections: the routine runs at the message's own IRQL, or at
 * UnifiedIrql under a caller lock.
 */
static void ntc_sync_messages(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 6);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntc_probe *pl = ntc_probe_new(test, TRUE);
	struct ntc_sync_ctx *c = ntc_sync_ctx_new(test);
	PKSPIN_LOCK lock = ntc_lock_new(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PIO_INTERRUPT_MESSAGE_INFO t;
	unsigned int i;

	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = ntc_msg_pdo(test, sim, 0, 3, NTCOMPAT_MSG_MSIX, 0);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &pr->msgtable;
	p.MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p.MessageBased.ServiceContext = pr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	t = pr->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < t->MessageCount; i++) {
		c->ret = (BOOLEAN)i;
		KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(t->MessageInfo[i].InterruptObject,
							     ntc_sync_routine, c), (BOOLEAN)i);
		KUNIT_EXPECT_EQ(test, c->irql, t->MessageInfo[i].Irql);
		KUNIT_EXPECT_TRUE(test, c->irqs_off);
	}

	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = ntc_msg_pdo(test, sim, 3, 3, NTCOMPAT_MSG_MSIX, 0);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &pl->msgtable;
	p.MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p.MessageBased.ServiceContext = pl;
	p.MessageBased.SpinLock = lock;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	t = pl->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, t);
	c->lock = lock;
	c->ret = TRUE;
	for (i = 0; i < t->MessageCount; i++) {
		c->lock_held = false;
		KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(t->MessageInfo[i].InterruptObject,
							     ntc_sync_routine, c), TRUE);
		KUNIT_EXPECT_EQ(test, c->irql, t->UnifiedIrql);
		KUNIT_EXPECT_TRUE(test, c->lock_held);
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(*lock), 0UL);
}

static void ntc_passive_connect(struct kunit *test, struct ntc_sim *sim, struct ntc_probe *pr)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr,
			   pr);
	p.FullySpecified.Irql = PASSIVE_LEVEL;
	p.FullySpecified.SynchronizeIrql = PASSIVE_LEVEL;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
}

/*
 * Passive interrupt: the routine runs at PASSIVE_LEVEL in this thread under
 * the sleeping lock (it may sleep), and the IRQ thread's ISR waits for it.
 */
static void ntc_sync_passive(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_sync_ctx *c = ntc_sync_ctx_new(test);

	c->pr = ntc_probe_new(test, TRUE);
	c->sim = sim;
	ntc_passive_connect(test, sim, c->pr);

	c->sleep = true;
	c->ret = 2;
	c->kint = c->pr->intobj;
	KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(c->pr->intobj, ntc_sync_routine, c), 2);
	KUNIT_EXPECT_EQ(test, c->calls, 1);
	KUNIT_EXPECT_TRUE(test, c->lock_held);	/* the sleeping lock */
	KUNIT_EXPECT_EQ(test, c->irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, c->task);
	KUNIT_EXPECT_FALSE(test, c->irqs_off);

	/* exclusion against the threaded ISR */
	c->fire = true;
	c->ret = TRUE;
	KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(c->pr->intobj, ntc_sync_routine, c), TRUE);
	KUNIT_EXPECT_FALSE(test, c->isr_ran_inside);
	NTC_WAIT(test, &c->pr->done);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->pr->calls), 1);
	KUNIT_EXPECT_EQ(test, c->pr->irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/*
 * KeAcquireInterruptSpinLock on a passive interrupt: NT bug-checks; ntcompat
 * warns once, takes the sleeping lock (no deadlock) and returns PASSIVE_LEVEL.
 */
static void ntc_sync_passive_spinlock_api(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	KIRQL old;

	ntc_passive_connect(test, sim, pr);
	pr_info("ntc-kunit: expected splat begin: KeAcquireInterruptSpinLock on a passive interrupt\n");
	old = KeAcquireInterruptSpinLock(pr->intobj);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KeReleaseInterruptSpinLock(pr->intobj, old);
	old = KeAcquireInterruptSpinLock(pr->intobj);
	KeReleaseInterruptSpinLock(pr->intobj, old);
	pr_info("ntc-kunit: expected splat end\n");

	/* The lock was really released: the ISR still runs. */
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &pr->done);
}

static struct kunit_case ntc_sync_cases[] = {
	KUNIT_CASE(ntc_sync_matrix_driver_lock),
	KUNIT_CASE(ntc_sync_matrix_system_lock),
	KUNIT_CASE(ntc_sync_excludes_isr),
	KUNIT_CASE(ntc_sync_excludes_remote_isr),
	KUNIT_CASE(ntc_sync_interrupt_spinlock),
	KUNIT_CASE(ntc_sync_messages),
	KUNIT_CASE(ntc_sync_passive),
	KUNIT_CASE(ntc_sync_passive_spinlock_api),
	{}
};

static struct kunit_suite ntc_sync_suite = {
	.name = "ntc_sync",
	.test_cases = ntc_sync_cases,
};

kunit_test_suite(ntc_sync_suite);
