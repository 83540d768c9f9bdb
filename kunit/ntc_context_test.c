// SPDX-License-Identifier: GPL-2.0
/*
 * Every function ntcompat exports, called in every context the WDK allows
 * it in, and checked to work there; where the WDK forbids a context and
 * ntcompat refuses the call (the waiting PnP calls), the refusal is checked.
 *
 * The contexts:
 *   passive     the test thread, PASSIVE_LEVEL
 *   dispatch    the test thread raised with KeRaiseIrql(DISPATCH_LEVEL)
 *   dpc         a DPC routine (DISPATCH_LEVEL, softirq)
 *   threaded    a threaded DPC routine (PASSIVE_LEVEL, may not wait)
 *   isr         a DIRQL ISR, fired through irq_sim (hard IRQ)
 *   sync        a KeSynchronizeExecution routine of that ISR's interrupt
 *   passive-isr a passive-level ISR (the IRQ thread)
 *
 * The table (ntc_cx_rows) has one row per exported function: the contexts
 * the WDK's "IRQL" requirement allows, the contexts in which ntcompat
 * refuses the call, the contexts the WDK allows that ntcompat does not
 * support (stated, not called), and a callback that makes the call the way
 * a driver does and checks its effect. The calls act on interrupts other
 * than the one whose ISR or SynchCritSection routine is the context (a
 * "target" line connection, a spare line, PDOs of their own), as a driver
 * calling into another object would; the context's own interrupt is never
 * synchronised with from its own ISR (that deadlocks on Windows too).
 *
 * ntcompat_* functions are ntcompat's own (the PnP seam); their rows use
 * the Context: line of their kernel-doc. Adding an export means adding a
 * row: ntc_cx_every_export_listed compares the table with the
 * EXPORT_SYMBOL lines of the ntcompat sources, extracted at build time (Kbuild).
 *
 * Sources of the WDK rows: learn.microsoft.com's DDI pages, "IRQL" in each
 * page's requirements (see also the NT reference, sections 2, 4, 6 and 7).
 */
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#include <kunit/device.h>

#include "ntc_test.h"

#define NTC_SPLAT_BEGIN(why)	pr_info("ntc-kunit: expected splat begin: %s\n", why)
#define NTC_SPLAT_END()		pr_info("ntc-kunit: expected splat end\n")

enum ntc_ctx {
	NTC_CTX_PASSIVE,
	NTC_CTX_DISPATCH,
	NTC_CTX_DPC,
	NTC_CTX_THREADED_DPC,
	NTC_CTX_ISR,
	NTC_CTX_SYNC,
	NTC_CTX_PASSIVE_ISR,
	NTC_CTX_NR
};

static const char *const ntc_ctx_name[NTC_CTX_NR] = {
	[NTC_CTX_PASSIVE] = "passive thread",
	[NTC_CTX_DISPATCH] = "thread at DISPATCH_LEVEL",
	[NTC_CTX_DPC] = "DPC",
	[NTC_CTX_THREADED_DPC] = "threaded DPC",
	[NTC_CTX_ISR] = "DIRQL ISR",
	[NTC_CTX_SYNC] = "KeSynchronizeExecution routine",
	[NTC_CTX_PASSIVE_ISR] = "passive-level ISR",
};

#define C_P	BIT(NTC_CTX_PASSIVE)
#define C_D	BIT(NTC_CTX_DISPATCH)
#define C_DPC	BIT(NTC_CTX_DPC)
#define C_TDPC	BIT(NTC_CTX_THREADED_DPC)
#define C_ISR	BIT(NTC_CTX_ISR)
#define C_SYNC	BIT(NTC_CTX_SYNC)
#define C_PISR	BIT(NTC_CTX_PASSIVE_ISR)
/* "Any level" */
#define C_ANY	(BIT(NTC_CTX_NR) - 1)
/* IRQL <= DISPATCH_LEVEL: threaded DPCs and passive ISRs run at PASSIVE_LEVEL */
#define C_LE_D	(C_P | C_D | C_DPC | C_TDPC | C_PISR)
/*
 * IRQL >= DISPATCH_LEVEL. A threaded DPC is not: on Windows it may run at
 * either level, so it must use the calls that raise (KeAcquireSpinLock).
 */
#define C_GE_D	(C_D | C_DPC | C_ISR | C_SYNC)
/* Everything but a passive thread: where the waiting calls are refused. */
#define C_NOT_P	(C_ANY & ~C_P)

/* The context is atomic on its CPU: no DPC of this CPU can run meanwhile. */
#define C_ATOMIC (C_D | C_DPC | C_ISR | C_SYNC)

/* Simulated lines */
enum { NTC_CX_LINE_CTX, NTC_CX_LINE_PISR, NTC_CX_LINE_TARGET, NTC_CX_LINE_SPARE,
	NTC_CX_LINE_NEWPDO, NTC_CX_LINES };

/* The target's SynchronizeIrql: above every DIRQL ntcompat assigns (3..11). */
#define NTC_CX_TARGET_SYNC	12

struct ntc_cx_dpc {
	KDPC dpc;
	atomic_t runs;
	int cpu;
};

struct ntc_cx_row;

struct ntc_cx {
	struct kunit *test;
	const struct ntc_cx_row *row;
	struct ntc_sim *sim;
	PKINTERRUPT ctx_kint;		/* the ISR and sync contexts' interrupt */
	PKINTERRUPT pisr_kint;		/* the passive ISR context's interrupt */
	PKINTERRUPT target;		/* what the calls act on */
	KIRQL ctx_irql;			/* IRQL of the ISR and sync contexts */
	struct ntc_probe *tpr;		/* the target's ISR */
	PDEVICE_OBJECT target_pdo;
	struct device *target_dev;
	IO_CONNECT_INTERRUPT_PARAMETERS spare;	/* FULLY_SPECIFIED, for the spare line */
	PKINTERRUPT spare_out;
	struct device *dev;		/* for PDOs a call creates */
	KSPIN_LOCK lock[NTC_CTX_NR];	/* driver locks, one lockdep class per context */
	KSPIN_LOCK scratch[NTC_CTX_NR];
	struct ntc_cx_dpc dpc[NTC_CTX_NR];
	ULONG regs[NTC_CTX_NR];
	ULONG64 regs64[NTC_CTX_NR][2];
	KSPIN_LOCK exlock[NTC_CTX_NR];	/* ExInterlocked lists, one per context */
	KTIMER timer[NTC_CTX_NR];
	KTIMER fired;			/* expired in setup: signaled */
	BOOLEAN removed[NTC_CTX_NR];
	KEVENT ev[NTC_CTX_NR];		/* notification, not signaled */
	KEVENT sev[NTC_CTX_NR];		/* synchronization, not signaled */
	KEVENT signaled;		/* notification, signaled */
	IO_REMOVE_LOCK rl[NTC_CTX_NR];
	/* the SynchCritSection routine a call ran on the target */
	KIRQL tsync_irql;
	bool tsync_locked, tsync_irqs_off;
	/* one run of a row in a context */
	int armed;			/* the context an ISR is to run the row in */
	enum ntc_ctx cur;
	bool refuse;
	bool ran;
	const char *result;
	struct completion done;
	KDPC run_dpc;
	/* a two-device stack of one driver, for the IRP rows */
	PDRIVER_OBJECT irp_drv;
	PDEVICE_OBJECT irp_bottom, irp_top;
};

typedef const char *ntc_cx_fn(struct ntc_cx *x, enum ntc_ctx c, bool refuse);

struct ntc_cx_row {
	const char *name;	/* the exported symbol */
	unsigned int wdk;	/* contexts the WDK allows it in: called, must work */
	unsigned int refused;	/* contexts it is forbidden in and ntcompat refuses: checked */
	unsigned int not_here;	/* allowed by the WDK, not supported by ntcompat: skipped */
	ntc_cx_fn *fn;		/* NULL: not built into this kernel */
	/* optional: checks in the test thread after the run in context @c */
	void (*post)(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c, bool refuse);
};

/* A check inside a context: the first failing one is the result. */
#define CX_CHECK(cond)							\
	do {								\
		if (!(cond) && !err)					\
			err = "failed: " #cond;				\
	} while (0)

static KIRQL ntc_cx_irql(struct ntc_cx *x, enum ntc_ctx c)
{
	switch (c) {
	case NTC_CTX_DISPATCH:
	case NTC_CTX_DPC:
		return DISPATCH_LEVEL;
	case NTC_CTX_ISR:
	case NTC_CTX_SYNC:
		return x->ctx_irql;
	default:
		return PASSIVE_LEVEL;
	}
}

/* ---------------------------------------------------------------------- */
/* IRQL and spin locks                                                     */

static const char *ntc_cx_get_irql(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	CX_CHECK(KeGetCurrentIrql() == ntc_cx_irql(x, c));
	return err;
}

/* KfRaiseIrql (KeRaiseIrql) and KeLowerIrql, nested, to HIGH_LEVEL and back. */
static const char *ntc_cx_raise_lower(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	KIRQL want = ntc_cx_irql(x, c), old, old2;
	const char *err = NULL;

	old = KfRaiseIrql(HIGH_LEVEL);
	CX_CHECK(old == want);
	CX_CHECK(KeGetCurrentIrql() == HIGH_LEVEL);
	CX_CHECK(irqs_disabled());
	KeRaiseIrql(HIGH_LEVEL, &old2);
	CX_CHECK(old2 == HIGH_LEVEL);
	KeLowerIrql(old2);
	CX_CHECK(KeGetCurrentIrql() == HIGH_LEVEL);
	KeLowerIrql(old);
	CX_CHECK(KeGetCurrentIrql() == want);
	if (want < DISPATCH_LEVEL) {
		KeRaiseIrql(DISPATCH_LEVEL, &old);
		CX_CHECK(KeGetCurrentIrql() == DISPATCH_LEVEL);
		CX_CHECK(!preemptible());
		KeLowerIrql(old);
		CX_CHECK(KeGetCurrentIrql() == want);
	}
	return err;
}

static const char *ntc_cx_raise_to_dpc(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	KIRQL want = ntc_cx_irql(x, c), old;
	const char *err = NULL;

	old = KeRaiseIrqlToDpcLevel();
	CX_CHECK(old == want);
	CX_CHECK(KeGetCurrentIrql() == DISPATCH_LEVEL);
	CX_CHECK(!preemptible());
	KeLowerIrql(old);
	CX_CHECK(KeGetCurrentIrql() == want);
	return err;
}

/* KeAcquireSpinLock (KeAcquireSpinLockRaiseToDpc) and KeReleaseSpinLock */
static const char *ntc_cx_spin_lock(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	KIRQL want = ntc_cx_irql(x, c), old;
	PKSPIN_LOCK lock = &x->lock[c];
	const char *err = NULL;

	KeAcquireSpinLock(lock, &old);
	CX_CHECK(old == want);
	CX_CHECK(KeGetCurrentIrql() == DISPATCH_LEVEL);
	CX_CHECK(READ_ONCE(*lock) != 0);
	KeReleaseSpinLock(lock, old);
	CX_CHECK(READ_ONCE(*lock) == 0);
	CX_CHECK(KeGetCurrentIrql() == want);
	return err;
}

static const char *ntc_cx_spin_lock_dpc(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	KIRQL want = ntc_cx_irql(x, c);
	PKSPIN_LOCK lock = &x->lock[c];
	const char *err = NULL;

	KeAcquireSpinLockAtDpcLevel(lock);
	CX_CHECK(KeGetCurrentIrql() == want);
	CX_CHECK(READ_ONCE(*lock) != 0);
	KeReleaseSpinLockFromDpcLevel(lock);
	CX_CHECK(READ_ONCE(*lock) == 0);
	CX_CHECK(KeGetCurrentIrql() == want);
	return err;
}

