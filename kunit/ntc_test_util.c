// SPDX-License-Identifier: GPL-2.0
/*
 * Irq_sim-backed PDOs and other helpers for the ntcompat
 * KUnit suites (see ntc_test.h).
 */
#include <kunit/device.h>
#include <kunit/resource.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/module.h>

#include "ntc_test.h"

MODULE_DESCRIPTION("KUnit tests for ntcompat, the NT interrupt API on Linux");
MODULE_LICENSE("GPL");

/*
 * Linux IRQ numbers for the simulated lines. irq_create_mapping() allocates
 * them where the architecture allows it. UML (no SPARSE_IRQ) has a fixed
 * table of NR_IRQS descriptors, and its init_IRQ() gives every one of them a
 * chip, which marks all of them allocated: nothing is left to allocate. There
 * the lines are associated with descriptors that exist, carry no handler and
 * belong to no domain, from NTC_SIM_FIRST_STATIC up (UML's own IRQs are the
 * low numbers: timer, console, sigio and a few dynamic ones). Either way each
 * line is checked to be unused before a test gets it.
 */
#define NTC_SIM_HWIRQS		64
#define NTC_SIM_FIRST_HWIRQ	40
#define NTC_SIM_FIRST_STATIC	40

static unsigned int ntc_sim_map(struct ntc_sim *sim, irq_hw_number_t hwirq)
{
	unsigned int virq, i;
	struct irq_data *d;

	virq = irq_create_mapping(sim->domain, hwirq);
	if (virq)
		return virq;
	for (virq = NTC_SIM_FIRST_STATIC; virq < nr_irqs; virq++) {
		d = irq_get_irq_data(virq);
		if (!d || d->domain || irq_has_action(virq))
			continue;
		for (i = 0; i < sim->nr; i++)
			if (sim->irq[i] == virq)
				break;
		if (i < sim->nr)
			continue;
		if (!irq_domain_associate(sim->domain, virq, hwirq))
			return virq;
	}
	return 0;
}

static int ntc_sim_requested(struct irq_domain *domain, irq_hw_number_t hwirq, void *data)
{
	struct ntc_sim *sim = data;
	unsigned int i = hwirq - NTC_SIM_FIRST_HWIRQ;

	if (i < sim->nr) {
		atomic_inc(&sim->requested[i]);
		if (sim->on_request)
			sim->on_request(sim, i);
	}
	return 0;
}

static void ntc_sim_released(struct irq_domain *domain, irq_hw_number_t hwirq, void *data)
{
	struct ntc_sim *sim = data;
	unsigned int i = hwirq - NTC_SIM_FIRST_HWIRQ;

	if (i < sim->nr && sim->on_release)
		sim->on_release(sim, i);
}

static const struct irq_sim_ops ntc_sim_ops = {
	.irq_sim_irq_requested = ntc_sim_requested,
	.irq_sim_irq_released = ntc_sim_released,
};

static void ntc_sim_destroy(void *data)
{
	struct ntc_sim *sim = data;
	bool leaked = false;
	unsigned int i;

	for (i = 0; i < sim->nr; i++) {
		if (!sim->irq[i])
			continue;
		if (irq_has_action(sim->irq[i])) {
			KUNIT_FAIL(sim->test, "irq %u still has a handler at test end (leak)",
				   sim->irq[i]);
			leaked = true;
			continue;
		}
		irq_dispose_mapping(sim->irq[i]);
	}
	/* A domain with a live handler cannot go away; leak it rather than crash. */
	if (!leaked)
		irq_domain_remove_sim(sim->domain);
}

struct ntc_sim *ntc_sim_create(struct kunit *test, unsigned int nr)
{
	struct ntc_sim *sim;
	unsigned int i;

	KUNIT_ASSERT_LE(test, nr, NTC_SIM_MAX);
	sim = kunit_kzalloc(test, sizeof(*sim), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sim);
	sim->test = test;

