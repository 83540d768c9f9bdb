// SPDX-License-Identifier: GPL-2.0
/*
 * How real WDM drivers combine the API, not the API list: a DpcForIsr that
 * takes a KSPIN_LOCK, nested raises inside a DPC and inside a
 * SynchCritSection routine, a DPC that re-queues itself and queues another,
 * two CPUs taking one interrupt lock from different IRQLs, two MSI-X
 * messages sharing the driver's locks, legacy IoConnectInterrupt on a line
 * two devices share, stop/remove racing a DPC that is about to synchronise,
 * and the calls that wait made from where they cannot wait (which must fail
 * loudly, not hang).
 *
 * A DPC routine that returns at the wrong IRQL makes ntcompat WARN; run.sh
 * fails the run on any WARNING in the kernel log, so these tests also fail
 * when the IRQL bookkeeping inside a DPC goes wrong without a wrong value
 * being visible from the routine itself.
 */
#include <linux/cpu.h>
#include <linux/irq.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/delay.h>

#include <kunit/device.h>

#include "ntc_test.h"

#define NTC_SPLAT_BEGIN(why)	pr_info("ntc-kunit: expected splat begin: %s\n", why)
#define NTC_SPLAT_END()		pr_info("ntc-kunit: expected splat end\n")

/* ---------------------------------------------------------------------- */
/* A DpcForIsr taking a KSPIN_LOCK (the most common WDM DPC).               */

struct ntc_pat_dpc {
	KDPC dpc;
	KDPC other;
	KSPIN_LOCK lock;
	int runs;
	int requeue;		/* re-insert itself this many more times */
	int other_runs;
	KIRQL seen[8];		/* IRQLs observed inside the routine */
	bool bad;
	struct completion done;
	struct completion other_done;
};

static void ntc_pat_lock_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_dpc *d = ctx;
	KIRQL old, old2;

	d->seen[0] = KeGetCurrentIrql();
	KeAcquireSpinLock(&d->lock, &old);		/* at DISPATCH_LEVEL already */
	d->seen[1] = old;
	d->seen[2] = KeGetCurrentIrql();
	KeReleaseSpinLock(&d->lock, old);
	d->seen[3] = KeGetCurrentIrql();

	KeAcquireSpinLockAtDpcLevel(&d->lock);		/* the ...AtDpcLevel pair */
	KeReleaseSpinLockFromDpcLevel(&d->lock);

	KeRaiseIrql(HIGH_LEVEL, &old);			/* nested raises */
	d->seen[4] = old;
	KeRaiseIrql(HIGH_LEVEL, &old2);
	KeLowerIrql(old2);
	d->seen[5] = KeGetCurrentIrql();
	KeLowerIrql(old);
	d->seen[6] = KeGetCurrentIrql();

	KeAcquireSpinLock(&d->lock, &old);		/* and once more after them */
	KeReleaseSpinLock(&d->lock, old);
	d->seen[7] = KeGetCurrentIrql();
	d->runs++;
	complete(&d->done);
}

static void ntc_pat_dpc_spinlock(struct kunit *test)
{
	struct ntc_pat_dpc *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	int round, i;

	KUNIT_ASSERT_NOT_NULL(test, d);
	KeInitializeSpinLock(&d->lock);
	KeInitializeDpc(&d->dpc, ntc_pat_lock_dpc, d);
	for (round = 0; round < 3; round++) {
		init_completion(&d->done);
		KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, NULL, NULL));
		NTC_WAIT(test, &d->done);
		KeFlushQueuedDpcs();	/* the runner's IRQL check has run too */
		KUNIT_EXPECT_EQ(test, d->seen[0], DISPATCH_LEVEL);
		KUNIT_EXPECT_EQ(test, d->seen[1], DISPATCH_LEVEL);
		KUNIT_EXPECT_EQ(test, d->seen[4], DISPATCH_LEVEL);
		KUNIT_EXPECT_EQ(test, d->seen[5], HIGH_LEVEL);
		for (i = 2; i < ARRAY_SIZE(d->seen); i++)
			if (i != 4 && i != 5)
				KUNIT_EXPECT_EQ_MSG(test, d->seen[i], DISPATCH_LEVEL,
						    "round %d, step %d", round, i);
		KUNIT_EXPECT_EQ(test, READ_ONCE(d->lock), 0UL);
	}
	KUNIT_EXPECT_EQ(test, d->runs, 3);
	/* And the thread that queued it is back at PASSIVE_LEVEL. */
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* ---------------------------------------------------------------------- */
/* A DPC re-queuing itself and queuing another DPC.                        */

static void ntc_pat_other_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_dpc *d = ctx;

	if (KeGetCurrentIrql() != DISPATCH_LEVEL)
		d->bad = true;
	d->other_runs++;
	complete(&d->other_done);
}

static void ntc_pat_requeue_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_dpc *d = ctx;
	KIRQL old;

	KeAcquireSpinLock(&d->lock, &old);
	d->runs++;
	if ((uintptr_t)a1 != (uintptr_t)d->runs)
		d->bad = true;		/* each insert carried its own argument */
	KeReleaseSpinLock(&d->lock, old);
	KeInsertQueueDpc(&d->other, NULL, NULL);
	if (d->requeue > 0) {
		d->requeue--;
		if (!KeInsertQueueDpc(dpc, (PVOID)(uintptr_t)(d->runs + 1), NULL))
			d->bad = true;	/* it is not queued while it runs */
		return;
	}
	complete(&d->done);
}