#ifdef CONFIG_LOCKDEP
static NTCOMPAT_LOCK_CLASS ntc_cx_scratch_class;

static const char *ntc_cx_init_lock_class(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	WRITE_ONCE(x->scratch[c], ~0UL);
	ntcompat_init_spin_lock(&x->scratch[c], &ntc_cx_scratch_class, "scratch");
	CX_CHECK(READ_ONCE(x->scratch[c]) == 0);
	return err;
}

/* The exported function, as a driver's function pointer reaches it. */
static const char *ntc_cx_init_lock_fn(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	WRITE_ONCE(x->scratch[c], ~0UL);
	(KeInitializeSpinLock)(&x->scratch[c]);
	CX_CHECK(READ_ONCE(x->scratch[c]) == 0);
	return err;
}

#define NTC_CX_LOCKDEP(fn)	fn
#else
#define NTC_CX_LOCKDEP(fn)	NULL
#endif

static const char *ntc_cx_cpu_number(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	ULONG n = KeGetCurrentProcessorNumber();
	const char *err = NULL;

	CX_CHECK(n < nr_cpu_ids);
	if (BIT(c) & C_ATOMIC)
		CX_CHECK(n == raw_smp_processor_id());
	return err;
}

static const char *ntc_cx_cpu_count(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	KAFFINITY a = 0;
	ULONG n = KeQueryActiveProcessorCount(&a);
	const char *err = NULL;

	CX_CHECK(n == num_online_cpus());
	CX_CHECK(hweight_long(a) == min_t(ULONG, n, BITS_PER_LONG));
	CX_CHECK(KeQueryActiveProcessorCount(NULL) == n);
	return err;
}

/* ---------------------------------------------------------------------- */
/* DPCs                                                                    */

static void ntc_cx_count_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_cx_dpc *d = ctx;

	d->cpu = KeGetCurrentProcessorNumber();
	atomic_inc(&d->runs);
}

static struct ntc_cx_dpc *ntc_cx_dpc_init(struct ntc_cx *x, enum ntc_ctx c)
{
	struct ntc_cx_dpc *d = &x->dpc[c];

	KeInitializeDpc(&d->dpc, ntc_cx_count_dpc, d);
	atomic_set(&d->runs, 0);
	d->cpu = -1;
	return d;
}

static const char *ntc_cx_init_dpc(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	KDPC d;

	memset(&d, 0xa5, sizeof(d));
	KeInitializeDpc(&d, ntc_cx_count_dpc, x);
	CX_CHECK(d.Type == DpcObject);
	CX_CHECK(d.DeferredRoutine == ntc_cx_count_dpc);
	CX_CHECK(d.DeferredContext == x);
	CX_CHECK(!d.DpcData);
	return err;
}

static const char *ntc_cx_init_threaded_dpc(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	KDPC d;

	memset(&d, 0xa5, sizeof(d));
	KeInitializeThreadedDpc(&d, ntc_cx_count_dpc, x);
	CX_CHECK(d.Type == ThreadedDpcObject);
	CX_CHECK(d.DeferredRoutine == ntc_cx_count_dpc);
	CX_CHECK(d.DeferredContext == x);
	CX_CHECK(!d.DpcData);
	return err;
}

/* The DPC a call queued in context @c ran @want times (once flushed). */
static void ntc_cx_dpc_ran(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c, int want)
{
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&x->dpc[c].runs), want,
			    "DPC queued in a %s", ntc_ctx_name[c]);
}

static const char *ntc_cx_insert_dpc(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	struct ntc_cx_dpc *d = ntc_cx_dpc_init(x, c);
	const char *err = NULL;

	CX_CHECK(KeInsertQueueDpc(&d->dpc, NULL, NULL));
	/* Where this CPU's DPCs cannot run meanwhile, it is still queued. */
	if (BIT(c) & C_ATOMIC)
		CX_CHECK(!KeInsertQueueDpc(&d->dpc, NULL, NULL));
	return err;
}

static void ntc_cx_insert_dpc_post(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c,
				   bool refuse)
{
	ntc_cx_dpc_ran(test, x, c, 1);
}

static const char *ntc_cx_remove_dpc(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	struct ntc_cx_dpc *d = ntc_cx_dpc_init(x, c);
	const char *err = NULL;

	CX_CHECK(KeInsertQueueDpc(&d->dpc, NULL, NULL));
	x->removed[c] = KeRemoveQueueDpc(&d->dpc);
	if (BIT(c) & C_ATOMIC)
		CX_CHECK(x->removed[c]);
	CX_CHECK(!KeRemoveQueueDpc(&d->dpc));
	return err;
}

static void ntc_cx_remove_dpc_post(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c,
				   bool refuse)
{
	/* Removed: never runs. Not removed (it ran first): ran once. */
	ntc_cx_dpc_ran(test, x, c, x->removed[c] ? 0 : 1);
}

static const char *ntc_cx_importance(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	KDPC d;

	KeInitializeDpc(&d, ntc_cx_count_dpc, x);
	CX_CHECK(d.Importance == MediumImportance);
	KeSetImportanceDpc(&d, HighImportance);
	CX_CHECK(d.Importance == HighImportance);
	KeSetImportanceDpc(&d, LowImportance);
	CX_CHECK(d.Importance == LowImportance);
	return err;
}

static const char *ntc_cx_target_cpu(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	struct ntc_cx_dpc *d = ntc_cx_dpc_init(x, c);
	const char *err = NULL;

	KeSetTargetProcessorDpc(&d->dpc, 0);
	CX_CHECK(KeInsertQueueDpc(&d->dpc, NULL, NULL));
	return err;
}

static void ntc_cx_target_cpu_post(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c,
				   bool refuse)
{
	ntc_cx_dpc_ran(test, x, c, 1);
	KUNIT_EXPECT_EQ_MSG(test, x->dpc[c].cpu, 0, "DPC aimed at CPU 0 from a %s",
			    ntc_ctx_name[c]);
}

static const char *ntc_cx_flush(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	struct ntc_cx_dpc *d = ntc_cx_dpc_init(x, c);
	const char *err = NULL;

	CX_CHECK(KeInsertQueueDpc(&d->dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	if (!refuse)
		CX_CHECK(atomic_read(&d->runs) == 1);	/* waited for it */
	else if (BIT(c) & C_ATOMIC)
		CX_CHECK(atomic_read(&d->runs) == 0);	/* returned at once */
	return err;
}

/* ---------------------------------------------------------------------- */
/* Timers and time                                                         */

static const char *ntc_cx_init_timer(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	KTIMER t;

	memset(&t, 0xa5, sizeof(t));
	KeInitializeTimer(&t);
	CX_CHECK(t.Header.Type == TimerNotificationObject);
	CX_CHECK(!KeReadStateTimer(&t));
	CX_CHECK(!KeCancelTimer(&t));
	memset(&t, 0xa5, sizeof(t));
	KeInitializeTimerEx(&t, SynchronizationTimer);
	CX_CHECK(t.Header.Type == TimerSynchronizationObject);
	CX_CHECK(!KeReadStateTimer(&t));
	CX_CHECK(!KeCancelTimer(&t));
	return err;
}

/* Set, re-set, cancel; then set to expire at once, with a DPC (see post). */
static const char *ntc_cx_set_timer(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	struct ntc_cx_dpc *d = ntc_cx_dpc_init(x, c);
	LARGE_INTEGER later = { .QuadPart = -600000000LL }, now = { .QuadPart = -1 };
	PKTIMER t = &x->timer[c];
	const char *err = NULL;

	CX_CHECK(!KeSetTimerEx(t, later, 1000, &d->dpc));
	CX_CHECK(KeSetTimer(t, later, &d->dpc));
	CX_CHECK(KeCancelTimer(t));
	CX_CHECK(!KeCancelTimer(t));
	CX_CHECK(!KeSetTimer(t, now, &d->dpc));
	return err;
}

static void ntc_cx_set_timer_post(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c,
				  bool refuse)
{
	int ms;

	/* Bounded poll: the expiry signals the timer before queueing its DPC. */
	for (ms = 0; ms < NTC_WAIT_MS && !KeReadStateTimer(&x->timer[c]); ms++)
		usleep_range(1000, 2000);
	KUNIT_EXPECT_TRUE_MSG(test, KeReadStateTimer(&x->timer[c]),
			      "timer set in a %s never expired", ntc_ctx_name[c]);
	ntc_cx_dpc_ran(test, x, c, 1);
}

static const char *ntc_cx_read_state_timer(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	CX_CHECK(KeReadStateTimer(&x->fired));
	CX_CHECK(!KeReadStateTimer(&x->timer[c]));
	return err;
}

/* ---------------------------------------------------------------------- */
/* Events, waits and remove locks                                          */

static LARGE_INTEGER ntc_cx_zero = { .QuadPart = 0 };

static const char *ntc_cx_init_event(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	KEVENT e;

	memset(&e, 0xa5, sizeof(e));
	KeInitializeEvent(&e, NotificationEvent, TRUE);
	CX_CHECK(e.Header.Type == EventNotificationObject);
	CX_CHECK(KeReadStateEvent(&e) == 1);
	memset(&e, 0xa5, sizeof(e));
	KeInitializeEvent(&e, SynchronizationEvent, FALSE);
	CX_CHECK(e.Header.Type == EventSynchronizationObject);
	CX_CHECK(KeReadStateEvent(&e) == 0);
	return err;
}

/* Set, set again, reset, clear; then the synchronization event (see post). */
static const char *ntc_cx_set_event(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PKEVENT e = &x->ev[c];
	const char *err = NULL;

	CX_CHECK(KeSetEvent(e, IO_NO_INCREMENT, FALSE) == 0);
	CX_CHECK(KeSetEvent(e, IO_NO_INCREMENT, FALSE) == 1);
	CX_CHECK(KeReadStateEvent(e) == 1);
	CX_CHECK(KeResetEvent(e) == 1);
	CX_CHECK(KeResetEvent(e) == 0);
	KeSetEvent(e, IO_NO_INCREMENT, FALSE);
	KeClearEvent(e);
	CX_CHECK(KeReadStateEvent(e) == 0);
	CX_CHECK(KeSetEvent(&x->sev[c], IO_NO_INCREMENT, FALSE) == 0);
	return err;
}

static void ntc_cx_set_event_post(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c,
				  bool refuse)
{
	/* The set satisfies exactly one wait, which consumes it. */
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&x->sev[c], Executive, KernelMode, FALSE,
						    &ntc_cx_zero), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&x->sev[c], Executive, KernelMode, FALSE,
						    &ntc_cx_zero), STATUS_TIMEOUT);
}

static const char *ntc_cx_read_state_event(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	CX_CHECK(KeReadStateEvent(&x->signaled) == 1);
	CX_CHECK(KeReadStateEvent(&x->ev[c]) == 0);
	return err;
}

/*
 * IRQL <= DISPATCH_LEVEL with a zero timeout; a real wait at PASSIVE_LEVEL
 * only (a passive thread or ISR): refused at DISPATCH_LEVEL and in a
 * threaded DPC. Above DISPATCH_LEVEL (ISR, sync routine) everything is.
 */
