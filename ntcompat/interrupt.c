// SPDX-License-Identifier: GPL-2.0
/*
 * interrupt.c - IoConnectInterruptEx and its siblings: connect, dispatch,
 * disconnect, active/inactive, affinity.
 *
 * Version mapping (reference section 2):
 *   CONNECT_FULLY_SPECIFIED(_GROUP)  the Linux IRQ named by Vector, which must
 *	be one ntcompat assigned to the PDO; Irql/SynchronizeIrql, ShareVector
 *	(IRQF_SHARED), ProcessorEnableMask (+ Group: CPU = 64 * Group + bit)
 *	applied. Irql == SynchronizeIrql == PASSIVE_LEVEL: a passive ISR.
 *   CONNECT_LINE_BASED               the PDO's line (INTx), always shared.
 *   CONNECT_MESSAGE_BASED(_PASSIVE)  msi.c.
 *   Passive ISRs                     request_threaded_irq(NULL primary,
 *	IRQF_ONESHOT): Linux masks a level line until the thread has run the
 *	ISR, which is what Windows does for passive ISRs [K7].
 *
 * Lifecycle of an interrupt object (the order matters, reference 2.5):
 *   1. validate everything cheap, before allocating anything;
 *   2. allocate the KINTERRUPT (state CONNECTING) and publish it in the
 *	driver's OUT variable: the ISR may run before IoConnectInterruptEx
 *	returns and its first argument must be valid;
 *   3. request the Linux IRQ: non-shared with IRQF_NO_AUTOEN (the line stays
 *	off), shared lines cannot be requested disabled, so the CONNECTING
 *	state turns away whatever arrives meanwhile (CONFIG_DEBUG_SHIRQ calls
 *	a shared handler from request_irq itself) with IRQ_NONE;
 *   4. mark it ACTIVE, then enable a non-shared IRQ.
 * Disconnect mirrors it: mark DISCONNECTING under the interrupt lock (so no
 * NT ISR runs from then on, not even DEBUG_SHIRQ's call from free_irq), then
 * free_irq() (waits for running handlers), then wait for the DPCs queued so
 * far (KeFlushQueuedDpcs: stricter than Windows, so a DpcForIsr queued by the
 * last ISR cannot outlive the driver's teardown), then free. On any failure
 * the OUT variable is NULL again and nothing is left registered.
 *
 * Locking rules:
 *   ntc_pnp_mutex                 connect, disconnect, PDO resources
 *     genirq's request/desc locks (inside request_irq/free_irq)
 *   kint->lock (NT KSPIN_LOCK word, IRQs off): the interrupt lock. Held by the
 *	Linux handler around the NT ISR, by KeSynchronizeExecution and
 *	between KeAcquire/ReleaseInterruptSpinLock; protects kint->state and
 *	the counters. A word lock, not a spinlock_t: the driver's KSPIN_LOCK
 *	lives in driver memory and may be shared by several connections
 *	(irql.c). On PREEMPT_RT it still spins with IRQs off, like a
 *	raw_spinlock_t. Under lockdep it is annotated as one (lockdep.c): the
 *	object caches the map at connect, the driver's lock's or its own.
 *   kint->passive_lock (mutex): the same role for passive ISRs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/device.h>
#include <linux/irq.h>
#include <linux/cpumask.h>
#include <linux/overflow.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#if defined(CONFIG_X86) || defined(CONFIG_UML)
#include <asm/fpu/api.h>
#define NTC_HAVE_KERNEL_FPU 1
#endif
static const bool ntc_have_kernel_fpu = IS_ENABLED(CONFIG_X86) || IS_ENABLED(CONFIG_UML);

#include "ntc_internal.h"
#include "ntc_trace.h"

static const char *ntc_version_name(ULONG version)
{
	static const char *const names[] = {
		[CONNECT_FULLY_SPECIFIED] = "FULLY_SPECIFIED",
		[CONNECT_LINE_BASED] = "LINE_BASED",
		[CONNECT_MESSAGE_BASED] = "MESSAGE_BASED",
		[CONNECT_FULLY_SPECIFIED_GROUP] = "FULLY_SPECIFIED_GROUP",
		[CONNECT_MESSAGE_BASED_PASSIVE] = "MESSAGE_BASED_PASSIVE",
	};

	return version < ARRAY_SIZE(names) && names[version] ? names[version] : "?";
}

static inline bool ntc_can_sleep(void)
{
#ifdef CONFIG_PREEMPT_COUNT
	return preemptible();
#else
	return KeGetCurrentIrql() == PASSIVE_LEVEL;
#endif
}

static inline bool ntc_kint_valid(PKINTERRUPT kint)
{
	return kint && kint->magic == NTC_KINTERRUPT_MAGIC;
}

/* ------------------------------------------------------------------------ */
/* Dispatch: the hot path. Allocates nothing, takes only the interrupt lock. */

#ifdef NTC_HAVE_KERNEL_FPU
static noinline BOOLEAN ntc_call_isr_fpu(PKINTERRUPT kint)
{
	BOOLEAN claimed;

	if (!irq_fpu_usable()) {
		/*
		 * Interrupted a kernel FPU section (or softirq FPU work): its
		 * state is live in the registers and cannot be saved from here.
		 * Said every time (rate-limited), never silently.
		 */
		pr_warn_ratelimited("IRQ %u: FPU not usable in this interrupt; ISR runs without FloatingSave\n",
				    kint->irq);
		return kint->message ? kint->msg_isr(kint, kint->context, kint->message_id) :
			kint->isr(kint, kint->context);
	}
	kernel_fpu_begin();
	claimed = kint->message ? kint->msg_isr(kint, kint->context, kint->message_id) :
		kint->isr(kint, kint->context);
	kernel_fpu_end();
	return claimed;
}
#else
static BOOLEAN ntc_call_isr_fpu(PKINTERRUPT kint)
{
	return kint->message ? kint->msg_isr(kint, kint->context, kint->message_id) :
		kint->isr(kint, kint->context);
}
#endif

