// SPDX-License-Identifier: GPL-2.0
/*
 * Low resources, exhaustively (Driver Verifier's "low resources simulation"):
 * with the kernel's fault injection and the per-task fail_nth counter (as
 * syzkaller uses it), every call that allocates is run with its 1st, 2nd,
 * ... allocation failing until it succeeds. Each failure must return its
 * NTSTATUS (STATUS_INSUFFICIENT_RESOURCES), leave the OUT variable NULL and
 * the Linux IRQs free, and leave ntcompat usable: the last round succeeds
 * and the connection takes an interrupt.
 *
 * failslab and fail_page_alloc skip sleeping (GFP_KERNEL) allocations by
 * default; the suite turns that off, and their stack dumps, for its run
 * through the values behind their debugfs files, and restores them after.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/sched.h>

#include <kunit/device.h>

#include "ntc_test.h"

#define NTC_FI_MAX_ROUNDS	200

#if defined(CONFIG_FAILSLAB) && defined(CONFIG_FAULT_INJECTION_DEBUG_FS)

/* The value behind debugfs file @dir/@file (debugfs keeps it in i_private). */
static void *ntc_fi_value(const char *dir, const char *file)
{
	struct dentry *d, *f;
	void *p = NULL;

	d = debugfs_lookup(dir, NULL);
	if (IS_ERR_OR_NULL(d))
		return NULL;
	f = debugfs_lookup(file, d);
	if (!IS_ERR_OR_NULL(f)) {
		p = d_inode(f)->i_private;
		dput(f);
	}
	dput(d);
	return p;
}

struct ntc_fi_saved {
	bool *slab_ignore, *page_ignore;
	unsigned long *slab_verbose, *page_verbose;
	u32 *page_min_order;
	bool slab_ignore_v, page_ignore_v;
	unsigned long slab_verbose_v, page_verbose_v;
	u32 page_min_order_v;
};

static struct ntc_fi_saved ntc_fi;

static int ntc_fault_suite_init(struct kunit_suite *suite)
{
	struct ntc_fi_saved *s = &ntc_fi;

	s->slab_ignore = ntc_fi_value("failslab", "ignore-gfp-wait");
	s->slab_verbose = ntc_fi_value("failslab", "verbose");
	s->page_ignore = ntc_fi_value("fail_page_alloc", "ignore-gfp-wait");
	s->page_verbose = ntc_fi_value("fail_page_alloc", "verbose");
	s->page_min_order = ntc_fi_value("fail_page_alloc", "min-order");
	if (!s->slab_ignore || !s->slab_verbose)
		return 0;	/* the tests skip themselves */
	s->slab_ignore_v = *s->slab_ignore;
	s->slab_verbose_v = *s->slab_verbose;
	*s->slab_ignore = false;
	*s->slab_verbose = 0;
	if (s->page_ignore && s->page_verbose && s->page_min_order) {
		s->page_ignore_v = *s->page_ignore;
		s->page_verbose_v = *s->page_verbose;
		s->page_min_order_v = *s->page_min_order;
		*s->page_ignore = false;
		*s->page_verbose = 0;
		*s->page_min_order = 0;
	}
	return 0;
}

static void ntc_fault_suite_exit(struct kunit_suite *suite)
{
	struct ntc_fi_saved *s = &ntc_fi;

	if (!s->slab_ignore || !s->slab_verbose)
		return;
	*s->slab_ignore = s->slab_ignore_v;
	*s->slab_verbose = s->slab_verbose_v;
	if (s->page_ignore && s->page_verbose && s->page_min_order) {
		*s->page_ignore = s->page_ignore_v;
		*s->page_verbose = s->page_verbose_v;
		*s->page_min_order = s->page_min_order_v;
	}
}

static bool ntc_fi_ready(struct kunit *test)
{
	if (!ntc_fi.slab_ignore || !ntc_fi.slab_verbose) {
		kunit_skip(test, "failslab debugfs knobs not found");
		return false;
	}
	return true;
}