static void ntc_pat_dpc_requeue_and_other(struct kunit *test)
{
	struct ntc_pat_dpc *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	KeInitializeSpinLock(&d->lock);
	KeInitializeDpc(&d->dpc, ntc_pat_requeue_dpc, d);
	KeInitializeDpc(&d->other, ntc_pat_other_dpc, d);
	init_completion(&d->done);
	init_completion(&d->other_done);
	d->requeue = 9;
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, (PVOID)1, NULL));
	NTC_WAIT(test, &d->done);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, d->runs, 10);
	/* The other DPC ran at least once, at most once per insert. */
	KUNIT_EXPECT_GE(test, d->other_runs, 1);
	KUNIT_EXPECT_LE(test, d->other_runs, 10);
	KUNIT_EXPECT_FALSE(test, d->bad);
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&d->dpc));
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&d->other));
}

/* ---------------------------------------------------------------------- */
/* Two CPUs taking one interrupt lock from different IRQLs (SMP).          */

struct ntc_pat_locker {
	PKINTERRUPT kint;
	KIRQL at;		/* the caller's IRQL */
	unsigned int loops;
	unsigned int wrong;	/* returns at an IRQL other than the caller's */
	atomic_t *start;
	struct completion done;
};

static int ntc_pat_locker_fn(void *data)
{
	struct ntc_pat_locker *l = data;
	KIRQL raised = PASSIVE_LEVEL, old;
	unsigned int i;

	atomic_inc(l->start);
	while (atomic_read(l->start) < 2)
		cpu_relax();
	for (i = 0; i < l->loops; i++) {
		if (l->at != PASSIVE_LEVEL)
			KeRaiseIrql(l->at, &raised);
		old = KeAcquireInterruptSpinLock(l->kint);
		if (old != l->at)
			l->wrong++;
		KeReleaseInterruptSpinLock(l->kint, old);
		if (KeGetCurrentIrql() != l->at)
			l->wrong++;
		if (l->at != PASSIVE_LEVEL)
			KeLowerIrql(raised);
		if (KeGetCurrentIrql() != PASSIVE_LEVEL)
			l->wrong++;
		if (!(i % 256))
			cond_resched();
	}
	complete(&l->done);
	return 0;
}

static void ntc_pat_interrupt_lock_two_cpus(struct kunit *test)
{
	struct ntc_sim *sim;
	struct ntc_probe *pr;
	struct ntc_pat_locker *l;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct task_struct *t;
	atomic_t *start;
	unsigned int i, cpu = 0;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs (UML is uniprocessor)");
	sim = ntc_sim_create(test, 1);
	pr = ntc_probe_new(test, TRUE);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr, pr);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	l = kunit_kcalloc(test, 2, sizeof(*l), GFP_KERNEL);
	start = kunit_kzalloc(test, sizeof(*start), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_ASSERT_NOT_NULL(test, start);
	for (i = 0; i < 2; i++) {
		l[i].kint = pr->intobj;
		l[i].at = i ? DISPATCH_LEVEL : PASSIVE_LEVEL;
		l[i].loops = 20000;
		l[i].start = start;
		init_completion(&l[i].done);
		t = kthread_create(ntc_pat_locker_fn, &l[i], "ntc-locker/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		cpu = cpumask_next(i ? cpu : -1, cpu_online_mask);
		kthread_bind(t, cpu);
		wake_up_process(t);
	}
	for (i = 0; i < 2; i++) {
		KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&l[i].done, 60 * HZ), 0UL);
		KUNIT_EXPECT_EQ_MSG(test, l[i].wrong, 0U, "locker at IRQL %u", l[i].at);
	}
}

/* ---------------------------------------------------------------------- */
/* Legacy IoConnectInterrupt on a line two devices share.                  */

static PDEVICE_OBJECT ntc_pat_unmanaged_line_pdo(struct kunit *test, unsigned int irq,
						 PCM_PARTIAL_RESOURCE_DESCRIPTOR *desc)
{
	struct ntcompat_irq_source src = { .line_irq = irq };
	PCM_RESOURCE_LIST raw, translated;
	PDEVICE_OBJECT pdo;
	struct device *dev;

	dev = kunit_device_register(test, "ntc-kunit-legacy-a");
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(dev));
	KUNIT_ASSERT_EQ(test, ntcompat_create_pdo(dev, &src, NULL, &pdo), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ntcompat_assign_resources(pdo, &raw, &translated), STATUS_SUCCESS);
	*desc = ntc_interrupt_desc(translated, 0);
	KUNIT_ASSERT_NOT_NULL(test, *desc);
	return pdo;
}

static NTSTATUS ntc_pat_legacy_connect(PKINTERRUPT *out, const CM_PARTIAL_RESOURCE_DESCRIPTOR *d,
				       struct ntc_probe *pr)
{
	return IoConnectInterrupt(out, ntc_isr, pr, NULL, d->u.Interrupt.Vector,
				  (KIRQL)d->u.Interrupt.Level, (KIRQL)d->u.Interrupt.Level,
				  LevelSensitive, TRUE, d->u.Interrupt.Affinity, FALSE);
}

/*
 * Device A and device B share one INTx line; both drivers use the legacy
 * IoConnectInterrupt, which names no device. A is stopped and removed the
 * way a driver does it (disconnect, then the PDO goes): B's connection must
 * stay connected and keep getting its interrupts.
 */