static __always_inline irqreturn_t ntc_dispatch(PKINTERRUPT kint, bool message)
{
	irqreturn_t ret = IRQ_NONE;
	unsigned long flags = 0;
	BOOLEAN claimed;
	KIRQL old;

	/*
	 * In hard IRQ context IRQs are off already. PREEMPT_RT force-threads
	 * this handler (preemptible, IRQs on); the NT ISR still runs with the
	 * interrupt lock held and IRQs off, at SynchronizeIrql.
	 */
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		local_irq_save(flags);
	ntc_kint_lock(kint);
	if (likely(kint->state == NTC_INT_ACTIVE)) {
		old = ntc_irql_swap(kint->sync_irql);
		trace_ntc_isr_entry(kint, kint->irq, kint->message_id, kint->sync_irql);
		if (unlikely(kint->floating_save))
			claimed = ntc_call_isr_fpu(kint);
		else if (message)
			claimed = kint->msg_isr(kint, kint->context, kint->message_id);
		else
			claimed = kint->isr(kint, kint->context);
		trace_ntc_isr_exit(kint, kint->irq, kint->message_id, claimed, false);
		ntc_irql_set(old);
		kint->calls++;
		if (claimed) {
			kint->claimed++;
			ret = IRQ_HANDLED;
		}
	} else {
		kint->gated++;
		trace_ntc_isr_exit(kint, kint->irq, kint->message_id, false, true);
	}
	ntc_kint_unlock(kint);
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		local_irq_restore(flags);
	return ret;
}

static irqreturn_t ntc_isr_trampoline(int irq, void *dev_id)
{
	return ntc_dispatch(dev_id, false);
}

static irqreturn_t ntc_msg_isr_trampoline(int irq, void *dev_id)
{
	return ntc_dispatch(dev_id, true);
}

/*
 * The function genirq's IRQ threads run, learnt from the first passive ISR
 * (genirq does not export it): with it, ntc_in_passive_isr() can tell an IRQ
 * thread from any other kthread before reading its kthread_data().
 */
static void *ntc_irq_thread_fn;

static irqreturn_t ntc_passive_isr_thread(int irq, void *dev_id);

bool ntc_in_passive_isr(void)
{
	void *fn = READ_ONCE(ntc_irq_thread_fn);
	struct irqaction *action;

	if (!fn || !(current->flags & PF_KTHREAD) || kthread_func(current) != fn)
		return false;
	action = kthread_data(current);
	return action && action->thread_fn == ntc_passive_isr_thread;
}

bool ntc_refuse_wait(const char *fn, bool from_passive_isr)
{
	KIRQL irql = KeGetCurrentIrql();

	if (irql != PASSIVE_LEVEL) {
		pr_err("%s called at IRQL %u: it waits and needs PASSIVE_LEVEL (IRQL_NOT_LESS_OR_EQUAL, bug check 0xA, on Windows); refused\n",
		       fn, irql);
		dump_stack();
		return true;
	}
	if (ntc_dpc_in_threaded()) {
		pr_err("%s called from a threaded DPC, which must be written to run at DISPATCH_LEVEL (it would wait for its own DPC queue); refused\n",
		       fn);
		dump_stack();
		return true;
	}
	if (from_passive_isr && ntc_in_passive_isr()) {
		pr_err("%s called from a passive-level ISR (it would wait for the ISR's own thread); refused\n",
		       fn);
		dump_stack();
		return true;
	}
	return false;
}