	sim->domain = irq_domain_create_sim_full(NULL, NTC_SIM_HWIRQS, &ntc_sim_ops, sim);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_OR_NULL(sim->domain), "irq_domain_create_sim: %pe",
			       sim->domain);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_sim_destroy, sim), 0);

	for (i = 0; i < nr; i++) {
		sim->irq[i] = ntc_sim_map(sim, NTC_SIM_FIRST_HWIRQ + i);
		KUNIT_ASSERT_GT_MSG(test, sim->irq[i], 0U, "no Linux IRQ for simulated line %u", i);
		sim->nr = i + 1;
		KUNIT_ASSERT_EQ(test, irq_find_mapping(sim->domain, NTC_SIM_FIRST_HWIRQ + i),
				sim->irq[i]);
		KUNIT_ASSERT_FALSE_MSG(test, irq_has_action(sim->irq[i]),
				       "simulated irq %u is already in use", sim->irq[i]);
	}
	return sim;
}

void ntc_sim_fire(struct kunit *test, struct ntc_sim *sim, unsigned int index)
{
	KUNIT_ASSERT_LT(test, index, sim->nr);
	KUNIT_ASSERT_EQ(test, irq_set_irqchip_state(sim->irq[index], IRQCHIP_STATE_PENDING,
						    true), 0);
}

/*
 * Fire and return once the interrupt was delivered and all its handlers,
 * including IRQ threads, have finished. irq_sim clears the pending bit in its
 * irq_work right before calling the flow handler, and the irq_work runs on
 * the CPU that queued it. This thread stays on that CPU meanwhile
 * (migrate_disable(); it may still sleep), so the work runs atomically with
 * respect to it, on SMP too: once the bit is clear, the hard IRQ part is
 * over, and synchronize_irq() then waits for the threads it woke. If the line
 * is masked (no handler, or disabled), irq_sim drops the request and this
 * returns at once.
 */
void ntc_sim_fire_sync(struct kunit *test, struct ntc_sim *sim, unsigned int index)
{
	unsigned long timeout = jiffies + msecs_to_jiffies(NTC_WAIT_MS);
	bool pending, late = false;
	unsigned int irq;
	int ret = 0;

	KUNIT_ASSERT_LT(test, index, sim->nr);
	irq = sim->irq[index];
	/* No KUNIT_ASSERT in here: it would end this thread migration-disabled. */
	migrate_disable();
	ret = irq_set_irqchip_state(irq, IRQCHIP_STATE_PENDING, true);
	while (!ret) {
		pending = false;
		ret = irq_get_irqchip_state(irq, IRQCHIP_STATE_PENDING, &pending);
		if (ret || !pending)
			break;
		if (!time_before(jiffies, timeout)) {
			late = true;
			break;
		}
		usleep_range(500, 1000);
	}
	migrate_enable();
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_FALSE_MSG(test, late, "irq %u not delivered within %d ms", irq,
			       NTC_WAIT_MS);
	synchronize_irq(irq);
}

/*
 * Call after the ISR of @sim's line @index signalled a completion: returns
 * once that interrupt is completely handled. The ISR signals from inside the
 * dispatch, and on SMP this thread may wake up on another CPU while ntcompat
 * still counts the call and holds the interrupt lock (the spin lock in hard
 * IRQ context, the sleeping lock in the IRQ thread of a passive connection),
 * and while Linux still has the interrupt in progress: irq_sim's
 * handle_simple_irq() drops an interrupt fired meanwhile. Waits (bounded,
 * failing the test on timeout) until the hard IRQ is no longer in progress
 * and, with @kint, its lock is free, then synchronize_irq() for the rest of
 * an IRQ thread.
 */
void ntc_sim_wait_handled(struct kunit *test, struct ntc_sim *sim, unsigned int index,
			  PKINTERRUPT kint)
{
	unsigned long timeout = jiffies + msecs_to_jiffies(NTC_WAIT_MS);
	struct ntcompat_interrupt_stats st;
	struct irq_data *d;
	unsigned int irq;

	KUNIT_ASSERT_LT(test, index, sim->nr);
	irq = sim->irq[index];
	d = irq_get_irq_data(irq);
	KUNIT_ASSERT_NOT_NULL(test, d);
	for (;;) {
		st.lock_held = false;
		if (kint)
			KUNIT_ASSERT_EQ(test, ntcompat_interrupt_stats(kint, &st), STATUS_SUCCESS);
		if (!irqd_irq_inprogress(d) && !st.lock_held)
			break;
		KUNIT_ASSERT_TRUE_MSG(test, time_before(jiffies, timeout),
				      "irq %u: handler still running after %d ms (lock held: %d)",
				      irq, NTC_WAIT_MS, st.lock_held);
		usleep_range(100, 200);
	}
	synchronize_irq(irq);
}

