// SPDX-License-Identifier: GPL-2.0
/*
 * NT spin locks under lockdep (ntcompat/lockdep.c).
 *
 * ntc_lockorder: what drivers normally do produces no report: a DPC taking a
 * KSPIN_LOCK at DISPATCH_LEVEL and then synchronising with the ISR, the
 * driver's KSPIN_LOCK as the interrupt lock (ISR, KeSynchronizeExecution,
 * KeAcquireInterruptSpinLock, and by address at SynchronizeIrql), MSI-X
 * messages sharing one KSPIN_LOCK, nested interrupt objects' own locks,
 * locks never initialised or initialised through a function pointer, and an
 * address re-initialised for a new lock.
 *
 * ntc_lockorder_report: a driver's ABBA is reported. A report turns lockdep off
 * for the rest of the boot (debug_locks_off()), so these cases skip unless
 * booted with ntcompat_kunit.lock_report=1, which kunit/run.sh does for
 * each of them in a boot of its own after the other suites.
 */
#include <linux/debug_locks.h>
#include <linux/moduleparam.h>

#include "ntc_test.h"

static bool ntc_lock_report;
module_param_named(lock_report, ntc_lock_report, bool, 0444);
MODULE_PARM_DESC(lock_report, "run the ntc_lockorder_report cases (each turns lockdep off)");

struct ntc_ld_ctx {
	KDPC dpc;
	PKSPIN_LOCK data_lock;		/* taken by the DPC at DISPATCH_LEVEL */
	PKSPIN_LOCK inner;		/* taken inside the SynchCritSection, or NULL */
	PKINTERRUPT intobj;
	PKINTERRUPT nested;		/* synchronise with this one inside, or NULL */
	atomic_t isr_calls;
	int sync_calls;
	struct completion isr_done;
	struct completion dpc_done;
};

static BOOLEAN ntc_ld_sync(PVOID context)
{
	struct ntc_ld_ctx *c = context;

	c->sync_calls++;
	if (c->inner) {
		KeAcquireSpinLockAtDpcLevel(c->inner);
		KeReleaseSpinLockFromDpcLevel(c->inner);
	}
	if (c->nested) {
		PKINTERRUPT nested = c->nested;

		c->nested = NULL;
		KeSynchronizeExecution(nested, ntc_ld_sync, c);
		c->nested = nested;
	}
	return TRUE;
}

/* The usual DpcForIsr: its own lock, then synchronise with the ISR. */
static VOID ntc_ld_dpc(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
	struct ntc_ld_ctx *c = context;

	KeAcquireSpinLockAtDpcLevel(c->data_lock);
	KeSynchronizeExecution(c->intobj, ntc_ld_sync, c);
	KeReleaseSpinLockFromDpcLevel(c->data_lock);
	complete(&c->dpc_done);
}

static BOOLEAN ntc_ld_isr(PKINTERRUPT interrupt, PVOID context)
{
	struct ntc_ld_ctx *c = context;

	atomic_inc(&c->isr_calls);
	KeInsertQueueDpc(&c->dpc, NULL, NULL);
	complete(&c->isr_done);
	return TRUE;
}

static BOOLEAN ntc_ld_msg_isr(PKINTERRUPT interrupt, PVOID context, ULONG id)
{
	return ntc_ld_isr(interrupt, context);
}

static struct ntc_ld_ctx *ntc_ld_ctx_new(struct kunit *test)
{
	struct ntc_ld_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KeInitializeDpc(&c->dpc, ntc_ld_dpc, c);
	atomic_set(&c->isr_calls, 0);
	init_completion(&c->isr_done);
	init_completion(&c->dpc_done);
	return c;
}

static void ntc_ld_fire(struct kunit *test, struct ntc_sim *sim, unsigned int index,
			struct ntc_ld_ctx *c)
{
	ntc_sim_fire(test, sim, index);
	NTC_WAIT(test, &c->isr_done);
	NTC_WAIT(test, &c->dpc_done);
}