/* Passive ISRs: the IRQ thread, at PASSIVE_LEVEL, under the sleeping lock. */
static irqreturn_t ntc_passive_isr_thread(int irq, void *dev_id)
{
	PKINTERRUPT kint = dev_id;
	irqreturn_t ret = IRQ_NONE;
	BOOLEAN claimed;

	if (unlikely(!READ_ONCE(ntc_irq_thread_fn)))
		WRITE_ONCE(ntc_irq_thread_fn, kthread_func(current));
	mutex_lock(kint->passive_lock);
	if (kint->state == NTC_INT_ACTIVE) {
		trace_ntc_isr_entry(kint, kint->irq, kint->message_id, PASSIVE_LEVEL);
		claimed = kint->message ? kint->msg_isr(kint, kint->context, kint->message_id) :
			kint->isr(kint, kint->context);
		trace_ntc_isr_exit(kint, kint->irq, kint->message_id, claimed, false);
		kint->calls++;
		if (claimed) {
			kint->claimed++;
			ret = IRQ_HANDLED;
		}
	} else {
		kint->gated++;
		trace_ntc_isr_exit(kint, kint->irq, kint->message_id, false, true);
	}
	mutex_unlock(kint->passive_lock);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* Interrupt objects and connections                                        */

static void ntc_kint_set_state(PKINTERRUPT kint, enum ntc_int_state state)
{
	unsigned long flags;

	if (kint->passive) {
		mutex_lock(kint->passive_lock);
		kint->state = state;
		mutex_unlock(kint->passive_lock);
		return;
	}
	local_irq_save(flags);
	ntc_kint_lock(kint);
	kint->state = state;
	ntc_kint_unlock(kint);
	local_irq_restore(flags);
}

void ntc_kint_init(PKINTERRUPT kint, struct ntc_conn *conn, unsigned int irq,
		   KSPIN_LOCK *lock, KIRQL irql, KIRQL sync_irql, bool passive)
{
	kint->magic = NTC_KINTERRUPT_MAGIC;
	kint->state = NTC_INT_CONNECTING;
	kint->own_lock = 0;
	kint->lock = lock ? lock : &kint->own_lock;
	kint->irq = irq;
	kint->irql = passive ? PASSIVE_LEVEL : irql;
	kint->sync_irql = passive ? PASSIVE_LEVEL : sync_irql;
	kint->passive = passive;
	kint->conn = conn;
	kint->group = 0;
	kint->affinity = cpumask_bits(cpu_online_mask)[0];
	WARN_ON_ONCE(passive && !kint->passive_lock);
	ntc_lockdep_kint_init(kint);
}

/* Request the Linux IRQ, leaving the object CONNECTING (step 3 above). */
int ntc_kint_request(PKINTERRUPT kint, bool shared)
{
	struct device *dev = kint->conn->pdo->dev;
	unsigned long flags = shared ? IRQF_SHARED : IRQF_NO_AUTOEN;
	/* genirq keeps the pointer: a legacy connection may outlive @dev. */
	const char *name = kint->conn->name ?: dev_name(dev);
	int ret;

	kint->shared = shared;
	if (kint->passive)
		ret = request_threaded_irq(kint->irq, NULL, ntc_passive_isr_thread,
					   flags | IRQF_ONESHOT, name, kint);
	else
		ret = request_irq(kint->irq, kint->message ? ntc_msg_isr_trampoline :
				  ntc_isr_trampoline, flags, name, kint);
	if (ret) {
		dev_err(dev, "request_irq(%u%s%s) failed: %d\n", kint->irq,
			shared ? ", shared" : "", kint->passive ? ", threaded" : "", ret);
		return ret;
	}
	kint->requested = true;
	return 0;
}

/* Step 4: from now on the NT ISR is called. */
static void ntc_kint_activate(PKINTERRUPT kint)
{
	ntc_kint_set_state(kint, NTC_INT_ACTIVE);
	if (!kint->shared)
		enable_irq(kint->irq);
}

/* Undo ntc_kint_request(); no NT ISR runs once this starts. */
void ntc_kint_release(PKINTERRUPT kint)
{
	if (!kint->requested)
		return;
	ntc_kint_set_state(kint, NTC_INT_DISCONNECTING);
	if (kint->pinned)
		irq_clear_status_flags(kint->irq, IRQ_NO_BALANCING);
	free_irq(kint->irq, kint);
	kint->requested = false;
}

struct ntc_conn *ntc_conn_alloc(struct ntc_pdo *pdo, unsigned int count, bool table,
				bool passive)
{
	struct ntc_conn *conn;
	unsigned int i;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return NULL;
	conn->kint = kcalloc(count, sizeof(*conn->kint), GFP_KERNEL);
	if (!conn->kint)
		goto err_free_conn;
	if (table) {
		/*
		 * MessageInfo is a flexible array overlaid on the WDK's one
		 * entry (wdm.h): struct_size() would count that entry twice.
		 * At least sizeof(IO_INTERRUPT_MESSAGE_INFO), as on Windows.
		 */
		conn->info = kzalloc(size_add(offsetof(IO_INTERRUPT_MESSAGE_INFO, MessageInfo),
					      flex_array_size(conn->info, MessageInfo,
							      max(count, 1U))),
				     GFP_KERNEL);
		if (!conn->info)
			goto err_free_kint;
	}
	if (passive) {
		conn->mutexes = kcalloc(count, sizeof(*conn->mutexes), GFP_KERNEL);
		if (!conn->mutexes)
			goto err_free_info;
		for (i = 0; i < count; i++) {
			mutex_init(&conn->mutexes[i]);
			conn->kint[i].passive_lock = &conn->mutexes[i];
		}
	}
	conn->pdo = pdo;
	conn->count = count;
	INIT_LIST_HEAD(&conn->node);
	return conn;

err_free_info:
	kfree(conn->info);
err_free_kint:
	kfree(conn->kint);
err_free_conn:
	kfree(conn);
	return NULL;
}

void ntc_conn_free(struct ntc_conn *conn)
{
	unsigned int i;

	for (i = 0; i < conn->count; i++) {
		ntc_lockdep_kint_fini(&conn->kint[i]);
		conn->kint[i].magic = 0;
		if (conn->mutexes)
			mutex_destroy(&conn->mutexes[i]);
	}
	kfree(conn->mutexes);
	kfree(conn->name);
	kfree(conn->info);
	kfree(conn->kint);
	kfree(conn);
}

/* Mark every object of @conn connected and start delivering. */
void ntc_conn_activate(struct ntc_conn *conn)
{
	unsigned int i;

	for (i = 0; i < conn->count; i++)
		ntc_kint_activate(&conn->kint[i]);
}

void ntc_conn_disconnect(struct ntc_conn *conn)
{
	unsigned int i;

	lockdep_assert_held(&ntc_pnp_mutex);
	for (i = 0; i < conn->count; i++)
		if (conn->kint[i].requested)
			ntc_kint_set_state(&conn->kint[i], NTC_INT_DISCONNECTING);
	for (i = 0; i < conn->count; i++)
		ntc_kint_release(&conn->kint[i]);
	KeFlushQueuedDpcs();
	dev_dbg(conn->pdo->dev, "disconnected %s (%u vector(s))\n",
		ntc_version_name(conn->version), conn->count);
	trace_ntc_disconnect(dev_name(conn->pdo->dev), conn->version, conn->kint,
			     conn->kint[0].irq, conn->count);
	list_del(&conn->node);
	ntc_conn_free(conn);
}

void ntc_conn_log(struct ntc_conn *conn, ULONG asked)
{
	unsigned int first = conn->kint[0].irq, last = conn->kint[conn->count - 1].irq;
	struct ntc_pdo *pdo = conn->pdo;
	const char *kind;
	char irqs[24];

	if (first == pdo->line_irq)
		kind = "INTx line";
	else if (pdo->msg_kind == NTCOMPAT_MSG_MSIX)
		kind = "MSI-X";
	else
		kind = "MSI";
	/* Not "%u%s%.0u": the kernel's printf prints 0 at precision 0 ("400"). */
	if (conn->count > 1)
		snprintf(irqs, sizeof(irqs), "%u-%u", first, last);
	else
		snprintf(irqs, sizeof(irqs), "%u", first);
	trace_ntc_connect(dev_name(pdo->dev), asked, conn->version, conn->kint, first,
			  conn->count, STATUS_SUCCESS);
	dev_info(pdo->dev,
		 "IoConnectInterruptEx: %s -> %s: %s, %u vector(s), Linux IRQ %s, %s%s\n",
		 ntc_version_name(asked), ntc_version_name(conn->version), kind, conn->count,
		 irqs, conn->kint[0].passive ? "passive (threaded)" : "DIRQL",
		 conn->kint[0].shared ? ", shared" : "");
	/*
	 * FloatingSave is kernel_fpu_begin/end around a DIRQL ISR on x86. A
	 * passive ISR runs in a thread that may sleep, which a kernel FPU
	 * section may not; other architectures have no such bracket here.
	 */
	if (conn->kint[0].floating_save &&
	    (conn->kint[0].passive || !ntc_have_kernel_fpu))
		dev_warn(pdo->dev, "FloatingSave is not applied to %s; the ISR must not use the FPU\n",
			 conn->kint[0].passive ? "a passive-level ISR" : "this architecture");
}

/*
 * ProcessorEnableMask in @group to a Linux CPU mask; CPUs that do not exist
 * or are offline are dropped. Empty: STATUS_INVALID_PARAMETER_10, the status
 * Windows gives for an empty mask (reference section 2.4).
 */
static NTSTATUS ntc_affinity_to_cpumask(KAFFINITY mask, USHORT group, struct cpumask *out)
{
	unsigned int bit, cpu;

	cpumask_clear(out);
	for (bit = 0; bit < BITS_PER_LONG; bit++) {
		cpu = group * BITS_PER_LONG + bit;
		if ((mask & BIT(bit)) && cpu < nr_cpu_ids && cpu_online(cpu))
			cpumask_set_cpu(cpu, out);
	}
	return cpumask_empty(out) ? STATUS_INVALID_PARAMETER_10 : STATUS_SUCCESS;
}

/*
 * Steer the Linux IRQ to ProcessorEnableMask. A line other handlers share is
 * left where it is: moving it would silently move them too. An IRQ that was
 * steered is marked IRQ_NO_BALANCING, so irqbalance and writes to
 * /proc/irq/N/smp_affinity do not undo what the driver asked for; the mark
 * goes with the connection. IoGetAffinityInterrupt() reports what applies.
 */
static void ntc_apply_affinity(PKINTERRUPT kint, const struct cpumask *mask, bool others)
{
	int ret;

	if (cpumask_subset(cpu_online_mask, mask))
		return;		/* any CPU: nothing to change */
	if (others) {
		dev_warn(kint->conn->pdo->dev,
			 "IRQ %u: ProcessorEnableMask %#lx not applied: the line is shared with other handlers\n",
			 kint->irq, (unsigned long)kint->affinity);
		return;
	}
	ret = irq_set_affinity(kint->irq, mask);
	if (ret) {
		dev_warn(kint->conn->pdo->dev,
			 "IRQ %u: ProcessorEnableMask %#lx not applied (%d)\n",
			 kint->irq, (unsigned long)kint->affinity, ret);
		return;
	}
	irq_set_status_flags(kint->irq, IRQ_NO_BALANCING);
	kint->pinned = true;
}

struct ntc_fully {
	PKINTERRUPT *out;
	PKSERVICE_ROUTINE isr;
	void *ctx;
	KSPIN_LOCK *lock;
	ULONG vector;
	KIRQL irql;
	KIRQL sync_irql;
	KINTERRUPT_MODE mode;
	bool share;
	KAFFINITY mask;
	USHORT group;
	bool floating_save;
	ULONG version;
};

/*
 * FULLY_SPECIFIED, _GROUP and IoConnectInterrupt (@devobj NULL: the PDO is
 * found from the vector); *f->out is NULL already.
 */
static NTSTATUS ntc_connect_fully(PDEVICE_OBJECT devobj, const struct ntc_fully *f)
{
	struct ntc_pdo *pdo;
	cpumask_var_t cpus;
	struct ntc_conn *conn;
	PKINTERRUPT kint;
	NTSTATUS status;
	bool passive, others;
	int ret;

	/*
	 * Validation order of the contract: PDO, then ProcessorEnableMask
	 * (_PARAMETER_10), the IRQLs, the vector (NOT_FOUND), then a passive
	 * ISR with a SpinLock; a request with several faults gets the first.
	 */
	if (!alloc_cpumask_var(&cpus, GFP_KERNEL))
		return STATUS_INSUFFICIENT_RESOURCES;

	mutex_lock(&ntc_pnp_mutex);
	pdo = devobj ? ntc_pdo_lookup(devobj) : ntc_pdo_by_vector(f->vector, NULL);
	if (devobj && !pdo) {
		pr_err("%s: PhysicalDeviceObject %p is not a PDO ntcompat created\n",
		       ntc_version_name(f->version), devobj);
		status = STATUS_INVALID_PARAMETER;
		goto out_unlock;
	}
	status = ntc_affinity_to_cpumask(f->mask, f->group, cpus);
	if (!NT_SUCCESS(status)) {
		pr_err("%s: ProcessorEnableMask %#lx (group %u) names no online CPU\n",
		       __func__, (unsigned long)f->mask, f->group);
		goto out_unlock;
	}
	if (f->irql > HIGH_LEVEL || f->sync_irql > HIGH_LEVEL || f->sync_irql < f->irql) {
		pr_err("%s: Irql %u / SynchronizeIrql %u invalid\n", __func__,
		       f->irql, f->sync_irql);
		status = STATUS_INVALID_PARAMETER;
		goto out_unlock;
	}
	if (!pdo || !ntc_pdo_has_vector(pdo, f->vector)) {
		pr_err("%s: vector %u is not assigned to this device\n", __func__, f->vector);
		status = STATUS_NOT_FOUND;
		goto out_unlock;
	}
	passive = f->irql == PASSIVE_LEVEL && f->sync_irql == PASSIVE_LEVEL;
	if (passive && f->lock) {
		pr_err("%s: a passive-level ISR takes no SpinLock\n", __func__);
		status = STATUS_INVALID_PARAMETER;
		goto out_unlock;
	}
	conn = ntc_conn_alloc(pdo, 1, false, passive);
	if (!conn) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto out_unlock;
	}
	if (!devobj) {
		/*
		 * IoConnectInterrupt names no device: the connection belongs
		 * to the vector, not to the PDO it is listed under (several
		 * may share the line). pdo.c moves it to another PDO with the
		 * vector when this one goes, and the IRQ's name must outlive
		 * this PDO's device.
		 */
		conn->legacy = true;
		conn->name = kasprintf(GFP_KERNEL, "ntcompat-%u", f->vector);
		if (!conn->name) {
			ntc_conn_free(conn);
			status = STATUS_INSUFFICIENT_RESOURCES;
			goto out_unlock;
		}
	}
	kint = &conn->kint[0];
	ntc_kint_init(kint, conn, f->vector, f->lock, f->irql, f->sync_irql, passive);
	kint->isr = f->isr;
	kint->context = f->ctx;
	kint->mode = f->mode;
	kint->floating_save = f->floating_save;
	kint->affinity = f->mask;
	kint->group = f->group;
	*f->out = kint;				/* publish before the IRQ can fire */
	others = irq_has_action(f->vector);	/* under ntc_pnp_mutex: ours are stable */
	ret = ntc_kint_request(kint, f->share);
	if (ret) {
		*f->out = NULL;
		ntc_conn_free(conn);
		status = ntc_status_from_errno(ret);
		goto out_unlock;
	}
	ntc_apply_affinity(kint, cpus, others);
	conn->version = f->version;
	list_add_tail(&conn->node, &pdo->conns);
	ntc_conn_activate(conn);
	ntc_conn_log(conn, f->version);
	status = STATUS_SUCCESS;
out_unlock:
	mutex_unlock(&ntc_pnp_mutex);
	free_cpumask_var(cpus);
	return status;
}

