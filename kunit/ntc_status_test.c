// SPDX-License-Identifier: GPL-2.0
/*
 * The status table of IoConnectInterruptEx and friends,
 * seen through the public API: each error row of the contract, with the OUT
 * pointer NULL afterwards and nothing left registered on the line.
 */
#include <linux/irq.h>

#include "ntc_test.h"

/* A non-NULL value the call must overwrite with NULL on failure. */
static int ntc_poison_target;
#define NTC_POISON	((PVOID)(uintptr_t)(&ntc_poison_target))

struct ntc_err_env {
	struct ntc_sim *sim;
	struct ntc_probe *pr;
	PDEVICE_OBJECT line_pdo;	/* line only: sim->irq[0] */
	PCM_PARTIAL_RESOURCE_DESCRIPTOR line;
	PDEVICE_OBJECT msg_pdo;		/* 2 MSI-X messages (irq 1, 2) + line (irq 3) */
	PDEVICE_OBJECT none_pdo;	/* no interrupts at all */
	PDEVICE_OBJECT passive_pdo;	/* passive line: sim->irq[4] */
};

static struct ntc_err_env *ntc_err_env(struct kunit *test)
{
	struct ntc_err_env *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	struct ntcompat_irq_source none = { 0 };
	struct ntcompat_pdo_config cfg = { .msi_supported = true };
	PCM_RESOURCE_LIST translated;

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->sim = ntc_sim_create(test, 5);
	e->pr = ntc_probe_new(test, TRUE);
	e->line_pdo = ntc_line_pdo(test, e->sim->irq[0], false, &e->line);
	e->msg_pdo = ntc_msg_pdo(test, e->sim, 1, 2, NTCOMPAT_MSG_MSIX, e->sim->irq[3]);
	e->none_pdo = ntc_pdo_create(test, &none, &cfg, NULL, &translated);
	KUNIT_EXPECT_EQ(test, ntc_count_type(translated, CmResourceTypeInterrupt), 0U);
	e->passive_pdo = ntc_line_pdo(test, e->sim->irq[4], true, NULL);
	return e;
}

static void ntc_err_env_expect_clean(struct kunit *test, struct ntc_err_env *e)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, atomic_read(&e->pr->calls), 0);
	for (i = 0; i < e->sim->nr; i++)
		ntc_expect_irq_free(test, e->sim->irq[i]);
}

/*
 * Connect @p, expect @expect, *OUT == NULL (when there is an OUT pointer),
 * Version as given, and nothing registered. A call that wrongly succeeds is
 * disconnected again so the rest of the suite is unaffected.
 */
static void ntc_expect_fail(struct kunit *test, struct ntc_err_env *e,
			    IO_CONNECT_INTERRUPT_PARAMETERS *p, NTSTATUS expect, const char *what)
{
	PVOID *out = p->MessageBased.ConnectionContext.Generic;
	ULONG version = p->Version;
	NTSTATUS st;

	if (out)
		*out = NTC_POISON;
	st = IoConnectInterruptEx(p);
	KUNIT_EXPECT_EQ_MSG(test, st, expect, "%s: status %#x, expected %#x", what, st, expect);
	if (NT_SUCCESS(st)) {
		ntc_disconnect(test, ntc_track(test, p));
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, p->Version, version, "%s: Version changed", what);
	if (out)
		KUNIT_EXPECT_NULL_MSG(test, *out, "%s: OUT pointer not NULL", what);
	ntc_err_env_expect_clean(test, e);
}

static void ntc_line_params(IO_CONNECT_INTERRUPT_PARAMETERS *p, PDEVICE_OBJECT pdo,
			    struct ntc_probe *pr)
{
	RtlZeroMemory(p, sizeof(*p));
	p->Version = CONNECT_LINE_BASED;
	p->LineBased.PhysicalDeviceObject = pdo;
	p->LineBased.InterruptObject = &pr->intobj;
	p->LineBased.ServiceRoutine = ntc_isr;
	p->LineBased.ServiceContext = pr;
}

