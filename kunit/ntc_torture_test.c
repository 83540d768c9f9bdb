// SPDX-License-Identifier: GPL-2.0
/*
 * Torture, locktorture-style: worker threads do a fixed number of random
 * operations each (connect, disconnect, inactive/active, KeSynchronizeExecution,
 * KeAcquire/ReleaseInterruptSpinLock, DPC insert/remove, flush) on a set of
 * irq_sim connections: a line, a line two connections share, two MSI-X
 * messages sharing a driver KSPIN_LOCK, and a passive line, while storm
 * threads fire their interrupts. Invariants checked:
 *   - no ISR runs for a connection after its disconnect returned;
 *   - the ISR runs with the interrupt lock held, alone (never twice at once);
 *   - ntcompat counted every ISR call once (its stats against the ISR's);
 *   - every DPC insert that returned TRUE runs exactly once, unless a
 *     KeRemoveQueueDpc that returned TRUE took it back;
 *   - nothing is left connected, no IRQ stays requested.
 * The random streams are seeded per thread, so a failing run repeats.
 * ntcompat_kunit.torture_ops=N (kernel command line) sets the operations per
 * worker: the default is the quick mode of make check; make kunit-torture
 * runs a long one.
 */
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/moduleparam.h>
#include <linux/delay.h>

#include "ntc_test.h"

static unsigned int torture_ops = 600;
module_param(torture_ops, uint, 0444);
MODULE_PARM_DESC(torture_ops, "random operations per torture worker");

enum { NTC_T_LINE, NTC_T_SHARED_A, NTC_T_SHARED_B, NTC_T_MSG, NTC_T_PASSIVE, NTC_T_SLOTS };

struct ntc_t_env;

/* One connection a worker owns (connects, disconnects, synchronizes with). */
struct ntc_t_slot {
	struct ntc_t_env *env;
	unsigned int index;
	PDEVICE_OBJECT pdo;
	const CM_PARTIAL_RESOURCE_DESCRIPTOR *line;
	bool message, passive;
	PKSPIN_LOCK lock;		/* the MSI-X slot's shared driver lock */
	/* the driver's OUT variables */
	PKINTERRUPT kint;
	PIO_INTERRUPT_MESSAGE_INFO table;
	ULONG version;
	bool connected;
	bool inactive;
	/* what the ISR sees */
	bool dead;			/* set once IoDisconnectInterruptEx returned */
	atomic_t inside;		/* ISRs of this slot running now */
	atomic_t isr_calls;		/* this connection's ISR calls */
	atomic_t bad;
	unsigned long counted;		/* ntcompat's stats, summed at disconnect */
	unsigned long seen;		/* the ISR's own count, summed likewise */
	/* a DpcForIsr-like DPC the ISR queues, and one the worker queues */
	KDPC isr_dpc;
	KDPC dpc;
	atomic_t dpc_inserted, dpc_removed, dpc_runs;
};

struct ntc_t_env {
	struct ntc_sim *sim;
	struct ntc_t_slot slot[NTC_T_SLOTS];
	atomic_t start;
	bool stop;
	unsigned int workers;
	struct completion done[NTC_T_SLOTS + 2];
};

/*
 * irq_sim is not made for several CPUs firing at once: its irq_work handler
 * can then run on two CPUs over one pending bitmap, and KASAN caught it
 * writing past that bitmap (irq_sim_handle_irq, x86_64 -smp 2). The storm
 * is therefore fired one line at a time; the ISRs, DPCs and everything
 * else still run concurrently on every CPU. On x86 the irq_work runs on the
 * firing CPU as soon as irq_set_irqchip_state() turns IRQs back on, so the
 * lock also covers the simulated delivery.
 */
static DEFINE_MUTEX(ntc_t_fire_lock);