/*
 * LINE_BASED, and the line-based fallback of MESSAGE_BASED (@isr is then the
 * FallBackServiceRoutine). Caller holds ntc_pnp_mutex; *out is NULL already.
 */
NTSTATUS ntc_connect_line(struct ntc_pdo *pdo, PKINTERRUPT *out, PKSERVICE_ROUTINE isr,
			  void *ctx, KSPIN_LOCK *lock, KIRQL sync_irql, bool floating_save,
			  bool want_passive, ULONG asked)
{
	struct ntc_conn *conn;
	PKINTERRUPT kint;
	KIRQL dirql;
	bool passive;
	int ret;

	lockdep_assert_held(&ntc_pnp_mutex);
	if (pdo->nr_msgs) {
		dev_err(pdo->dev, "LINE_BASED: the device was assigned message interrupts\n");
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	if (!pdo->line_irq) {
		dev_err(pdo->dev, "%s: the device has no line interrupt\n",
			ntc_version_name(asked));
		return STATUS_NOT_FOUND;
	}
	passive = pdo->config.passive_line || want_passive;
	if (passive && lock) {
		dev_err(pdo->dev, "%s: a passive-level ISR takes no SpinLock\n",
			ntc_version_name(asked));
		return STATUS_INVALID_PARAMETER;
	}
	conn = ntc_conn_alloc(pdo, 1, false, passive);
	if (!conn)
		return STATUS_INSUFFICIENT_RESOURCES;
	kint = &conn->kint[0];
	/* SynchronizeIrql is a minimum here (reference section 2.2). */
	dirql = ntc_dirql(pdo->line_irq);
	ntc_kint_init(kint, conn, pdo->line_irq, lock, dirql, max(sync_irql, dirql), passive);
	kint->isr = isr;
	kint->context = ctx;
	kint->mode = pdo->source.line_edge && !pdo->pdev ? Latched : LevelSensitive;
	kint->floating_save = floating_save;
	*out = kint;
	ret = ntc_kint_request(kint, true);
	if (ret) {
		*out = NULL;
		ntc_conn_free(conn);
		return ntc_status_from_errno(ret);
	}
	conn->version = CONNECT_LINE_BASED;
	list_add_tail(&conn->node, &pdo->conns);
	ntc_conn_activate(conn);
	ntc_conn_log(conn, asked);
	return STATUS_SUCCESS;
}

static NTSTATUS ntc_connect_line_params(PIO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS lb)
{
	struct ntc_pdo *pdo;
	NTSTATUS status;

	if (!lb->InterruptObject) {
		pr_err("LINE_BASED: InterruptObject is NULL\n");
		return STATUS_INVALID_PARAMETER;
	}
	*lb->InterruptObject = NULL;
	if (!lb->ServiceRoutine) {
		pr_err("LINE_BASED: ServiceRoutine is NULL\n");
		return STATUS_INVALID_PARAMETER;
	}
	if (lb->SynchronizeIrql > HIGH_LEVEL) {
		pr_err("LINE_BASED: SynchronizeIrql %u above HIGH_LEVEL\n", lb->SynchronizeIrql);
		return STATUS_INVALID_PARAMETER;
	}
	mutex_lock(&ntc_pnp_mutex);
	pdo = ntc_pdo_lookup(lb->PhysicalDeviceObject);
	if (!pdo) {
		pr_err("LINE_BASED: PhysicalDeviceObject %p is not a PDO ntcompat created\n",
		       lb->PhysicalDeviceObject);
		status = STATUS_INVALID_PARAMETER;
	} else {
		status = ntc_connect_line(pdo, lb->InterruptObject, lb->ServiceRoutine,
					  lb->ServiceContext, lb->SpinLock, lb->SynchronizeIrql,
					  lb->FloatingSave, false, CONNECT_LINE_BASED);
	}
	mutex_unlock(&ntc_pnp_mutex);
	return status;
}

static NTSTATUS ntc_connect_fully_params(PIO_CONNECT_INTERRUPT_PARAMETERS prm)
{
	PIO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS fs = &prm->FullySpecified;
	struct ntc_fully f;

	if (!fs->InterruptObject) {
		pr_err("FULLY_SPECIFIED: InterruptObject is NULL\n");
		return STATUS_INVALID_PARAMETER;
	}
	*fs->InterruptObject = NULL;
	if (!fs->ServiceRoutine) {
		pr_err("FULLY_SPECIFIED: ServiceRoutine is NULL\n");
		return STATUS_INVALID_PARAMETER;
	}
	if (!fs->PhysicalDeviceObject) {
		pr_err("FULLY_SPECIFIED: PhysicalDeviceObject is NULL\n");
		return STATUS_INVALID_PARAMETER;
	}
	/* An empty ProcessorEnableMask: ntc_connect_fully(), after the PDO. */
	f = (struct ntc_fully) {
		.out = fs->InterruptObject,
		.isr = fs->ServiceRoutine,
		.ctx = fs->ServiceContext,
		.lock = fs->SpinLock,
		.vector = fs->Vector,
		.irql = fs->Irql,
		.sync_irql = fs->SynchronizeIrql,
		.mode = fs->InterruptMode,
		.share = fs->ShareVector,
		.mask = fs->ProcessorEnableMask,
		/* Group is read only with Version 4 (reference section 2.2). */
		.group = prm->Version == CONNECT_FULLY_SPECIFIED_GROUP ? fs->Group : 0,
		.floating_save = fs->FloatingSave,
		.version = prm->Version,
	};
	return ntc_connect_fully(fs->PhysicalDeviceObject, &f);
}

/* The OUT variable is at one offset in every layout: cleared on any failure. */
static_assert(offsetof(IO_CONNECT_INTERRUPT_PARAMETERS, FullySpecified.InterruptObject) ==
	      offsetof(IO_CONNECT_INTERRUPT_PARAMETERS, LineBased.InterruptObject));
static_assert(offsetof(IO_CONNECT_INTERRUPT_PARAMETERS, FullySpecified.InterruptObject) ==
	      offsetof(IO_CONNECT_INTERRUPT_PARAMETERS, MessageBased.ConnectionContext.Generic));

static NTSTATUS ntc_connect_ex(PIO_CONNECT_INTERRUPT_PARAMETERS Parameters)
{
	if (!Parameters) {
		pr_err("IoConnectInterruptEx: Parameters is NULL\n");
		return STATUS_INVALID_PARAMETER;
	}
	if (ntc_refuse_wait("IoConnectInterruptEx", true)) {
		/* The same offset in every layout (asserted below). */
		if (Parameters->FullySpecified.InterruptObject)
			*Parameters->FullySpecified.InterruptObject = NULL;
		return STATUS_INVALID_LEVEL;
	}
	might_sleep();
	switch (Parameters->Version) {
	case CONNECT_FULLY_SPECIFIED:
	case CONNECT_FULLY_SPECIFIED_GROUP:
		return ntc_connect_fully_params(Parameters);
	case CONNECT_LINE_BASED:
		return ntc_connect_line_params(&Parameters->LineBased);
	case CONNECT_MESSAGE_BASED:
	case CONNECT_MESSAGE_BASED_PASSIVE:
		return ntc_connect_message(Parameters);
	default:
		/* The OUT variable's offset is the same in every layout. */
		if (Parameters->FullySpecified.InterruptObject)
			*Parameters->FullySpecified.InterruptObject = NULL;
		pr_err("IoConnectInterruptEx: unknown Version %u\n", Parameters->Version);
		return STATUS_INVALID_PARAMETER_1;
	}
}

/* A failed connect, for the trace (a successful one: ntc_conn_log). */
static void ntc_trace_connect_failed(ULONG asked, NTSTATUS status)
{
	trace_ntc_connect(NULL, asked, 0, NULL, 0, 0, status);
}

/**
 * IoConnectInterruptEx() - connect an ISR to a device's interrupt(s)
 * @Parameters: Version and the member of the union it selects; on return
 *	Version says what was connected (MESSAGE_BASED falls back to
 *	CONNECT_LINE_BASED), and the OUT variable the member names receives
 *	the KINTERRUPT or the IO_INTERRUPT_MESSAGE_INFO
 *
 * Linux mapping: see the file comment and msi.c. The ISR may run before this
 * returns. One line is logged per connect, saying what was obtained.
 *
 * Context: PASSIVE_LEVEL, not in an ISR or a DPC routine; sleeps; takes
 * ntc_pnp_mutex.
 * Return:
 * * %STATUS_SUCCESS
 * * %STATUS_INVALID_PARAMETER_1 - unknown Version (Version left unchanged)
 * * %STATUS_INVALID_PARAMETER_10 - ProcessorEnableMask names no online CPU
 * * %STATUS_INVALID_PARAMETER - NULL Parameters, routine or OUT pointer; a
 *   PDO ntcompat did not create; a passive ISR with a SpinLock; bad IRQLs
 * * %STATUS_INVALID_DEVICE_REQUEST - LINE_BASED on a device given messages
 * * %STATUS_NOT_FOUND - no interrupt of the asked kind; Vector not assigned
 * * %STATUS_INSUFFICIENT_RESOURCES - out of memory or vectors
 * * %STATUS_SHARED_IRQ_BUSY - Linux refused to share the line (the other
 *   sharers' flags or trigger disagree)
 * * %STATUS_INVALID_LEVEL - called above PASSIVE_LEVEL, from a threaded DPC
 *   or from a passive ISR (Windows would bug-check or deadlock)
 * On failure the OUT variable is NULL and nothing stays registered.
 */
NTSTATUS IoConnectInterruptEx(PIO_CONNECT_INTERRUPT_PARAMETERS Parameters)
{
	NTSTATUS status = ntc_connect_ex(Parameters);

	if (!NT_SUCCESS(status))
		ntc_trace_connect_failed(Parameters ? Parameters->Version : 0, status);
	return status;
}
EXPORT_SYMBOL_GPL(IoConnectInterruptEx);

/**
 * IoConnectInterrupt() - the legacy (Windows 2000) connect
 * @InterruptObject: receives the KINTERRUPT, NULL on failure
 * @ServiceRoutine: the ISR
 * @ServiceContext: its context
 * @SpinLock: optional interrupt lock shared with other connections
 * @Vector: from the translated interrupt descriptor
 * @Irql: likewise
 * @SynchronizeIrql: >= @Irql
 * @InterruptMode: LevelSensitive or Latched
 * @ShareVector: the vector may be shared
 * @ProcessorEnableMask: CPUs (group 0)
 * @FloatingSave: save the FPU state around the ISR
 *
 * The same as CONNECT_FULLY_SPECIFIED, with the PDO found from @Vector.
 *
 * Context: PASSIVE_LEVEL, not in an ISR or a DPC routine; sleeps.
 * Return: as IoConnectInterruptEx(), except that an empty
 * @ProcessorEnableMask gives %STATUS_INVALID_PARAMETER [D8].
 */
NTSTATUS IoConnectInterrupt(PKINTERRUPT *InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
			    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector,
			    KIRQL Irql, KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode,
			    BOOLEAN ShareVector, KAFFINITY ProcessorEnableMask,
			    BOOLEAN FloatingSave)
{
	struct ntc_fully f = {
		.out = InterruptObject,
		.isr = ServiceRoutine,
		.ctx = ServiceContext,
		.lock = SpinLock,
		.vector = Vector,
		.irql = Irql,
		.sync_irql = SynchronizeIrql,
		.mode = InterruptMode,
		.share = ShareVector,
		.mask = ProcessorEnableMask,
		.floating_save = FloatingSave,
		.version = CONNECT_FULLY_SPECIFIED,
	};
	NTSTATUS status;

	if (ntc_refuse_wait(__func__, true)) {
		if (InterruptObject)
			*InterruptObject = NULL;
		return STATUS_INVALID_LEVEL;
	}
	might_sleep();
	if (!InterruptObject || !ServiceRoutine) {
		pr_err("%s: NULL InterruptObject or ServiceRoutine\n", __func__);
		if (InterruptObject)
			*InterruptObject = NULL;
		return STATUS_INVALID_PARAMETER;
	}
	*InterruptObject = NULL;
	status = ntc_connect_fully(NULL, &f);
	if (status == STATUS_INVALID_PARAMETER_10)
		status = STATUS_INVALID_PARAMETER;
	if (!NT_SUCCESS(status))
		ntc_trace_connect_failed(CONNECT_FULLY_SPECIFIED, status);
	return status;
}
EXPORT_SYMBOL_GPL(IoConnectInterrupt);

/**
 * IoDisconnectInterruptEx() - disconnect what IoConnectInterruptEx() connected
 * @Parameters: Version as IoConnectInterruptEx() returned it, and the
 *	KINTERRUPT (versions 1, 2, 4) or IO_INTERRUPT_MESSAGE_INFO (3, 5)
 *
 * The driver must have stopped its device from interrupting. When this
 * returns no ISR of the connection runs or will run, and DPCs queued before
 * the call have finished. A pointer that is not a live connection, or a
 * Version that does not match it, is logged and ignored.
 *
 * Called above PASSIVE_LEVEL, from a threaded DPC or from a passive ISR
 * (each would hang), it logs the rule and disconnects nothing.
 *
 * Context: PASSIVE_LEVEL, not in an ISR or a DPC routine; sleeps; takes
 * ntc_pnp_mutex.
 */
void IoDisconnectInterruptEx(PIO_DISCONNECT_INTERRUPT_PARAMETERS Parameters)
{
	struct ntc_conn *conn;

	if (ntc_refuse_wait(__func__, true))
		return;
	might_sleep();
	if (!Parameters) {
		pr_err("%s: Parameters is NULL\n", __func__);
		return;
	}
	if (Parameters->Version < CONNECT_FULLY_SPECIFIED ||
	    Parameters->Version > CONNECT_MESSAGE_BASED_PASSIVE) {
		pr_err("%s: unknown Version %u\n", __func__, Parameters->Version);
		return;
	}
	mutex_lock(&ntc_pnp_mutex);
	conn = ntc_conn_lookup(Parameters->Version, Parameters->ConnectionContext.Generic);
	if (conn)
		ntc_conn_disconnect(conn);
	else
		pr_err("%s: %p is not a connection of Version %u\n", __func__,
		       Parameters->ConnectionContext.Generic, Parameters->Version);
	mutex_unlock(&ntc_pnp_mutex);
}
EXPORT_SYMBOL_GPL(IoDisconnectInterruptEx);

/**
 * IoDisconnectInterrupt() - the legacy disconnect
 * @InterruptObject: from IoConnectInterrupt() (or a FULLY_SPECIFIED or
 *	LINE_BASED IoConnectInterruptEx())
 *
 * Context: PASSIVE_LEVEL, not in an ISR or a DPC routine; sleeps.
 */
void IoDisconnectInterrupt(PKINTERRUPT InterruptObject)
{
	struct ntc_conn *conn;

	if (ntc_refuse_wait(__func__, true))
		return;
	might_sleep();
	mutex_lock(&ntc_pnp_mutex);
	conn = ntc_conn_lookup(CONNECT_FULLY_SPECIFIED, InterruptObject);
	if (!conn)
		conn = ntc_conn_lookup(CONNECT_LINE_BASED, InterruptObject);
	if (!conn)
		conn = ntc_conn_lookup(CONNECT_FULLY_SPECIFIED_GROUP, InterruptObject);
	if (conn)
		ntc_conn_disconnect(conn);
	else
		pr_err("%s: %p is not a connected interrupt object\n", __func__,
		       InterruptObject);
	mutex_unlock(&ntc_pnp_mutex);
}
EXPORT_SYMBOL_GPL(IoDisconnectInterrupt);

/*
 * The connection behind a ConnectionContext without ntc_pnp_mutex (the
 * active/inactive calls run at up to DISPATCH_LEVEL): the pointer is trusted
 * as far as its magic says.
 */
static struct ntc_conn *ntc_conn_from_context(ULONG version, void *ctx)
{
	IO_INTERRUPT_MESSAGE_INFO *info = ctx;
	PKINTERRUPT kint;

	if (!ctx)
		return NULL;
	if (version == CONNECT_MESSAGE_BASED || version == CONNECT_MESSAGE_BASED_PASSIVE) {
		kint = info->MessageCount ? info->MessageInfo[0].InterruptObject : NULL;
		if (!ntc_kint_valid(kint) || kint->conn->info != info)
			return NULL;
	} else {
		kint = ctx;
		if (!ntc_kint_valid(kint) || kint->conn->info)
			return NULL;
	}
	return kint->conn->version == version ? kint->conn : NULL;
}

static void ntc_report_state(PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS p,
			     enum ntc_int_state from, enum ntc_int_state to, const char *fn)
{
	struct ntc_conn *conn;
	PKINTERRUPT kint;
	unsigned int i;

	conn = p ? ntc_conn_from_context(p->Version, p->ConnectionContext.Generic) : NULL;
	if (!conn) {
		pr_err_ratelimited("%s: not a connection of that Version\n", fn);
		return;
	}
	for (i = 0; i < conn->count; i++) {
		kint = &conn->kint[i];
		if (kint->passive && !ntc_can_sleep()) {
			/* Cannot take the sleeping lock; the ISR sees it next time. */
			if (READ_ONCE(kint->state) == from)
				WRITE_ONCE(kint->state, to);
			continue;
		}
		if (kint->state == from)
			ntc_kint_set_state(kint, to);
	}
}

/**
 * IoReportInterruptInactive() - stop calling the ISR, keep the connection
 * @Parameters: Version and ConnectionContext as for IoDisconnectInterruptEx()
 *
 * A soft disconnect [K10]: the Linux handler stays registered and answers
 * IRQ_NONE; when this returns no ISR of the connection is running (the
 * interrupt lock was taken). The driver must have quiesced its device, as
 * before disconnecting: a level-triggered line that keeps asserting would be
 * reported by Linux as unhandled. Idempotent.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void IoReportInterruptInactive(PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters)
{
	ntc_report_state(Parameters, NTC_INT_ACTIVE, NTC_INT_INACTIVE, __func__);
}
EXPORT_SYMBOL_GPL(IoReportInterruptInactive);

/**
 * IoReportInterruptActive() - call the ISR again after IoReportInterruptInactive()
 * @Parameters: Version and ConnectionContext as for IoDisconnectInterruptEx()
 *
 * Idempotent; a connection is active after connect.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void IoReportInterruptActive(PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters)
{
	ntc_report_state(Parameters, NTC_INT_INACTIVE, NTC_INT_ACTIVE, __func__);
}
EXPORT_SYMBOL_GPL(IoReportInterruptActive);

/*
 * The CPUs of the object's group that the Linux IRQ may be delivered to now:
 * what was applied, not what was asked (a shared line, an IRQ Linux would not
 * move, a CPU gone offline). The requested mask if Linux has none.
 */
static KAFFINITY ntc_applied_affinity(PKINTERRUPT kint)
{
	const struct cpumask *mask = irq_get_affinity_mask(kint->irq);
	unsigned int cpu, first = kint->group * BITS_PER_LONG;
	KAFFINITY out = 0;

	if (!mask)
		return kint->affinity;
	for_each_cpu_and(cpu, mask, cpu_online_mask)
		if (cpu >= first && cpu < first + BITS_PER_LONG)
			out |= BIT(cpu - first);
	return out ?: kint->affinity;
}

/**
 * IoGetAffinityInterrupt() - the processors an interrupt object was connected to
 * @InterruptObject: the KINTERRUPT
 * @GroupAffinity: receives Mask and Group
 *
 * Mask is what applies, read from Linux: the online CPUs of Group that the
 * IRQ's affinity contains. It can differ from ProcessorEnableMask: a shared
 * line is not moved (other handlers share it), and offline CPUs are dropped.
 *
 * Context: any IRQL.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for an invalid object.
 */
NTSTATUS IoGetAffinityInterrupt(PKINTERRUPT InterruptObject, PGROUP_AFFINITY GroupAffinity)
{
	if (!ntc_kint_valid(InterruptObject) || !GroupAffinity) {
		pr_err_ratelimited("%s: invalid interrupt object\n", __func__);
		return STATUS_INVALID_PARAMETER;
	}
	memset(GroupAffinity, 0, sizeof(*GroupAffinity));
	GroupAffinity->Mask = ntc_applied_affinity(InterruptObject);
	GroupAffinity->Group = InterruptObject->group;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoGetAffinityInterrupt);

/**
 * ntcompat_interrupt_stats() - what happened on an interrupt object
 * @interrupt: the KINTERRUPT
 * @stats: receives the counters
 *
 * Context: any.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for an invalid object.
 */
NTSTATUS ntcompat_interrupt_stats(PKINTERRUPT interrupt, struct ntcompat_interrupt_stats *stats)
{
	if (!ntc_kint_valid(interrupt) || !stats)
		return STATUS_INVALID_PARAMETER;
	stats->linux_irq = interrupt->irq;
	stats->calls = READ_ONCE(interrupt->calls);
	stats->claimed = READ_ONCE(interrupt->claimed);
	stats->gated = READ_ONCE(interrupt->gated);
	stats->passive = interrupt->passive;
	stats->lock_held = interrupt->passive ? mutex_is_locked(interrupt->passive_lock) :
		READ_ONCE(*interrupt->lock) != 0;
	stats->sync_irql = interrupt->sync_irql;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ntcompat_interrupt_stats);