static void ntc_pat_legacy_shared_line(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pa = ntc_probe_new(test, FALSE);
	struct ntc_probe *pb = ntc_probe_new(test, TRUE);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR da, db;
	struct ntcompat_interrupt_stats st;
	PKINTERRUPT ka = NULL, kb = NULL;
	PDEVICE_OBJECT a;
	int calls;

	a = ntc_pat_unmanaged_line_pdo(test, sim->irq[0], &da);	/* listed first */
	ntc_line_pdo(test, sim->irq[0], false, &db);
	KUNIT_ASSERT_EQ(test, ntc_pat_legacy_connect(&ka, da, pa), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ntc_pat_legacy_connect(&kb, db, pb), STATUS_SUCCESS);

	IoDisconnectInterrupt(ka);
	ntcompat_delete_pdo(a);

	KUNIT_ASSERT_EQ(test, ntcompat_interrupt_stats(kb, &st), STATUS_SUCCESS);
	calls = atomic_read(&pb->calls);
	reinit_completion(&pb->done);
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &pb->done);
	KUNIT_EXPECT_EQ(test, atomic_read(&pb->calls), calls + 1);
	KUNIT_EXPECT_PTR_EQ(test, pb->interrupt, kb);
	IoDisconnectInterrupt(kb);
	ntc_expect_irq_free(test, sim->irq[0]);
}

/* ---------------------------------------------------------------------- */
/* Waiting calls from where they cannot wait: refused, never a hang.      */

struct ntc_pat_wait {
	KDPC dpc;
	IO_DISCONNECT_INTERRUPT_PARAMETERS disc;
	bool from_dpc_done;
	struct completion done;
};

static void ntc_pat_threaded_dpc_disconnect(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_wait *w = ctx;

	KeFlushQueuedDpcs();			/* would wait for itself */
	IoDisconnectInterruptEx(&w->disc);	/* likewise (it flushes) */
	w->from_dpc_done = true;
	complete(&w->done);
}

static void ntc_pat_wait_refused(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntc_pat_wait *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct ntcompat_interrupt_stats st;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PKINTERRUPT other = NULL;
	PDEVICE_OBJECT pdo;
	KIRQL old;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr, pr);
	pdo = p.FullySpecified.PhysicalDeviceObject;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	w->disc.Version = CONNECT_FULLY_SPECIFIED;
	w->disc.ConnectionContext.InterruptObject = pr->intobj;

	NTC_SPLAT_BEGIN("waiting calls at DISPATCH_LEVEL are refused with a stack");
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KeFlushQueuedDpcs();
	IoDisconnectInterruptEx(&w->disc);
	other = (PKINTERRUPT)pr;		/* must come back NULL */
	p.FullySpecified.InterruptObject = &other;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_LEVEL);
	KUNIT_EXPECT_NULL(test, other);
	/* The lock-free lookup works here. */
	KUNIT_EXPECT_NOT_NULL(test, ntcompat_pdo_device(pdo));
	KeLowerIrql(old);
	NTC_SPLAT_END();
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	/* Still connected. */
	KUNIT_EXPECT_EQ(test, ntcompat_interrupt_stats(pr->intobj, &st), STATUS_SUCCESS);

	NTC_SPLAT_BEGIN("waiting calls from a threaded DPC are refused with a stack");
	KeInitializeThreadedDpc(&w->dpc, ntc_pat_threaded_dpc_disconnect, w);
	init_completion(&w->done);
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&w->dpc, NULL, NULL));
	NTC_WAIT(test, &w->done);
	NTC_SPLAT_END();
	KUNIT_EXPECT_TRUE(test, w->from_dpc_done);
	KUNIT_EXPECT_EQ(test, ntcompat_interrupt_stats(pr->intobj, &st), STATUS_SUCCESS);

	/* The interrupt still works, and disconnects normally from here. */
	reinit_completion(&pr->done);
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &pr->done);
}

/* A passive ISR that disconnects its own interrupt: refused, not a deadlock. */
struct ntc_pat_passive {
	IO_DISCONNECT_INTERRUPT_PARAMETERS disc;
	PKINTERRUPT kint;
	atomic_t calls;
	struct completion done;
};

static BOOLEAN ntc_pat_passive_isr(PKINTERRUPT interrupt, PVOID context)
{
	struct ntc_pat_passive *pp = context;

	pp->disc.Version = CONNECT_LINE_BASED;
	pp->disc.ConnectionContext.InterruptObject = interrupt;
	IoDisconnectInterruptEx(&pp->disc);
	atomic_inc(&pp->calls);
	complete(&pp->done);
	return TRUE;
}

static void ntc_pat_passive_isr_disconnect(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_pat_passive *pp = kunit_kzalloc(test, sizeof(*pp), GFP_KERNEL);
	struct ntcompat_interrupt_stats st;
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };
	PDEVICE_OBJECT pdo;

	KUNIT_ASSERT_NOT_NULL(test, pp);
	init_completion(&pp->done);
	pdo = ntc_line_pdo(test, sim->irq[0], true, NULL);
	p.LineBased.PhysicalDeviceObject = pdo;
	p.LineBased.InterruptObject = &pp->kint;
	p.LineBased.ServiceRoutine = ntc_pat_passive_isr;
	p.LineBased.ServiceContext = pp;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	NTC_SPLAT_BEGIN("a passive ISR disconnecting itself is refused with a stack");
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &pp->done);
	ntc_sim_fire_sync(test, sim, 0);	/* the thread is done with the first */
	NTC_SPLAT_END();
	KUNIT_EXPECT_EQ(test, atomic_read(&pp->calls), 2);
	KUNIT_EXPECT_EQ(test, ntcompat_interrupt_stats(pp->kint, &st), STATUS_SUCCESS);
}