static irqreturn_t ntc_nobody(int irq, void *data)
{
	return IRQ_NONE;
}

/* The line has no handler left and can be requested again, exclusively. */
void ntc_expect_irq_free(struct kunit *test, unsigned int irq)
{
	int dummy, ret;

	KUNIT_EXPECT_FALSE_MSG(test, irq_has_action(irq), "irq %u still has a handler", irq);
	ret = request_irq(irq, ntc_nobody, 0, "ntc-kunit-probe", &dummy);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "irq %u cannot be requested exclusively", irq);
	if (!ret)
		free_irq(irq, &dummy);
}

/* ---------------------------------------------------------------------- */

static void ntc_pdo_delete(void *pdo)
{
	ntcompat_delete_pdo(pdo);
}

PDEVICE_OBJECT ntc_pdo_create(struct kunit *test, const struct ntcompat_irq_source *src,
			      const struct ntcompat_pdo_config *cfg,
			      PCM_RESOURCE_LIST *raw, PCM_RESOURCE_LIST *translated)
{
	static atomic_t seq = ATOMIC_INIT(0);
	PCM_RESOURCE_LIST r = NULL, t = NULL;
	PDEVICE_OBJECT pdo = NULL;
	struct device *dev;
	char name[32];
	NTSTATUS st;

	snprintf(name, sizeof(name), "ntc-kunit-pdo%d", atomic_inc_return(&seq));
	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_OR_NULL(dev), "kunit_device_register: %pe", dev);

	st = ntcompat_create_pdo(dev, src, cfg, &pdo);
	KUNIT_ASSERT_EQ_MSG(test, st, STATUS_SUCCESS, "ntcompat_create_pdo: %#x", st);
	KUNIT_ASSERT_NOT_NULL(test, pdo);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_pdo_delete, pdo), 0);
	KUNIT_EXPECT_PTR_EQ(test, ntcompat_pdo_device(pdo), dev);

	st = ntcompat_assign_resources(pdo, &r, &t);
	KUNIT_ASSERT_EQ_MSG(test, st, STATUS_SUCCESS, "ntcompat_assign_resources: %#x", st);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, t);
	if (raw)
		*raw = r;
	if (translated)
		*translated = t;
	return pdo;
}

/* The n-th interrupt descriptor of the (single) full descriptor, or NULL. */
PCM_PARTIAL_RESOURCE_DESCRIPTOR ntc_interrupt_desc(PCM_RESOURCE_LIST list, unsigned int n)
{
	PCM_PARTIAL_RESOURCE_LIST pl;
	ULONG i;

	if (!list || list->Count < 1)
		return NULL;
	pl = &list->List[0].PartialResourceList;
	for (i = 0; i < pl->Count; i++) {
		if (pl->PartialDescriptors[i].Type != CmResourceTypeInterrupt)
			continue;
		if (n-- == 0)
			return &pl->PartialDescriptors[i];
	}
	return NULL;
}

unsigned int ntc_count_type(PCM_RESOURCE_LIST list, UCHAR type)
{
	PCM_PARTIAL_RESOURCE_LIST pl;
	unsigned int n = 0;
	ULONG i;

	if (!list || list->Count < 1)
		return 0;
	pl = &list->List[0].PartialResourceList;
	for (i = 0; i < pl->Count; i++)
		n += pl->PartialDescriptors[i].Type == type;
	return n;
}

/* A PDO whose only interrupt is the line @irq. */
PDEVICE_OBJECT ntc_line_pdo(struct kunit *test, unsigned int irq, bool passive,
			    PCM_PARTIAL_RESOURCE_DESCRIPTOR *desc)
{
	struct ntcompat_irq_source src = { .line_irq = irq };
	struct ntcompat_pdo_config cfg = { .passive_line = passive };
	PCM_RESOURCE_LIST translated;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PDEVICE_OBJECT pdo;

	pdo = ntc_pdo_create(test, &src, &cfg, NULL, &translated);
	d = ntc_interrupt_desc(translated, 0);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_EQ(test, d->u.Interrupt.Vector, irq);
	if (desc)
		*desc = d;
	return pdo;
}