/* Arm: the @nth allocation of this task fails. Disarm returns what was unused. */
static void ntc_fi_arm(unsigned int nth)
{
	WRITE_ONCE(current->fail_nth, nth);
}

static unsigned int ntc_fi_disarm(void)
{
	unsigned int left = READ_ONCE(current->fail_nth);

	WRITE_ONCE(current->fail_nth, 0);
	return left;
}

#else

static int ntc_fault_suite_init(struct kunit_suite *suite)
{
	return 0;
}

static void ntc_fault_suite_exit(struct kunit_suite *suite)
{
}

static bool ntc_fi_ready(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS");
	return false;
}

static void ntc_fi_arm(unsigned int nth)
{
}

static unsigned int ntc_fi_disarm(void)
{
	return 1;
}

#endif

/*
 * The sweep is over once NTC_FI_CLEAN rounds in a row succeed with the armed
 * failure unused. One such round is not proof: an allocation outside
 * ntcompat on this task (KASAN's stack depot refilling its pool, say) can
 * take the n-th failure in one round and be absent from the next, so round
 * n + 1 would find nothing left to fail although ntcompat's allocation n + 1
 * never failed (seen: ntc_fault_pdo counting 1 failure for 2 allocations).
 */
#define NTC_FI_CLEAN	3

static bool ntc_fi_swept(unsigned int *clean, bool ok, unsigned int left)
{
	*clean = ok && left ? *clean + 1 : 0;
	return *clean >= NTC_FI_CLEAN;
}

/*
 * A round that succeeded although its failure was used (left 0): the
 * failure went to an allocation that does not fail the call, most often one
 * outside ntcompat on this task that comes and goes between rounds (KASAN's
 * stack depot again), which shifts ntcompat's allocations by one. Round n
 * runs again, up to NTC_FI_RETRIES times, so that ntcompat's n-th
 * allocation still gets its turn to fail (seen on x86_64 -smp 2:
 * ntc_fault_pdo counting 1 failure for 2 allocations, 3 clean rounds or not).
 */
#define NTC_FI_RETRIES	4

static bool ntc_fi_again(unsigned int *retry, bool ok, unsigned int left)
{
	if (!ok || left || *retry >= NTC_FI_RETRIES) {
		*retry = 0;
		return false;
	}
	(*retry)++;
	return true;
}

enum ntc_fi_kind {
	NTC_FI_FULLY,
	NTC_FI_FULLY_GROUP,
	NTC_FI_LINE,
	NTC_FI_MESSAGE,
	NTC_FI_MESSAGE_FALLBACK,
	NTC_FI_MESSAGE_PASSIVE,
	NTC_FI_PASSIVE_LINE,
	NTC_FI_LEGACY,
};

struct ntc_fi_case {
	enum ntc_fi_kind kind;
	const char *name;
};

static const struct ntc_fi_case ntc_fi_cases[] = {
	{ NTC_FI_FULLY, "FULLY_SPECIFIED" },
	{ NTC_FI_FULLY_GROUP, "FULLY_SPECIFIED_GROUP" },
	{ NTC_FI_LINE, "LINE_BASED" },
	{ NTC_FI_MESSAGE, "MESSAGE_BASED (2 MSI-X messages)" },
	{ NTC_FI_MESSAGE_FALLBACK, "MESSAGE_BASED -> line fallback" },
	{ NTC_FI_MESSAGE_PASSIVE, "MESSAGE_BASED_PASSIVE" },
	{ NTC_FI_PASSIVE_LINE, "LINE_BASED on a passive line" },
	{ NTC_FI_LEGACY, "IoConnectInterrupt" },
};

static void ntc_fi_case_desc(const struct ntc_fi_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ntc_fi, ntc_fi_cases, ntc_fi_case_desc);

struct ntc_fi_env {
	struct ntc_sim *sim;
	struct ntc_probe *pr;
	PDEVICE_OBJECT pdo;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR line;
	unsigned int first;		/* the sim line to fire */
};