/* ---------------------------------------------------------------------- */
/* CPU hotplug: DPCs queued on or aimed at a CPU that goes offline (SMP).  */

struct ntc_pat_hp {
	KDPC blocker;		/* threaded DPC that holds its CPU's queue */
	KDPC queued;		/* queued behind it */
	KDPC aimed;		/* normal DPC aimed at the offline CPU */
	struct completion blocking, release, queued_ran, aimed_ran;
	atomic_t queued_runs, aimed_runs;
	unsigned int aimed_cpu;
};

static void ntc_pat_hp_blocker(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_hp *h = ctx;

	complete(&h->blocking);
	wait_for_completion_timeout(&h->release, 30 * HZ);
}

static void ntc_pat_hp_queued(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_hp *h = ctx;

	atomic_inc(&h->queued_runs);
	complete(&h->queued_ran);
}

static void ntc_pat_hp_aimed(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_hp *h = ctx;

	h->aimed_cpu = KeGetCurrentProcessorNumber();
	atomic_inc(&h->aimed_runs);
	complete(&h->aimed_ran);
}

/*
 * A threaded DPC sits on CPU 1's queue behind one that blocks; CPU 1 goes
 * offline: the queued DPC must run (elsewhere, once) without waiting for the
 * blocked one, i.e. it was moved. A DPC aimed at the offline CPU runs on an
 * online one. Flush completes throughout; CPU 1 comes back.
 */
static void ntc_pat_dpc_cpu_offline(struct kunit *test)
{
	struct ntc_pat_hp *h;
	int ret;

	if (!IS_ENABLED(CONFIG_HOTPLUG_CPU) || num_online_cpus() < 2 || !cpu_online(1))
		kunit_skip(test, "needs CPU hotplug and a CPU 1 (UML is uniprocessor)");
	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	init_completion(&h->blocking);
	init_completion(&h->release);
	init_completion(&h->queued_ran);
	init_completion(&h->aimed_ran);
	KeInitializeThreadedDpc(&h->blocker, ntc_pat_hp_blocker, h);
	KeInitializeThreadedDpc(&h->queued, ntc_pat_hp_queued, h);
	KeInitializeDpc(&h->aimed, ntc_pat_hp_aimed, h);
	KeSetTargetProcessorDpc(&h->blocker, 1);
	KeSetTargetProcessorDpc(&h->queued, 1);
	KeSetTargetProcessorDpc(&h->aimed, 1);

	KUNIT_ASSERT_TRUE(test, KeInsertQueueDpc(&h->blocker, NULL, NULL));
	NTC_WAIT(test, &h->blocking);
	KUNIT_ASSERT_TRUE(test, KeInsertQueueDpc(&h->queued, NULL, NULL));

	ret = remove_cpu(1);
	if (ret) {
		complete(&h->release);
		KeFlushQueuedDpcs();
		kunit_skip(test, "remove_cpu(1): %d", ret);
	}
	/* Moved off the dead CPU: runs while the blocker still blocks. */
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&h->queued_ran, 10 * HZ), 0UL);
	complete(&h->release);

	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&h->aimed, NULL, NULL));
	NTC_WAIT(test, &h->aimed_ran);
	KUNIT_EXPECT_NE(test, h->aimed_cpu, 1U);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, add_cpu(1), 0);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&h->queued_runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->aimed_runs), 1);
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&h->queued));
}

/* ---------------------------------------------------------------------- */
/* ProcessorEnableMask: IoGetAffinityInterrupt reports what applies (SMP). */

static KAFFINITY ntc_pat_linux_affinity(unsigned int irq)
{
	const struct cpumask *m = irq_get_affinity_mask(irq);
	KAFFINITY a = 0;
	unsigned int cpu;

	for_each_cpu_and(cpu, m, cpu_online_mask)
		if (cpu < BITS_PER_LONG)
			a |= BIT(cpu);
	return a;
}

/*
 * Asked for CPU 1 only: whatever Linux did with that (irq_sim cannot move
 * an interrupt, a real chip can), IoGetAffinityInterrupt says what the IRQ's
 * affinity is now, not what was asked; and a line another handler shares is
 * not moved at all.
 */
static void ntc_pat_affinity_applied(struct kunit *test)
{
	struct ntc_sim *sim;
	struct ntc_probe *pr;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	GROUP_AFFINITY ga;
	KAFFINITY before;
	int err;

	if (num_online_cpus() < 2 || !cpu_online(1))
		kunit_skip(test, "needs a CPU 1 (UML is uniprocessor)");
	sim = ntc_sim_create(test, 2);
	pr = ntc_probe_new(test, TRUE);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &pr->intobj, ntc_isr, pr);
	p.FullySpecified.ProcessorEnableMask = BIT(1);
	p.FullySpecified.ShareVector = FALSE;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_ASSERT_EQ(test, IoGetAffinityInterrupt(pr->intobj, &ga), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ga.Mask, ntc_pat_linux_affinity(sim->irq[0]));
	KUNIT_EXPECT_EQ(test, ga.Group, 0);

	/* A line a native driver already has: left where it is. */
	ntc_native_request(test, sim->irq[1], IRQF_SHARED, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	before = ntc_pat_linux_affinity(sim->irq[1]);
	pr = ntc_probe_new(test, TRUE);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[1], &pr->intobj, ntc_isr, pr);
	p.FullySpecified.ProcessorEnableMask = BIT(1);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, ntc_pat_linux_affinity(sim->irq[1]), before);
	KUNIT_ASSERT_EQ(test, IoGetAffinityInterrupt(pr->intobj, &ga), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ga.Mask, before);
}

