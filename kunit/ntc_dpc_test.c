// SPDX-License-Identifier: GPL-2.0
/*
 * DPCs: insert twice (once, arguments kept), re-queue from
 * the routine, remove, flush, importance, target CPU, threaded DPCs, the
 * context a DPC runs in, and the classic ISR -> IoRequestDpc -> DpcForIsr ->
 * KeSynchronizeExecution chain.
 */
#include <linux/delay.h>
#include <linux/preempt.h>
#include <linux/smp.h>

#include "ntc_test.h"

#define NTC_ORDER_MAX	8

struct ntc_dpc_ctx {
	KDPC dpc;
	atomic_t runs;
	int requeue;			/* re-insert itself this many times */
	BOOLEAN requeue_ret;
	bool sleep;
	/* last run */
	PKDPC seen_dpc;
	PVOID ctx, arg1, arg2;
	PVOID dpcdata;
	KIRQL irql;
	bool softirq, task, preemptible;
	int cpu;
	ULONG nt_cpu;
	/* order of runs across several DPCs */
	int *order;
	atomic_t *order_pos;
	int id;
	struct completion done;
};

static VOID ntc_dpc_routine(PKDPC dpc, PVOID ctx, PVOID arg1, PVOID arg2)
{
	struct ntc_dpc_ctx *c = ctx;

	c->seen_dpc = dpc;
	c->ctx = ctx;
	c->arg1 = arg1;
	c->arg2 = arg2;
	c->dpcdata = READ_ONCE(dpc->DpcData);
	c->irql = KeGetCurrentIrql();
	c->softirq = in_serving_softirq();
	c->task = in_task();
	c->preemptible = preemptible();
	c->cpu = raw_smp_processor_id();
	c->nt_cpu = KeGetCurrentProcessorNumber();
	if (c->order) {
		int pos = atomic_inc_return(c->order_pos) - 1;

		if (pos < NTC_ORDER_MAX)
			c->order[pos] = c->id;
	}
	if (c->sleep)
		usleep_range(1000, 2000);
	if (c->requeue > 0) {
		c->requeue--;
		c->requeue_ret = KeInsertQueueDpc(dpc, arg1, arg2);
	}
	atomic_inc(&c->runs);
	complete(&c->done);
}

static struct ntc_dpc_ctx *ntc_dpc_new(struct kunit *test, bool threaded)
{
	struct ntc_dpc_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	atomic_set(&c->runs, 0);
	init_completion(&c->done);
	c->irql = 0xff;
	if (threaded)
		KeInitializeThreadedDpc(&c->dpc, ntc_dpc_routine, c);
	else
		KeInitializeDpc(&c->dpc, ntc_dpc_routine, c);
	KUNIT_EXPECT_EQ(test, c->dpc.Type, threaded ? ThreadedDpcObject : DpcObject);
	KUNIT_EXPECT_EQ(test, c->dpc.Importance, MediumImportance);
	KUNIT_EXPECT_NULL(test, c->dpc.DpcData);
	KUNIT_EXPECT_PTR_EQ(test, (void *)c->dpc.DeferredRoutine, (void *)ntc_dpc_routine);
	KUNIT_EXPECT_PTR_EQ(test, c->dpc.DeferredContext, (PVOID)c);
	return c;
}

/* Second insert before it runs: FALSE, first arguments kept, one run. */
static void ntc_insert_twice(struct kunit *test, bool threaded)
{
	struct ntc_dpc_ctx *c = ntc_dpc_new(test, threaded);
	PVOID a1 = (PVOID)0x1111, a2 = (PVOID)0x2222;
	BOOLEAN first, second;
	KIRQL old;

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	first = KeInsertQueueDpc(&c->dpc, a1, a2);
	KUNIT_EXPECT_NOT_NULL(test, c->dpc.DpcData);
	second = KeInsertQueueDpc(&c->dpc, (PVOID)0x3333, (PVOID)0x4444);
	KUNIT_EXPECT_PTR_EQ(test, c->dpc.SystemArgument1, a1);
	KUNIT_EXPECT_PTR_EQ(test, c->dpc.SystemArgument2, a2);
	KeLowerIrql(old);
	KUNIT_EXPECT_TRUE(test, first);
	KUNIT_EXPECT_FALSE(test, second);

	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	KUNIT_EXPECT_PTR_EQ(test, c->seen_dpc, &c->dpc);
	KUNIT_EXPECT_PTR_EQ(test, c->ctx, (PVOID)c);
	KUNIT_EXPECT_PTR_EQ(test, c->arg1, a1);
	KUNIT_EXPECT_PTR_EQ(test, c->arg2, a2);
	KUNIT_EXPECT_NULL(test, c->dpcdata);	/* cleared before the routine */
	KUNIT_EXPECT_NULL(test, c->dpc.DpcData);
}