static void ntc_msg_params(IO_CONNECT_INTERRUPT_PARAMETERS *p, ULONG version,
			   PDEVICE_OBJECT pdo, struct ntc_probe *pr)
{
	RtlZeroMemory(p, sizeof(*p));
	p->Version = version;
	p->MessageBased.PhysicalDeviceObject = pdo;
	p->MessageBased.ConnectionContext.InterruptMessageTable = &pr->msgtable;
	p->MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p->MessageBased.ServiceContext = pr;
	p->MessageBased.FallBackServiceRoutine = ntc_isr;
}

static void ntc_status_null_parameters(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(NULL), STATUS_INVALID_PARAMETER);
}

/* Unknown Version: _PARAMETER_1, checked first, Version left as it was. */
static void ntc_status_unknown_version(struct kunit *test)
{
	static const ULONG bad[] = { 0, 6, 7, 0x10, 0xffffffff };
	struct ntc_err_env *e = ntc_err_env(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ntc_line_params(&p, e->line_pdo, e->pr);
		p.Version = bad[i];
		e->pr->intobj = NTC_POISON;
		KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER_1);
		KUNIT_EXPECT_EQ(test, p.Version, bad[i]);
		/* The OUT variable is at the same offset in every layout: NULL. */
		KUNIT_EXPECT_NULL(test, e->pr->intobj);

		/* Before any other check: even with a NULL PDO. */
		p.LineBased.PhysicalDeviceObject = NULL;
		KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER_1);
		KUNIT_EXPECT_EQ(test, p.Version, bad[i]);
	}
	ntc_err_env_expect_clean(test, e);
}

/* NULL or foreign PDO, for every version. */
static void ntc_status_bad_pdo(struct kunit *test)
{
	struct ntc_err_env *e = ntc_err_env(test);
	PDEVICE_OBJECT foreign = kunit_kzalloc(test, sizeof(DEVICE_OBJECT), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	ULONG v;

	KUNIT_ASSERT_NOT_NULL(test, foreign);
	foreign->Type = IO_TYPE_DEVICE;
	foreign->Size = sizeof(DEVICE_OBJECT);

	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, NULL, e->line, &e->pr->intobj, ntc_isr,
			 e->pr);
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "fully, NULL PDO");
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED_GROUP, foreign, e->line, &e->pr->intobj,
			 ntc_isr, e->pr);
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "fully group, foreign PDO");
	/* the PDO is checked before the FULLY_SPECIFIED members */
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, NULL, e->line, &e->pr->intobj, ntc_isr,
			 e->pr);
	p.FullySpecified.ProcessorEnableMask = 0;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "fully, NULL PDO, empty mask");
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, foreign, e->line, &e->pr->intobj, ntc_isr,
			 e->pr);
	p.FullySpecified.ProcessorEnableMask = 0;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER,
			"fully, foreign PDO, empty mask");

	ntc_line_params(&p, NULL, e->pr);
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "line, NULL PDO");
	ntc_line_params(&p, foreign, e->pr);
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "line, foreign PDO");

	for (v = CONNECT_MESSAGE_BASED; v <= CONNECT_MESSAGE_BASED_PASSIVE;
	     v += CONNECT_MESSAGE_BASED_PASSIVE - CONNECT_MESSAGE_BASED) {
		ntc_msg_params(&p, v, NULL, e->pr);
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "message, NULL PDO");
		ntc_msg_params(&p, v, foreign, e->pr);
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "message, foreign PDO");
	}
}

/* NULL OUT pointer, NULL (message) service routine. */
static void ntc_status_null_out_or_routine(struct kunit *test)
{
	struct ntc_err_env *e = ntc_err_env(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	ULONG v;

	for (v = CONNECT_FULLY_SPECIFIED; v <= CONNECT_FULLY_SPECIFIED_GROUP;
	     v += CONNECT_FULLY_SPECIFIED_GROUP - CONNECT_FULLY_SPECIFIED) {
		ntc_fully_params(&p, v, e->line_pdo, e->line, NULL, ntc_isr, e->pr);
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "fully, NULL out");
		ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, NULL, e->pr);
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "fully, NULL ISR");
	}

	ntc_line_params(&p, e->line_pdo, e->pr);
	p.LineBased.InterruptObject = NULL;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "line, NULL out");
	ntc_line_params(&p, e->line_pdo, e->pr);
	p.LineBased.ServiceRoutine = NULL;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "line, NULL ISR");

	for (v = CONNECT_MESSAGE_BASED; v <= CONNECT_MESSAGE_BASED_PASSIVE;
	     v += CONNECT_MESSAGE_BASED_PASSIVE - CONNECT_MESSAGE_BASED) {
		ntc_msg_params(&p, v, e->msg_pdo, e->pr);
		p.MessageBased.ConnectionContext.Generic = NULL;
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "message, NULL out");
		ntc_msg_params(&p, v, e->msg_pdo, e->pr);
		p.MessageBased.MessageServiceRoutine = NULL;
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "message, NULL ISR");
		/* also when the PDO has only a line (the fallback would be used) */
		ntc_msg_params(&p, v, e->line_pdo, e->pr);
		p.MessageBased.MessageServiceRoutine = NULL;
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER,
				"message on a line, NULL ISR");
	}
}