/* ---------------------------------------------------------------------- */
/* Nested raises inside a DPC and inside a SynchCritSection routine.       */

#define NTC_PAT_STEPS	16
#define NTC_PAT_DIRQL	5	/* a DIRQL a DPC raises to */

struct ntc_pat_nest {
	KDPC dpc;
	PKINTERRUPT kint;
	KSPIN_LOCK lock;	/* taken at DIRQL only, in the routine */
	KIRQL dpc_seen[NTC_PAT_STEPS];
	bool dpc_irqs_off[NTC_PAT_STEPS];
	unsigned int dpc_n;
	KIRQL sync_seen[NTC_PAT_STEPS];
	unsigned int sync_n;
	BOOLEAN sync_ret;
	struct completion done;
};

static void ntc_pat_dpc_step(struct ntc_pat_nest *n, KIRQL v)
{
	if (n->dpc_n < NTC_PAT_STEPS) {
		n->dpc_irqs_off[n->dpc_n] = irqs_disabled();
		n->dpc_seen[n->dpc_n++] = v;
	}
}

static void ntc_pat_sync_step(struct ntc_pat_nest *n, KIRQL v)
{
	if (n->sync_n < NTC_PAT_STEPS)
		n->sync_seen[n->sync_n++] = v;
}

/* What a SynchCritSection routine that raises and takes a lock sees. */
static BOOLEAN ntc_pat_nest_sync(PVOID ctx)
{
	struct ntc_pat_nest *n = ctx;
	KIRQL o, o2;

	n->sync_n = 0;
	ntc_pat_sync_step(n, KeGetCurrentIrql());	/* 0: SynchronizeIrql */
	KeRaiseIrql(HIGH_LEVEL, &o);
	ntc_pat_sync_step(n, o);			/* 1: SynchronizeIrql */
	ntc_pat_sync_step(n, KeGetCurrentIrql());	/* 2: HIGH_LEVEL */
	KeRaiseIrql(HIGH_LEVEL, &o2);
	ntc_pat_sync_step(n, o2);			/* 3: HIGH_LEVEL */
	KeLowerIrql(o2);
	ntc_pat_sync_step(n, KeGetCurrentIrql());	/* 4: HIGH_LEVEL */
	KeLowerIrql(o);
	ntc_pat_sync_step(n, KeGetCurrentIrql());	/* 5: SynchronizeIrql */
	KeAcquireSpinLockAtDpcLevel(&n->lock);
	ntc_pat_sync_step(n, KeGetCurrentIrql());	/* 6: SynchronizeIrql */
	KeReleaseSpinLockFromDpcLevel(&n->lock);
	ntc_pat_sync_step(n, KeGetCurrentIrql());	/* 7: SynchronizeIrql */
	ntc_pat_sync_step(n, irqs_disabled());		/* 8: IRQs still off: 1 */
	return TRUE;
}

static void ntc_pat_nest_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_pat_nest *n = ctx;
	KIRQL o0, o1, o2;

	n->dpc_n = 0;
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 0: DISPATCH_LEVEL */
	KeRaiseIrql(DISPATCH_LEVEL, &o0);		/* to where it is: no-op */
	ntc_pat_dpc_step(n, o0);			/* 1: DISPATCH_LEVEL */
	KeRaiseIrql(NTC_PAT_DIRQL, &o1);
	ntc_pat_dpc_step(n, o1);			/* 2: DISPATCH_LEVEL (IRQs off now) */
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 3: DIRQL, IRQs off */
	KeRaiseIrql(HIGH_LEVEL, &o2);
	ntc_pat_dpc_step(n, o2);			/* 4: DIRQL */
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 5: HIGH_LEVEL */
	KeLowerIrql(o2);
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 6: DIRQL, IRQs off */
	KeLowerIrql(o1);
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 7: DISPATCH_LEVEL, IRQs on */
	KeLowerIrql(o0);
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 8: DISPATCH_LEVEL */
	o0 = KeRaiseIrqlToDpcLevel();
	ntc_pat_dpc_step(n, o0);			/* 9: DISPATCH_LEVEL */
	KeLowerIrql(o0);
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 10: DISPATCH_LEVEL */
	n->sync_ret = KeSynchronizeExecution(n->kint, ntc_pat_nest_sync, n);
	ntc_pat_dpc_step(n, KeGetCurrentIrql());	/* 11: DISPATCH_LEVEL, IRQs on */
	complete(&n->done);
}

static void ntc_pat_expect_sync_steps(struct kunit *test, struct ntc_pat_nest *n, KIRQL s,
				      const char *from)
{
	const KIRQL want[] = { s, s, HIGH_LEVEL, HIGH_LEVEL, HIGH_LEVEL, s, s, s, 1 };
	unsigned int i;

	KUNIT_ASSERT_EQ_MSG(test, n->sync_n, ARRAY_SIZE(want), "from %s", from);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, n->sync_seen[i], want[i],
				    "SynchCritSection routine called from %s, step %u", from, i);
	KUNIT_EXPECT_EQ(test, READ_ONCE(n->lock), 0UL);
}