static const char *ntc_cx_wait(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	LARGE_INTEGER ms = { .QuadPart = -10000 };
	PVOID objs[2] = { &x->ev[c], &x->signaled };
	const char *err = NULL;
	NTSTATUS real;

	if (refuse) {
		CX_CHECK(KeWaitForSingleObject(&x->signaled, Executive, KernelMode, FALSE,
					       &ntc_cx_zero) == STATUS_INVALID_LEVEL);
		CX_CHECK(KeWaitForMultipleObjects(2, objs, WaitAny, Executive, KernelMode, FALSE,
						  &ntc_cx_zero, NULL) == STATUS_INVALID_LEVEL);
		return err;
	}
	CX_CHECK(KeWaitForSingleObject(&x->signaled, Executive, KernelMode, FALSE,
				       &ntc_cx_zero) == STATUS_SUCCESS);
	CX_CHECK(KeWaitForSingleObject(&x->ev[c], Executive, KernelMode, FALSE,
				       &ntc_cx_zero) == STATUS_TIMEOUT);
	CX_CHECK(KeWaitForMultipleObjects(2, objs, WaitAny, Executive, KernelMode, FALSE,
					  &ntc_cx_zero, NULL) == STATUS_WAIT_1);
	CX_CHECK(KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode, FALSE,
					  &ntc_cx_zero, NULL) == STATUS_TIMEOUT);
	real = c == NTC_CTX_PASSIVE || c == NTC_CTX_PASSIVE_ISR ? STATUS_TIMEOUT :
	       STATUS_INVALID_LEVEL;
	CX_CHECK(KeWaitForSingleObject(&x->ev[c], Executive, KernelMode, FALSE, &ms) == real);
	CX_CHECK(KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode, FALSE, &ms,
					  NULL) == real);
	return err;
}

static const char *ntc_cx_remlock_init(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	IO_REMOVE_LOCK l;

	memset(&l, 0xa5, sizeof(l));
	IoInitializeRemoveLock(&l, 0x6b636f4c, 0, 0);
	CX_CHECK(!l.Common.Removed);
	CX_CHECK(l.Common.IoCount == 1);
	CX_CHECK(KeReadStateEvent(&l.Common.RemoveEvent) == 0);
	CX_CHECK(IoAcquireRemoveLock(&l, NULL) == STATUS_SUCCESS);
	IoReleaseRemoveLockAndWait(&l, NULL);
	CX_CHECK(IoAcquireRemoveLock(&l, NULL) == STATUS_DELETE_PENDING);
	CX_CHECK(l.Common.IoCount == 0);
	return err;
}

static const char *ntc_cx_remlock(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PIO_REMOVE_LOCK l = &x->rl[c];
	const char *err = NULL;

	CX_CHECK(IoAcquireRemoveLock(l, x) == STATUS_SUCCESS);
	CX_CHECK(IoAcquireRemoveLock(l, NULL) == STATUS_SUCCESS);
	CX_CHECK(l->Common.IoCount == 3);
	IoReleaseRemoveLock(l, NULL);
	IoReleaseRemoveLock(l, x);
	CX_CHECK(l->Common.IoCount == 1);
	return err;
}

/*
 * With another holder: at PASSIVE_LEVEL that holder goes first and AndWait
 * returns; where it cannot wait, the wait is refused and it returns at once,
 * the lock removed, the holder still counted.
 */
static const char *ntc_cx_remlock_and_wait(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PIO_REMOVE_LOCK l = &x->rl[c];
	const char *err = NULL;

	CX_CHECK(IoAcquireRemoveLock(l, x) == STATUS_SUCCESS);		/* an I/O */
	CX_CHECK(IoAcquireRemoveLock(l, NULL) == STATUS_SUCCESS);	/* the remove IRP */
	if (refuse) {
		IoReleaseRemoveLockAndWait(l, NULL);
		CX_CHECK(l->Common.Removed);
		CX_CHECK(l->Common.IoCount == 1);
		IoReleaseRemoveLock(l, x);
		CX_CHECK(l->Common.IoCount == 0);
		CX_CHECK(KeReadStateEvent(&l->Common.RemoveEvent) == 1);
		return err;
	}
	IoReleaseRemoveLock(l, x);
	IoReleaseRemoveLockAndWait(l, NULL);
	CX_CHECK(l->Common.Removed);
	CX_CHECK(l->Common.IoCount == 0);
	CX_CHECK(IoAcquireRemoveLock(l, NULL) == STATUS_DELETE_PENDING);
	return err;
}

static const char *ntc_cx_time(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	LARGE_INTEGER a, b, f = { .QuadPart = 0 };
	ULONGLONG i0, i1;
	const char *err = NULL;

	i0 = KeQueryInterruptTime();
	i1 = KeQueryInterruptTime();
	CX_CHECK(i0 && i1 >= i0);
	CX_CHECK(KeQueryTimeIncrement() == 10000000 / HZ);
	KeQuerySystemTime(&a);
	KeQuerySystemTimePrecise(&b);
	CX_CHECK(a.QuadPart > 132223104000000000LL && b.QuadPart >= a.QuadPart);
	KeQueryTickCount(&a);
	KeQueryTickCount(&b);
	CX_CHECK(b.QuadPart >= a.QuadPart);
	a = KeQueryPerformanceCounter(&f);
	b = KeQueryPerformanceCounter(NULL);
	CX_CHECK(f.QuadPart > 0 && b.QuadPart >= a.QuadPart);
	return err;
}

static VOID ntc_cx_io_timer_routine(PDEVICE_OBJECT dev, PVOID ctx)
{
}

static const char *ntc_cx_io_init_timer(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PIO_TIMER before = x->target_pdo->Timer;
	const char *err = NULL;

	CX_CHECK(before);
	CX_CHECK(IoInitializeTimer(x->target_pdo, ntc_cx_io_timer_routine, x) ==
		 STATUS_SUCCESS);
	CX_CHECK(x->target_pdo->Timer == before);
	CX_CHECK(IoInitializeTimer(NULL, ntc_cx_io_timer_routine, x) ==
		 STATUS_INVALID_PARAMETER);
	return err;
}

/* The IO_TIMER begins with its KTIMER (timer.c): KeCancelTimer tells "started". */
static const char *ntc_cx_io_start_stop(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PKTIMER t = (PKTIMER)x->target_pdo->Timer;
	const char *err = NULL;

	IoStartTimer(x->target_pdo);
	CX_CHECK(KeCancelTimer(t));
	IoStartTimer(x->target_pdo);
	IoStopTimer(x->target_pdo);
	CX_CHECK(!KeCancelTimer(t));
	return err;
}

/* ---------------------------------------------------------------------- */
/* Interrupts                                                              */

static void ntc_cx_target_report(struct ntc_cx *x, IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS *p)
{
	memset(p, 0, sizeof(*p));
	p->Version = CONNECT_FULLY_SPECIFIED;
	p->ConnectionContext.InterruptObject = x->target;
}

/* Fire the target; its ISR runs (@called) or is gated. */
static void ntc_cx_fire_target(struct kunit *test, struct ntc_cx *x, bool called)
{
	struct ntcompat_interrupt_stats before, after;

	KUNIT_ASSERT_EQ(test, ntcompat_interrupt_stats(x->target, &before), STATUS_SUCCESS);
	ntc_sim_fire_sync(test, x->sim, NTC_CX_LINE_TARGET);
	ntc_sim_wait_handled(test, x->sim, NTC_CX_LINE_TARGET, x->target);
	KUNIT_ASSERT_EQ(test, ntcompat_interrupt_stats(x->target, &after), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, after.calls, before.calls + (called ? 1 : 0));
	KUNIT_EXPECT_EQ(test, after.gated, before.gated + (called ? 0 : 1));
}

static const char *ntc_cx_inactive(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS p;

	ntc_cx_target_report(x, &p);
	IoReportInterruptInactive(&p);
	IoReportInterruptInactive(&p);		/* idempotent */
	return NULL;
}

static void ntc_cx_inactive_post(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c,
				 bool refuse)
{
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS p;

	ntc_cx_fire_target(test, x, false);
	ntc_cx_target_report(x, &p);
	IoReportInterruptActive(&p);
}

static const char *ntc_cx_active(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS p;

	ntc_cx_target_report(x, &p);
	IoReportInterruptInactive(&p);
	IoReportInterruptActive(&p);
	IoReportInterruptActive(&p);		/* idempotent */
	return NULL;
}

static void ntc_cx_active_post(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c,
			       bool refuse)
{
	ntc_cx_fire_target(test, x, true);
}

static const char *ntc_cx_affinity(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	GROUP_AFFINITY ga;

	memset(&ga, 0xa5, sizeof(ga));
	CX_CHECK(IoGetAffinityInterrupt(x->target, &ga) == STATUS_SUCCESS);
	CX_CHECK(ga.Mask != 0);
	CX_CHECK((ga.Mask & ~cpumask_bits(cpu_online_mask)[0]) == 0);
	CX_CHECK(ga.Group == 0);
	return err;
}

static const char *ntc_cx_stats(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	struct ntcompat_interrupt_stats st;
	const char *err = NULL;

	CX_CHECK(ntcompat_interrupt_stats(x->target, &st) == STATUS_SUCCESS);
	CX_CHECK(st.linux_irq == x->sim->irq[NTC_CX_LINE_TARGET]);
	CX_CHECK(!st.passive);
	CX_CHECK(st.sync_irql == NTC_CX_TARGET_SYNC);
	CX_CHECK(ntcompat_interrupt_stats((PKINTERRUPT)x, &st) == STATUS_INVALID_PARAMETER);
	return err;
}

static BOOLEAN ntc_cx_tsync(PVOID ctx)
{
	struct ntc_cx *x = ctx;
	struct ntcompat_interrupt_stats st;

	x->tsync_irql = KeGetCurrentIrql();
	x->tsync_irqs_off = irqs_disabled();
	x->tsync_locked = ntcompat_interrupt_stats(x->target, &st) == STATUS_SUCCESS &&
			  st.lock_held;
	return TRUE;
}

static const char *ntc_cx_synchronize(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	x->tsync_irql = 0xff;
	x->tsync_locked = false;
	CX_CHECK(KeSynchronizeExecution(x->target, ntc_cx_tsync, x) == TRUE);
	CX_CHECK(x->tsync_irql == NTC_CX_TARGET_SYNC);
	CX_CHECK(x->tsync_locked);
	CX_CHECK(x->tsync_irqs_off);
	CX_CHECK(KeGetCurrentIrql() == ntc_cx_irql(x, c));
	return err;
}

/* KeAcquireInterruptSpinLock and KeReleaseInterruptSpinLock */
static const char *ntc_cx_interrupt_lock(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	KIRQL want = ntc_cx_irql(x, c), old;
	struct ntcompat_interrupt_stats st;
	const char *err = NULL;

	old = KeAcquireInterruptSpinLock(x->target);
	CX_CHECK(old == want);
	CX_CHECK(KeGetCurrentIrql() == NTC_CX_TARGET_SYNC);
	CX_CHECK(irqs_disabled());
	CX_CHECK(ntcompat_interrupt_stats(x->target, &st) == STATUS_SUCCESS && st.lock_held);
	KeReleaseInterruptSpinLock(x->target, old);
	CX_CHECK(ntcompat_interrupt_stats(x->target, &st) == STATUS_SUCCESS && !st.lock_held);
	CX_CHECK(KeGetCurrentIrql() == want);
	return err;
}

static bool ntc_cx_spare_free(struct ntc_cx *x)
{
	return !irq_has_action(x->sim->irq[NTC_CX_LINE_SPARE]);
}

static const char *ntc_cx_connect_ex(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS d = { .Version = CONNECT_FULLY_SPECIFIED };
	const char *err = NULL;
	NTSTATUS st;

	x->spare_out = (PKINTERRUPT)x;		/* must come back NULL if refused */
	st = IoConnectInterruptEx(&x->spare);
	if (refuse) {
		CX_CHECK(st == STATUS_INVALID_LEVEL);
		CX_CHECK(!x->spare_out);
		CX_CHECK(ntc_cx_spare_free(x));
		return err;
	}
	CX_CHECK(st == STATUS_SUCCESS);
	CX_CHECK(x->spare_out && x->spare_out != (PKINTERRUPT)x);
	CX_CHECK(!ntc_cx_spare_free(x));
	if (st == STATUS_SUCCESS) {
		d.ConnectionContext.InterruptObject = x->spare_out;
		IoDisconnectInterruptEx(&d);
	}
	CX_CHECK(ntc_cx_spare_free(x));
	return err;
}

