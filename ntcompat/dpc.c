// SPDX-License-Identifier: GPL-2.0
/*
 * dpc.c - deferred procedure calls.
 *
 * Like ntoskrnl, every CPU has a DPC queue (and one for threaded DPCs). A
 * KDPC is linked into a queue through its own DpcListEntry, and DpcData
 * points at that queue while it is queued and is NULL otherwise; nothing is
 * allocated per DPC (reference section 7.3, ReactOS ke/dpc.c).
 *
 * The DPC state machine, per KDPC:
 *
 *   IDLE  (DpcData == NULL)
 *     -- KeInsertQueueDpc: claims DpcData with a compare-exchange under the
 *        target queue's lock, stores SystemArgument1/2, links, kicks -->
 *   QUEUED (DpcData == queue)
 *     -- KeRemoveQueueDpc: unlinks under the lock --> IDLE (never runs)
 *     -- the queue's runner: unlinks, reads the routine and arguments,
 *        clears DpcData, drops the lock, calls the routine --> IDLE
 *
 * DpcData is cleared before the routine runs, so a DPC inserted again from
 * its own routine (or from an ISR meanwhile) runs again, once. An insert that
 * finds DpcData set returns FALSE and leaves the arguments alone. The one
 * racy transition is an insert on CPU A while CPU B's runner is clearing
 * DpcData: the insert either sees the DPC queued (FALSE; it is about to run
 * with the arguments it had) or idle (TRUE; it will run again). Both are
 * what Windows does.
 *
 * Runners: a normal queue is drained in softirq context on its own CPU, by a
 * per-CPU work item on system_bh_highpri_wq (6.9+) or a per-CPU high-priority
 * tasklet (older kernels; a remote CPU's tasklet is scheduled from an IPI,
 * or on PREEMPT_RT from a work item bound to that CPU: see ntc_dpc_kick).
 * DPC routines run there at DISPATCH_LEVEL with preemption disabled. Threaded
 * DPCs run at PASSIVE_LEVEL from a per-CPU work item on system_highpri_wq.
 * A runner handles at most the entries present when it started, so a DPC that
 * keeps re-inserting itself cannot hold the CPU in softirq forever.
 *
 * CPU hotplug: when a CPU is dead, the DPCs left on its queues move to the
 * queues of the CPU running the hotplug callback, in order, and run there
 * (ntc_dpc_migrate). Inserts aimed at an offline CPU go to the inserting
 * CPU. KeFlushQueuedDpcs() holds the hotplug lock, so a flush sees every
 * DPC on an online CPU's queue.
 *
 * Importance: HighImportance goes to the head of the queue, the others to the
 * tail. Every insert kicks the runner: Linux has no periodic DPC drain that
 * would pick up a LowImportance DPC later.
 *
 * Locking rules:
 *   ntc_dpc_queue.lock (raw_spinlock_t, IRQs off): the queue list, depth and
 *	the DpcData claim. Taken from any context, ISRs included; raw so it
 *	stays a spinning lock on PREEMPT_RT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/slab.h>
#include <linux/interrupt.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/smp.h>

#include "ntc_internal.h"
#include "ntc_trace.h"

/* KeSetTargetProcessorDpc stores Number + MAXIMUM_PROCESSORS, as ntoskrnl. */
#define NTC_DPC_TARGET_BIAS	64

struct ntc_dpc_queue {
	raw_spinlock_t lock;
	struct list_head list;
	unsigned int depth;
	unsigned int cpu;
	bool threaded;
	struct work_struct work;
#ifndef NTC_HAVE_BH_WQ
	struct tasklet_struct tasklet;
	call_single_data_t csd;
#endif
};

static DEFINE_PER_CPU(struct ntc_dpc_queue, ntc_dpc_queue);
static DEFINE_PER_CPU(struct ntc_dpc_queue, ntc_threaded_dpc_queue);