static void ntc_dpc_insert_twice(struct kunit *test)
{
	ntc_insert_twice(test, false);
}

static void ntc_dpc_threaded_insert_twice(struct kunit *test)
{
	ntc_insert_twice(test, true);
}

/* A DPC runs in softirq context at DISPATCH_LEVEL on the inserting CPU. */
static void ntc_dpc_context(struct kunit *test)
{
	struct ntc_dpc_ctx *c = ntc_dpc_new(test, false);
	int cpu;

	cpu = get_cpu();
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c->dpc, NULL, NULL));
	put_cpu();
	NTC_WAIT(test, &c->done);
	KUNIT_EXPECT_EQ(test, c->irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, c->softirq);
	KUNIT_EXPECT_FALSE(test, c->task);
	KUNIT_EXPECT_FALSE(test, c->preemptible);
	KUNIT_EXPECT_EQ(test, c->cpu, cpu);
	KUNIT_EXPECT_EQ(test, c->nt_cpu, (ULONG)cpu);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* A threaded DPC runs in a thread at PASSIVE_LEVEL and may sleep. */
static void ntc_dpc_threaded_context(struct kunit *test)
{
	struct ntc_dpc_ctx *c = ntc_dpc_new(test, true);

	c->sleep = true;
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c->dpc, NULL, NULL));
	NTC_WAIT(test, &c->done);
	KUNIT_EXPECT_EQ(test, c->irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, c->task);
	KUNIT_EXPECT_FALSE(test, c->softirq);
}

/* Re-inserted from its own routine: TRUE, and it runs again. */
static void ntc_requeue(struct kunit *test, bool threaded)
{
	struct ntc_dpc_ctx *c = ntc_dpc_new(test, threaded);

	c->requeue = 2;
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c->dpc, (PVOID)1, (PVOID)2));
	NTC_WAIT(test, &c->done);
	NTC_WAIT(test, &c->done);
	NTC_WAIT(test, &c->done);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 3);
	KUNIT_EXPECT_TRUE(test, c->requeue_ret);
	KUNIT_EXPECT_PTR_EQ(test, c->arg1, (PVOID)1);
	KUNIT_EXPECT_NULL(test, c->dpc.DpcData);
}

static void ntc_dpc_requeue_from_routine(struct kunit *test)
{
	ntc_requeue(test, false);
}

static void ntc_dpc_threaded_requeue_from_routine(struct kunit *test)
{
	ntc_requeue(test, true);
}

/* Removed before it ran: TRUE, never runs; not queued: FALSE. */
static void ntc_remove(struct kunit *test, bool threaded)
{
	struct ntc_dpc_ctx *c = ntc_dpc_new(test, threaded);
	BOOLEAN removed;
	KIRQL old;

	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&c->dpc));
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c->dpc, NULL, NULL));
	removed = KeRemoveQueueDpc(&c->dpc);
	KUNIT_EXPECT_NULL(test, c->dpc.DpcData);
	KeLowerIrql(old);
	KUNIT_EXPECT_TRUE(test, removed);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 0);
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&c->dpc));

	/* and it can be queued again */
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c->dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
}

static void ntc_dpc_remove(struct kunit *test)
{
	ntc_remove(test, false);
}

static void ntc_dpc_threaded_remove(struct kunit *test)
{
	ntc_remove(test, true);
}

/* KeFlushQueuedDpcs returns after every DPC queued before it has run. */
static void ntc_flush(struct kunit *test, bool threaded)
{
	struct ntc_dpc_ctx *c[4];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		c[i] = ntc_dpc_new(test, threaded);
		c[i]->sleep = threaded;
	}
	for (i = 0; i < ARRAY_SIZE(c); i++)
		KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c[i]->dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&c[i]->runs), 1);
		KUNIT_EXPECT_NULL(test, c[i]->dpc.DpcData);
	}
	/* nothing queued: returns at once */
	KeFlushQueuedDpcs();
}

static void ntc_dpc_flush(struct kunit *test)
{
	ntc_flush(test, false);
}

static void ntc_dpc_threaded_flush(struct kunit *test)
{
	ntc_flush(test, true);
}