static void ntc_fi_env(struct kunit *test, struct ntc_fi_env *e, enum ntc_fi_kind kind)
{
	e->sim = ntc_sim_create(test, 3);
	e->pr = ntc_probe_new(test, TRUE);
	e->first = 0;
	switch (kind) {
	case NTC_FI_MESSAGE:
	case NTC_FI_MESSAGE_PASSIVE:
		e->pdo = ntc_msg_pdo(test, e->sim, 0, 2, NTCOMPAT_MSG_MSIX, 0);
		break;
	case NTC_FI_PASSIVE_LINE:
		e->pdo = ntc_line_pdo(test, e->sim->irq[0], true, &e->line);
		break;
	default:
		e->pdo = ntc_line_pdo(test, e->sim->irq[0], false, &e->line);
		break;
	}
}

/* One attempt; returns the status, *out is the driver's OUT variable. */
static NTSTATUS ntc_fi_connect(struct ntc_fi_env *e, enum ntc_fi_kind kind,
			       IO_CONNECT_INTERRUPT_PARAMETERS *p, PVOID **out)
{
	const CM_PARTIAL_RESOURCE_DESCRIPTOR *d = e->line;

	memset(p, 0, sizeof(*p));
	switch (kind) {
	case NTC_FI_FULLY:
	case NTC_FI_FULLY_GROUP:
		ntc_fully_params(p, kind == NTC_FI_FULLY ? CONNECT_FULLY_SPECIFIED :
				 CONNECT_FULLY_SPECIFIED_GROUP, e->pdo, d, &e->pr->intobj,
				 ntc_isr, e->pr);
		break;
	case NTC_FI_LINE:
	case NTC_FI_PASSIVE_LINE:
		p->Version = CONNECT_LINE_BASED;
		p->LineBased.PhysicalDeviceObject = e->pdo;
		p->LineBased.InterruptObject = &e->pr->intobj;
		p->LineBased.ServiceRoutine = ntc_isr;
		p->LineBased.ServiceContext = e->pr;
		break;
	case NTC_FI_MESSAGE:
	case NTC_FI_MESSAGE_FALLBACK:
	case NTC_FI_MESSAGE_PASSIVE:
		p->Version = kind == NTC_FI_MESSAGE_PASSIVE ? CONNECT_MESSAGE_BASED_PASSIVE :
			CONNECT_MESSAGE_BASED;
		p->MessageBased.PhysicalDeviceObject = e->pdo;
		p->MessageBased.ConnectionContext.InterruptMessageTable = &e->pr->msgtable;
		p->MessageBased.MessageServiceRoutine = ntc_msg_isr;
		p->MessageBased.ServiceContext = e->pr;
		p->MessageBased.FallBackServiceRoutine = ntc_isr;
		break;
	case NTC_FI_LEGACY:
		break;
	}
	*out = p->MessageBased.ConnectionContext.Generic;
	if (kind == NTC_FI_LEGACY) {
		*out = (PVOID *)&e->pr->intobj;
		**out = (PVOID)e;	/* must come back NULL on failure */
		p->Version = CONNECT_FULLY_SPECIFIED;	/* what to disconnect with */
		return IoConnectInterrupt(&e->pr->intobj, ntc_isr, e->pr, NULL,
					  d->u.Interrupt.Vector, (KIRQL)d->u.Interrupt.Level,
					  (KIRQL)d->u.Interrupt.Level, LevelSensitive, TRUE,
					  d->u.Interrupt.Affinity, FALSE);
	}
	**out = (PVOID)e;		/* must come back NULL on failure */
	return IoConnectInterruptEx(p);
}

static void ntc_fi_disconnect(IO_CONNECT_INTERRUPT_PARAMETERS *p, PVOID *out)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS d = {
		.Version = p->Version,
		.ConnectionContext.Generic = *out,
	};

	IoDisconnectInterruptEx(&d);
}

/*
 * Every connect kind, its Nth allocation failing, N = 1, 2, ... until a
 * round fails nothing; then it must work.
 */