static NTSTATUS ntc_cx_legacy_connect(struct ntc_cx *x)
{
	IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS *fs = &x->spare.FullySpecified;

	x->spare_out = (PKINTERRUPT)x;
	return IoConnectInterrupt(&x->spare_out, fs->ServiceRoutine, fs->ServiceContext, NULL,
				  fs->Vector, fs->Irql, fs->SynchronizeIrql, fs->InterruptMode,
				  FALSE, fs->ProcessorEnableMask, FALSE);
}

static const char *ntc_cx_connect(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	NTSTATUS st;

	st = ntc_cx_legacy_connect(x);
	if (refuse) {
		CX_CHECK(st == STATUS_INVALID_LEVEL);
		CX_CHECK(!x->spare_out);
		CX_CHECK(ntc_cx_spare_free(x));
		return err;
	}
	CX_CHECK(st == STATUS_SUCCESS);
	CX_CHECK(!ntc_cx_spare_free(x));
	if (st == STATUS_SUCCESS)
		IoDisconnectInterrupt(x->spare_out);
	CX_CHECK(ntc_cx_spare_free(x));
	return err;
}

static bool ntc_cx_target_connected(struct ntc_cx *x)
{
	struct ntcompat_interrupt_stats st;

	return ntcompat_interrupt_stats(x->target, &st) == STATUS_SUCCESS &&
		irq_has_action(x->sim->irq[NTC_CX_LINE_TARGET]);
}

static const char *ntc_cx_disconnect_ex(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS d = { .Version = CONNECT_FULLY_SPECIFIED };
	const char *err = NULL;

	if (refuse) {
		d.ConnectionContext.InterruptObject = x->target;
		IoDisconnectInterruptEx(&d);
		CX_CHECK(ntc_cx_target_connected(x));
		return err;
	}
	CX_CHECK(IoConnectInterruptEx(&x->spare) == STATUS_SUCCESS);
	d.ConnectionContext.InterruptObject = x->spare_out;
	IoDisconnectInterruptEx(&d);
	CX_CHECK(ntc_cx_spare_free(x));
	return err;
}

static const char *ntc_cx_disconnect(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	if (refuse) {
		IoDisconnectInterrupt(x->target);
		CX_CHECK(ntc_cx_target_connected(x));
		return err;
	}
	CX_CHECK(ntc_cx_legacy_connect(x) == STATUS_SUCCESS);
	IoDisconnectInterrupt(x->spare_out);
	CX_CHECK(ntc_cx_spare_free(x));
	return err;
}

/* ---------------------------------------------------------------------- */
/* PDOs, driver and device objects                                         */

static const char *ntc_cx_pdo_device(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	CX_CHECK(ntcompat_pdo_device(x->target_pdo) == x->target_dev);
	CX_CHECK(!ntcompat_pdo_device((PDEVICE_OBJECT)x));
	return err;
}

static NTSTATUS ntc_cx_new_pdo(struct ntc_cx *x, PDEVICE_OBJECT *pdo)
{
	struct ntcompat_irq_source src = { .line_irq = x->sim->irq[NTC_CX_LINE_NEWPDO] };

	return ntcompat_create_pdo(x->dev, &src, NULL, pdo);
}

static const char *ntc_cx_create_pdo(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PDEVICE_OBJECT pdo = (PDEVICE_OBJECT)x;
	const char *err = NULL;

	CX_CHECK(ntc_cx_new_pdo(x, &pdo) == STATUS_SUCCESS);
	CX_CHECK(pdo && ntcompat_pdo_device(pdo) == x->dev);
	if (pdo && pdo != (PDEVICE_OBJECT)x)
		ntcompat_delete_pdo(pdo);
	return err;
}

static const char *ntc_cx_create_pci_pdo(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PDEVICE_OBJECT pdo = (PDEVICE_OBJECT)x;
	const char *err = NULL;
	struct pci_dev *pdev;

	CX_CHECK(ntcompat_create_pci_pdo(NULL, NULL, &pdo) == STATUS_INVALID_PARAMETER);
	CX_CHECK(!pdo);
	if (!IS_ENABLED(CONFIG_PCI))
		return err;
	/* Any PCI function: a PDO is created and deleted, nothing assigned. */
	pdev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	if (!pdev)
		return err;
	CX_CHECK(ntcompat_create_pci_pdo(pdev, NULL, &pdo) == STATUS_SUCCESS);
	CX_CHECK(pdo && ntcompat_pdo_device(pdo) == &pdev->dev);
	if (pdo)
		ntcompat_delete_pdo(pdo);
	pci_dev_put(pdev);
	return err;
}

static const char *ntc_cx_assign(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PCM_RESOURCE_LIST raw = (PCM_RESOURCE_LIST)x, tr = (PCM_RESOURCE_LIST)x;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	const char *err = NULL;
	PDEVICE_OBJECT pdo;

	if (refuse) {
		CX_CHECK(ntcompat_assign_resources(x->target_pdo, &raw, &tr) ==
			 STATUS_INVALID_LEVEL);
		CX_CHECK(!raw && !tr);
		return err;
	}
	CX_CHECK(ntc_cx_new_pdo(x, &pdo) == STATUS_SUCCESS);
	if (err)
		return err;
	CX_CHECK(ntcompat_assign_resources(pdo, &raw, &tr) == STATUS_SUCCESS);
	d = ntc_interrupt_desc(tr, 0);
	CX_CHECK(d && d->u.Interrupt.Vector == x->sim->irq[NTC_CX_LINE_NEWPDO]);
	ntcompat_delete_pdo(pdo);
	return err;
}

static const char *ntc_cx_release(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PCM_RESOURCE_LIST raw, tr;
	const char *err = NULL;
	PDEVICE_OBJECT pdo;

	if (refuse) {
		ntcompat_release_resources(x->target_pdo);
		CX_CHECK(ntc_cx_target_connected(x));	/* not released */
		return err;
	}
	CX_CHECK(ntc_cx_new_pdo(x, &pdo) == STATUS_SUCCESS);
	if (err)
		return err;
	CX_CHECK(ntcompat_assign_resources(pdo, &raw, &tr) == STATUS_SUCCESS);
	ntcompat_release_resources(pdo);
	/* Released: assigned afresh. */
	CX_CHECK(ntcompat_assign_resources(pdo, &raw, &tr) == STATUS_SUCCESS);
	CX_CHECK(ntc_interrupt_desc(tr, 0));
	ntcompat_delete_pdo(pdo);
	return err;
}

static const char *ntc_cx_delete_pdo(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	PDEVICE_OBJECT pdo;

	if (refuse) {
		ntcompat_delete_pdo(x->target_pdo);
		CX_CHECK(ntcompat_pdo_device(x->target_pdo) == x->target_dev);
		CX_CHECK(ntc_cx_target_connected(x));
		return err;
	}
	CX_CHECK(ntc_cx_new_pdo(x, &pdo) == STATUS_SUCCESS);
	if (err)
		return err;
	ntcompat_delete_pdo(pdo);
	CX_CHECK(!ntcompat_pdo_device(pdo));	/* compares the pointer only */
	return err;
}

static atomic_t ntc_cx_unloads = ATOMIC_INIT(0);

static VOID ntc_cx_unload(PDRIVER_OBJECT driver)
{
	atomic_inc(&ntc_cx_unloads);
}

static NTSTATUS ntc_cx_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	driver->DriverUnload = ntc_cx_unload;
	return STATUS_SUCCESS;
}

/* ntcompat_create_driver_object and ntcompat_delete_driver_object */
static const char *ntc_cx_driver_object(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PDRIVER_OBJECT drv = NULL;
	const char *err = NULL;
	int unloads = atomic_read(&ntc_cx_unloads);

	CX_CHECK(ntcompat_create_driver_object("ntc_cx", ntc_cx_driver_entry, &drv) ==
		 STATUS_SUCCESS);
	if (err || !drv)
		return err ?: "no driver object";
	CX_CHECK(drv->DriverUnload == ntc_cx_unload);
	CX_CHECK(drv->DriverExtension && drv->DriverExtension->DriverObject == drv);
	ntcompat_delete_driver_object(drv);
	CX_CHECK(atomic_read(&ntc_cx_unloads) == unloads + 1);
	return err;
}

/* IoCreateDevice and IoDeleteDevice */
static const char *ntc_cx_device_object(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PDRIVER_OBJECT drv = NULL;
	PDEVICE_OBJECT dev = NULL;
	const char *err = NULL;
	char zero[32] = {};

	CX_CHECK(ntcompat_create_driver_object("ntc_cx", ntc_cx_driver_entry, &drv) ==
		 STATUS_SUCCESS);
	if (err || !drv)
		return err ?: "no driver object";
	CX_CHECK(IoCreateDevice(drv, sizeof(zero), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev) ==
		 STATUS_SUCCESS);
	if (dev) {
		CX_CHECK(drv->DeviceObject == dev);
		CX_CHECK(dev->DriverObject == drv);
		CX_CHECK(dev->DeviceType == FILE_DEVICE_UNKNOWN);
		CX_CHECK(dev->DeviceExtension &&
			 !memcmp(dev->DeviceExtension, zero, sizeof(zero)));
		IoDeleteDevice(dev);
		CX_CHECK(!drv->DeviceObject);
	}
	ntcompat_delete_driver_object(drv);
	return err;
}

/* ---------------------------------------------------------------------- */
/* IRPs and the device stack                                              */

/*
 * x->irp_top is attached on x->irp_bottom, both of one driver: the top
 * forwards an IRP (copy + completion routine), the bottom completes it with
 * STATUS_SUCCESS and Information 42.
 */
static NTSTATUS ntc_cx_irp_fwd_done(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	if (irp->PendingReturned)
		IoMarkIrpPending(irp);
	return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS ntc_cx_irp_dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
	PDEVICE_OBJECT *lower = dev->DeviceExtension;

	if (*lower) {
		IoCopyCurrentIrpStackLocationToNext(irp);
		IoSetCompletionRoutine(irp, ntc_cx_irp_fwd_done, NULL, TRUE, TRUE, TRUE);
		return IoCallDriver(*lower, irp);
	}
	irp->IoStatus.Status = STATUS_SUCCESS;
	irp->IoStatus.Information = 42;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}

static NTSTATUS ntc_cx_irp_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ntc_cx_irp_dispatch;
	return STATUS_SUCCESS;
}

struct ntc_cx_irp_done {
	int runs;
	PDEVICE_OBJECT dev;
	BOOLEAN free;
};