static_assert(sizeof(LIST_ENTRY) == sizeof(struct list_head));
static_assert(offsetof(LIST_ENTRY, Flink) == offsetof(struct list_head, next));
static_assert(offsetof(LIST_ENTRY, Blink) == offsetof(struct list_head, prev));

static inline struct list_head *ntc_dpc_link(PRKDPC dpc)
{
	return (struct list_head *)&dpc->DpcListEntry;
}

static void ntc_dpc_drain(struct ntc_dpc_queue *q);

/* Make @q's runner run on @q's CPU. Preemption is disabled by the caller. */
static void ntc_dpc_kick(struct ntc_dpc_queue *q)
{
	if (q->threaded) {
		queue_work_on(q->cpu, system_highpri_wq, &q->work);
		return;
	}
#ifdef NTC_HAVE_BH_WQ
	queue_work_on(q->cpu, system_bh_highpri_wq, &q->work);
#else
	if (q->cpu == smp_processor_id())
		tasklet_hi_schedule(&q->tasklet);
	else if (IS_ENABLED(CONFIG_PREEMPT_RT))
		/*
		 * PREEMPT_RT forbids raising a softirq from an SMP function
		 * call: on an idle CPU the call runs from do_idle(), where
		 * nothing would run the softirq, and do_softirq_post_smp_call_flush()
		 * warns (kernel/softirq.c). A work item bound to the CPU raises
		 * the tasklet there from task context instead. If the CPU goes
		 * offline first, the work runs elsewhere and finds the queue
		 * empty or drains it there: the DPCs still run, once.
		 */
		queue_work_on(q->cpu, system_highpri_wq, &q->work);
	else
		/* -EBUSY: a kick is in flight and will see this DPC. */
		smp_call_function_single_async(q->cpu, &q->csd);
#endif
}

static void ntc_dpc_work_fn(struct work_struct *work)
{
	ntc_dpc_drain(container_of(work, struct ntc_dpc_queue, work));
}

#ifndef NTC_HAVE_BH_WQ
static void ntc_dpc_tasklet_fn(struct tasklet_struct *t)
{
	struct ntc_dpc_queue *q = from_tasklet(q, t, tasklet);

	ntc_dpc_drain(q);
}

static void ntc_dpc_ipi_fn(void *info)
{
	struct ntc_dpc_queue *q = info;

	tasklet_hi_schedule(&q->tasklet);
}

/* PREEMPT_RT's remote kick: local_bh_enable() runs the raised tasklet. */
static void ntc_dpc_kick_work_fn(struct work_struct *work)
{
	struct ntc_dpc_queue *q = container_of(work, struct ntc_dpc_queue, work);

	local_bh_disable();
	tasklet_hi_schedule(&q->tasklet);
	local_bh_enable();
}
#endif

#ifdef NTC_HAVE_BH_WQ
#define ntc_dpc_bh_work_fn	ntc_dpc_work_fn		/* runs the DPCs in softirq */
#else
#define ntc_dpc_bh_work_fn	ntc_dpc_kick_work_fn	/* PREEMPT_RT's remote kick */
#endif