/* HighImportance goes to the head of the queue, the others to the tail. */
static void ntc_dpc_importance(struct kunit *test)
{
	static const KDPC_IMPORTANCE imp[] = {
		MediumImportance, LowImportance, HighImportance, MediumHighImportance,
	};
	static const int expect[] = { 2, 0, 1, 3 };
	int *order = kunit_kcalloc(test, NTC_ORDER_MAX, sizeof(int), GFP_KERNEL);
	atomic_t *pos = kunit_kzalloc(test, sizeof(*pos), GFP_KERNEL);
	struct ntc_dpc_ctx *c[4];
	unsigned int i;
	KIRQL old;

	KUNIT_ASSERT_NOT_NULL(test, order);
	KUNIT_ASSERT_NOT_NULL(test, pos);
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		c[i] = ntc_dpc_new(test, false);
		c[i]->order = order;
		c[i]->order_pos = pos;
		c[i]->id = i;
		KeSetImportanceDpc(&c[i]->dpc, imp[i]);
		KUNIT_EXPECT_EQ(test, c[i]->dpc.Importance, imp[i]);
	}
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	for (i = 0; i < ARRAY_SIZE(c); i++)
		KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c[i]->dpc, NULL, NULL));
	KeLowerIrql(old);
	KeFlushQueuedDpcs();
	KUNIT_ASSERT_EQ(test, atomic_read(pos), 4);
	for (i = 0; i < ARRAY_SIZE(expect); i++)
		KUNIT_EXPECT_EQ_MSG(test, order[i], expect[i], "run %u", i);
}

/* KeSetTargetProcessorDpc: the DPC runs on that CPU. */
static void ntc_dpc_target_processor(struct kunit *test)
{
	struct ntc_dpc_ctx *c = ntc_dpc_new(test, false);
	unsigned int cpu;

	KeSetTargetProcessorDpc(&c->dpc, 0);
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c->dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	KUNIT_EXPECT_EQ(test, c->cpu, 0);

	if (num_online_cpus() < 2)
		kunit_skip(test, "a remote target CPU needs a second CPU (UML is uniprocessor)");
	for_each_online_cpu(cpu) {
		if (cpu == raw_smp_processor_id() || cpu > 127)
			continue;
		reinit_completion(&c->done);
		KeSetTargetProcessorDpc(&c->dpc, (CCHAR)cpu);
		KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&c->dpc, NULL, NULL));
		NTC_WAIT(test, &c->done);
		KUNIT_EXPECT_EQ(test, c->cpu, (int)cpu);
	}
}

/* ---------------------------------------------------------------------- */
/* The WDM pattern: ISR -> IoRequestDpc -> DpcForIsr -> KeSynchronizeExecution */

struct ntc_devext {
	PKINTERRUPT interrupt;
	PDEVICE_OBJECT fdo;
	atomic_t isr_calls, dpc_runs;
	int requests;			/* IoRequestDpc calls per ISR */
	bool isr_done;
	/* what DpcForIsr saw */
	PDEVICE_OBJECT dev;
	PIRP irp;
	PVOID context;
	KIRQL dpc_irql, sync_irql;
	bool saw_isr_done;
	BOOLEAN sync_ret;
	struct completion done;
};

#define NTC_IRP_COOKIE	((PIRP)0x5a5a5a50UL)

static BOOLEAN ntc_devext_isr(PKINTERRUPT interrupt, PVOID context)
{
	PDEVICE_OBJECT fdo = context;
	struct ntc_devext *ext = fdo->DeviceExtension;
	int i;

	atomic_inc(&ext->isr_calls);
	for (i = 0; i < ext->requests; i++)
		IoRequestDpc(fdo, NTC_IRP_COOKIE, ext);
	WRITE_ONCE(ext->isr_done, true);
	return TRUE;
}

static BOOLEAN ntc_devext_sync(PVOID context)
{
	struct ntc_devext *ext = context;

	ext->sync_irql = KeGetCurrentIrql();
	return 2;
}

static VOID ntc_dpc_for_isr(PKDPC dpc, PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_devext *ext = dev->DeviceExtension;

	ext->dev = dev;
	ext->irp = irp;
	ext->context = context;
	ext->dpc_irql = KeGetCurrentIrql();
	ext->saw_isr_done = READ_ONCE(ext->isr_done);
	ext->sync_ret = KeSynchronizeExecution(ext->interrupt, ntc_devext_sync, ext);
	atomic_inc(&ext->dpc_runs);
	complete(&ext->done);
}

static NTSTATUS ntc_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	return STATUS_SUCCESS;
}

static void ntc_driver_delete(void *drv)
{
	ntcompat_delete_driver_object(drv);
}

static void ntc_device_delete(void *dev)
{
	IoDeleteDevice(dev);
}

/*
 * IoDisconnectInterruptEx waits for the DPCs queued before it (README:
 * stricter than Windows), so a DpcForIsr queued by the last ISR cannot
 * outlive the driver's teardown. UML is uniprocessor and PREEMPT_NONE: the
 * threaded DPC's kworker cannot run before this thread sleeps, and
 * IoDisconnectInterruptEx is what lets it run.
 */