/* The allocator's completion routine: the IRP is its own again. */
static NTSTATUS ntc_cx_irp_done(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_cx_irp_done *d = context;

	d->runs++;
	d->dev = dev;
	if (d->free)
		IoFreeIrp(irp);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static void ntc_cx_irp_setup_next(PIRP irp)
{
	PIO_STACK_LOCATION sp = IoGetNextIrpStackLocation(irp);

	sp->MajorFunction = IRP_MJ_DEVICE_CONTROL;
	sp->Parameters.DeviceIoControl.IoControlCode = 0x222000;
	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
}

/*
 * IoAllocateIrp, IofCallDriver, IofCompleteRequest, IoReuseIrp, IoFreeIrp
 * (from the completion routine), IoInitializeIrp and IoSetCompletionRoutineEx:
 * an IRP sent down a two-device stack and completed back to its allocator.
 */
static const char *ntc_cx_irp(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	union {
		IRP irp;
		u8 bytes[sizeof(IRP) + 2 * sizeof(IO_STACK_LOCATION)];
	} buf;
	struct ntc_cx_irp_done d = { };
	const char *err = NULL;
	PIRP irp, own = &buf.irp;
	LONG_PTR refs;

	irp = IoAllocateIrp(x->irp_top->StackSize, FALSE);
	if (!irp)
		return "IoAllocateIrp failed";
	CX_CHECK(irp->StackCount == 2 && irp->CurrentLocation == 3);
	ntc_cx_irp_setup_next(irp);
	IoSetCompletionRoutine(irp, ntc_cx_irp_done, &d, TRUE, TRUE, TRUE);
	CX_CHECK(IoCallDriver(x->irp_top, irp) == STATUS_SUCCESS);
	CX_CHECK(d.runs == 1 && !d.dev);
	CX_CHECK(irp->IoStatus.Status == STATUS_SUCCESS && irp->IoStatus.Information == 42);

	/* Again, reused; with the Ex routine; freed by the routine. */
	IoReuseIrp(irp, STATUS_NOT_SUPPORTED);
	CX_CHECK(irp->CurrentLocation == 3 && irp->IoStatus.Status == STATUS_NOT_SUPPORTED);
	ntc_cx_irp_setup_next(irp);
	d.free = TRUE;
	CX_CHECK(IoSetCompletionRoutineEx(x->irp_top, irp, ntc_cx_irp_done, &d, TRUE, TRUE,
					  TRUE) == STATUS_SUCCESS);
	CX_CHECK(IoCallDriver(x->irp_top, irp) == STATUS_SUCCESS);
	CX_CHECK(d.runs == 2);
	/* The Ex routine's reference to x->irp_top is gone again. */
	refs = ObReferenceObject(x->irp_top);
	CX_CHECK(ObDereferenceObject(x->irp_top) == refs - 1);

	/* An IRP in the caller's memory. */
	IoInitializeIrp(own, sizeof(buf), 2);
	CX_CHECK(own->Type == IO_TYPE_IRP && own->CurrentLocation == 3);
	ntc_cx_irp_setup_next(own);
	d.free = FALSE;
	IoSetCompletionRoutine(own, ntc_cx_irp_done, &d, TRUE, TRUE, TRUE);
	CX_CHECK(IoCallDriver(x->irp_top, own) == STATUS_SUCCESS);
	CX_CHECK(d.runs == 3 && own->IoStatus.Information == 42);
	return err;
}

/*
 * IoForwardIrpSynchronously, by a dispatch routine holding location 2 of an
 * IRP, to x->irp_bottom; refused (FALSE, not sent) where it cannot wait.
 */
static const char *ntc_cx_irp_forward(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	struct ntc_cx_irp_done d = { .free = TRUE };
	const char *err = NULL;
	PIRP irp;

	irp = IoAllocateIrp(2, FALSE);
	if (!irp)
		return "IoAllocateIrp failed";
	ntc_cx_irp_setup_next(irp);
	IoSetCompletionRoutine(irp, ntc_cx_irp_done, &d, TRUE, TRUE, TRUE);
	IoSetNextIrpStackLocation(irp);		/* as IoCallDriver does */
	if (refuse) {
		CX_CHECK(!IoForwardIrpSynchronously(x->irp_bottom, irp));
		CX_CHECK(irp->CurrentLocation == 2 && irp->IoStatus.Status == STATUS_NOT_SUPPORTED);
	} else {
		CX_CHECK(IoForwardIrpSynchronously(x->irp_bottom, irp));
		CX_CHECK(irp->CurrentLocation == 2 && irp->IoStatus.Information == 42);
	}
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	CX_CHECK(d.runs == 1);
	return err;
}

/* IoAttachDeviceToDeviceStack(Safe) and IoDetachDevice */
static const char *ntc_cx_attach(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PDEVICE_OBJECT a = NULL, b = NULL, to = NULL;
	const char *err = NULL;

	CX_CHECK(IoCreateDevice(x->irp_drv, sizeof(PDEVICE_OBJECT), NULL, FILE_DEVICE_UNKNOWN,
				0, FALSE, &a) == STATUS_SUCCESS);
	CX_CHECK(IoCreateDevice(x->irp_drv, sizeof(PDEVICE_OBJECT), NULL, FILE_DEVICE_UNKNOWN,
				0, FALSE, &b) == STATUS_SUCCESS);
	if (!a || !b)
		goto out;
	a->Flags &= ~DO_DEVICE_INITIALIZING;
	CX_CHECK(IoAttachDeviceToDeviceStack(b, x->irp_top) == x->irp_top);
	CX_CHECK(b->StackSize == 3 && IoGetAttachedDevice(x->irp_bottom) == b);
	IoDetachDevice(x->irp_top);
	CX_CHECK(!x->irp_top->AttachedDevice);
	CX_CHECK(IoAttachDeviceToDeviceStackSafe(b, a, &to) == STATUS_SUCCESS && to == a);
	CX_CHECK(b->StackSize == 2 && a->AttachedDevice == b);
	IoDetachDevice(a);
	CX_CHECK(!a->AttachedDevice);
out:
	if (b)
		IoDeleteDevice(b);
	if (a)
		IoDeleteDevice(a);
	return err;
}

/* IoGetAttachedDevice(Reference), ObfReferenceObject, ObfDereferenceObject */
static const char *ntc_cx_references(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	LONG_PTR n;

	CX_CHECK(IoGetAttachedDevice(x->irp_bottom) == x->irp_top);
	CX_CHECK(IoGetAttachedDevice(x->irp_top) == x->irp_top);
	n = ObReferenceObject(x->irp_top);
	CX_CHECK(n >= 2);
	CX_CHECK(IoGetAttachedDeviceReference(x->irp_bottom) == x->irp_top);
	CX_CHECK(ObfReferenceObject(x->irp_top) == n + 2);
	CX_CHECK(ObfDereferenceObject(x->irp_top) == n + 1);
	CX_CHECK(ObDereferenceObject(x->irp_top) == n);
	CX_CHECK(ObDereferenceObject(x->irp_top) == n - 1);
	return err;
}

/* ---------------------------------------------------------------------- */
/* Registers, ports, delays, debug output                                 */

#define NTC_CX_MMIO_PA	0xfed40000ULL	/* x86: no RAM, nothing of QEMU's there */

/* MmMapIoSpace and MmUnmapIoSpace (nothing is accessed through the mapping) */
static const char *ntc_cx_map_io(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	static const MEMORY_CACHING_TYPE types[] = { MmNonCached, MmCached, MmWriteCombined };
	PHYSICAL_ADDRESS pa = { .QuadPart = NTC_CX_MMIO_PA };
	const char *err = NULL;
	unsigned int i;
	PVOID va;

	CX_CHECK(!MmMapIoSpace(pa, 0, MmNonCached));
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		va = MmMapIoSpace(pa, PAGE_SIZE, types[i]);
		/* UML has no I/O memory: its ioremap() is always NULL. */
		if (IS_ENABLED(CONFIG_UML))
			CX_CHECK(!va);
		else
			CX_CHECK(va);
		MmUnmapIoSpace(va, PAGE_SIZE);
	}
	return err;
}

/* READ_REGISTER_* and WRITE_REGISTER_*, on memory standing in for registers */
static const char *ntc_cx_registers(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	volatile ULONG *reg = &x->regs[c];
	const char *err = NULL;

	WRITE_REGISTER_ULONG(reg, 0x12345678 + c);
	CX_CHECK(READ_REGISTER_ULONG(reg) == 0x12345678 + c);
	WRITE_REGISTER_USHORT((volatile USHORT *)reg, 0xbeef);
	CX_CHECK(READ_REGISTER_USHORT((volatile USHORT *)reg) == 0xbeef);
	WRITE_REGISTER_UCHAR((volatile UCHAR *)reg, 0x5a);
	CX_CHECK(READ_REGISTER_UCHAR((volatile UCHAR *)reg) == 0x5a);
	return err;
}

#ifdef CONFIG_X86
/*
 * READ_PORT_* and WRITE_PORT_*: port 0x80, the POST code port Linux itself
 * writes for I/O delays; what it reads back is not defined.
 */
static const char *ntc_cx_ports(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const uintptr_t port = 0x80;

	WRITE_PORT_UCHAR((PUCHAR)port, 0);
	(void)READ_PORT_UCHAR((PUCHAR)port);
	WRITE_PORT_USHORT((PUSHORT)port, 0);
	(void)READ_PORT_USHORT((PUSHORT)port);
	WRITE_PORT_ULONG((PULONG)port, 0);
	(void)READ_PORT_ULONG((PULONG)port);
	return NULL;
}

#define NTC_CX_X86(fn)	fn
#else
#define NTC_CX_X86(fn)	NULL
#endif

/* The _BUFFER_ forms and the 64-bit registers, on memory (issue 13). */
static const char *ntc_cx_register_buffers(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	ULONG64 q[2] = { 0x1122334455667788ULL + c, 0x99aabbccddeeff00ULL }, qo[2] = { };
	ULONG l[2] = { 0x01020304, 0x05060708 + c }, lo[2] = { };
	volatile ULONG *reg = (volatile ULONG *)x->regs64[c];
	USHORT w[2] = { 0xbeef, 0xcafe }, wo[2] = { };
	UCHAR b[2] = { 0x5a, 0xa5 }, bo[2] = { };
	const char *err = NULL;

	WRITE_REGISTER_BUFFER_ULONG(reg, l, 2);
	READ_REGISTER_BUFFER_ULONG(reg, lo, 2);
	CX_CHECK(lo[0] == l[0] && lo[1] == l[1]);
	WRITE_REGISTER_BUFFER_USHORT((volatile USHORT *)reg, w, 2);
	READ_REGISTER_BUFFER_USHORT((volatile USHORT *)reg, wo, 2);
	CX_CHECK(wo[0] == w[0] && wo[1] == w[1]);
	WRITE_REGISTER_BUFFER_UCHAR((volatile UCHAR *)reg, b, 2);
	READ_REGISTER_BUFFER_UCHAR((volatile UCHAR *)reg, bo, 2);
	CX_CHECK(bo[0] == b[0] && bo[1] == b[1]);
#ifdef CONFIG_64BIT
	WRITE_REGISTER_ULONG64(x->regs64[c], q[0]);
	CX_CHECK(READ_REGISTER_ULONG64(x->regs64[c]) == q[0]);
	WRITE_REGISTER_BUFFER_ULONG64(x->regs64[c], q, 2);
	READ_REGISTER_BUFFER_ULONG64(x->regs64[c], qo, 2);
	CX_CHECK(qo[0] == q[0] && qo[1] == q[1]);
#endif
	return err;
}

#ifdef CONFIG_64BIT
#define NTC_CX_64(fn)	fn
#else
#define NTC_CX_64(fn)	NULL
#endif

#ifdef CONFIG_X86
/* READ/WRITE_PORT_BUFFER_*: port 0x80 again, one item each. */
static const char *ntc_cx_port_buffers(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const uintptr_t port = 0x80;
	ULONG l = 0;
	USHORT w = 0;
	UCHAR b = 0;

	WRITE_PORT_BUFFER_UCHAR((PUCHAR)port, &b, 1);
	READ_PORT_BUFFER_UCHAR((PUCHAR)port, &b, 1);
	WRITE_PORT_BUFFER_USHORT((PUSHORT)port, &w, 1);
	READ_PORT_BUFFER_USHORT((PUSHORT)port, &w, 1);
	WRITE_PORT_BUFFER_ULONG((PULONG)port, &l, 1);
	READ_PORT_BUFFER_ULONG((PULONG)port, &l, 1);
	return NULL;
}
#endif