static void ntc_dpc_drain(struct ntc_dpc_queue *q)
{
	PKDEFERRED_ROUTINE routine;
	PVOID ctx, arg1, arg2;
	unsigned int budget;
	struct list_head *e;
	PRKDPC dpc;
	KIRQL old = PASSIVE_LEVEL;
	bool more;

	if (!q->threaded)
		preempt_disable();	/* DISPATCH_LEVEL, also on PREEMPT_RT */
	raw_spin_lock_irq(&q->lock);
	budget = q->depth;
	while (budget-- && !list_empty(&q->list)) {
		e = q->list.next;
		list_del_init(e);
		q->depth--;
		dpc = container_of((LIST_ENTRY *)e, KDPC, DpcListEntry);
		routine = dpc->DeferredRoutine;
		ctx = dpc->DeferredContext;
		arg1 = dpc->SystemArgument1;
		arg2 = dpc->SystemArgument2;
		/*
		 * Before DpcData is cleared: the queue event of an insert that
		 * follows (an ISR's, meanwhile) comes after this entry event.
		 */
		trace_ntc_dpc_entry(dpc, routine, q->threaded);
		/*
		 * From here the DPC may be queued again, even from its routine,
		 * and from another CPU whose queue lock is not ours: a release,
		 * so that an insert that sees NULL (its claim is a full barrier)
		 * cannot have its new arguments read by the loads above.
		 */
		smp_store_release(&dpc->DpcData, NULL);
		raw_spin_unlock_irq(&q->lock);

		if (!q->threaded)
			old = ntc_irql_swap(DISPATCH_LEVEL);
		routine(dpc, ctx, arg1, arg2);	/* may free dpc */
		trace_ntc_dpc_exit(dpc, routine, q->threaded);
		if (!q->threaded) {
			WARN_ONCE(this_cpu_read(ntc_cpu_irql) != DISPATCH_LEVEL,
				  "DPC routine %ps returned at IRQL %u\n", routine,
				  this_cpu_read(ntc_cpu_irql));
			ntc_irql_swap(old);
		}
		raw_spin_lock_irq(&q->lock);
	}
	more = !list_empty(&q->list);
	raw_spin_unlock_irq(&q->lock);
	if (more) {
		if (q->threaded)
			preempt_disable();
		ntc_dpc_kick(q);
		if (q->threaded)
			preempt_enable();
	}
	if (!q->threaded)
		preempt_enable();
}

static void ntc_dpc_init_object(PRKDPC dpc, UCHAR type, PKDEFERRED_ROUTINE routine,
				PVOID ctx)
{
	dpc->Type = type;
	dpc->Importance = MediumImportance;
	dpc->Number = 0;
	dpc->DeferredRoutine = routine;
	dpc->DeferredContext = ctx;
	dpc->SystemArgument1 = NULL;
	dpc->SystemArgument2 = NULL;
	dpc->DpcData = NULL;
}

/**
 * KeInitializeDpc() - initialise a DPC object
 * @Dpc: caller-allocated, resident KDPC
 * @DeferredRoutine: called at DISPATCH_LEVEL as
 *	(Dpc, DeferredContext, SystemArgument1, SystemArgument2)
 * @DeferredContext: passed to @DeferredRoutine
 *
 * Importance Medium, no target CPU (the inserting CPU), not queued.
 *
 * Context: any IRQL.
 */
void KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
	ntc_dpc_init_object(Dpc, DpcObject, DeferredRoutine, DeferredContext);
}
EXPORT_SYMBOL_GPL(KeInitializeDpc);

/**
 * KeInitializeThreadedDpc() - initialise a threaded DPC object
 * @Dpc: caller-allocated, resident KDPC
 * @DeferredRoutine: called at PASSIVE_LEVEL in a per-CPU kernel thread
 * @DeferredContext: passed to @DeferredRoutine
 *
 * Linux mapping: threaded DPCs are always enabled (reference section 7.3)
 * and run from a bound, high-priority workqueue worker.
 *
 * Context: any IRQL.
 */
void KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
			     PVOID DeferredContext)
{
	ntc_dpc_init_object(Dpc, ThreadedDpcObject, DeferredRoutine, DeferredContext);
}
EXPORT_SYMBOL_GPL(KeInitializeThreadedDpc);