/* A PDO with @nr messages (sim lines first..first+nr-1), and a line if @line_irq. */
PDEVICE_OBJECT ntc_msg_pdo(struct kunit *test, struct ntc_sim *sim, unsigned int first,
			   unsigned int nr, enum ntcompat_msg_kind kind, unsigned int line_irq)
{
	struct ntcompat_irq_source src = {
		.line_irq = line_irq,
		.msg_kind = kind,
		.nr_msgs = nr,
		.msg_irqs = &sim->irq[first],
	};
	struct ntcompat_pdo_config cfg = { .msi_supported = true };

	KUNIT_ASSERT_LE(test, first + nr, sim->nr);
	return ntc_pdo_create(test, &src, &cfg, NULL, NULL);
}

/* ---------------------------------------------------------------------- */

static void ntc_conn_release(void *data)
{
	struct ntc_conn *c = data;
	IO_DISCONNECT_INTERRUPT_PARAMETERS d = {
		.Version = c->version,
		.ConnectionContext.Generic = c->context,
	};

	IoDisconnectInterruptEx(&d);
}

/*
 * Take charge of a successful IoConnectInterruptEx(@p): the connection is
 * disconnected (with the Version the call returned) at test end, or earlier
 * by ntc_disconnect().
 */
struct ntc_conn *ntc_track(struct kunit *test, const IO_CONNECT_INTERRUPT_PARAMETERS *p)
{
	struct ntc_conn *c;

	/* The OUT pointer sits at the same offset in all three members. */
	KUNIT_ASSERT_NOT_NULL(test, p->MessageBased.ConnectionContext.Generic);
	KUNIT_ASSERT_NOT_NULL(test, *p->MessageBased.ConnectionContext.Generic);
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	if (!c) {
		IO_DISCONNECT_INTERRUPT_PARAMETERS d = {
			.Version = p->Version,
			.ConnectionContext.Generic = *p->MessageBased.ConnectionContext.Generic,
		};

		IoDisconnectInterruptEx(&d);
		KUNIT_FAIL_AND_ABORT(test, "out of memory");
	}
	c->version = p->Version;
	c->context = *p->MessageBased.ConnectionContext.Generic;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_conn_release, c), 0);
	return c;
}

void ntc_disconnect(struct kunit *test, struct ntc_conn *conn)
{
	kunit_release_action(test, ntc_conn_release, conn);
}

/* FULLY_SPECIFIED(_GROUP) parameters copied from a translated descriptor. */
void ntc_fully_params(IO_CONNECT_INTERRUPT_PARAMETERS *p, ULONG version, PDEVICE_OBJECT pdo,
		      const CM_PARTIAL_RESOURCE_DESCRIPTOR *d, PKINTERRUPT *out,
		      PKSERVICE_ROUTINE isr, PVOID ctx)
{
	RtlZeroMemory(p, sizeof(*p));
	p->Version = version;
	p->FullySpecified.PhysicalDeviceObject = pdo;
	p->FullySpecified.InterruptObject = out;
	p->FullySpecified.ServiceRoutine = isr;
	p->FullySpecified.ServiceContext = ctx;
	p->FullySpecified.SpinLock = NULL;
	p->FullySpecified.Vector = d->u.Interrupt.Vector;
	p->FullySpecified.Irql = (KIRQL)d->u.Interrupt.Level;
	p->FullySpecified.SynchronizeIrql = (KIRQL)d->u.Interrupt.Level;
	p->FullySpecified.InterruptMode = (d->Flags & CM_RESOURCE_INTERRUPT_LATCHED) ?
					  Latched : LevelSensitive;
	p->FullySpecified.ShareVector = d->ShareDisposition == CmResourceShareShared;
	p->FullySpecified.ProcessorEnableMask = d->u.Interrupt.Affinity;
	p->FullySpecified.Group = d->u.Interrupt.Group;
	p->FullySpecified.FloatingSave = FALSE;
}