/* FULLY_SPECIFIED: processor mask, IRQLs, vector. */
static void ntc_status_fully_specified(struct kunit *test)
{
	struct ntc_err_env *e = ntc_err_env(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	ULONG v;

	for (v = CONNECT_FULLY_SPECIFIED; v <= CONNECT_FULLY_SPECIFIED_GROUP;
	     v += CONNECT_FULLY_SPECIFIED_GROUP - CONNECT_FULLY_SPECIFIED) {
		ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, ntc_isr, e->pr);
		p.FullySpecified.ProcessorEnableMask = 0;
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER_10, "empty mask");

		if (num_possible_cpus() < BITS_PER_LONG) {
			/* only CPUs that do not exist */
			ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, ntc_isr,
					 e->pr);
			p.FullySpecified.ProcessorEnableMask = ~0UL << num_possible_cpus();
			ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER_10,
					"mask without an online CPU");
		}

		ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, ntc_isr, e->pr);
		p.FullySpecified.SynchronizeIrql = p.FullySpecified.Irql - 1;
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "SynchronizeIrql < Irql");

		/* several faults: the mask is checked before the IRQLs and the vector */
		ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, ntc_isr, e->pr);
		p.FullySpecified.ProcessorEnableMask = 0;
		p.FullySpecified.SynchronizeIrql = p.FullySpecified.Irql - 1;
		p.FullySpecified.Vector = 0x7fffffff;
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER_10,
				"empty mask, bad IRQLs, bogus vector");

		ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, ntc_isr, e->pr);
		p.FullySpecified.Irql = HIGH_LEVEL + 1;
		p.FullySpecified.SynchronizeIrql = HIGH_LEVEL + 1;
		ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "Irql > HIGH_LEVEL");

		/* a vector that is not this PDO's: another device's, and a bogus one */
		ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, ntc_isr, e->pr);
		p.FullySpecified.Vector = e->sim->irq[3];
		ntc_expect_fail(test, e, &p, STATUS_NOT_FOUND, "vector of another PDO");
		ntc_fully_params(&p, v, e->line_pdo, e->line, &e->pr->intobj, ntc_isr, e->pr);
		p.FullySpecified.Vector = 0x7fffffff;
		ntc_expect_fail(test, e, &p, STATUS_NOT_FOUND, "bogus vector");
	}

	/* Group 1 has no processor (Version 4 reads Group). */
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED_GROUP, e->line_pdo, e->line,
			 &e->pr->intobj, ntc_isr, e->pr);
	p.FullySpecified.Group = 1;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER_10, "group 1");

	/* Version 1 ignores Group: the same call succeeds. */
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, e->line_pdo, e->line, &e->pr->intobj,
			 ntc_isr, e->pr);
	p.FullySpecified.Group = 1;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	if (e->pr->intobj)
		ntc_disconnect(test, ntc_track(test, &p));
	ntc_err_env_expect_clean(test, e);
}

/* LINE_BASED: on a PDO with messages, and on a PDO without interrupts. */
static void ntc_status_line_based(struct kunit *test)
{
	struct ntc_err_env *e = ntc_err_env(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	ntc_line_params(&p, e->msg_pdo, e->pr);
	ntc_expect_fail(test, e, &p, STATUS_INVALID_DEVICE_REQUEST, "line on a message PDO");
	ntc_line_params(&p, e->none_pdo, e->pr);
	ntc_expect_fail(test, e, &p, STATUS_NOT_FOUND, "line without interrupts");
	/* SynchronizeIrql is a minimum, but not above HIGH_LEVEL. */
	ntc_line_params(&p, e->line_pdo, e->pr);
	p.LineBased.SynchronizeIrql = HIGH_LEVEL + 1;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER,
			"line, SynchronizeIrql > HIGH_LEVEL");
	ntc_msg_params(&p, CONNECT_MESSAGE_BASED, e->msg_pdo, e->pr);
	p.MessageBased.SynchronizeIrql = 0xff;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER,
			"message, SynchronizeIrql > HIGH_LEVEL");
}