static bool ntc_dpc_insert(PRKDPC dpc, unsigned int cpu, PVOID arg1, PVOID arg2)
{
	/* Read before the insert: once queued, the routine may free @dpc. */
	bool threaded = dpc->Type == ThreadedDpcObject;
	void *routine = dpc->DeferredRoutine;
	struct ntc_dpc_queue *q;
	unsigned long flags;
	void *old = NULL;

	/*
	 * Already queued: FALSE without the queue lock. The claim below is
	 * what decides; this only makes the common repeat insert (an ISR
	 * firing again before its DPC ran) cheap.
	 */
	if (READ_ONCE(dpc->DpcData))
		goto queued;
	q = per_cpu_ptr(threaded ? &ntc_threaded_dpc_queue : &ntc_dpc_queue, cpu);
	raw_spin_lock_irqsave(&q->lock, flags);
	if (!try_cmpxchg((void **)&dpc->DpcData, &old, q)) {
		raw_spin_unlock_irqrestore(&q->lock, flags);
		goto queued;
	}
	dpc->SystemArgument1 = arg1;
	dpc->SystemArgument2 = arg2;
	if (dpc->Importance == HighImportance)
		list_add(ntc_dpc_link(dpc), &q->list);
	else
		list_add_tail(ntc_dpc_link(dpc), &q->list);
	q->depth++;
	/* Under the lock: the event precedes the DPC's run, on any CPU. */
	trace_ntc_dpc_queue(dpc, routine, smp_processor_id(), cpu, threaded, true);
	ntc_dpc_kick(q);
	raw_spin_unlock_irqrestore(&q->lock, flags);
	return true;

queued:
	trace_ntc_dpc_queue(dpc, routine, smp_processor_id(), cpu, threaded, false);
	return false;
}

/**
 * KeInsertQueueDpc() - queue a DPC
 * @Dpc: an initialised KDPC
 * @SystemArgument1: passed to the routine, stored only if this call queues it
 * @SystemArgument2: likewise
 *
 * The DPC runs once on its target CPU (KeSetTargetProcessorDpc(), default
 * the calling CPU), however many inserts arrive while it is queued.
 *
 * Context: any IRQL, ISRs included. Allocates nothing.
 * Return: TRUE if the DPC was queued by this call; FALSE if it was already
 * queued (arguments left unchanged).
 */
BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
	unsigned int cpu;
	bool queued;

	preempt_disable();
	cpu = smp_processor_id();
	if (Dpc->Number >= NTC_DPC_TARGET_BIAS) {
		cpu = Dpc->Number - NTC_DPC_TARGET_BIAS;
		if (unlikely(!cpu_online(cpu)))
			cpu = smp_processor_id();	/* Windows: undefined */
	}
	queued = ntc_dpc_insert(Dpc, cpu, SystemArgument1, SystemArgument2);
	preempt_enable();
	return queued;
}
EXPORT_SYMBOL_GPL(KeInsertQueueDpc);

/**
 * KeRemoveQueueDpc() - take a DPC off its queue
 * @Dpc: the KDPC
 *
 * Context: any IRQL.
 * Return: TRUE if the DPC was queued and has been removed: its routine will
 * not run for that insert. FALSE if it was not queued (it may be running).
 */
BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
{
	struct ntc_dpc_queue *q;
	unsigned long flags;

	/* Retried if CPU hotplug moved the DPC to another queue meanwhile. */
	while ((q = READ_ONCE(Dpc->DpcData))) {
		raw_spin_lock_irqsave(&q->lock, flags);
		if (READ_ONCE(Dpc->DpcData) == q) {
			list_del_init(ntc_dpc_link(Dpc));
			q->depth--;
			WRITE_ONCE(Dpc->DpcData, NULL);
			raw_spin_unlock_irqrestore(&q->lock, flags);
			return TRUE;
		}
		raw_spin_unlock_irqrestore(&q->lock, flags);
	}
	return FALSE;
}
EXPORT_SYMBOL_GPL(KeRemoveQueueDpc);

/**
 * KeSetImportanceDpc() - set where a DPC is queued
 * @Dpc: the KDPC
 * @Importance: HighImportance queues at the head, the others at the tail
 *
 * Context: any IRQL; takes effect at the next insert.
 */
void KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
	if (WARN_ONCE((unsigned int)Importance > MediumHighImportance,
		      "%s: bad importance %d\n", __func__, Importance))
		return;
	Dpc->Importance = Importance;
}
EXPORT_SYMBOL_GPL(KeSetImportanceDpc);

/**
 * KeSetTargetProcessorDpc() - choose the CPU a DPC runs on
 * @Dpc: the KDPC; must not be queued
 * @Number: the CPU
 *
 * Context: any IRQL.
 */
void KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
	/* CCHAR is plain char (WDK); Linux 6.2+ builds with -funsigned-char. */
	unsigned int cpu = (UCHAR)Number;

	if (WARN_ONCE(cpu >= nr_cpu_ids, "%s: no CPU %d\n", __func__, (signed char)Number))
		return;
	Dpc->Number = (USHORT)cpu + NTC_DPC_TARGET_BIAS;
}
EXPORT_SYMBOL_GPL(KeSetTargetProcessorDpc);

struct ntc_dpc_barrier {
	KDPC dpc;
	struct completion done;
};

static void ntc_dpc_barrier_fn(PKDPC dpc, PVOID ctx, PVOID arg1, PVOID arg2)
{
	struct ntc_dpc_barrier *b = ctx;

	complete(&b->done);
}

/* Queue a barrier DPC at the tail of @cpu's (threaded) DPC queue. */
static void ntc_dpc_barrier_queue(struct ntc_dpc_barrier *b, unsigned int cpu, bool threaded)
{
	if (threaded)
		KeInitializeThreadedDpc(&b->dpc, ntc_dpc_barrier_fn, b);
	else
		KeInitializeDpc(&b->dpc, ntc_dpc_barrier_fn, b);
	init_completion(&b->done);
	preempt_disable();
	ntc_dpc_insert(&b->dpc, cpu, NULL, NULL);
	preempt_enable();
}

static void ntc_dpc_flush_queue(unsigned int cpu, bool threaded)
{
	struct ntc_dpc_barrier b;

	ntc_dpc_barrier_queue(&b, cpu, threaded);
	wait_for_completion(&b.done);
}

/* Is the caller a threaded DPC routine (run by a threaded queue's work)? */
bool ntc_dpc_in_threaded(void)
{
	struct work_struct *w = current_work();

	return w && w->func == ntc_dpc_work_fn &&
		container_of(w, struct ntc_dpc_queue, work)->threaded;
}

/**
 * KeFlushQueuedDpcs() - wait for every queued DPC to finish
 *
 * Returns once every DPC queued before the call, and every DPC routine
 * running at the time, has finished, on all CPUs. A barrier DPC is queued at
 * the tail of each CPU's queues and waited for.
 *
 * Called above PASSIVE_LEVEL or from a threaded DPC (which would wait for
 * itself), it logs the rule and returns without waiting.
 *
 * Context: PASSIVE_LEVEL, not in a DPC routine; sleeps.
 */
void KeFlushQueuedDpcs(void)
{
	struct ntc_dpc_barrier *b;
	unsigned int cpu, n = 0;

	if (ntc_refuse_wait(__func__, false))
		return;
	might_sleep();
	/* All barriers queued first, then waited for: the CPUs drain in parallel. */
	b = kcalloc(2 * nr_cpu_ids, sizeof(*b), GFP_KERNEL);
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (!b) {
			/* No memory: one barrier at a time, on the stack. */
			ntc_dpc_flush_queue(cpu, false);
			ntc_dpc_flush_queue(cpu, true);
			continue;
		}
		ntc_dpc_barrier_queue(&b[n++], cpu, false);
		ntc_dpc_barrier_queue(&b[n++], cpu, true);
	}
	while (n--)
		wait_for_completion(&b[n].done);
	cpus_read_unlock();
	kfree(b);
}
EXPORT_SYMBOL_GPL(KeFlushQueuedDpcs);