/*
 * A DPC raising to DISPATCH_LEVEL (no-op), to a DIRQL and to HIGH_LEVEL and
 * lowering back one step at a time, then KeRaiseIrqlToDpcLevel, then
 * KeSynchronizeExecution, whose routine raises twice to HIGH_LEVEL and takes
 * a KSPIN_LOCK at its DIRQL: every step sees the IRQL the WDK says, and
 * each one returns to its caller's (the DPC runner WARNs otherwise, which
 * fails the run). The same routine called from PASSIVE_LEVEL and from
 * DISPATCH_LEVEL gives its caller its IRQL back.
 */
static void ntc_pat_nested_raises(struct kunit *test)
{
	const KIRQL want[] = { DISPATCH_LEVEL, DISPATCH_LEVEL, DISPATCH_LEVEL, NTC_PAT_DIRQL,
			       NTC_PAT_DIRQL, HIGH_LEVEL, NTC_PAT_DIRQL, DISPATCH_LEVEL,
			       DISPATCH_LEVEL, DISPATCH_LEVEL, DISPATCH_LEVEL, DISPATCH_LEVEL };
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntc_pat_nest *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	unsigned int round, i;
	KIRQL s, old;

	KUNIT_ASSERT_NOT_NULL(test, n);
	KeInitializeSpinLock(&n->lock);
	KeInitializeDpc(&n->dpc, ntc_pat_nest_dpc, n);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &n->kint, ntc_isr, pr);
	s = p.FullySpecified.SynchronizeIrql;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	for (round = 0; round < 2; round++) {
		init_completion(&n->done);
		KUNIT_ASSERT_TRUE(test, KeInsertQueueDpc(&n->dpc, NULL, NULL));
		NTC_WAIT(test, &n->done);
		KeFlushQueuedDpcs();	/* and the runner's check at return has run */
		KUNIT_ASSERT_EQ(test, n->dpc_n, ARRAY_SIZE(want));
		for (i = 0; i < ARRAY_SIZE(want); i++) {
			KUNIT_EXPECT_EQ_MSG(test, n->dpc_seen[i], want[i], "DPC step %u", i);
			KUNIT_EXPECT_EQ_MSG(test, n->dpc_irqs_off[i], i >= 2 && i <= 6,
					    "DPC step %u: IRQs off", i);
		}
		KUNIT_EXPECT_TRUE(test, n->sync_ret);
		ntc_pat_expect_sync_steps(test, n, s, "a DPC");
	}

	KUNIT_EXPECT_TRUE(test, KeSynchronizeExecution(n->kint, ntc_pat_nest_sync, n));
	ntc_pat_expect_sync_steps(test, n, s, "PASSIVE_LEVEL");
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	n->sync_ret = KeSynchronizeExecution(n->kint, ntc_pat_nest_sync, n);
	i = KeGetCurrentIrql();
	KeLowerIrql(old);
	KUNIT_EXPECT_TRUE(test, n->sync_ret);
	KUNIT_EXPECT_EQ(test, i, (unsigned int)DISPATCH_LEVEL);
	ntc_pat_expect_sync_steps(test, n, s, "DISPATCH_LEVEL");
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* ---------------------------------------------------------------------- */
/* Two MSI-X messages sharing the driver's locks.                          */

#define NTC_PAT_MSIX_ROUNDS	40

struct ntc_pat_msix {
	KSPIN_LOCK intlock;	/* SpinLock: the interrupt lock of both messages */
	KSPIN_LOCK dpclock;	/* the driver's lock its DPCs take */
	PIO_INTERRUPT_MESSAGE_INFO table;
	KDPC dpc[2];
	atomic_t in_int, in_dpc;	/* holders of each lock (must stay <= 1) */
	atomic_t overlaps, bad_irql, bad_sync;
	atomic_t isr_calls[2], dpc_runs[2], syncs;
	struct completion dpc_done[2];
};

static void ntc_pat_msix_enter(struct ntc_pat_msix *m)
{
	PIO_INTERRUPT_MESSAGE_INFO t = READ_ONCE(m->table);

	if (atomic_inc_return(&m->in_int) != 1)
		atomic_inc(&m->overlaps);
	if (t && KeGetCurrentIrql() != t->UnifiedIrql)
		atomic_inc(&m->bad_irql);
	udelay(2);			/* widen the window on SMP */
}

static BOOLEAN ntc_pat_msix_isr(PKINTERRUPT interrupt, PVOID context, ULONG id)
{
	struct ntc_pat_msix *m = context;

	if (id > 1)
		return FALSE;
	ntc_pat_msix_enter(m);
	atomic_inc(&m->isr_calls[id]);
	atomic_dec(&m->in_int);
	KeInsertQueueDpc(&m->dpc[id], NULL, NULL);
	return TRUE;
}

static BOOLEAN ntc_pat_msix_sync(PVOID context)
{
	struct ntc_pat_msix *m = context;

	ntc_pat_msix_enter(m);
	atomic_inc(&m->syncs);
	atomic_dec(&m->in_int);
	return TRUE;
}

