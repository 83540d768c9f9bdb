// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated IRQL: KeRaiseIrql/KeLowerIrql and what they
 * do to the Linux context, NT spin locks on a driver-embedded KSPIN_LOCK, and
 * KeGetCurrentIrql in contexts ntcompat did not create (thread, workqueue,
 * preemption/BH/IRQs disabled, timer softirq, hard interrupt).
 */
#include <linux/bottom_half.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "ntc_test.h"

static void ntc_irql_thread(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* Nested raises and lowers, with the Linux state each level implies. */
static void ntc_irql_raise_lower(struct kunit *test)
{
	KIRQL o1, o2, o3, o4;
	bool bh, preempt_on, irqs_off2, irqs_off5, irqs_off15, irqs_off5b;
	KIRQL at2, at5, at15, at5b, at2b;

	KeRaiseIrql(DISPATCH_LEVEL, &o1);
	at2 = KeGetCurrentIrql();
	bh = in_softirq();
	preempt_on = preemptible();
	irqs_off2 = irqs_disabled();
	KeRaiseIrql(5, &o2);
	at5 = KeGetCurrentIrql();
	irqs_off5 = irqs_disabled();
	KeRaiseIrql(HIGH_LEVEL, &o3);
	at15 = KeGetCurrentIrql();
	irqs_off15 = irqs_disabled();
	KeLowerIrql(o3);
	at5b = KeGetCurrentIrql();
	irqs_off5b = irqs_disabled();
	KeLowerIrql(o2);
	at2b = KeGetCurrentIrql();
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KeLowerIrql(o1);

	KUNIT_EXPECT_EQ(test, o1, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, o2, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, o3, 5);
	KUNIT_EXPECT_EQ(test, at2, DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, bh);
	KUNIT_EXPECT_FALSE(test, preempt_on);
	KUNIT_EXPECT_FALSE(test, irqs_off2);
	KUNIT_EXPECT_EQ(test, at5, 5);
	KUNIT_EXPECT_TRUE(test, irqs_off5);
	KUNIT_EXPECT_EQ(test, at15, HIGH_LEVEL);
	KUNIT_EXPECT_TRUE(test, irqs_off15);
	KUNIT_EXPECT_EQ(test, at5b, 5);
	KUNIT_EXPECT_TRUE(test, irqs_off5b);
	KUNIT_EXPECT_EQ(test, at2b, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, preemptible());

	/* KeRaiseIrqlToDpcLevel / KfRaiseIrql return the previous IRQL */
	o4 = KeRaiseIrqlToDpcLevel();
	at2 = KeGetCurrentIrql();
	KeLowerIrql(o4);
	KUNIT_EXPECT_EQ(test, o4, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, at2, DISPATCH_LEVEL);
	o4 = KfRaiseIrql(SYNCH_LEVEL);
	at15 = KeGetCurrentIrql();
	KeLowerIrql(o4);
	KUNIT_EXPECT_EQ(test, o4, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, at15, SYNCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* Every DIRQL from 3 to HIGH_LEVEL, raised from PASSIVE and from DISPATCH. */
static void ntc_irql_every_level(struct kunit *test)
{
	KIRQL l, old, old2, seen;

	for (l = 3; l <= HIGH_LEVEL; l++) {
		KeRaiseIrql(l, &old);
		seen = KeGetCurrentIrql();
		KeLowerIrql(old);
		KUNIT_EXPECT_EQ(test, seen, l);
		KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);

		KeRaiseIrql(DISPATCH_LEVEL, &old);
		KeRaiseIrql(l, &old2);
		seen = KeGetCurrentIrql();
		KeLowerIrql(old2);
		KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
		KeLowerIrql(old);
		KUNIT_EXPECT_EQ(test, seen, l);
		KUNIT_EXPECT_EQ(test, old2, DISPATCH_LEVEL);
	}
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* KeAcquireSpinLock raises to DISPATCH_LEVEL and sets the NT lock word. */
static void ntc_irql_spinlock(struct kunit *test)
{
	PKSPIN_LOCK lock = ntc_lock_new(test);
	KIRQL old, inside, dpc;
	KSPIN_LOCK word;

	*lock = 0x55;
	KeInitializeSpinLock(lock);
	KUNIT_EXPECT_EQ(test, *lock, 0UL);

	KeAcquireSpinLock(lock, &old);
	inside = KeGetCurrentIrql();
	word = READ_ONCE(*lock);
	KeReleaseSpinLock(lock, old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, inside, DISPATCH_LEVEL);
	KUNIT_EXPECT_NE(test, word, 0UL);
	KUNIT_EXPECT_EQ(test, *lock, 0UL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);

	/* from DISPATCH_LEVEL, and the AtDpcLevel pair */
	KeRaiseIrql(DISPATCH_LEVEL, &dpc);
	KeAcquireSpinLock(lock, &old);
	KUNIT_EXPECT_EQ(test, old, DISPATCH_LEVEL);
	KeReleaseSpinLock(lock, old);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeAcquireSpinLockAtDpcLevel(lock);
	inside = KeGetCurrentIrql();
	word = READ_ONCE(*lock);
	KeReleaseSpinLockFromDpcLevel(lock);
	KUNIT_EXPECT_EQ(test, inside, DISPATCH_LEVEL);
	KUNIT_EXPECT_NE(test, word, 0UL);
	KUNIT_EXPECT_EQ(test, *lock, 0UL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeLowerIrql(dpc);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);

	/* two locks nested */
	{
		PKSPIN_LOCK l2 = ntc_lock_new(test);
		KIRQL o1, o2;

		KeAcquireSpinLock(lock, &o1);
		KeAcquireSpinLock(l2, &o2);
		KUNIT_EXPECT_EQ(test, o2, DISPATCH_LEVEL);
		KUNIT_EXPECT_NE(test, READ_ONCE(*lock), 0UL);
		KUNIT_EXPECT_NE(test, READ_ONCE(*l2), 0UL);
		KeReleaseSpinLock(l2, o2);
		KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
		KeReleaseSpinLock(lock, o1);
		KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	}
}

/* Linux atomic contexts ntcompat did not create. */
static void ntc_irql_linux_contexts(struct kunit *test)
{
	static DEFINE_SPINLOCK(lk);
	unsigned long flags;
	KIRQL irql;

	preempt_disable();
	irql = KeGetCurrentIrql();
	preempt_enable();
	KUNIT_EXPECT_EQ(test, irql, DISPATCH_LEVEL);

	local_bh_disable();
	irql = KeGetCurrentIrql();
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, irql, DISPATCH_LEVEL);

	spin_lock(&lk);
	irql = KeGetCurrentIrql();
	spin_unlock(&lk);
	KUNIT_EXPECT_EQ(test, irql, DISPATCH_LEVEL);

	local_irq_save(flags);
	irql = KeGetCurrentIrql();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, irql, HIGH_LEVEL);

	spin_lock_irqsave(&lk, flags);
	irql = KeGetCurrentIrql();
	spin_unlock_irqrestore(&lk, flags);
	KUNIT_EXPECT_EQ(test, irql, HIGH_LEVEL);

	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

struct ntc_irql_probe {
	KIRQL irql;
	struct completion done;
	struct work_struct work;
	struct timer_list timer;
};

static void ntc_irql_work(struct work_struct *w)
{
	struct ntc_irql_probe *p = container_of(w, struct ntc_irql_probe, work);

	p->irql = KeGetCurrentIrql();
	complete(&p->done);
}

static void ntc_irql_timer(struct timer_list *t)
{
	struct ntc_irql_probe *p = from_timer(p, t, timer);

	p->irql = KeGetCurrentIrql();
	complete(&p->done);
}

static irqreturn_t ntc_irql_hardirq(int irq, void *data)
{
	struct ntc_irql_probe *p = data;

	p->irql = KeGetCurrentIrql();
	complete(&p->done);
	return IRQ_HANDLED;
}

static void ntc_irql_free_irq(void *data)
{
	struct ntc_sim *sim = data;

	free_irq(sim->irq[0], sim->priv);
}

static void ntc_irql_async_contexts(struct kunit *test)
{
	struct ntc_irql_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	struct ntc_sim *sim = ntc_sim_create(test, 1);

	KUNIT_ASSERT_NOT_NULL(test, p);
	init_completion(&p->done);

	/* workqueue: thread context */
	p->irql = 0xff;
	INIT_WORK(&p->work, ntc_irql_work);
	schedule_work(&p->work);
	NTC_WAIT(test, &p->done);
	flush_work(&p->work);
	KUNIT_EXPECT_EQ(test, p->irql, PASSIVE_LEVEL);

	/* timer: softirq */
	p->irql = 0xff;
	timer_setup(&p->timer, ntc_irql_timer, 0);
	mod_timer(&p->timer, jiffies + 1);
	if (!wait_for_completion_timeout(&p->done, msecs_to_jiffies(NTC_WAIT_MS))) {
		timer_delete_sync(&p->timer);
		KUNIT_FAIL_AND_ABORT(test, "timer did not fire");
	}
	timer_delete_sync(&p->timer);
	KUNIT_EXPECT_EQ(test, p->irql, DISPATCH_LEVEL);

	/* a native hard interrupt handler: IRQs off */
	p->irql = 0xff;
	KUNIT_ASSERT_EQ(test, request_irq(sim->irq[0], ntc_irql_hardirq, 0, "ntc-kunit-irql", p),
			0);
	sim->priv = p;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_irql_free_irq, sim), 0);
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &p->done);
	KUNIT_EXPECT_EQ(test, p->irql, HIGH_LEVEL);
}