static BOOLEAN ntc_t_isr_common(PKINTERRUPT kint, struct ntc_t_slot *s)
{
	if (READ_ONCE(s->dead))
		atomic_inc(&s->bad);			/* after disconnect returned */
	if (atomic_inc_return(&s->inside) != 1)
		atomic_inc(&s->bad);			/* two at once under one lock */
	if (s->lock && !READ_ONCE(*s->lock))
		atomic_inc(&s->bad);			/* shared lock not held */
	atomic_inc(&s->isr_calls);
	if (KeInsertQueueDpc(&s->isr_dpc, NULL, NULL))
		atomic_inc(&s->dpc_inserted);
	atomic_dec(&s->inside);
	return TRUE;
}

static BOOLEAN ntc_t_isr(PKINTERRUPT kint, PVOID ctx)
{
	return ntc_t_isr_common(kint, ctx);
}

static BOOLEAN ntc_t_msg_isr(PKINTERRUPT kint, PVOID ctx, ULONG id)
{
	return ntc_t_isr_common(kint, ctx);
}

static void ntc_t_dpc_fn(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_t_slot *s = ctx;

	atomic_inc(&s->dpc_runs);
}

static BOOLEAN ntc_t_sync_fn(PVOID ctx)
{
	struct ntc_t_slot *s = ctx;

	/* Excludes this connection's ISR (every message's: they share a lock). */
	if (atomic_read(&s->inside))
		atomic_inc(&s->bad);
	return TRUE;
}

static void ntc_t_connect(struct kunit *test, struct ntc_t_slot *s)
{
	IO_CONNECT_INTERRUPT_PARAMETERS p = { 0 };
	NTSTATUS st;

	WRITE_ONCE(s->dead, false);
	if (s->message) {
		p.Version = CONNECT_MESSAGE_BASED;
		p.MessageBased.PhysicalDeviceObject = s->pdo;
		p.MessageBased.ConnectionContext.InterruptMessageTable = &s->table;
		p.MessageBased.MessageServiceRoutine = ntc_t_msg_isr;
		p.MessageBased.ServiceContext = s;
		p.MessageBased.SpinLock = s->lock;
	} else if (s->passive) {
		p.Version = CONNECT_LINE_BASED;
		p.LineBased.PhysicalDeviceObject = s->pdo;
		p.LineBased.InterruptObject = &s->kint;
		p.LineBased.ServiceRoutine = ntc_t_isr;
		p.LineBased.ServiceContext = s;
	} else {
		ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, s->pdo, s->line, &s->kint,
				 ntc_t_isr, s);
	}
	st = IoConnectInterruptEx(&p);
	KUNIT_EXPECT_EQ_MSG(test, st, STATUS_SUCCESS, "slot %u connect", s->index);
	if (!NT_SUCCESS(st))
		return;
	s->version = p.Version;
	s->connected = true;
	s->inactive = false;
}

static PKINTERRUPT ntc_t_kint(struct ntc_t_slot *s, unsigned int i)
{
	return s->message ? s->table->MessageInfo[i].InterruptObject : s->kint;
}

static void ntc_t_report(struct ntc_t_slot *s, bool active);

static void ntc_t_disconnect(struct kunit *test, struct ntc_t_slot *s)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS d = { .Version = s->version };
	struct ntcompat_interrupt_stats st;
	unsigned int i, n = s->message ? s->table->MessageCount : 1;

	/*
	 * Quiet first: once IoReportInterruptInactive returns no ISR runs, so
	 * ntcompat's count and the ISR's agree; then gone.
	 */
	if (!s->inactive)
		ntc_t_report(s, false);
	for (i = 0; i < n; i++) {
		if (ntcompat_interrupt_stats(ntc_t_kint(s, i), &st) == STATUS_SUCCESS)
			s->counted += st.calls;
		else
			atomic_inc(&s->bad);
	}
	d.ConnectionContext.Generic = s->message ? (PVOID)s->table : (PVOID)s->kint;
	IoDisconnectInterruptEx(&d);
	WRITE_ONCE(s->dead, true);
	s->connected = false;
}