static void ntc_pat_msix_dpc(PKDPC dpc, PVOID context, PVOID a1, PVOID a2)
{
	struct ntc_pat_msix *m = context;
	unsigned int id = dpc == &m->dpc[1], i;

	KeAcquireSpinLockAtDpcLevel(&m->dpclock);
	if (atomic_inc_return(&m->in_dpc) != 1)
		atomic_inc(&m->overlaps);
	for (i = 0; i < 2; i++)
		if (!KeSynchronizeExecution(m->table->MessageInfo[i].InterruptObject,
					    ntc_pat_msix_sync, m))
			atomic_inc(&m->bad_sync);
	atomic_dec(&m->in_dpc);
	KeReleaseSpinLockFromDpcLevel(&m->dpclock);
	atomic_inc(&m->dpc_runs[id]);
	complete(&m->dpc_done[id]);
}

/*
 * Two MSI-X messages connected with one SpinLock (their interrupt lock); a
 * DpcForIsr per message, both taking the driver's DPC lock with
 * KeAcquireSpinLockAtDpcLevel and then synchronising with each message;
 * the test thread synchronising too. Both messages fire every round. Never
 * two holders of either lock (counters), the IRQL inside is the table's
 * UnifiedIrql, and lockdep has nothing to say. On SMP the second message's
 * DPC runs on CPU 1, so the locks are contended for real.
 */
static void ntc_pat_msix_shared_locks(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 2);
	struct ntc_pat_msix *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	unsigned int round, i;
	PKINTERRUPT kint;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KeInitializeSpinLock(&m->intlock);
	KeInitializeSpinLock(&m->dpclock);
	for (i = 0; i < 2; i++) {
		KeInitializeDpc(&m->dpc[i], ntc_pat_msix_dpc, m);
		init_completion(&m->dpc_done[i]);
	}
	if (num_online_cpus() > 1 && cpu_online(1))
		KeSetTargetProcessorDpc(&m->dpc[1], 1);

	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = ntc_msg_pdo(test, sim, 0, 2, NTCOMPAT_MSG_MSIX, 0);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &m->table;
	p.MessageBased.MessageServiceRoutine = ntc_pat_msix_isr;
	p.MessageBased.ServiceContext = m;
	p.MessageBased.SpinLock = &m->intlock;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_ASSERT_EQ(test, p.Version, (ULONG)CONNECT_MESSAGE_BASED);
	KUNIT_ASSERT_NOT_NULL(test, m->table);
	KUNIT_ASSERT_EQ(test, m->table->MessageCount, 2U);

	for (round = 0; round < NTC_PAT_MSIX_ROUNDS; round++) {
		for (i = 0; i < 2; i++)
			reinit_completion(&m->dpc_done[i]);
		ntc_sim_fire(test, sim, 0);
		ntc_sim_fire(test, sim, 1);
		kint = m->table->MessageInfo[round % 2].InterruptObject;
		KUNIT_EXPECT_TRUE(test, KeSynchronizeExecution(kint, ntc_pat_msix_sync, m));
		for (i = 0; i < 2; i++) {
			NTC_WAIT(test, &m->dpc_done[i]);
			kint = m->table->MessageInfo[i].InterruptObject;
			ntc_sim_wait_handled(test, sim, i, kint);
		}
	}
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&m->overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->bad_irql), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->bad_sync), 0);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&m->isr_calls[i]), NTC_PAT_MSIX_ROUNDS);
		KUNIT_EXPECT_EQ(test, atomic_read(&m->dpc_runs[i]), NTC_PAT_MSIX_ROUNDS);
	}
	/* Per round: each DPC synchronises with both messages, the thread once. */
	KUNIT_EXPECT_EQ(test, atomic_read(&m->syncs), 5 * NTC_PAT_MSIX_ROUNDS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(m->intlock), 0UL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(m->dpclock), 0UL);
}

/* ---------------------------------------------------------------------- */
/* Stop/remove racing a DPC that is about to synchronize.                  */

struct ntc_pat_race {
	KDPC dpc;
	/*
	 * Around "released". A spinlock_t taken with IRQs off, not a
	 * KSPIN_LOCK: KeReleaseSpinLock at PASSIVE_LEVEL enables bottom halves,
	 * which would run the pending DPC right there, inside free_irq.
	 */
	spinlock_t gate;
	PKINTERRUPT kint;
	bool released;		/* the disconnect has reached free_irq */
	bool gave_up;
	unsigned long deadline;
	unsigned int polls, hooks;
	int synced, synced_at_release;
	BOOLEAN sync_ret;
	KIRQL sync_irql;
	struct completion isr_done;
	struct completion polling;	/* the DPC has run and is waiting */
};

static BOOLEAN ntc_pat_race_isr(PKINTERRUPT interrupt, PVOID context)
{
	struct ntc_pat_race *r = context;

	KeInsertQueueDpc(&r->dpc, NULL, NULL);		/* IoRequestDpc */
	complete(&r->isr_done);
	return TRUE;
}

static BOOLEAN ntc_pat_race_sync(PVOID context)
{
	struct ntc_pat_race *r = context;

	r->sync_irql = KeGetCurrentIrql();
	return TRUE;
}

/*
 * The DpcForIsr, about to synchronise with its interrupt: it keeps itself
 * queued (re-inserting itself, under the gate lock) until the disconnect is
 * inside free_irq, then calls KeSynchronizeExecution.
 */