static void ntc_irql_processors(struct kunit *test)
{
	KAFFINITY active = 0, expect = 0;
	unsigned int cpu;
	ULONG n;

	for_each_online_cpu(cpu)
		if (cpu < BITS_PER_LONG)
			expect |= 1UL << cpu;
	n = KeQueryActiveProcessorCount(&active);
	KUNIT_EXPECT_EQ(test, n, num_online_cpus());
	KUNIT_EXPECT_EQ(test, active, expect);
	KUNIT_EXPECT_EQ(test, KeQueryActiveProcessorCount(NULL), num_online_cpus());
	cpu = get_cpu();
	n = KeGetCurrentProcessorNumber();
	put_cpu();
	KUNIT_EXPECT_EQ(test, n, cpu);
}

static struct kunit_case ntc_irql_cases[] = {
	KUNIT_CASE(ntc_irql_thread),
	KUNIT_CASE(ntc_irql_raise_lower),
	KUNIT_CASE(ntc_irql_every_level),
	KUNIT_CASE(ntc_irql_spinlock),
	KUNIT_CASE(ntc_irql_linux_contexts),
	KUNIT_CASE(ntc_irql_async_contexts),
	KUNIT_CASE(ntc_irql_processors),
	{}
};

static struct kunit_suite ntc_irql_suite = {
	.name = "ntc_irql",
	.test_cases = ntc_irql_cases,
};

kunit_test_suite(ntc_irql_suite);