/* A line PDO for @irq and FULLY_SPECIFIED parameters from its descriptor. */
PCM_PARTIAL_RESOURCE_DESCRIPTOR ntc_fully_line(struct kunit *test,
					       IO_CONNECT_INTERRUPT_PARAMETERS *p,
					       ULONG version, unsigned int irq, PKINTERRUPT *out,
					       PKSERVICE_ROUTINE isr, PVOID ctx)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PDEVICE_OBJECT pdo;

	pdo = ntc_line_pdo(test, irq, false, &d);
	ntc_fully_params(p, version, pdo, d, out, isr, ctx);
	return d;
}

/* ---------------------------------------------------------------------- */

struct ntc_probe *ntc_probe_new(struct kunit *test, BOOLEAN ret)
{
	struct ntc_probe *pr;
	unsigned int i;

	pr = kunit_kzalloc(test, sizeof(*pr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pr);
	atomic_set(&pr->calls, 0);
	for (i = 0; i < NTC_SIM_MAX; i++)
		atomic_set(&pr->msg_calls[i], 0);
	pr->ret = ret;
	pr->irql = 0xff;
	init_completion(&pr->done);
	return pr;
}

PKSPIN_LOCK ntc_lock_alloc(struct kunit *test)
{
	PKSPIN_LOCK lock = kunit_kzalloc(test, sizeof(*lock), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, lock);
	return lock;
}

static void ntc_probe_record(struct ntc_probe *pr, PKINTERRUPT interrupt)
{
	pr->interrupt = interrupt;
	pr->irql = KeGetCurrentIrql();
	pr->hardirq = in_hardirq();
	pr->task = in_task();
	pr->irqs_off = irqs_disabled();
	if (pr->lock)
		pr->lock_held = READ_ONCE(*pr->lock) != 0;
	if (pr->out)
		pr->out_seen = READ_ONCE(*pr->out);
	if (!interrupt)
		pr->bad = true;
	if (pr->sleep) {
		might_sleep();
		usleep_range(1000, 2000);
	}
	atomic_inc(&pr->calls);
}

BOOLEAN ntc_isr(PKINTERRUPT interrupt, PVOID context)
{
	struct ntc_probe *pr = context;

	ntc_probe_record(pr, interrupt);
	complete(&pr->done);
	return pr->ret;
}

BOOLEAN ntc_msg_isr(PKINTERRUPT interrupt, PVOID context, ULONG id)
{
	struct ntc_probe *pr = context;

	ntc_probe_record(pr, interrupt);
	if (id < NTC_SIM_MAX)
		atomic_inc(&pr->msg_calls[id]);
	else
		pr->bad = true;
	if (pr->table && READ_ONCE(*pr->table) &&
	    (id >= (*pr->table)->MessageCount ||
	     (*pr->table)->MessageInfo[id].InterruptObject != interrupt))
		pr->bad = true;
	complete(&pr->done);
	return pr->ret;
}

/* ---------------------------------------------------------------------- */

static irqreturn_t ntc_native_handler(int irq, void *data)
{
	struct ntc_native *nat = data;

	atomic_inc(&nat->calls);
	complete(&nat->done);
	return nat->ret;
}

struct ntc_native_req {
	unsigned int irq;
	struct ntc_native *nat;
};

static void ntc_native_free(void *data)
{
	struct ntc_native_req *r = data;

	free_irq(r->irq, r->nat);
}

/*
 * request_irq a native Linux handler that counts its calls and returns
 * IRQ_NONE ("not mine"; set ->ret to change that). Returns NULL with *err set
 * if request_irq failed.
 */
struct ntc_native *ntc_native_request(struct kunit *test, unsigned int irq,
				      unsigned long flags, int *err)
{
	struct ntc_native_req *r;
	struct ntc_native *nat;

	nat = kunit_kzalloc(test, sizeof(*nat), GFP_KERNEL);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nat);
	KUNIT_ASSERT_NOT_NULL(test, r);
	atomic_set(&nat->calls, 0);
	nat->ret = IRQ_NONE;
	init_completion(&nat->done);
	r->irq = irq;
	r->nat = nat;
	*err = request_irq(irq, ntc_native_handler, flags, "ntc-kunit-native", nat);
	if (*err)
		return NULL;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_native_free, r), 0);
	return nat;
}

int ntc_nt_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = ntcompat_nt_vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