static void ntc_dpc_queue_init(struct ntc_dpc_queue *q, unsigned int cpu, bool threaded)
{
	raw_spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->list);
	q->cpu = cpu;
	q->threaded = threaded;
	/*
	 * Two INIT_WORK sites, two lockdep classes: the normal queue's work
	 * runs in softirq (BH workqueue), the threaded one's in a kworker, and
	 * one class used in both contexts is an "inconsistent lock state".
	 */
	if (threaded)
		INIT_WORK(&q->work, ntc_dpc_work_fn);
	else
		INIT_WORK(&q->work, ntc_dpc_bh_work_fn);
#ifndef NTC_HAVE_BH_WQ
	tasklet_setup(&q->tasklet, ntc_dpc_tasklet_fn);
	INIT_CSD(&q->csd, ntc_dpc_ipi_fn, q);
#endif
}

/*
 * Move the DPCs still queued on @from (a CPU that is dead) to this CPU's
 * queue of the same kind, in order, and kick it: a DPC queued on or
 * targeted at a CPU that goes offline still runs, once. DpcData follows the
 * DPC (under both queue locks), so KeRemoveQueueDpc() still finds it.
 */
static void ntc_dpc_migrate(struct ntc_dpc_queue *from)
{
	struct ntc_dpc_queue *to;
	struct list_head *e, *n;
	unsigned long flags;
	bool moved = false;
	PRKDPC dpc;

	preempt_disable();
	to = this_cpu_ptr(from->threaded ? &ntc_threaded_dpc_queue : &ntc_dpc_queue);
	raw_spin_lock_irqsave(&to->lock, flags);
	raw_spin_lock_nested(&from->lock, SINGLE_DEPTH_NESTING);
	list_for_each_safe(e, n, &from->list) {
		dpc = container_of((LIST_ENTRY *)e, KDPC, DpcListEntry);
		WRITE_ONCE(dpc->DpcData, to);
		list_move_tail(e, &to->list);
		to->depth++;
		moved = true;
	}
	from->depth = 0;
	raw_spin_unlock(&from->lock);
	if (moved)
		ntc_dpc_kick(to);
	raw_spin_unlock_irqrestore(&to->lock, flags);
	preempt_enable();
}

/* CPU hotplug, on a control CPU once @cpu is dead. */
static int ntc_dpc_cpu_dead(unsigned int cpu)
{
	ntc_dpc_migrate(per_cpu_ptr(&ntc_dpc_queue, cpu));
	ntc_dpc_migrate(per_cpu_ptr(&ntc_threaded_dpc_queue, cpu));
	return 0;
}

static int ntc_dpc_hp_state;

int ntc_dpc_init(void)
{
	unsigned int cpu;
	int ret;

	for_each_possible_cpu(cpu) {
		ntc_dpc_queue_init(per_cpu_ptr(&ntc_dpc_queue, cpu), cpu, false);
		ntc_dpc_queue_init(per_cpu_ptr(&ntc_threaded_dpc_queue, cpu), cpu, true);
	}
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "ntcompat/dpc:dead", NULL,
					ntc_dpc_cpu_dead);
	if (ret < 0)
		return ret;
	ntc_dpc_hp_state = ret;
	return 0;
}

/* Module exit: no driver can queue any more (they all depend on us). */
void ntc_dpc_exit(void)
{
	unsigned int cpu;

	cpuhp_remove_state_nocalls(ntc_dpc_hp_state);
	KeFlushQueuedDpcs();
	for_each_possible_cpu(cpu) {
		cancel_work_sync(&per_cpu_ptr(&ntc_dpc_queue, cpu)->work);
		cancel_work_sync(&per_cpu_ptr(&ntc_threaded_dpc_queue, cpu)->work);
#ifndef NTC_HAVE_BH_WQ
		tasklet_kill(&per_cpu_ptr(&ntc_dpc_queue, cpu)->tasklet);
#endif
	}
}