/*
 * One driver KSPIN_LOCK as the interrupt lock, taken by the ISR (hard IRQ),
 * KeSynchronizeExecution (from a thread and from a DPC holding another
 * KSPIN_LOCK), KeAcquireInterruptSpinLock, and by address with
 * KeAcquireSpinLockAtDpcLevel at SynchronizeIrql (what ReactOS's
 * KeSynchronizeExecution does); the DPC's lock also taken by a thread.
 */
static void ntc_lockorder_dpc_and_interrupt_lock(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_ld_ctx *c = ntc_ld_ctx_new(test);
	PKSPIN_LOCK intlock = ntc_lock_new(test);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	KIRQL old;

	KUNIT_ASSERT_TRUE_MSG(test, debug_locks, "the lock validator is off already");
	c->data_lock = ntc_lock_new(test);
	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &c->intobj,
			   ntc_ld_isr, c);
	p.FullySpecified.SpinLock = intlock;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	ntc_ld_fire(test, sim, 0, c);

	KeAcquireSpinLock(c->data_lock, &old);
	KeReleaseSpinLock(c->data_lock, old);
	KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(c->intobj, ntc_ld_sync, c), TRUE);
	old = KeAcquireInterruptSpinLock(c->intobj);
	KeReleaseInterruptSpinLock(c->intobj, old);
	KeRaiseIrql((KIRQL)d->u.Interrupt.Level, &old);
	KeAcquireSpinLockAtDpcLevel(intlock);
	KeReleaseSpinLockFromDpcLevel(intlock);
	KeLowerIrql(old);

	reinit_completion(&c->isr_done);
	reinit_completion(&c->dpc_done);
	ntc_ld_fire(test, sim, 0, c);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->isr_calls), 2);
	KUNIT_EXPECT_GE(test, c->sync_calls, 3);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE_MSG(test, debug_locks, "the lock validator reported");
}

/* MSI-X messages sharing one driver KSPIN_LOCK: one lock, never nested. */
static void ntc_lockorder_messages_share_lock(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 3);
	struct ntc_ld_ctx *c = ntc_ld_ctx_new(test);
	PKSPIN_LOCK lock = ntc_lock_new(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PIO_INTERRUPT_MESSAGE_INFO t = NULL;
	unsigned int i;
	KIRQL old;

	KUNIT_ASSERT_TRUE_MSG(test, debug_locks, "the lock validator is off already");
	c->data_lock = ntc_lock_new(test);
	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = ntc_msg_pdo(test, sim, 0, 3, NTCOMPAT_MSG_MSIX, 0);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &t;
	p.MessageBased.MessageServiceRoutine = ntc_ld_msg_isr;
	p.MessageBased.ServiceContext = c;
	p.MessageBased.SpinLock = lock;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, t->MessageCount, 3U);

	for (i = 0; i < t->MessageCount; i++) {
		c->intobj = t->MessageInfo[i].InterruptObject;
		reinit_completion(&c->isr_done);
		reinit_completion(&c->dpc_done);
		ntc_ld_fire(test, sim, i, c);
		KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(c->intobj, ntc_ld_sync, c), TRUE);
		old = KeAcquireInterruptSpinLock(c->intobj);
		KeReleaseInterruptSpinLock(c->intobj, old);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&c->isr_calls), 3);
	KUNIT_EXPECT_TRUE_MSG(test, debug_locks, "the lock validator reported");
}

/*
 * Two interrupt objects with their own locks (no SpinLock), one synchronised
 * with inside the other's SynchCritSection: distinct classes, no "recursive
 * locking" report.
 */