/* The ExInterlocked list calls: any IRQL, their lock free afterwards. */
static const char *ntc_cx_exlist(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PKSPIN_LOCK lock = &x->exlock[c];
	SINGLE_LIST_ENTRY stack = { NULL }, s1;
	LIST_ENTRY head, e1, e2;
	const char *err = NULL;

	InitializeListHead(&head);
	CX_CHECK(!ExInterlockedInsertTailList(&head, &e1, lock));
	CX_CHECK(ExInterlockedInsertHeadList(&head, &e2, lock) == &e1);
	CX_CHECK(ExInterlockedRemoveHeadList(&head, lock) == &e2);
	CX_CHECK(ExInterlockedRemoveHeadList(&head, lock) == &e1);
	CX_CHECK(!ExInterlockedRemoveHeadList(&head, lock));
	CX_CHECK(!ExInterlockedPushEntryList(&stack, &s1, lock));
	CX_CHECK(ExInterlockedPopEntryList(&stack, lock) == &s1);
	CX_CHECK(!ExInterlockedPopEntryList(&stack, lock));
	CX_CHECK(READ_ONCE(*lock) == 0);
	CX_CHECK(KeGetCurrentIrql() == ntc_cx_irql(x, c));
	return err;
}

static const char *ntc_cx_compare_memory(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	static const UCHAR a[4] = { 1, 2, 3, 4 }, b[4] = { 1, 2, 9, 4 };
	const char *err = NULL;

	CX_CHECK(RtlCompareMemory(a, b, sizeof(a)) == 2);
	CX_CHECK(RtlCompareMemory(a, a, sizeof(a)) == sizeof(a));
	return err;
}

/* A checked build's failed ASSERT: a warning with a stack, and on it goes. */
static const char *ntc_cx_rtl_assert(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	NTC_SPLAT_BEGIN("RtlAssert: a failed assertion warns");
	RtlAssert((PVOID)"ntc-kunit expected", (PVOID)__FILE__, __LINE__, (PCHAR)ntc_ctx_name[c]);
	NTC_SPLAT_END();
	return NULL;
}

/*
 * HalGetInterruptVector/HalTranslateBusAddress (pdo.c): PASSIVE_LEVEL, they
 * take the PnP lock; refused elsewhere (0 / FALSE, nothing written).
 */
static const char *ntc_cx_hal_vector(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	ULONG irq = x->sim->irq[NTC_CX_LINE_TARGET];
	KAFFINITY affinity = 1;
	const char *err = NULL;
	KIRQL irql = 1;
	ULONG v;

	v = HalGetInterruptVector(PCIBus, 0, irq, irq, &irql, &affinity);
	if (refuse) {
		CX_CHECK(v == 0 && irql == 0 && affinity == 0);
		return err;
	}
	CX_CHECK(v == irq);
	CX_CHECK(irql >= 3 && irql <= 11);
	CX_CHECK(affinity != 0);
	return err;
}

static const char *ntc_cx_hal_translate(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	PHYSICAL_ADDRESS bus = { .QuadPart = 0x3f8 }, out = { .QuadPart = -1 };
	const char *err = NULL;
	ULONG space = 1;
	BOOLEAN ok;

	ok = HalTranslateBusAddress(Isa, 0, bus, &space, &out);
	if (refuse || !IS_ENABLED(CONFIG_X86)) {
		CX_CHECK(!ok && out.QuadPart == -1);
		return err;
	}
	CX_CHECK(ok && out.QuadPart == 0x3f8 && space == 1);
	return err;
}

static const char *ntc_cx_stall(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	ktime_t t0 = ktime_get();

	KeStallExecutionProcessor(50);
	/* At least what was asked, everywhere (udelay() came out short). */
	CX_CHECK(ktime_us_delta(ktime_get(), t0) >= 50);
	return err;
}

static const char *ntc_cx_dbgprint(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	CX_CHECK(DbgPrint("ntc-kunit: DbgPrint from a %s\n", ntc_ctx_name[c]) ==
		 STATUS_SUCCESS);
	return err;
}

static ULONG ntc_cx_vdbgprint(ULONG level, PCCH fmt, ...)
{
	va_list args;
	ULONG r;

	va_start(args, fmt);
	r = vDbgPrintEx(DPFLTR_IHVDRIVER_ID, level, fmt, args);
	va_end(args);
	return r;
}

static const char *ntc_cx_dbgprint_ex(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;

	CX_CHECK(DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL,
			    "ntc-kunit: DbgPrintEx from a %s, %lx %I64x\n",
			    ntc_ctx_name[c], (ULONG)1, 2ULL) == STATUS_SUCCESS);
	CX_CHECK(ntc_cx_vdbgprint(DPFLTR_INFO_LEVEL, "ntc-kunit: vDbgPrintEx from a %s\n",
				  ntc_ctx_name[c]) == STATUS_SUCCESS);
	return err;
}

static const char *ntc_cx_nt_vsnprintf(struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	const char *err = NULL;
	char buf[32];

	CX_CHECK(ntc_nt_fmt(buf, sizeof(buf), "%lx %I64x %ws", (ULONG)0x11111111,
			    0x2222222233333333ULL, u"w") == 27);
	CX_CHECK(!strcmp(buf, "11111111 2222222233333333 w"));
	return err;
}

/* ---------------------------------------------------------------------- */
/* The table: one row per EXPORT_SYMBOL of ntcompat.                 */