static void ntc_dpc_disconnect_waits(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntc_dpc_ctx *c = ntc_dpc_new(test, true);
	IO_DISCONNECT_INTERRUPT_PARAMETERS dp = { 0 };
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PKINTERRUPT kint = NULL;
	PDEVICE_OBJECT pdo;

	pdo = ntc_line_pdo(test, sim->irq[0], false, NULL);
	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_LINE_BASED;
	p.LineBased.PhysicalDeviceObject = pdo;
	p.LineBased.InterruptObject = &kint;
	p.LineBased.ServiceRoutine = ntc_isr;
	p.LineBased.ServiceContext = pr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);

	KUNIT_ASSERT_TRUE(test, KeInsertQueueDpc(&c->dpc, NULL, NULL));
	dp.Version = p.Version;
	dp.ConnectionContext.InterruptObject = kint;
	IoDisconnectInterruptEx(&dp);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	KUNIT_EXPECT_NULL(test, c->dpc.DpcData);
	ntc_expect_irq_free(test, sim->irq[0]);
}

static void ntc_dpc_io_request_dpc(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PDRIVER_OBJECT drv = NULL;
	PDEVICE_OBJECT fdo = NULL;
	struct ntc_devext *ext;
	PDEVICE_OBJECT pdo;

	KUNIT_ASSERT_EQ(test, ntcompat_create_driver_object("ntc_kunit", ntc_driver_entry, &drv),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, drv);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_driver_delete, drv), 0);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(drv, sizeof(*ext), NULL, FILE_DEVICE_UNKNOWN, 0,
					     FALSE, &fdo), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, fdo);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_device_delete, fdo), 0);
	ext = fdo->DeviceExtension;
	KUNIT_ASSERT_NOT_NULL(test, ext);
	KUNIT_EXPECT_NULL(test, memchr_inv(ext, 0, sizeof(*ext)));
	ext->fdo = fdo;
	ext->requests = 3;
	atomic_set(&ext->isr_calls, 0);
	atomic_set(&ext->dpc_runs, 0);
	init_completion(&ext->done);

	/* AddDevice */
	IoInitializeDpcRequest(fdo, ntc_dpc_for_isr);
	/* START_DEVICE */
	pdo = ntc_line_pdo(test, sim->irq[0], false, &d);
	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_LINE_BASED;
	p.LineBased.PhysicalDeviceObject = pdo;
	p.LineBased.InterruptObject = &ext->interrupt;
	p.LineBased.ServiceRoutine = ntc_devext_isr;
	p.LineBased.ServiceContext = fdo;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &ext->done);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&ext->isr_calls), 1);
	/* three IoRequestDpc from one ISR: one DpcForIsr */
	KUNIT_EXPECT_EQ(test, atomic_read(&ext->dpc_runs), 1);
	KUNIT_EXPECT_PTR_EQ(test, ext->dev, fdo);
	KUNIT_EXPECT_PTR_EQ(test, ext->irp, NTC_IRP_COOKIE);
	KUNIT_EXPECT_PTR_EQ(test, ext->context, (PVOID)ext);
	KUNIT_EXPECT_TRUE(test, ext->saw_isr_done);
	KUNIT_EXPECT_EQ(test, ext->dpc_irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, ext->sync_irql, d->u.Interrupt.Level);
	KUNIT_EXPECT_EQ(test, ext->sync_ret, 2);

	/* and again */
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &ext->done);
	KUNIT_EXPECT_EQ(test, atomic_read(&ext->dpc_runs), 2);
}

static struct kunit_case ntc_dpc_cases[] = {
	KUNIT_CASE(ntc_dpc_insert_twice),
	KUNIT_CASE(ntc_dpc_context),
	KUNIT_CASE(ntc_dpc_requeue_from_routine),
	KUNIT_CASE(ntc_dpc_remove),
	KUNIT_CASE(ntc_dpc_flush),
	KUNIT_CASE(ntc_dpc_importance),
	KUNIT_CASE(ntc_dpc_target_processor),
	KUNIT_CASE(ntc_dpc_threaded_insert_twice),
	KUNIT_CASE(ntc_dpc_threaded_context),
	KUNIT_CASE(ntc_dpc_threaded_requeue_from_routine),
	KUNIT_CASE(ntc_dpc_threaded_remove),
	KUNIT_CASE(ntc_dpc_threaded_flush),
	KUNIT_CASE(ntc_dpc_disconnect_waits),
	KUNIT_CASE(ntc_dpc_io_request_dpc),
	{}
};

static struct kunit_suite ntc_dpc_suite = {
	.name = "ntc_dpc",
	.test_cases = ntc_dpc_cases,
};

kunit_test_suite(ntc_dpc_suite);