static void ntc_fault_connect(struct kunit *test)
{
	const struct ntc_fi_case *c = test->param_value;
	static const ULONG asked[] = {
		[NTC_FI_FULLY] = CONNECT_FULLY_SPECIFIED,
		[NTC_FI_FULLY_GROUP] = CONNECT_FULLY_SPECIFIED_GROUP,
		[NTC_FI_LINE] = CONNECT_LINE_BASED,
		[NTC_FI_MESSAGE] = CONNECT_MESSAGE_BASED,
		[NTC_FI_MESSAGE_FALLBACK] = CONNECT_MESSAGE_BASED,
		[NTC_FI_MESSAGE_PASSIVE] = CONNECT_MESSAGE_BASED_PASSIVE,
		[NTC_FI_PASSIVE_LINE] = CONNECT_LINE_BASED,
		[NTC_FI_LEGACY] = CONNECT_FULLY_SPECIFIED,
	};
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	unsigned int n, left, failed = 0, i, clean = 0, retry = 0;
	struct ntc_fi_env e;
	NTSTATUS st;
	PVOID *out;

	if (!ntc_fi_ready(test))
		return;
	ntc_fi_env(test, &e, c->kind);
	for (n = 1; n <= NTC_FI_MAX_ROUNDS; n++) {
		ntc_fi_arm(n);
		st = ntc_fi_connect(&e, c->kind, &p, &out);
		left = ntc_fi_disarm();
		if (ntc_fi_swept(&clean, NT_SUCCESS(st), left)) {
			ntc_fi_disconnect(&p, out);
			break;			/* nothing failed: swept them all */
		}
		if (ntc_fi_again(&retry, NT_SUCCESS(st), left))
			n--;
		if (NT_SUCCESS(st)) {
			ntc_fi_disconnect(&p, out);
			continue;		/* absorbed, or nothing left to fail */
		}
		failed++;
		KUNIT_EXPECT_EQ_MSG(test, st, STATUS_INSUFFICIENT_RESOURCES,
				    "%s, allocation %u failing", c->name, n);
		KUNIT_EXPECT_NULL_MSG(test, *out, "%s, allocation %u: OUT not NULL", c->name, n);
		KUNIT_EXPECT_EQ(test, p.Version, asked[c->kind]);
		for (i = 0; i < e.sim->nr; i++)
			ntc_expect_irq_free(test, e.sim->irq[i]);
	}
	KUNIT_EXPECT_LE_MSG(test, n, NTC_FI_MAX_ROUNDS, "%s: never succeeded", c->name);
	KUNIT_EXPECT_GE_MSG(test, failed, 1U, "%s: no allocation failed", c->name);
	kunit_info(test, "%s: %u allocation(s), %u failure(s) reported\n", c->name,
		   n - NTC_FI_CLEAN, failed);

	/* Usable afterwards: connect, take an interrupt, disconnect. */
	st = ntc_fi_connect(&e, c->kind, &p, &out);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	if (c->kind != NTC_FI_LEGACY)
		ntc_track(test, &p);
	reinit_completion(&e.pr->done);
	ntc_sim_fire(test, e.sim, e.first);
	NTC_WAIT(test, &e.pr->done);
	if (c->kind == NTC_FI_LEGACY)
		IoDisconnectInterrupt(e.pr->intobj);
}