static void ntc_lockorder_own_locks_nested(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 2);
	struct ntc_ld_ctx *c = ntc_ld_ctx_new(test);
	struct ntc_ld_ctx *c2 = ntc_ld_ctx_new(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	KUNIT_ASSERT_TRUE_MSG(test, debug_locks, "the lock validator is off already");
	c->data_lock = ntc_lock_new(test);
	c2->data_lock = c->data_lock;
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &c->intobj, ntc_ld_isr, c);
	p.FullySpecified.SynchronizeIrql = HIGH_LEVEL;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[1], &c2->intobj, ntc_ld_isr,
		       c2);
	p.FullySpecified.SynchronizeIrql = HIGH_LEVEL;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	c->nested = c2->intobj;
	KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(c->intobj, ntc_ld_sync, c), TRUE);
	KUNIT_EXPECT_EQ(test, c->sync_calls, 2);
	c->nested = NULL;
	ntc_ld_fire(test, sim, 0, c);
	ntc_ld_fire(test, sim, 1, c2);
	KUNIT_EXPECT_TRUE_MSG(test, debug_locks, "the lock validator reported");
}

/*
 * Locks KeInitializeSpinLock never saw (zeroed memory, which Windows allows)
 * are each a class of their own address: nesting two is no "recursive
 * locking". A lock initialised through a pointer to KeInitializeSpinLock
 * works and is tracked too. The words sit in an object of a size no other
 * test's lock word comes from: an uninitialised lock at the address of a
 * freed lock would take that lock's class (lockdep.c's known limit).
 */
struct ntc_ld_words {
	KSPIN_LOCK u1, u2, f;
	u8 pad[200];
};

static void ntc_lockorder_uninitialised(struct kunit *test)
{
	VOID (*init)(PKSPIN_LOCK SpinLock) = KeInitializeSpinLock;
	struct ntc_ld_words *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KIRQL o1, o2;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_TRUE_MSG(test, debug_locks, "the lock validator is off already");
	KeAcquireSpinLock(&w->u1, &o1);
	KeAcquireSpinLock(&w->u2, &o2);
	KUNIT_EXPECT_NE(test, READ_ONCE(w->u2), 0UL);
	KeReleaseSpinLock(&w->u2, o2);
	KeReleaseSpinLock(&w->u1, o1);

	w->f = 0x55;
	init(&w->f);
	KUNIT_EXPECT_EQ(test, w->f, 0UL);
	KeAcquireSpinLock(&w->f, &o1);
	KeAcquireSpinLock(&w->u1, &o2);
	KeReleaseSpinLock(&w->u1, o2);
	KeReleaseSpinLock(&w->f, o1);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE_MSG(test, debug_locks, "the lock validator reported");
}

/*
 * Memory reused for a new lock: KeInitializeSpinLock re-keys the address, so
 * the new lock does not inherit the old one's order (A->B, then B->A' with
 * A' at A's address, is no ABBA).
 */
static void ntc_lockorder_reinit_rekeys(struct kunit *test)
{
	PKSPIN_LOCK a = ntc_lock_new(test);
	PKSPIN_LOCK b = ntc_lock_new(test);
	KIRQL o1, o2;

	KUNIT_ASSERT_TRUE_MSG(test, debug_locks, "the lock validator is off already");
	KeAcquireSpinLock(a, &o1);
	KeAcquireSpinLock(b, &o2);
	KeReleaseSpinLock(b, o2);
	KeReleaseSpinLock(a, o1);

	KeInitializeSpinLock(a);	/* "freed", and a new lock at the address */
	KeAcquireSpinLock(b, &o1);
	KeAcquireSpinLock(a, &o2);
	KeReleaseSpinLock(a, o2);
	KeReleaseSpinLock(b, o1);
	KUNIT_EXPECT_TRUE_MSG(test, debug_locks, "the lock validator reported");
}

static struct kunit_case ntc_lockorder_cases[] = {
	KUNIT_CASE(ntc_lockorder_dpc_and_interrupt_lock),
	KUNIT_CASE(ntc_lockorder_messages_share_lock),
	KUNIT_CASE(ntc_lockorder_own_locks_nested),
	KUNIT_CASE(ntc_lockorder_uninitialised),
	KUNIT_CASE(ntc_lockorder_reinit_rekeys),
	{}
};