static const struct ntc_cx_row ntc_cx_rows[] = {
	/* irql.c */
	{ "KeGetCurrentIrql",		C_ANY, 0, 0, ntc_cx_get_irql },
	{ "KfRaiseIrql",		C_ANY, 0, 0, ntc_cx_raise_lower },
	{ "KeLowerIrql",		C_ANY, 0, 0, ntc_cx_raise_lower },
	{ "KeRaiseIrqlToDpcLevel",	C_LE_D, 0, 0, ntc_cx_raise_to_dpc },
	{ "KeAcquireSpinLockRaiseToDpc", C_LE_D, 0, 0, ntc_cx_spin_lock },
	{ "KeReleaseSpinLock",		C_LE_D, 0, 0, ntc_cx_spin_lock },
	{ "KeAcquireSpinLockAtDpcLevel", C_GE_D, 0, 0, ntc_cx_spin_lock_dpc },
	{ "KeReleaseSpinLockFromDpcLevel", C_GE_D, 0, 0, ntc_cx_spin_lock_dpc },
	{ "KeGetCurrentProcessorNumber", C_ANY, 0, 0, ntc_cx_cpu_number },
	{ "KeQueryActiveProcessorCount", C_ANY, 0, 0, ntc_cx_cpu_count },
	/* lockdep.c (debug kernels; otherwise KeInitializeSpinLock is inline) */
	{ "ntcompat_init_spin_lock",	C_ANY, 0, 0, NTC_CX_LOCKDEP(ntc_cx_init_lock_class) },
	{ "KeInitializeSpinLock",	C_ANY, 0, 0, NTC_CX_LOCKDEP(ntc_cx_init_lock_fn) },
	/* dpc.c */
	{ "KeInitializeDpc",		C_ANY, 0, 0, ntc_cx_init_dpc },
	{ "KeInitializeThreadedDpc",	C_ANY, 0, 0, ntc_cx_init_threaded_dpc },
	{ "KeInsertQueueDpc",		C_ANY, 0, 0, ntc_cx_insert_dpc, ntc_cx_insert_dpc_post },
	{ "KeRemoveQueueDpc",		C_ANY, 0, 0, ntc_cx_remove_dpc, ntc_cx_remove_dpc_post },
	{ "KeSetImportanceDpc",		C_ANY, 0, 0, ntc_cx_importance },
	{ "KeSetTargetProcessorDpc",	C_ANY, 0, 0, ntc_cx_target_cpu, ntc_cx_target_cpu_post },
	/* PASSIVE_LEVEL; a passive ISR is at PASSIVE_LEVEL and may wait for DPCs */
	{ "KeFlushQueuedDpcs",		C_P | C_PISR, C_D | C_DPC | C_TDPC | C_ISR | C_SYNC, 0,
					ntc_cx_flush, ntc_cx_insert_dpc_post },
	/* sync.c: IRQL <= the interrupt's SynchronizeIrql */
	{ "KeSynchronizeExecution",	C_ANY, 0, 0, ntc_cx_synchronize },
	{ "KeAcquireInterruptSpinLock",	C_ANY, 0, 0, ntc_cx_interrupt_lock },
	{ "KeReleaseInterruptSpinLock",	C_ANY, 0, 0, ntc_cx_interrupt_lock },
	/* interrupt.c: PnP calls at PASSIVE_LEVEL, refused elsewhere */
	{ "IoConnectInterruptEx",	C_P, C_NOT_P, 0, ntc_cx_connect_ex },
	{ "IoConnectInterrupt",		C_P, C_NOT_P, 0, ntc_cx_connect },
	{ "IoDisconnectInterruptEx",	C_P, C_NOT_P, 0, ntc_cx_disconnect_ex },
	{ "IoDisconnectInterrupt",	C_P, C_NOT_P, 0, ntc_cx_disconnect },
	{ "IoReportInterruptInactive",	C_LE_D, 0, 0, ntc_cx_inactive, ntc_cx_inactive_post },
	{ "IoReportInterruptActive",	C_LE_D, 0, 0, ntc_cx_active, ntc_cx_active_post },
	{ "IoGetAffinityInterrupt",	C_ANY, 0, 0, ntc_cx_affinity },
	{ "ntcompat_interrupt_stats",	C_ANY, 0, 0, ntc_cx_stats },
	/* pdo.c: ntcompat's PnP seam (process context), IoCreate/DeleteDevice */
	{ "ntcompat_create_pdo",	C_P, 0, 0, ntc_cx_create_pdo },
	{ "ntcompat_create_pci_pdo",	C_P, 0, 0, ntc_cx_create_pci_pdo },
	{ "ntcompat_pdo_device",	C_ANY, 0, 0, ntc_cx_pdo_device },
	{ "ntcompat_assign_resources",	C_P, C_NOT_P, 0, ntc_cx_assign },
	{ "ntcompat_release_resources",	C_P, C_NOT_P, 0, ntc_cx_release },
	{ "ntcompat_delete_pdo",	C_P, C_NOT_P, 0, ntc_cx_delete_pdo },
	{ "ntcompat_create_driver_object", C_P, 0, 0, ntc_cx_driver_object },
	{ "ntcompat_delete_driver_object", C_P, 0, 0, ntc_cx_driver_object },
	{ "IoCreateDevice",		C_P, 0, 0, ntc_cx_device_object },
	{ "IoDeleteDevice",		C_P, 0, 0, ntc_cx_device_object },
	/* irp.c */
	{ "IoAllocateIrp",		C_LE_D, 0, 0, ntc_cx_irp },
	{ "IoFreeIrp",			C_LE_D, 0, 0, ntc_cx_irp },
	{ "IoInitializeIrp",		C_LE_D, 0, 0, ntc_cx_irp },
	{ "IoReuseIrp",			C_LE_D, 0, 0, ntc_cx_irp },
	{ "IofCallDriver",		C_LE_D, 0, 0, ntc_cx_irp },
	{ "IofCompleteRequest",		C_LE_D, 0, 0, ntc_cx_irp },
	{ "IoSetCompletionRoutineEx",	C_LE_D, 0, 0, ntc_cx_irp },
	{ "IoForwardIrpSynchronously",	C_P, C_D | C_DPC | C_TDPC | C_PISR, 0, ntc_cx_irp_forward },
	/* devstack.c */
	{ "IoAttachDeviceToDeviceStack", C_P, 0, 0, ntc_cx_attach },
	{ "IoAttachDeviceToDeviceStackSafe", C_P, 0, 0, ntc_cx_attach },
	{ "IoDetachDevice",		C_P, 0, 0, ntc_cx_attach },
	{ "IoGetAttachedDevice",	C_LE_D, 0, 0, ntc_cx_references },
	{ "IoGetAttachedDeviceReference", C_LE_D, 0, 0, ntc_cx_references },
	{ "ObfReferenceObject",		C_LE_D, 0, 0, ntc_cx_references },
	{ "ObfDereferenceObject",	C_LE_D, 0, 0, ntc_cx_references },
	/*
	 * hal.c. The WDK allows MmMapIoSpace/MmUnmapIoSpace at IRQL <=
	 * DISPATCH_LEVEL; ntcompat maps with ioremap()/iounmap(), which sleep:
	 * PASSIVE_LEVEL only (its kernel-doc says so), DISPATCH_LEVEL not here.
	 */
	{ "MmMapIoSpace",		C_LE_D, 0, C_D | C_DPC, ntc_cx_map_io },
	{ "MmUnmapIoSpace",		C_LE_D, 0, C_D | C_DPC, ntc_cx_map_io },
	{ "READ_REGISTER_UCHAR",	C_ANY, 0, 0, ntc_cx_registers },
	{ "WRITE_REGISTER_UCHAR",	C_ANY, 0, 0, ntc_cx_registers },
	{ "READ_REGISTER_USHORT",	C_ANY, 0, 0, ntc_cx_registers },
	{ "WRITE_REGISTER_USHORT",	C_ANY, 0, 0, ntc_cx_registers },
	{ "READ_REGISTER_ULONG",	C_ANY, 0, 0, ntc_cx_registers },
	{ "WRITE_REGISTER_ULONG",	C_ANY, 0, 0, ntc_cx_registers },
	{ "KeStallExecutionProcessor",	C_ANY, 0, 0, ntc_cx_stall },
	/* dbgprint.c: any IRQL */
	{ "DbgPrint",			C_ANY, 0, 0, ntc_cx_dbgprint },
	{ "DbgPrintEx",			C_ANY, 0, 0, ntc_cx_dbgprint_ex },
	{ "vDbgPrintEx",		C_ANY, 0, 0, ntc_cx_dbgprint_ex },
	{ "ntcompat_nt_vsnprintf",	C_ANY, 0, 0, ntc_cx_nt_vsnprintf },
	{ "READ_REGISTER_BUFFER_UCHAR",	C_ANY, 0, 0, ntc_cx_register_buffers },
	{ "WRITE_REGISTER_BUFFER_UCHAR", C_ANY, 0, 0, ntc_cx_register_buffers },
	{ "READ_REGISTER_BUFFER_USHORT", C_ANY, 0, 0, ntc_cx_register_buffers },
	{ "WRITE_REGISTER_BUFFER_USHORT", C_ANY, 0, 0, ntc_cx_register_buffers },
	{ "READ_REGISTER_BUFFER_ULONG",	C_ANY, 0, 0, ntc_cx_register_buffers },
	{ "WRITE_REGISTER_BUFFER_ULONG", C_ANY, 0, 0, ntc_cx_register_buffers },
	{ "READ_REGISTER_ULONG64",	C_ANY, 0, 0, NTC_CX_64(ntc_cx_register_buffers) },
	{ "WRITE_REGISTER_ULONG64",	C_ANY, 0, 0, NTC_CX_64(ntc_cx_register_buffers) },
	{ "READ_REGISTER_BUFFER_ULONG64", C_ANY, 0, 0, NTC_CX_64(ntc_cx_register_buffers) },
	{ "WRITE_REGISTER_BUFFER_ULONG64", C_ANY, 0, 0, NTC_CX_64(ntc_cx_register_buffers) },
	/* RtlCompareMemory: any IRQL on nonpaged memory */
	{ "RtlCompareMemory",		C_ANY, 0, 0, ntc_cx_compare_memory },
	{ "RtlAssert",			C_ANY, 0, 0, ntc_cx_rtl_assert },
	/* exlist.c: any IRQL */
	{ "ExInterlockedInsertHeadList", C_ANY, 0, 0, ntc_cx_exlist },
	{ "ExInterlockedInsertTailList", C_ANY, 0, 0, ntc_cx_exlist },
	{ "ExInterlockedRemoveHeadList", C_ANY, 0, 0, ntc_cx_exlist },
	{ "ExInterlockedPushEntryList",	C_ANY, 0, 0, ntc_cx_exlist },
	{ "ExInterlockedPopEntryList",	C_ANY, 0, 0, ntc_cx_exlist },
	/* pdo.c: the legacy HAL calls, PASSIVE_LEVEL, refused elsewhere */
	{ "HalGetInterruptVector",	C_P, C_NOT_P, 0, ntc_cx_hal_vector },
	{ "HalTranslateBusAddress",	C_P, C_NOT_P, 0, ntc_cx_hal_translate },
	/* timer.c: timers at IRQL <= DISPATCH_LEVEL, the queries at any IRQL */
	{ "KeInitializeTimer",		C_LE_D, 0, 0, ntc_cx_init_timer },
	{ "KeInitializeTimerEx",	C_LE_D, 0, 0, ntc_cx_init_timer },
	{ "KeSetTimer",			C_LE_D, 0, 0, ntc_cx_set_timer, ntc_cx_set_timer_post },
	{ "KeSetTimerEx",		C_LE_D, 0, 0, ntc_cx_set_timer, ntc_cx_set_timer_post },
	{ "KeCancelTimer",		C_LE_D, 0, 0, ntc_cx_set_timer, ntc_cx_set_timer_post },
	{ "KeReadStateTimer",		C_ANY, 0, 0, ntc_cx_read_state_timer },
	{ "KeQueryInterruptTime",	C_ANY, 0, 0, ntc_cx_time },
	{ "KeQueryTimeIncrement",	C_ANY, 0, 0, ntc_cx_time },
	{ "KeQuerySystemTime",		C_ANY, 0, 0, ntc_cx_time },
	{ "KeQuerySystemTimePrecise",	C_ANY, 0, 0, ntc_cx_time },
	{ "KeQueryTickCount",		C_ANY, 0, 0, ntc_cx_time },
	{ "KeQueryPerformanceCounter",	C_ANY, 0, 0, ntc_cx_time },
	{ "IoInitializeTimer",		C_P, 0, 0, ntc_cx_io_init_timer },
	{ "IoStartTimer",		C_LE_D, 0, 0, ntc_cx_io_start_stop },
	{ "IoStopTimer",		C_LE_D, 0, 0, ntc_cx_io_start_stop },
	/*
	 * wait.c: events at IRQL <= DISPATCH_LEVEL (reading one at any); waits
	 * at IRQL <= DISPATCH_LEVEL, with a zero timeout at DISPATCH_LEVEL
	 */
	{ "KeInitializeEvent",		C_ANY, 0, 0, ntc_cx_init_event },
	{ "KeSetEvent",			C_LE_D, 0, 0, ntc_cx_set_event, ntc_cx_set_event_post },
	{ "KeResetEvent",		C_LE_D, 0, 0, ntc_cx_set_event, ntc_cx_set_event_post },
	{ "KeClearEvent",		C_LE_D, 0, 0, ntc_cx_set_event, ntc_cx_set_event_post },
	{ "KeReadStateEvent",		C_ANY, 0, 0, ntc_cx_read_state_event },
	{ "KeWaitForSingleObject",	C_LE_D, C_ISR | C_SYNC, 0, ntc_cx_wait },
	{ "KeWaitForMultipleObjects",	C_LE_D, C_ISR | C_SYNC, 0, ntc_cx_wait },
	/* remlock.c: init and AndWait at PASSIVE_LEVEL, the rest <= DISPATCH_LEVEL */
	{ "IoInitializeRemoveLockEx",	C_P, 0, 0, ntc_cx_remlock_init },
	{ "IoAcquireRemoveLockEx",	C_LE_D, 0, 0, ntc_cx_remlock },
	{ "IoReleaseRemoveLockEx",	C_LE_D, 0, 0, ntc_cx_remlock },
	{ "IoReleaseRemoveLockAndWaitEx", C_P | C_PISR, C_NOT_P & ~C_PISR, 0,
					ntc_cx_remlock_and_wait },
	/* port.c (x86 only) */
	{ "READ_PORT_UCHAR",		C_ANY, 0, 0, NTC_CX_X86(ntc_cx_ports) },
	{ "WRITE_PORT_UCHAR",		C_ANY, 0, 0, NTC_CX_X86(ntc_cx_ports) },
	{ "READ_PORT_USHORT",		C_ANY, 0, 0, NTC_CX_X86(ntc_cx_ports) },
	{ "WRITE_PORT_USHORT",		C_ANY, 0, 0, NTC_CX_X86(ntc_cx_ports) },
	{ "READ_PORT_ULONG",		C_ANY, 0, 0, NTC_CX_X86(ntc_cx_ports) },
	{ "WRITE_PORT_ULONG",		C_ANY, 0, 0, NTC_CX_X86(ntc_cx_ports) },
	{ "READ_PORT_BUFFER_UCHAR",	C_ANY, 0, 0, NTC_CX_X86(ntc_cx_port_buffers) },
	{ "WRITE_PORT_BUFFER_UCHAR",	C_ANY, 0, 0, NTC_CX_X86(ntc_cx_port_buffers) },
	{ "READ_PORT_BUFFER_USHORT",	C_ANY, 0, 0, NTC_CX_X86(ntc_cx_port_buffers) },
	{ "WRITE_PORT_BUFFER_USHORT",	C_ANY, 0, 0, NTC_CX_X86(ntc_cx_port_buffers) },
	{ "READ_PORT_BUFFER_ULONG",	C_ANY, 0, 0, NTC_CX_X86(ntc_cx_port_buffers) },
	{ "WRITE_PORT_BUFFER_ULONG",	C_ANY, 0, 0, NTC_CX_X86(ntc_cx_port_buffers) },
};

/* Every EXPORT_SYMBOL of the ntcompat sources, extracted at build time (Kbuild). */
static const char *const ntc_cx_exports[] = {
#include "ntc_exports.h"
};

/* ---------------------------------------------------------------------- */
/* Running a row in a context                                              */

static void ntc_cx_call(struct ntc_cx *x)
{
	x->result = x->row->fn(x, x->cur, x->refuse);
	x->ran = true;
}

static BOOLEAN ntc_cx_isr(PKINTERRUPT interrupt, PVOID context)
{
	struct ntc_cx *x = context;

	int armed = READ_ONCE(x->armed);

	/* Only the interrupt the test fired, once (DEBUG_SHIRQ calls others). */
	if ((armed == NTC_CTX_ISR && interrupt == x->ctx_kint) ||
	    (armed == NTC_CTX_PASSIVE_ISR && interrupt == x->pisr_kint)) {
		WRITE_ONCE(x->armed, -1);
		ntc_cx_call(x);
		complete(&x->done);
	}
	return TRUE;
}

static BOOLEAN ntc_cx_sync(PVOID context)
{
	ntc_cx_call(context);
	return TRUE;
}

static void ntc_cx_dpc(PKDPC dpc, PVOID context, PVOID a1, PVOID a2)
{
	struct ntc_cx *x = context;

	ntc_cx_call(x);
	complete(&x->done);
}