/* MESSAGE_BASED(_PASSIVE): nothing to connect. */
static void ntc_status_message_based(struct kunit *test)
{
	struct ntc_err_env *e = ntc_err_env(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	ULONG v;

	for (v = CONNECT_MESSAGE_BASED; v <= CONNECT_MESSAGE_BASED_PASSIVE;
	     v += CONNECT_MESSAGE_BASED_PASSIVE - CONNECT_MESSAGE_BASED) {
		ntc_msg_params(&p, v, e->none_pdo, e->pr);
		ntc_expect_fail(test, e, &p, STATUS_NOT_FOUND, "message without interrupts");
		ntc_msg_params(&p, v, e->line_pdo, e->pr);
		p.MessageBased.FallBackServiceRoutine = NULL;
		ntc_expect_fail(test, e, &p, STATUS_NOT_FOUND, "line only, no fallback");
	}
}

/* A passive-level request with a SpinLock. */
static void ntc_status_passive_spinlock(struct kunit *test)
{
	struct ntc_err_env *e = ntc_err_env(test);
	PKSPIN_LOCK lock = ntc_lock_new(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;

	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, e->line_pdo, e->line, &e->pr->intobj,
			 ntc_isr, e->pr);
	p.FullySpecified.Irql = PASSIVE_LEVEL;
	p.FullySpecified.SynchronizeIrql = PASSIVE_LEVEL;
	p.FullySpecified.SpinLock = lock;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "fully passive + lock");

	ntc_line_params(&p, e->passive_pdo, e->pr);
	p.LineBased.SpinLock = lock;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "passive line + lock");

	ntc_msg_params(&p, CONNECT_MESSAGE_BASED_PASSIVE, e->msg_pdo, e->pr);
	p.MessageBased.SpinLock = lock;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER, "message passive + lock");

	ntc_msg_params(&p, CONNECT_MESSAGE_BASED_PASSIVE, e->line_pdo, e->pr);
	p.MessageBased.SpinLock = lock;
	ntc_expect_fail(test, e, &p, STATUS_INVALID_PARAMETER,
			"message passive fallback + lock");
	KUNIT_EXPECT_EQ(test, READ_ONCE(*lock), 0UL);
}

/*
 * request_irq refusing the line (-EBUSY: sharing mismatch) surfaces as
 * STATUS_SHARED_IRQ_BUSY, with nothing of ntcompat's left on the line.
 */
static void ntc_status_shared_irq_busy(struct kunit *test)
{
	struct ntc_err_env *e = ntc_err_env(test);
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	struct ntc_native *nat;
	NTSTATUS st;
	int err;

	/*
	 * CONFIG_DEBUG_SHIRQ dumps the stack on every sharing mismatch: that
	 * is the point here, so the log scan of run.sh is told to expect it.
	 */
	pr_info("ntc-kunit: expected splat begin: genirq flags mismatch (DEBUG_SHIRQ)\n");
	/* An exclusive native owner: the shared LINE_BASED connect cannot join. */
	nat = ntc_native_request(test, e->sim->irq[0], 0, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	ntc_line_params(&p, e->line_pdo, e->pr);
	e->pr->intobj = NTC_POISON;
	st = IoConnectInterruptEx(&p);
	KUNIT_EXPECT_EQ(test, st, STATUS_SHARED_IRQ_BUSY);
	if (NT_SUCCESS(st))
		ntc_disconnect(test, ntc_track(test, &p));
	KUNIT_EXPECT_NULL(test, e->pr->intobj);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_LINE_BASED);

	/* A shared native owner: an exclusive FULLY_SPECIFIED connect cannot. */
	nat = ntc_native_request(test, e->sim->irq[3], IRQF_SHARED, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	ntc_fully_params(&p, CONNECT_FULLY_SPECIFIED, e->msg_pdo, e->line, &e->pr->intobj,
			 ntc_isr, e->pr);
	/* msg_pdo was given messages, its line is not assigned: use a line PDO */
	p.FullySpecified.PhysicalDeviceObject = ntc_line_pdo(test, e->sim->irq[3], false, NULL);
	p.FullySpecified.Vector = e->sim->irq[3];
	p.FullySpecified.ShareVector = FALSE;
	e->pr->intobj = NTC_POISON;
	st = IoConnectInterruptEx(&p);
	KUNIT_EXPECT_EQ(test, st, STATUS_SHARED_IRQ_BUSY);
	if (NT_SUCCESS(st))
		ntc_disconnect(test, ntc_track(test, &p));
	pr_info("ntc-kunit: expected splat end\n");
	KUNIT_EXPECT_NULL(test, e->pr->intobj);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->pr->calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&nat->calls), 0);
}