static void ntc_t_report(struct ntc_t_slot *s, bool active)
{
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS r = {
		.Version = s->version,
		.ConnectionContext.Generic = s->message ? (PVOID)s->table : (PVOID)s->kint,
	};
	KIRQL old = PASSIVE_LEVEL;
	bool raise = !s->passive && (get_random_u32() & 1);

	if (raise)			/* allowed up to DISPATCH_LEVEL */
		KeRaiseIrql(DISPATCH_LEVEL, &old);
	if (active)
		IoReportInterruptActive(&r);
	else
		IoReportInterruptInactive(&r);
	if (raise)
		KeLowerIrql(old);
	s->inactive = !active;
}

struct ntc_t_worker {
	struct kunit *test;
	struct ntc_t_env *env;
	struct ntc_t_slot *s;	/* owned slot; NULL for a storm thread */
	struct rnd_state rnd;
	struct completion *done;
};

static void ntc_t_fire(struct ntc_t_worker *w, unsigned int line)
{
	mutex_lock(&ntc_t_fire_lock);
	preempt_disable();	/* deliver on this CPU, before the next fire */
	ntc_sim_fire(w->test, w->env->sim, line);
	preempt_enable();
	mutex_unlock(&ntc_t_fire_lock);
}

static void ntc_t_owner_step(struct ntc_t_worker *w)
{
	struct ntc_t_slot *s = w->s;
	unsigned int op = prandom_u32_state(&w->rnd) % 16;
	KIRQL old;

	if (!s->connected) {
		ntc_t_connect(w->test, s);
		return;
	}
	switch (op) {
	case 0:
		ntc_t_disconnect(w->test, s);
		break;
	case 1:
		ntc_t_report(s, s->inactive);
		break;
	case 2: case 3: case 4:
		KeSynchronizeExecution(ntc_t_kint(s, 0), ntc_t_sync_fn, s);
		break;
	case 5: case 6:
		if (s->passive) {
			KeSynchronizeExecution(s->kint, ntc_t_sync_fn, s);
			break;
		}
		old = KeAcquireInterruptSpinLock(ntc_t_kint(s, 0));
		if (atomic_read(&s->inside))
			atomic_inc(&s->bad);
		KeReleaseInterruptSpinLock(ntc_t_kint(s, 0), old);
		if (KeGetCurrentIrql() != PASSIVE_LEVEL)
			atomic_inc(&s->bad);
		break;
	case 7: case 8: case 9:
		if (KeInsertQueueDpc(&s->dpc, NULL, NULL))
			atomic_inc(&s->dpc_inserted);
		break;
	case 10:
		if (KeRemoveQueueDpc(&s->dpc))
			atomic_inc(&s->dpc_removed);
		if (KeRemoveQueueDpc(&s->isr_dpc))
			atomic_inc(&s->dpc_removed);
		break;
	case 11:
		KeFlushQueuedDpcs();
		break;
	default:
		/* fire this slot's own interrupt(s) */
		ntc_t_fire(w, s->message ? 2 + (op & 1) :
			   s->index == NTC_T_LINE ? 0 : s->passive ? 4 : 1);
		break;
	}
}

static int ntc_t_worker_fn(void *data)
{
	struct ntc_t_worker *w = data;
	unsigned int i, line;

	atomic_inc(&w->env->start);
	while (atomic_read(&w->env->start) < w->env->workers)
		usleep_range(50, 100);	/* yields: UML is uniprocessor */
	for (i = 0; i < torture_ops; i++) {
		if (w->s) {
			ntc_t_owner_step(w);
		} else {
			line = prandom_u32_state(&w->rnd) % 5;
			ntc_t_fire(w, line);
			if (!(i % 8))
				usleep_range(20, 100);
		}
		if (!(i % 32))
			cond_resched();
	}
	complete(w->done);
	return 0;
}