static void ntc_cx_run(struct kunit *test, struct ntc_cx *x, enum ntc_ctx c, bool refuse)
{
	unsigned int line;
	KIRQL old;

	x->cur = c;
	x->refuse = refuse;
	x->ran = false;
	x->result = NULL;
	reinit_completion(&x->done);
	if (refuse)
		NTC_SPLAT_BEGIN("a waiting call refused where it cannot wait, with a stack");
	switch (c) {
	case NTC_CTX_PASSIVE:
		ntc_cx_call(x);
		break;
	case NTC_CTX_DISPATCH:
		KeRaiseIrql(DISPATCH_LEVEL, &old);
		ntc_cx_call(x);
		KeLowerIrql(old);
		break;
	case NTC_CTX_DPC:
	case NTC_CTX_THREADED_DPC:
		if (c == NTC_CTX_DPC)
			KeInitializeDpc(&x->run_dpc, ntc_cx_dpc, x);
		else
			KeInitializeThreadedDpc(&x->run_dpc, ntc_cx_dpc, x);
		KUNIT_ASSERT_TRUE(test, KeInsertQueueDpc(&x->run_dpc, NULL, NULL));
		NTC_WAIT(test, &x->done);
		KeFlushQueuedDpcs();
		break;
	case NTC_CTX_ISR:
	case NTC_CTX_PASSIVE_ISR:
		line = c == NTC_CTX_ISR ? NTC_CX_LINE_CTX : NTC_CX_LINE_PISR;
		WRITE_ONCE(x->armed, c);
		ntc_sim_fire(test, x->sim, line);
		NTC_WAIT(test, &x->done);
		ntc_sim_wait_handled(test, x->sim, line,
				     c == NTC_CTX_ISR ? x->ctx_kint : x->pisr_kint);
		break;
	case NTC_CTX_SYNC:
		KUNIT_EXPECT_TRUE(test, KeSynchronizeExecution(x->ctx_kint, ntc_cx_sync, x));
		break;
	default:
		KUNIT_FAIL(test, "no context %d", c);
	}
	if (refuse)
		NTC_SPLAT_END();
	KUNIT_EXPECT_TRUE_MSG(test, x->ran, "%s: not called in a %s", x->row->name,
			      ntc_ctx_name[c]);
	if (x->result)
		KUNIT_FAIL(test, "%s in a %s%s: %s", x->row->name, ntc_ctx_name[c],
			   refuse ? " (refusal)" : "", x->result);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	if (x->row->post)
		x->row->post(test, x, c, refuse);
	/* Whatever the call did, the target is still connected and works. */
	KUNIT_EXPECT_TRUE_MSG(test, ntc_cx_target_connected(x), "after %s in a %s",
			      x->row->name, ntc_ctx_name[c]);
	KUNIT_EXPECT_PTR_EQ(test, ntcompat_pdo_device(x->target_pdo), x->target_dev);
}

#ifdef CONFIG_LOCKDEP
/*
 * One class per context for the driver locks: a lock an ISR takes is
 * IRQ-unsafe wherever else it is taken with IRQs on, as on Windows.
 */
static NTCOMPAT_LOCK_CLASS ntc_cx_lock_class[NTC_CTX_NR];
#endif

/* The IRP rows' stack: detached, then its devices deleted with the driver. */
static void ntc_cx_irp_drv_delete(void *data)
{
	PDRIVER_OBJECT drv = data;
	PDEVICE_OBJECT d;

	for (d = drv->DeviceObject; d; d = d->NextDevice)
		if (d->AttachedDevice)
			IoDetachDevice(d);
	ntcompat_delete_driver_object(drv);
}

/* No timer of the table's stays set once x is freed. */
static void ntc_cx_timers_stop(void *data)
{
	struct ntc_cx *x = data;
	unsigned int c;

	for (c = 0; c < NTC_CTX_NR; c++)
		KeCancelTimer(&x->timer[c]);
	KeCancelTimer(&x->fired);
	KeFlushQueuedDpcs();
}

static struct ntc_cx *ntc_cx_setup(struct kunit *test)
{
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	struct ntc_sim *sim;
	struct ntc_cx *x;
	unsigned int c;

	sim = ntc_sim_create(test, NTC_CX_LINES);
	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);	/* outlives the connections */
	KUNIT_ASSERT_NOT_NULL(test, x);
	x->test = test;
	x->sim = sim;
	x->armed = -1;
	init_completion(&x->done);
	for (c = 0; c < NTC_CTX_NR; c++)
		KeInitializeTimer(&x->timer[c]);
	KeInitializeTimer(&x->fired);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_cx_timers_stop, x), 0);
	for (c = 0; c < NTC_CTX_NR; c++) {
		KeInitializeEvent(&x->ev[c], NotificationEvent, FALSE);
		KeInitializeEvent(&x->sev[c], SynchronizationEvent, FALSE);
		IoInitializeRemoveLock(&x->rl[c], 0, 0, 0);
	}
	KeInitializeEvent(&x->signaled, NotificationEvent, TRUE);
	KeSetTimer(&x->fired, (LARGE_INTEGER){ .QuadPart = 0 }, NULL);	/* long past */
	for (c = 0; c < NTC_CTX_NR; c++) {
#ifdef CONFIG_LOCKDEP
		ntcompat_init_spin_lock(&x->lock[c], &ntc_cx_lock_class[c], "ntc_cx_lock[c]");
#else
		KeInitializeSpinLock(&x->lock[c]);
#endif
	}
	x->dev = kunit_device_register(test, "ntc-kunit-cx");
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(x->dev));

	/* The ISR and sync contexts: a DIRQL line of their own. */
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[NTC_CX_LINE_CTX],
		       &x->ctx_kint, ntc_cx_isr, x);
	p.FullySpecified.ShareVector = FALSE;
	x->ctx_irql = p.FullySpecified.SynchronizeIrql;
	KUNIT_ASSERT_GE(test, x->ctx_irql, (KIRQL)3);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	/* The passive ISR context. */
	memset(&p, 0, sizeof(p));
	p.Version = CONNECT_LINE_BASED;
	p.LineBased.PhysicalDeviceObject = ntc_line_pdo(test, sim->irq[NTC_CX_LINE_PISR], true,
							NULL);
	p.LineBased.InterruptObject = &x->pisr_kint;
	p.LineBased.ServiceRoutine = ntc_cx_isr;
	p.LineBased.ServiceContext = x;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	/* The target, synchronised with from every context. */
	x->tpr = ntc_probe_new(test, TRUE);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[NTC_CX_LINE_TARGET],
		       &x->target, ntc_isr, x->tpr);
	p.FullySpecified.ShareVector = FALSE;
	p.FullySpecified.SynchronizeIrql = NTC_CX_TARGET_SYNC;
	x->target_pdo = p.FullySpecified.PhysicalDeviceObject;
	x->target_dev = ntcompat_pdo_device(x->target_pdo);
	KUNIT_ASSERT_NOT_NULL(test, x->target_dev);
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	/* A spare line with a PDO, for the calls that connect. */
	d = ntc_fully_line(test, &x->spare, CONNECT_FULLY_SPECIFIED,
			   sim->irq[NTC_CX_LINE_SPARE], &x->spare_out, ntc_isr,
			   ntc_probe_new(test, TRUE));
	KUNIT_ASSERT_NOT_NULL(test, d);
	x->spare.FullySpecified.ShareVector = FALSE;

	/* The device timer of the IoStartTimer/IoStopTimer rows. */
	KUNIT_ASSERT_EQ(test, IoInitializeTimer(x->target_pdo, ntc_cx_io_timer_routine, x),
			STATUS_SUCCESS);
	/* x->fired expires at once, in softirq: wait for it (bounded). */
	for (c = 0; c < NTC_WAIT_MS && !KeReadStateTimer(&x->fired); c++)
		usleep_range(1000, 2000);
	KUNIT_ASSERT_TRUE(test, KeReadStateTimer(&x->fired));

	/* The device stack of the IRP rows. */
	KUNIT_ASSERT_EQ(test, ntcompat_create_driver_object("ntc_cx_irp", ntc_cx_irp_driver_entry,
							    &x->irp_drv), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_cx_irp_drv_delete, x->irp_drv),
			0);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(x->irp_drv, sizeof(PDEVICE_OBJECT), NULL,
					     FILE_DEVICE_UNKNOWN, 0, FALSE, &x->irp_bottom),
			STATUS_SUCCESS);
	x->irp_bottom->Flags &= ~DO_DEVICE_INITIALIZING;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(x->irp_drv, sizeof(PDEVICE_OBJECT), NULL,
					     FILE_DEVICE_UNKNOWN, 0, FALSE, &x->irp_top),
			STATUS_SUCCESS);
	*(PDEVICE_OBJECT *)x->irp_top->DeviceExtension =
		IoAttachDeviceToDeviceStack(x->irp_top, x->irp_bottom);
	KUNIT_ASSERT_PTR_EQ(test, *(PDEVICE_OBJECT *)x->irp_top->DeviceExtension, x->irp_bottom);
	x->irp_top->Flags &= ~DO_DEVICE_INITIALIZING;
	return x;
}

static void ntc_cx_table(struct kunit *test)
{
	const struct ntc_cx_row *row = test->param_value;
	unsigned int c, called = 0;
	struct ntc_cx *x;

	if (!row->fn)
		kunit_skip(test, "%s is not built into this kernel", row->name);
	x = ntc_cx_setup(test);
	x->row = row;
	for (c = 0; c < NTC_CTX_NR; c++) {
		if (row->wdk & ~row->not_here & BIT(c))
			ntc_cx_run(test, x, c, false);
		else if (row->refused & BIT(c))
			ntc_cx_run(test, x, c, true);
		else
			continue;
		called++;
	}
	KUNIT_EXPECT_GT(test, called, 0U);
	/* And the context interrupts still work. */
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static const void *ntc_cx_gen(const void *prev, char *desc)
{
	const struct ntc_cx_row *r = prev ? (const struct ntc_cx_row *)prev + 1 : ntc_cx_rows;

	if (r >= ntc_cx_rows + ARRAY_SIZE(ntc_cx_rows))
		return NULL;
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
	return r;
}

static bool ntc_cx_listed(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

/*
 * The table and the exports agree: a new EXPORT_SYMBOL without a row fails
 * here, and so does a row for a function that is no longer exported. The
 * rows are consistent: no context both allowed and refused.
 */
static void ntc_cx_every_export_listed(struct kunit *test)
{
	const char *names[ARRAY_SIZE(ntc_cx_rows)];
	size_t i;

	KUNIT_ASSERT_GT(test, ARRAY_SIZE(ntc_cx_exports), (size_t)0);
	for (i = 0; i < ARRAY_SIZE(ntc_cx_rows); i++) {
		names[i] = ntc_cx_rows[i].name;
		KUNIT_EXPECT_EQ_MSG(test, ntc_cx_rows[i].wdk & ntc_cx_rows[i].refused, 0U,
				    "%s: a context both allowed and refused", names[i]);
		KUNIT_EXPECT_EQ_MSG(test, ntc_cx_rows[i].not_here & ~ntc_cx_rows[i].wdk, 0U,
				    "%s: not_here must be a part of wdk", names[i]);
		KUNIT_EXPECT_FALSE_MSG(test, ntc_cx_listed(names[i], names, i),
				       "%s has two rows", names[i]);
		KUNIT_EXPECT_TRUE_MSG(test, ntc_cx_listed(names[i], ntc_cx_exports,
							  ARRAY_SIZE(ntc_cx_exports)),
				      "row %s: ntcompat exports no such function", names[i]);
	}
	for (i = 0; i < ARRAY_SIZE(ntc_cx_exports); i++)
		KUNIT_EXPECT_TRUE_MSG(test, ntc_cx_listed(ntc_cx_exports[i], names,
							  ARRAY_SIZE(names)),
				      "%s is exported but has no row in ntc_cx_rows",
				      ntc_cx_exports[i]);
}

static struct kunit_case ntc_context_cases[] = {
	KUNIT_CASE(ntc_cx_every_export_listed),
	KUNIT_CASE_PARAM(ntc_cx_table, ntc_cx_gen),
	{}
};

static struct kunit_suite ntc_context_suite = {
	.name = "ntc_context",
	.test_cases = ntc_context_cases,
};

kunit_test_suite(ntc_context_suite);