/*
 * request_irq refusing with -EINVAL (a line that cannot be requested, a
 * number with no descriptor): STATUS_INVALID_PARAMETER, per the status table
 * IoConnectInterruptEx documents; OUT NULL, nothing registered.
 */
static void ntc_status_request_irq_invalid(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntcompat_irq_source src = { .line_irq = nr_irqs + 1000 };
	struct ntcompat_pdo_config cfg = { 0 };
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	NTSTATUS st;

	irq_set_status_flags(sim->irq[0], IRQ_NOREQUEST);
	ntc_line_params(&p, ntc_line_pdo(test, sim->irq[0], false, NULL), pr);
	pr->intobj = NTC_POISON;
	st = IoConnectInterruptEx(&p);
	irq_clear_status_flags(sim->irq[0], IRQ_NOREQUEST);
	KUNIT_EXPECT_EQ(test, st, STATUS_INVALID_PARAMETER);
	if (NT_SUCCESS(st))
		ntc_disconnect(test, ntc_track(test, &p));
	KUNIT_EXPECT_NULL(test, pr->intobj);
	ntc_expect_irq_free(test, sim->irq[0]);

	ntc_line_params(&p, ntc_pdo_create(test, &src, &cfg, NULL, NULL), pr);
	pr->intobj = NTC_POISON;
	st = IoConnectInterruptEx(&p);
	KUNIT_EXPECT_EQ(test, st, STATUS_INVALID_PARAMETER);
	if (NT_SUCCESS(st))
		ntc_disconnect(test, ntc_track(test, &p));
	KUNIT_EXPECT_NULL(test, pr->intobj);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 0);
}

/* Other calls' statuses on bad objects. */
static void ntc_status_other_calls(struct kunit *test)
{
	struct ntcompat_interrupt_stats st;
	GROUP_AFFINITY ga;
	PVOID junk;

	junk = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, junk);
	KUNIT_EXPECT_EQ(test, IoGetAffinityInterrupt(NULL, &ga), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoGetAffinityInterrupt(junk, &ga), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NE(test, ntcompat_interrupt_stats(NULL, &st), STATUS_SUCCESS);
	KUNIT_EXPECT_NE(test, ntcompat_interrupt_stats(junk, &st), STATUS_SUCCESS);
	KUNIT_EXPECT_NE(test, ntcompat_assign_resources(NULL, NULL, NULL), STATUS_SUCCESS);
}

static struct kunit_case ntc_status_cases[] = {
	KUNIT_CASE(ntc_status_null_parameters),
	KUNIT_CASE(ntc_status_unknown_version),
	KUNIT_CASE(ntc_status_bad_pdo),
	KUNIT_CASE(ntc_status_null_out_or_routine),
	KUNIT_CASE(ntc_status_fully_specified),
	KUNIT_CASE(ntc_status_line_based),
	KUNIT_CASE(ntc_status_message_based),
	KUNIT_CASE(ntc_status_passive_spinlock),
	KUNIT_CASE(ntc_status_shared_irq_busy),
	KUNIT_CASE(ntc_status_request_irq_invalid),
	KUNIT_CASE(ntc_status_other_calls),
	{}
};

static struct kunit_suite ntc_status_suite = {
	.name = "ntc_status",
	.test_cases = ntc_status_cases,
};

kunit_test_suite(ntc_status_suite);