static void ntc_torture_run(struct kunit *test)
{
	struct ntc_t_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	struct ntc_t_worker *w;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	unsigned int i, nw, storms;
	struct ntc_t_slot *s;
	struct task_struct *t;
	int runs, expect;

	KUNIT_ASSERT_NOT_NULL(test, env);
	env->sim = ntc_sim_create(test, 5);
	storms = max(2U, num_online_cpus());
	nw = NTC_T_SLOTS + storms;
	w = kunit_kcalloc(test, nw, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	env->workers = nw;

	for (i = 0; i < NTC_T_SLOTS; i++) {
		s = &env->slot[i];
		s->env = env;
		s->index = i;
		KeInitializeDpc(&s->isr_dpc, ntc_t_dpc_fn, s);
		KeInitializeDpc(&s->dpc, ntc_t_dpc_fn, s);
	}
	env->slot[NTC_T_LINE].pdo = ntc_line_pdo(test, env->sim->irq[0], false, &d);
	env->slot[NTC_T_LINE].line = d;
	env->slot[NTC_T_SHARED_A].pdo = ntc_line_pdo(test, env->sim->irq[1], false, &d);
	env->slot[NTC_T_SHARED_A].line = d;
	env->slot[NTC_T_SHARED_B].pdo = ntc_line_pdo(test, env->sim->irq[1], false, &d);
	env->slot[NTC_T_SHARED_B].line = d;
	s = &env->slot[NTC_T_MSG];
	s->pdo = ntc_msg_pdo(test, env->sim, 2, 2, NTCOMPAT_MSG_MSIX, 0);
	s->message = true;
	s->lock = ntc_lock_new(test);
	s = &env->slot[NTC_T_PASSIVE];
	s->pdo = ntc_line_pdo(test, env->sim->irq[4], true, NULL);
	s->passive = true;

	for (i = 0; i < nw; i++) {
		w[i].test = test;
		w[i].env = env;
		w[i].s = i < NTC_T_SLOTS ? &env->slot[i] : NULL;
		prandom_seed_state(&w[i].rnd, 0x4e54 + i);
		w[i].done = kunit_kzalloc(test, sizeof(*w[i].done), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, w[i].done);
		init_completion(w[i].done);
		t = kthread_run(ntc_t_worker_fn, &w[i], "ntc-torture/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < nw; i++)
		KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(w[i].done, 600 * HZ), 0UL,
				    "torture worker %u did not finish", i);

	for (i = 0; i < NTC_T_SLOTS; i++) {
		s = &env->slot[i];
		if (s->connected)
			ntc_t_disconnect(test, s);
	}
	KeFlushQueuedDpcs();
	for (i = 0; i < 5; i++)
		ntc_expect_irq_free(test, env->sim->irq[i]);
	for (i = 0; i < NTC_T_SLOTS; i++) {
		s = &env->slot[i];
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->bad), 0, "slot %u", i);
		/* ntcompat's count of ISR calls is the ISR's own. */
		KUNIT_EXPECT_EQ_MSG(test, s->counted, (unsigned long)atomic_read(&s->isr_calls),
				    "slot %u", i);
		runs = atomic_read(&s->dpc_runs);
		expect = atomic_read(&s->dpc_inserted) - atomic_read(&s->dpc_removed);
		KUNIT_EXPECT_EQ_MSG(test, runs, expect, "slot %u: DPC runs vs inserts", i);
		KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&s->dpc));
		kunit_info(test, "slot %u: %d ISR calls, %d DPC runs\n", i,
			   atomic_read(&s->isr_calls), runs);
	}
}

static struct kunit_case ntc_torture_cases[] = {
	KUNIT_CASE_SLOW(ntc_torture_run),
	{}
};

static struct kunit_suite ntc_torture_suite = {
	.name = "ntc_torture",
	.test_cases = ntc_torture_cases,
};

kunit_test_suite(ntc_torture_suite);