/* PDO creation and resource assignment, likewise. */
static void ntc_fault_pdo(struct kunit *test)
{
	struct ntc_sim *sim;
	struct ntcompat_irq_source src = { 0 };
	struct ntcompat_pdo_config cfg = { .msi_supported = true };
	PCM_RESOURCE_LIST raw, translated;
	unsigned int n, left, failed = 0, clean = 0, retry = 0;
	PDEVICE_OBJECT pdo;
	struct device *dev;
	NTSTATUS st;

	if (!ntc_fi_ready(test))
		return;
	sim = ntc_sim_create(test, 3);
	src.line_irq = sim->irq[2];
	src.msg_kind = NTCOMPAT_MSG_MSIX;
	src.nr_msgs = 2;
	src.msg_irqs = &sim->irq[0];
	dev = kunit_device_register(test, "ntc-kunit-fault-pdo");
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(dev));

	/* Creation: the PDO and its copy of the message IRQs. */
	for (n = 1; n <= NTC_FI_MAX_ROUNDS; n++) {
		pdo = (PDEVICE_OBJECT)sim;
		ntc_fi_arm(n);
		st = ntcompat_create_pdo(dev, &src, &cfg, &pdo);
		left = ntc_fi_disarm();
		if (!NT_SUCCESS(st)) {
			clean = 0;
			retry = 0;
			failed++;
			KUNIT_EXPECT_EQ(test, st, STATUS_INSUFFICIENT_RESOURCES);
			KUNIT_EXPECT_NULL(test, pdo);
			continue;
		}
		ntcompat_delete_pdo(pdo);
		if (ntc_fi_swept(&clean, true, left))
			break;
		if (ntc_fi_again(&retry, true, left))
			n--;
	}
	KUNIT_EXPECT_LE(test, n, NTC_FI_MAX_ROUNDS);
	KUNIT_EXPECT_GE(test, failed, 2U);

	/* Assignment, on one PDO: a failed assignment can be retried. */
	pdo = ntc_pdo_create(test, &src, &cfg, NULL, NULL);
	ntcompat_release_resources(pdo);
	failed = 0;
	clean = 0;
	retry = 0;
	for (n = 1; n <= NTC_FI_MAX_ROUNDS; n++) {
		raw = (PCM_RESOURCE_LIST)sim;
		translated = raw;
		ntc_fi_arm(n);
		st = ntcompat_assign_resources(pdo, &raw, &translated);
		left = ntc_fi_disarm();
		if (ntc_fi_swept(&clean, NT_SUCCESS(st), left))
			break;
		if (ntc_fi_again(&retry, NT_SUCCESS(st), left))
			n--;
		if (NT_SUCCESS(st)) {
			ntcompat_release_resources(pdo);
			continue;
		}
		failed++;
		KUNIT_EXPECT_EQ(test, st, STATUS_INSUFFICIENT_RESOURCES);
		KUNIT_EXPECT_NULL(test, raw);
		KUNIT_EXPECT_NULL(test, translated);
		for (left = 0; left < sim->nr; left++)
			ntc_expect_irq_free(test, sim->irq[left]);
	}
	KUNIT_EXPECT_LE(test, n, NTC_FI_MAX_ROUNDS);
	KUNIT_EXPECT_GE(test, failed, 1U);
	/* Both messages assigned, as without the failures. */
	KUNIT_EXPECT_NOT_NULL(test, ntc_interrupt_desc(translated, 1));
}

struct ntc_fi_dpc {
	KDPC dpc;
	atomic_t runs;
};

static void ntc_fi_dpc_fn(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_fi_dpc *d = ctx;

	atomic_inc(&d->runs);
}

/* KeFlushQueuedDpcs without memory still waits for every queued DPC. */
static void ntc_fault_flush(struct kunit *test)
{
	struct ntc_fi_dpc *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	unsigned int n;

	if (!ntc_fi_ready(test))
		return;
	KUNIT_ASSERT_NOT_NULL(test, d);
	KeInitializeDpc(&d->dpc, ntc_fi_dpc_fn, d);
	for (n = 1; n <= 3; n++) {
		KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, NULL, NULL));
		ntc_fi_arm(n);
		KeFlushQueuedDpcs();
		ntc_fi_disarm();
		KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), (int)n);
	}
}

static struct kunit_case ntc_fault_cases[] = {
	KUNIT_CASE_PARAM(ntc_fault_connect, ntc_fi_gen_params),
	KUNIT_CASE(ntc_fault_pdo),
	KUNIT_CASE(ntc_fault_flush),
	{}
};

static struct kunit_suite ntc_fault_suite = {
	.name = "ntc_fault",
	.suite_init = ntc_fault_suite_init,
	.suite_exit = ntc_fault_suite_exit,
	.test_cases = ntc_fault_cases,
};

kunit_test_suite(ntc_fault_suite);