static void ntc_pat_race_dpc(PKDPC dpc, PVOID context, PVOID a1, PVOID a2)
{
	struct ntc_pat_race *r = context;
	unsigned long flags;

	spin_lock_irqsave(&r->gate, flags);
	if (!r->released && time_before(jiffies, r->deadline)) {
		r->polls++;
		KeInsertQueueDpc(dpc, NULL, NULL);
		spin_unlock_irqrestore(&r->gate, flags);
		complete(&r->polling);
		return;
	}
	r->gave_up = !r->released;
	spin_unlock_irqrestore(&r->gate, flags);
	if (r->gave_up)
		return;
	r->sync_ret = KeSynchronizeExecution(r->kint, ntc_pat_race_sync, r);
	r->synced++;
}

/* irq_sim: the disconnect's free_irq released the line (test thread). */
static void ntc_pat_race_released(struct ntc_sim *sim, unsigned int index)
{
	struct ntc_pat_race *r = sim->priv;
	unsigned long flags;

	spin_lock_irqsave(&r->gate, flags);
	r->released = true;
	r->synced_at_release = r->synced;
	r->hooks++;
	spin_unlock_irqrestore(&r->gate, flags);
}

/*
 * The ISR queued its DpcForIsr, which is about to call KeSynchronizeExecution
 * on the same interrupt, when the driver's stop/remove disconnects it and
 * then (the WDK order) flushes its DPCs. ntcompat promises that when
 * IoDisconnectInterruptEx returns, the DPCs queued before the call have
 * finished (interrupt.c: it flushes after free_irq, before freeing the
 * object). So the DPC synchronises while the disconnect is in progress, on
 * an object that is still valid (no KASAN report), gets its routine's
 * result at SynchronizeIrql, and has done so by the time the disconnect
 * returns; nothing hangs. Deterministic: the DPC waits (re-queuing itself)
 * for the line's release inside free_irq, signalled by irq_sim.
 */
static void ntc_pat_remove_races(struct kunit *test, bool threaded)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_pat_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_conn *conn;
	KIRQL s;

	KUNIT_ASSERT_NOT_NULL(test, r);
	spin_lock_init(&r->gate);
	if (threaded)
		KeInitializeThreadedDpc(&r->dpc, ntc_pat_race_dpc, r);
	else
		KeInitializeDpc(&r->dpc, ntc_pat_race_dpc, r);
	init_completion(&r->isr_done);
	init_completion(&r->polling);
	r->deadline = jiffies + msecs_to_jiffies(NTC_WAIT_MS);
	sim->priv = r;
	sim->on_release = ntc_pat_race_released;
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &r->kint,
		       ntc_pat_race_isr, r);
	p.FullySpecified.ShareVector = FALSE;
	s = p.FullySpecified.SynchronizeIrql;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	conn = ntc_track(test, &p);

	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &r->isr_done);
	ntc_sim_wait_handled(test, sim, 0, r->kint);
	NTC_WAIT(test, &r->polling);		/* queued, about to synchronise */

	ntc_disconnect(test, conn);		/* IoDisconnectInterruptEx */
	KUNIT_EXPECT_EQ(test, r->hooks, 1U);
	KUNIT_EXPECT_FALSE_MSG(test, r->gave_up, "the disconnect never reached free_irq");
	KUNIT_EXPECT_GE(test, r->polls, 1U);		/* it was queued... */
	KUNIT_EXPECT_EQ(test, r->synced_at_release, 0);	/* ...and had not synchronised */
	KUNIT_EXPECT_EQ_MSG(test, r->synced, 1,
			    "IoDisconnectInterruptEx returned before the DPC queued by the ISR finished");
	KUNIT_EXPECT_TRUE(test, r->sync_ret);
	KUNIT_EXPECT_EQ(test, r->sync_irql, s);

	KeFlushQueuedDpcs();			/* the driver's, after the disconnect */
	KUNIT_EXPECT_EQ(test, r->synced, 1);
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&r->dpc));
	ntc_expect_irq_free(test, sim->irq[0]);
}

static void ntc_pat_remove_races_dpc_sync(struct kunit *test)
{
	ntc_pat_remove_races(test, false);
}

/* The same with a threaded DpcForIsr (PASSIVE_LEVEL, a kworker). */
static void ntc_pat_remove_races_threaded_dpc_sync(struct kunit *test)
{
	ntc_pat_remove_races(test, true);
}

static struct kunit_case ntc_patterns_cases[] = {
	KUNIT_CASE(ntc_pat_dpc_spinlock),
	KUNIT_CASE(ntc_pat_dpc_requeue_and_other),
	KUNIT_CASE(ntc_pat_interrupt_lock_two_cpus),
	KUNIT_CASE(ntc_pat_legacy_shared_line),
	KUNIT_CASE(ntc_pat_wait_refused),
	KUNIT_CASE(ntc_pat_passive_isr_disconnect),
	KUNIT_CASE(ntc_pat_dpc_cpu_offline),
	KUNIT_CASE(ntc_pat_affinity_applied),
	KUNIT_CASE(ntc_pat_nested_raises),
	KUNIT_CASE(ntc_pat_msix_shared_locks),
	KUNIT_CASE(ntc_pat_remove_races_dpc_sync),
	KUNIT_CASE(ntc_pat_remove_races_threaded_dpc_sync),
	{}
};

static struct kunit_suite ntc_patterns_suite = {
	.name = "ntc_patterns",
	.test_cases = ntc_patterns_cases,
};

kunit_test_suite(ntc_patterns_suite);