static struct kunit_suite ntc_lockorder_suite = {
	.name = "ntc_lockorder",
	.test_cases = ntc_lockorder_cases,
};

/* ------------------------------------------------------------------------ */

static void ntc_lockorder_report_begin(struct kunit *test, const char *why)
{
	if (!IS_ENABLED(CONFIG_LOCKDEP))
		kunit_skip(test, "needs CONFIG_LOCKDEP");
	if (!ntc_lock_report)
		kunit_skip(test, "a report turns the lock validator off: run.sh boots once for it");
	KUNIT_ASSERT_TRUE_MSG(test, debug_locks, "the lock validator is off already");
	pr_info("ntc-kunit: expected splat begin: %s\n", why);
}

static void ntc_lockorder_report_end(struct kunit *test)
{
	bool reported = !debug_locks;

	pr_info("ntc-kunit: expected splat end\n");
	KUNIT_EXPECT_TRUE_MSG(test, reported, "the lock validator did not report the ABBA");
}

/* A,B in one place, B,A in another (not concurrently: no real deadlock). */
static void abba_spin_locks(struct kunit *test)
{
	PKSPIN_LOCK a = ntc_lock_new(test);
	PKSPIN_LOCK b = ntc_lock_new(test);
	KIRQL o1, o2;

	ntc_lockorder_report_begin(test, "ABBA on two KSPIN_LOCKs");
	KeAcquireSpinLock(a, &o1);
	KeAcquireSpinLock(b, &o2);
	KeReleaseSpinLock(b, o2);
	KeReleaseSpinLock(a, o1);

	KeAcquireSpinLock(b, &o1);
	KeAcquireSpinLock(a, &o2);	/* reported here */
	KeReleaseSpinLock(a, o2);
	KeReleaseSpinLock(b, o1);
	ntc_lockorder_report_end(test);
}

/*
 * The same with a driver KSPIN_LOCK that is an interrupt lock, taken once as
 * the interrupt lock (KeSynchronizeExecution, then B inside) and once by
 * address (B, then the lock with KeAcquireSpinLockAtDpcLevel at DIRQL): it is
 * reported only if both paths annotate the same lockdep map. IRQs are off in
 * both places, so the report is the ABBA, not an IRQ-state one.
 */
static void abba_interrupt_lock(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_ld_ctx *c = ntc_ld_ctx_new(test);
	PKSPIN_LOCK intlock = ntc_lock_new(test);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	KIRQL old;

	c->inner = ntc_lock_new(test);
	d = ntc_fully_line(test, &p, CONNECT_FULLY_SPECIFIED, sim->irq[0], &c->intobj,
			   ntc_ld_isr, c);
	p.FullySpecified.SpinLock = intlock;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	ntc_lockorder_report_begin(test, "ABBA on an interrupt lock and a KSPIN_LOCK");
	KUNIT_EXPECT_EQ(test, KeSynchronizeExecution(c->intobj, ntc_ld_sync, c), TRUE);

	KeRaiseIrql((KIRQL)d->u.Interrupt.Level, &old);
	KeAcquireSpinLockAtDpcLevel(c->inner);
	KeAcquireSpinLockAtDpcLevel(intlock);	/* reported here */
	KeReleaseSpinLockFromDpcLevel(intlock);
	KeReleaseSpinLockFromDpcLevel(c->inner);
	KeLowerIrql(old);
	ntc_lockorder_report_end(test);
}

static struct kunit_case ntc_lockorder_report_cases[] = {
	KUNIT_CASE(abba_spin_locks),
	KUNIT_CASE(abba_interrupt_lock),
	{}
};

static struct kunit_suite ntc_lockorder_report_suite = {
	.name = "ntc_lockorder_report",
	.test_cases = ntc_lockorder_report_cases,
};

kunit_test_suites(&ntc_lockorder_suite, &ntc_lockorder_report_suite);
