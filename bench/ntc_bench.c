// SPDX-License-Identifier: GPL-2.0
/*
 * What ntcompat costs, measured against native Linux doing the
 * same work in the same run (bench/run.sh, bench/README.md).
 *
 * The work is the same on both sides: an ISR that reads a "status register"
 * (a word in memory), bumps a counter and says handled (or, for the sharers
 * of a shared line, reads the register and says "not mine").
 *
 * Interrupts come from a small simulated interrupt controller of our own:
 * IRQ descriptors from irq_alloc_descs() with handle_simple_irq and a chip
 * whose irq_set_irqchip_state(PENDING) queues a hard irq_work that calls
 * generic_handle_irq() - what irq_sim does, but irq_sim (CONFIG_IRQ_SIM) is
 * not in Debian's kernels, and one controller means UML and the QEMU guest
 * run the same code. The flow handler, request_irq() and the irqaction
 * walk are the kernel's own.
 *
 * Each figure is measured in R rounds; in each round the ntcompat side and
 * its native twin are measured back to back (order alternating between
 * rounds). Reported: median, p10, p90 over the rounds of each side, and the
 * median over rounds of the per-round ratio ntcompat/native (paired, so a
 * noisy neighbour that slows one round slows both sides of it).
 *
 * Output (KERN_NOTICE, parsed by bench/report.py):
 *   ntc_bench: BEGIN key=value...                  kernel and config
 *   ntc_bench: FIG id unit=ps ntc=med/p10/p90 nat=med/p10/p90 ratio_milli=R ...
 *   ntc_bench: FIG id na="why" ...                 not measurable here
 *   ntc_bench: CHECK name PASS|FAIL detail         sanity checks
 *   ntc_bench: END passed=N failed=M
 * Times are picoseconds per operation; memory is bytes.
 */
#define pr_fmt(fmt) "ntc_bench: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/ktime.h>
#include <linux/sort.h>
#include <linux/slab.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/reboot.h>
#include <linux/utsname.h>
#include <linux/workqueue.h>
#include <linux/device.h>
#include <linux/cpumask.h>
#include <linux/sched.h>

#include <wdm.h>
#include <ntcompat/ntcompat.h>
#include "ntc_internal.h"	/* white box: ntcompat's private sizes */

static unsigned int rounds = 15;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "rounds per figure (3..64)");
static bool quick;
module_param(quick, bool, 0444);
MODULE_PARM_DESC(quick, "fewer iterations per round (make check)");
static unsigned int iters;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "loop iterations per round, 0: 20000 (quick 2000)");
static unsigned int samples;
module_param(samples, uint, 0444);
MODULE_PARM_DESC(samples, "latency samples per round, 0: 48 (quick 12)");
static bool poweroff;
module_param(poweroff, bool, 0444);
MODULE_PARM_DESC(poweroff, "power off when done (UML, built in)");

#define NB_MAX_ROUNDS	64
#define NB_CHUNK	500		/* loop iterations per IRQs-off section */
#define NB_TIMEOUT_NS	(2ULL * NSEC_PER_SEC)
#ifdef CONFIG_UML
/*
 * UML has NR_IRQS = 64 static descriptors (no sparse IRQs) and hands out
 * 11 and up itself, lowest first; irq_alloc_descs() does not work there
 * (6.12 dereferences a NULL descriptor when the maple tree search fails).
 * The bench takes the upper half as they are.
 */
#define NB_IRQ_FROM	32
#define NB_POOL		32
#else
#define NB_IRQ_FROM	0
#define NB_POOL		64
#endif

/* ------------------------------------------------------------------------ */
/* Figures                                                                  */

enum {
	F_DISP_LINE, F_DISP_MSG, F_SHARED2, F_SHARED4,
	F_FIRE, F_ENTRY, F_FIRE_FULLY, F_PASSIVE, F_PASSIVE_ENTRY,
	F_DPC_LAT, F_DPC_LAT_BH, F_DPC_RATE, F_DPC_RATE_BH, F_DPC_REQ, F_DPC_REQ_BH,
	F_KSE, F_INTLOCK, F_KSE_CONT, F_INTLOCK_CONT,
	F_CONN_LINE, F_DISC_LINE, F_CONN_1, F_DISC_1, F_CONN_8, F_DISC_8, F_CONN_N, F_DISC_N,
	F_MEM_LINE, F_MEM_MSG1, F_MEM_PER_MSG, F_MEM_PDO,
	F_COUNT
};

struct nb_fig {
	const char *id;
	const char *unit;
	const char *target;	/* ratio target from issue 5, "-" if none */
	const char *what;
	const char *twin;
	const char *na;		/* not measured: why */
	unsigned int n;
	u64 ntc[NB_MAX_ROUNDS];
	u64 nat[NB_MAX_ROUNDS];
};

static struct nb_fig figs[F_COUNT] = {
	[F_DISP_LINE] = { "dispatch.line", "ps", "1.10",
		"hard IRQ, generic_handle_irq loop, LINE_BASED ISR", "request_irq handler" },
	[F_DISP_MSG] = { "dispatch.msg", "ps", "1.10",
		"hard IRQ, generic_handle_irq loop, MESSAGE_BASED ISR", "request_irq handler" },
	[F_SHARED2] = { "dispatch.shared2", "ps", "1.10",
		"shared line, 2 sharers, 1 says not mine (NT ISRs)",
		"2 native handlers, 1 IRQ_NONE" },
	[F_SHARED4] = { "dispatch.shared4", "ps", "1.10",
		"shared line, 4 sharers, 3 say not mine (NT ISRs)",
		"4 native handlers, 3 IRQ_NONE" },
	[F_FIRE] = { "fire.line", "ps", "1.10",
		"fire-to-ISR: set PENDING -> irq_work -> NT ISR", "fire-to-handler, request_irq" },
	[F_ENTRY] = { "fire.entry", "ps", "1.10",
		"IRQ entry (irq_work start) to NT ISR", "IRQ entry to native handler" },
	[F_FIRE_FULLY] = { "fire.fully", "ps", "1.10",
		"fire-to-ISR, FULLY_SPECIFIED ISR, not shared",
		"fire-to-handler, request_irq" },
	[F_PASSIVE] = { "passive.fire", "ps", "1.05",
		"fire-to-ISR, passive NT ISR (IRQ thread)",
		"fire-to-thread_fn, request_threaded_irq" },
	[F_PASSIVE_ENTRY] = { "passive.entry", "ps", "1.05",
		"IRQ entry to passive NT ISR", "IRQ entry to native thread_fn" },
	[F_DPC_LAT] = { "dpc.latency", "ps", "1.20",
		"ISR KeInsertQueueDpc -> DPC routine start",
		"ISR tasklet_hi_schedule -> tasklet start" },
	[F_DPC_LAT_BH] = { "dpc.latency.bhwq", "ps", "-",
		"ISR KeInsertQueueDpc -> DPC routine start",
		"ISR queue_work(system_bh_highpri_wq) -> work start" },
	[F_DPC_RATE] = { "dpc.chain", "ps", "-",
		"per DPC, a DPC re-inserting itself (1/x = DPCs/s)",
		"tasklet re-scheduling itself" },
	[F_DPC_RATE_BH] = { "dpc.chain.bhwq", "ps", "-",
		"per DPC, a DPC re-inserting itself", "BH work item re-queueing itself" },
	[F_DPC_REQ] = { "dpc.insert_queued", "ps", "-",
		"KeInsertQueueDpc on a queued DPC (returns FALSE)",
		"tasklet_hi_schedule on a scheduled tasklet" },
	[F_DPC_REQ_BH] = { "dpc.insert_queued.bhwq", "ps", "-",
		"KeInsertQueueDpc on a queued DPC", "queue_work on a pending BH work item" },
	[F_KSE] = { "sync.kse", "ps", "1.20",
		"KeSynchronizeExecution round trip", "spin_lock_irqsave + call + unlock" },
	[F_INTLOCK] = { "sync.intlock", "ps", "1.20",
		"KeAcquire/ReleaseInterruptSpinLock + work", "spin_lock_irqsave + work + unlock" },
	[F_KSE_CONT] = { "sync.kse.contended", "ps", "1.20",
		"KeSynchronizeExecution, 2 CPUs on one object",
		"spin_lock_irqsave, 2 CPUs on one lock" },
	[F_INTLOCK_CONT] = { "sync.intlock.contended", "ps", "1.20",
		"KeAcquire/ReleaseInterruptSpinLock, 2 CPUs",
		"spin_lock_irqsave, 2 CPUs on one lock" },
	[F_CONN_LINE] = { "connect.line", "ps", "-",
		"IoConnectInterruptEx LINE_BASED", "request_irq(IRQF_SHARED)" },
	[F_DISC_LINE] = { "disconnect.line", "ps", "-",
		"IoDisconnectInterruptEx LINE_BASED", "free_irq" },
	[F_CONN_1] = { "connect.msg1", "ps", "-",
		"IoConnectInterruptEx MESSAGE_BASED, 1 message", "1 x request_irq" },
	[F_DISC_1] = { "disconnect.msg1", "ps", "-",
		"IoDisconnectInterruptEx, 1 message", "1 x free_irq" },
	[F_CONN_8] = { "connect.msg8", "ps", "-",
		"IoConnectInterruptEx MESSAGE_BASED, 8 messages", "8 x request_irq" },
	[F_DISC_8] = { "disconnect.msg8", "ps", "-",
		"IoDisconnectInterruptEx, 8 messages", "8 x free_irq" },
	[F_CONN_N] = { "connect.msgN", "ps", "-",
		"IoConnectInterruptEx MESSAGE_BASED, N messages", "N x request_irq" },
	[F_DISC_N] = { "disconnect.msgN", "ps", "-",
		"IoDisconnectInterruptEx, N messages", "N x free_irq" },
	[F_MEM_LINE] = { "mem.line", "B", "256",
		"ntcompat bytes per LINE_BASED connection (ksize)",
		"Linux irqaction (same on both sides)" },
	[F_MEM_MSG1] = { "mem.msg1", "B", "256",
		"ntcompat bytes, MESSAGE_BASED with 1 message (ksize)",
		"Linux irqaction per message" },
	[F_MEM_PER_MSG] = { "mem.per_msg", "B", "256",
		"ntcompat bytes per additional message (ksize)", "Linux irqaction per message" },
	[F_MEM_PDO] = { "mem.pdo", "B", "-",
		"ntcompat bytes per PDO with resource lists (ksize)", "none" },
};

static unsigned int nb_passed, nb_failed;

static void nb_check(const char *name, bool ok, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_notice("CHECK %s %s %pV\n", name, ok ? "PASS" : "FAIL", &vaf);
	va_end(args);
	if (ok)
		nb_passed++;
	else
		nb_failed++;
}

static void nb_na(unsigned int f, const char *why)
{
	figs[f].na = why;
}

static void nb_put(unsigned int f, unsigned int r, u64 ntc, u64 nat)
{
	figs[f].ntc[r] = ntc;
	figs[f].nat[r] = nat;
	if (r + 1 > figs[f].n)
		figs[f].n = r + 1;
}

static int nb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* median, p10, p90 (nearest rank) of @n values; @v is sorted in place. */
static void nb_stats(u64 *v, unsigned int n, u64 *med, u64 *p10, u64 *p90)
{
	sort(v, n, sizeof(*v), nb_cmp_u64, NULL);
	*med = n & 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	*p10 = v[(n - 1) * 10 / 100];
	*p90 = v[DIV_ROUND_UP((n - 1) * 90, 100)];
}

/* Called from the bench thread only: the scratch arrays can be static. */
static void nb_print_fig(struct nb_fig *f)
{
	static u64 a[NB_MAX_ROUNDS], b[NB_MAX_ROUNDS], q[NB_MAX_ROUNDS];
	u64 am, a10, a90, bm, b10, b90, qm, q10, q90;
	unsigned int i;

	if (f->na || !f->n) {
		pr_notice("FIG %s unit=%s target=%s na=\"%s\" what=\"%s\" twin=\"%s\"\n", f->id,
			  f->unit, f->target, f->na ?: "not run", f->what, f->twin);
		return;
	}
	for (i = 0; i < f->n; i++) {
		a[i] = f->ntc[i];
		b[i] = f->nat[i];
		q[i] = f->nat[i] ? div64_u64(f->ntc[i] * 1000, f->nat[i]) : 0;
	}
	nb_stats(a, f->n, &am, &a10, &a90);
	nb_stats(b, f->n, &bm, &b10, &b90);
	nb_stats(q, f->n, &qm, &q10, &q90);
	pr_notice("FIG %s unit=%s target=%s ntc=%llu/%llu/%llu nat=%llu/%llu/%llu ratio_milli=%llu/%llu/%llu n=%u what=\"%s\" twin=\"%s\"\n",
		  f->id, f->unit, f->target, am, a10, a90, bm, b10, b90, qm, q10, q90, f->n,
		  f->what, f->twin);
}

/* ------------------------------------------------------------------------ */
/* The simulated interrupt controller                                       */

static struct {
	int base;
	unsigned int n;
	DECLARE_BITMAP(pending, NB_POOL);
	struct irq_work work;
	u64 t_entry;		/* when the last simulated interrupt was taken */
} nb_src;

static void nb_chip_noop(struct irq_data *d)
{
}

static int nb_chip_set_state(struct irq_data *d, enum irqchip_irq_state which, bool state)
{
	unsigned int hw = d->irq - nb_src.base;

	if (which != IRQCHIP_STATE_PENDING || hw >= nb_src.n)
		return -EINVAL;
	if (state) {
		set_bit(hw, nb_src.pending);
		irq_work_queue(&nb_src.work);
	} else {
		clear_bit(hw, nb_src.pending);
	}
	return 0;
}

#ifdef CONFIG_SMP
/* Accept any affinity: the "interrupt" is taken on whichever CPU fires it. */
static int nb_chip_set_affinity(struct irq_data *d, const struct cpumask *mask, bool force)
{
	irq_data_update_effective_affinity(d, mask);
	return IRQ_SET_MASK_OK;
}
#endif

static struct irq_chip nb_chip = {
	.name = "ntc_bench",
	.irq_mask = nb_chip_noop,
	.irq_unmask = nb_chip_noop,
	.irq_set_irqchip_state = nb_chip_set_state,
#ifdef CONFIG_SMP
	.irq_set_affinity = nb_chip_set_affinity,
#endif
};

/*
 * Without it, x86 (GENERIC_PENDING_IRQ) defers an affinity change to the
 * next interrupt's ack, which handle_simple_irq never does.
 */
#ifdef NB_HAVE_IRQ_MOVE_PCNTXT
#define NB_MOVE_PCNTXT	IRQ_MOVE_PCNTXT
#else
#define NB_MOVE_PCNTXT	0
#endif

/* The CPU the bench thread is bound to; IRQ threads are kept there too. */
static unsigned int nb_cpu;

/* Hard IRQ context (IRQ_WORK_HARD_IRQ, also on PREEMPT_RT). */
static void nb_src_work(struct irq_work *w)
{
	unsigned int hw;

	WRITE_ONCE(nb_src.t_entry, ktime_get_ns());
	for_each_set_bit(hw, nb_src.pending, nb_src.n)
		if (test_and_clear_bit(hw, nb_src.pending))
			generic_handle_irq(nb_src.base + hw);
}

static int nb_src_init(void)
{
	unsigned int i, irq;
	int base;

#ifdef CONFIG_UML
	base = NB_IRQ_FROM;
#else
	base = irq_alloc_descs(-1, NB_IRQ_FROM, NB_POOL, NUMA_NO_NODE);
	if (base < 0)
		return base;
#endif
	nb_src.base = base;
	nb_src.n = NB_POOL;
	nb_src.work = IRQ_WORK_INIT_HARD(nb_src_work);
	for (i = 0; i < NB_POOL; i++) {
		irq = base + i;
		irq_set_chip_and_handler(irq, &nb_chip, handle_simple_irq);
		irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOAUTOEN, IRQ_NOPROBE | NB_MOVE_PCNTXT);
		/*
		 * IRQ threads follow the IRQ's affinity: keep them on the
		 * bench's CPU, so a threaded handler is woken where the
		 * interrupt was taken, on both sides alike.
		 */
		if (IS_ENABLED(CONFIG_SMP))
			irq_set_affinity(irq, cpumask_of(nb_cpu));
	}
	return 0;
}

static void nb_src_exit(void)
{
	unsigned int i;

	irq_work_sync(&nb_src.work);
	for (i = 0; i < nb_src.n; i++)
		irq_set_chip_and_handler(nb_src.base + i, NULL, NULL);
	if (!IS_ENABLED(CONFIG_UML))
		irq_free_descs(nb_src.base, nb_src.n);
}

static inline unsigned int nb_irq(unsigned int i)
{
	return nb_src.base + i;
}

/* ------------------------------------------------------------------------ */
/* The work, the ISRs and their native twins                                */

struct nb_ctx {
	u32 reg;		/* the device's status register: 1 = mine */
	unsigned long calls;
	unsigned long count;	/* claimed */
	u64 t_isr;
	u64 t_handler;
	int done;
	int cpu;		/* where the stamping handler last ran */
	PKINTERRUPT kint;
	KDPC dpc;
	struct tasklet_struct tasklet;
	struct work_struct work;
	unsigned int chain;
	unsigned int chain_n;
	struct completion chain_done;
};

static __always_inline bool nb_work(struct nb_ctx *c)
{
	c->calls++;
	if (!(READ_ONCE(c->reg) & 1))
		return false;
	c->count++;
	return true;
}

static void nb_ctx_init(struct nb_ctx *c, bool mine)
{
	memset(c, 0, sizeof(*c));
	c->reg = mine;
	init_completion(&c->chain_done);
}

static irqreturn_t nat_isr(int irq, void *d)
{
	return nb_work(d) ? IRQ_HANDLED : IRQ_NONE;
}

static BOOLEAN nt_isr(PKINTERRUPT k, PVOID d)
{
	return nb_work(d);
}

static BOOLEAN nt_msg_isr(PKINTERRUPT k, PVOID d, ULONG id)
{
	return nb_work(d);
}

static __always_inline void nb_stamp_done(struct nb_ctx *c)
{
	c->t_handler = ktime_get_ns();
	c->cpu = raw_smp_processor_id();
	smp_store_release(&c->done, 1);	/* pairs with nb_fire(): stamp first */
}

static irqreturn_t nat_isr_stamp(int irq, void *d)
{
	struct nb_ctx *c = d;

	c->t_handler = ktime_get_ns();
	c->cpu = raw_smp_processor_id();
	nb_work(c);
	smp_store_release(&c->done, 1);	/* pairs with nb_fire() */
	return IRQ_HANDLED;
}

static BOOLEAN nt_isr_stamp(PKINTERRUPT k, PVOID d)
{
	struct nb_ctx *c = d;

	c->t_handler = ktime_get_ns();
	c->cpu = raw_smp_processor_id();
	nb_work(c);
	smp_store_release(&c->done, 1);	/* pairs with nb_fire() */
	return TRUE;
}

/* ISR -> deferred work */
static irqreturn_t nat_isr_tasklet(int irq, void *d)
{
	struct nb_ctx *c = d;

	c->t_isr = ktime_get_ns();
	nb_work(c);
	tasklet_hi_schedule(&c->tasklet);
	return IRQ_HANDLED;
}

static void nat_tasklet_stamp(struct tasklet_struct *t)
{
	nb_stamp_done(from_tasklet((struct nb_ctx *)NULL, t, tasklet));
}

static BOOLEAN nt_isr_dpc(PKINTERRUPT k, PVOID d)
{
	struct nb_ctx *c = d;

	c->t_isr = ktime_get_ns();
	nb_work(c);
	KeInsertQueueDpc(&c->dpc, NULL, NULL);
	return TRUE;
}

static VOID nt_dpc_stamp(PKDPC dpc, PVOID d, PVOID a1, PVOID a2)
{
	nb_stamp_done(d);
}

#ifdef NTC_HAVE_BH_WQ
static irqreturn_t nat_isr_bh(int irq, void *d)
{
	struct nb_ctx *c = d;

	c->t_isr = ktime_get_ns();
	nb_work(c);
	queue_work(system_bh_highpri_wq, &c->work);
	return IRQ_HANDLED;
}

static void nat_bh_stamp(struct work_struct *w)
{
	nb_stamp_done(container_of(w, struct nb_ctx, work));
}

static void nat_bh_chain(struct work_struct *w)
{
	struct nb_ctx *c = container_of(w, struct nb_ctx, work);

	if (++c->chain < c->chain_n)
		queue_work(system_bh_highpri_wq, w);
	else
		complete(&c->chain_done);
}

static void nat_bh_count(struct work_struct *w)
{
	container_of(w, struct nb_ctx, work)->count++;
}
#endif

static VOID nt_dpc_chain(PKDPC dpc, PVOID d, PVOID a1, PVOID a2)
{
	struct nb_ctx *c = d;

	if (++c->chain < c->chain_n)
		KeInsertQueueDpc(dpc, NULL, NULL);
	else
		complete(&c->chain_done);
}

static void nat_tasklet_chain(struct tasklet_struct *t)
{
	struct nb_ctx *c = from_tasklet(c, t, tasklet);

	if (++c->chain < c->chain_n)
		tasklet_hi_schedule(t);
	else
		complete(&c->chain_done);
}

static void nat_tasklet_count(struct tasklet_struct *t)
{
	from_tasklet((struct nb_ctx *)NULL, t, tasklet)->count++;
}

static VOID nt_dpc_count(PKDPC dpc, PVOID d, PVOID a1, PVOID a2)
{
	((struct nb_ctx *)d)->count++;
}

static BOOLEAN nt_sync_routine(PVOID d)
{
	return nb_work(d);
}

static noinline bool nat_sync_routine(struct nb_ctx *c)
{
	return nb_work(c);
}

/* ------------------------------------------------------------------------ */
/* PDOs and connections                                                     */

static struct device *nb_dev;

static PDEVICE_OBJECT nb_pdo(unsigned int line, bool passive, const unsigned int *msgs,
			     unsigned int nmsgs)
{
	struct ntcompat_irq_source s = {
		.line_irq = line,
		.line_edge = true,
		.msg_kind = nmsgs ? NTCOMPAT_MSG_MSIX : NTCOMPAT_MSG_NONE,
		.nr_msgs = nmsgs,
		.msg_irqs = msgs,
	};
	struct ntcompat_pdo_config cfg = {
		.msi_supported = nmsgs > 0,
		.passive_line = passive,
	};
	PCM_RESOURCE_LIST raw, tr;
	PDEVICE_OBJECT pdo;

	if (!NT_SUCCESS(ntcompat_create_pdo(nb_dev, &s, &cfg, &pdo)))
		return NULL;
	if (!NT_SUCCESS(ntcompat_assign_resources(pdo, &raw, &tr))) {
		ntcompat_delete_pdo(pdo);
		return NULL;
	}
	return pdo;
}

static NTSTATUS nb_connect_line(PDEVICE_OBJECT pdo, PKSERVICE_ROUTINE isr, void *ctx,
				PKINTERRUPT *out)
{
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };

	p.LineBased.PhysicalDeviceObject = pdo;
	p.LineBased.InterruptObject = out;
	p.LineBased.ServiceRoutine = isr;
	p.LineBased.ServiceContext = ctx;
	return IoConnectInterruptEx(&p);
}

static NTSTATUS nb_connect_fully(PDEVICE_OBJECT pdo, unsigned int irq, PKSERVICE_ROUTINE isr,
				 void *ctx, PKINTERRUPT *out)
{
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_FULLY_SPECIFIED };

	p.FullySpecified.PhysicalDeviceObject = pdo;
	p.FullySpecified.InterruptObject = out;
	p.FullySpecified.ServiceRoutine = isr;
	p.FullySpecified.ServiceContext = ctx;
	p.FullySpecified.Vector = irq;
	p.FullySpecified.Irql = NTC_DIRQL_MIN;
	p.FullySpecified.SynchronizeIrql = NTC_DIRQL_MIN;
	p.FullySpecified.InterruptMode = Latched;
	p.FullySpecified.ShareVector = FALSE;
	p.FullySpecified.ProcessorEnableMask = (KAFFINITY)~0UL;
	return IoConnectInterruptEx(&p);
}

static NTSTATUS nb_connect_msg(PDEVICE_OBJECT pdo, PKMESSAGE_SERVICE_ROUTINE isr, void *ctx,
			       PIO_INTERRUPT_MESSAGE_INFO *out)
{
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_MESSAGE_BASED };

	p.MessageBased.PhysicalDeviceObject = pdo;
	p.MessageBased.ConnectionContext.InterruptMessageTable = out;
	p.MessageBased.MessageServiceRoutine = isr;
	p.MessageBased.ServiceContext = ctx;
	return IoConnectInterruptEx(&p);
}

static void nb_disconnect(ULONG version, void *ctx)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS p = { .Version = version };

	if (!ctx)
		return;
	p.ConnectionContext.Generic = ctx;
	IoDisconnectInterruptEx(&p);
}

static unsigned long nb_nt_calls(PKINTERRUPT k, unsigned long *claimed)
{
	struct ntcompat_interrupt_stats st = {};

	ntcompat_interrupt_stats(k, &st);
	*claimed = st.claimed;
	return st.calls;
}

/* ------------------------------------------------------------------------ */
/* Measurement primitives                                                   */

static unsigned int nb_iters, nb_samples, nb_rounds;

/* ps per generic_handle_irq(), IRQs off in chunks. */
static u64 nb_loop(unsigned int irq, unsigned int n)
{
	unsigned long flags;
	unsigned int i, k;
	u64 t0, sum = 0;

	for (i = 0; i < n; i += NB_CHUNK) {
		local_irq_save(flags);
		t0 = ktime_get_ns();
		for (k = 0; k < NB_CHUNK; k++)
			generic_handle_irq(irq);
		sum += ktime_get_ns() - t0;
		local_irq_restore(flags);
		cond_resched();
	}
	return div_u64(sum * 1000, DIV_ROUND_UP(n, NB_CHUNK) * NB_CHUNK);
}

static unsigned int nb_loop_count(unsigned int n)
{
	return DIV_ROUND_UP(n, NB_CHUNK) * NB_CHUNK;
}

/*
 * One simulated interrupt on @irq; waits for @c->done. Returns fire-to-stamp
 * in *fire and entry-to-stamp (or ISR-to-stamp with @from_isr) in *entry, ns.
 */
static int nb_fire(unsigned int irq, struct nb_ctx *c, bool from_isr, u64 *fire, u64 *entry)
{
	u64 t0, now;
	int ret;

	WRITE_ONCE(c->done, 0);
	t0 = ktime_get_ns();
	ret = irq_set_irqchip_state(irq, IRQCHIP_STATE_PENDING, true);
	if (ret)
		return ret;
	/* Pairs with the handler's release: t_handler is read after it. */
	while (!smp_load_acquire(&c->done)) {
		now = ktime_get_ns();
		if (now - t0 > NB_TIMEOUT_NS)
			return -ETIMEDOUT;
		cond_resched();
		cpu_relax();
	}
	*fire = c->t_handler - t0;
	*entry = c->t_handler - (from_isr ? c->t_isr : READ_ONCE(nb_src.t_entry));
	return 0;
}

static u64 nb_median_ns_to_ps(u64 *v, unsigned int n)
{
	u64 med, p10, p90;

	nb_stats(v, n, &med, &p10, &p90);
	return med * 1000;
}

/*
 * Latency pair: per round, @samples fires alternating between the ntcompat
 * side (@irq_t, @ct) and the native side (@irq_n, @cn); the round's value is
 * the median of its samples. Fills figs @f_fire and @f_entry (-1: none).
 */
static int nb_latency(int f_fire, int f_entry, unsigned int irq_t, struct nb_ctx *ct,
		      unsigned int irq_n, struct nb_ctx *cn, bool from_isr)
{
	u64 *ft, *et, *fn, *en;
	unsigned int r, s;
	int ret = 0;

	ft = kcalloc(4 * nb_samples, sizeof(u64), GFP_KERNEL);
	if (!ft)
		return -ENOMEM;
	et = ft + nb_samples;
	fn = et + nb_samples;
	en = fn + nb_samples;
	for (r = 0; r < nb_rounds && !ret; r++) {
		for (s = 0; s < nb_samples && !ret; s++) {
			if ((r + s) & 1) {
				ret = nb_fire(irq_t, ct, from_isr, &ft[s], &et[s]);
				ret = ret ?: nb_fire(irq_n, cn, from_isr, &fn[s], &en[s]);
			} else {
				ret = nb_fire(irq_n, cn, from_isr, &fn[s], &en[s]);
				ret = ret ?: nb_fire(irq_t, ct, from_isr, &ft[s], &et[s]);
			}
		}
		if (ret)
			break;
		if (f_fire >= 0)
			nb_put(f_fire, r, nb_median_ns_to_ps(ft, nb_samples),
			       nb_median_ns_to_ps(fn, nb_samples));
		if (f_entry >= 0)
			nb_put(f_entry, r, nb_median_ns_to_ps(et, nb_samples),
			       nb_median_ns_to_ps(en, nb_samples));
	}
	kfree(ft);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* 1. Hard-IRQ dispatch                                                     */

static void nb_test_dispatch(void)
{
	unsigned int irq_n = nb_irq(0), irq_l = nb_irq(1), irq_m = nb_irq(2);
	PIO_INTERRUPT_MESSAGE_INFO info = NULL;
	PDEVICE_OBJECT pdo_l, pdo_m = NULL;
	struct nb_ctx *c;
	PKINTERRUPT kl = NULL;
	unsigned long calls, claimed, want;
	u64 tn, tl, tm;
	unsigned int r;
	NTSTATUS st1, st2;
	int ret;

	if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
		nb_na(F_DISP_LINE, "PREEMPT_RT force-threads handlers; see fire.*");
		nb_na(F_DISP_MSG, "PREEMPT_RT force-threads handlers; see fire.*");
		return;
	}
	c = kcalloc(3, sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	nb_ctx_init(&c[0], true);
	nb_ctx_init(&c[1], true);
	nb_ctx_init(&c[2], true);
	pdo_l = nb_pdo(irq_l, false, NULL, 0);
	pdo_m = nb_pdo(0, false, &irq_m, 1);
	ret = request_irq(irq_n, nat_isr, 0, "ntc_bench-native", &c[0]);
	st1 = pdo_l ? nb_connect_line(pdo_l, nt_isr, &c[1], &kl) : STATUS_UNSUCCESSFUL;
	st2 = pdo_m ? nb_connect_msg(pdo_m, nt_msg_isr, &c[2], &info) : STATUS_UNSUCCESSFUL;
	nb_check("dispatch.setup", !ret && NT_SUCCESS(st1) && NT_SUCCESS(st2),
		 "request_irq %d, LINE_BASED %#x, MESSAGE_BASED %#x", ret, st1, st2);
	if (ret || !NT_SUCCESS(st1) || !NT_SUCCESS(st2))
		goto out;

	for (r = 0; r < nb_rounds; r++) {
		if (r & 1) {
			tl = nb_loop(irq_l, nb_iters);
			tm = nb_loop(irq_m, nb_iters);
			tn = nb_loop(irq_n, nb_iters);
		} else {
			tn = nb_loop(irq_n, nb_iters);
			tm = nb_loop(irq_m, nb_iters);
			tl = nb_loop(irq_l, nb_iters);
		}
		nb_put(F_DISP_LINE, r, tl, tn);
		nb_put(F_DISP_MSG, r, tm, tn);
	}
	want = (unsigned long)nb_rounds * nb_loop_count(nb_iters);
	nb_check("dispatch.native_count", c[0].count == want, "%lu of %lu", c[0].count, want);
	calls = nb_nt_calls(kl, &claimed);
	nb_check("dispatch.line_count", c[1].count == want && calls == want && claimed == want,
		 "ISR %lu, stats calls %lu claimed %lu, of %lu", c[1].count, calls, claimed, want);
	calls = nb_nt_calls(info->MessageInfo[0].InterruptObject, &claimed);
	nb_check("dispatch.msg_count", c[2].count == want && calls == want && claimed == want,
		 "ISR %lu, stats calls %lu claimed %lu, of %lu", c[2].count, calls, claimed, want);
out:
	if (!ret)
		free_irq(irq_n, &c[0]);
	nb_disconnect(CONNECT_LINE_BASED, kl);
	nb_disconnect(CONNECT_MESSAGE_BASED, info);
	ntcompat_delete_pdo(pdo_l);
	ntcompat_delete_pdo(pdo_m);
	kfree(c);
}

/* Shared line: @k sharers, sharer 0 claims, the others say "not mine". */
static void nb_test_shared(unsigned int k, unsigned int fig)
{
	unsigned int irq_n = nb_irq(3), irq_t = nb_irq(4);
	PDEVICE_OBJECT pdo[4] = {};
	PKINTERRUPT kint[4] = {};
	struct nb_ctx *cn, *ct;
	unsigned long want, calls, claimed;
	unsigned int i, r, nreq = 0;
	bool ok = true, counts = true;
	u64 tn, tt;
	NTSTATUS st = STATUS_SUCCESS;
	int ret = 0;

	if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
		nb_na(fig, "PREEMPT_RT force-threads handlers");
		return;
	}
	cn = kcalloc(2 * k, sizeof(*cn), GFP_KERNEL);
	if (!cn)
		return;
	ct = cn + k;
	for (i = 0; i < k; i++) {
		nb_ctx_init(&cn[i], i == 0);
		nb_ctx_init(&ct[i], i == 0);
		ret = request_irq(irq_n, nat_isr, IRQF_SHARED, "ntc_bench-native", &cn[i]);
		if (ret)
			break;
		nreq++;
		pdo[i] = nb_pdo(irq_t, false, NULL, 0);
		st = pdo[i] ? nb_connect_line(pdo[i], nt_isr, &ct[i], &kint[i]) :
			STATUS_UNSUCCESSFUL;
		if (!NT_SUCCESS(st))
			break;
	}
	ok = !ret && NT_SUCCESS(st);
	nb_check(k == 2 ? "shared2.setup" : "shared4.setup", ok,
		 "request_irq %d, LINE_BASED %#x", ret, st);
	if (!ok)
		goto out;
	for (r = 0; r < nb_rounds; r++) {
		if (r & 1) {
			tt = nb_loop(irq_t, nb_iters);
			tn = nb_loop(irq_n, nb_iters);
		} else {
			tn = nb_loop(irq_n, nb_iters);
			tt = nb_loop(irq_t, nb_iters);
		}
		nb_put(fig, r, tt, tn);
	}
	want = (unsigned long)nb_rounds * nb_loop_count(nb_iters);
	for (i = 0; i < k; i++) {
		calls = nb_nt_calls(kint[i], &claimed);
		if (cn[i].calls != want || ct[i].calls != want || calls != want ||
		    claimed != (i ? 0 : want) || cn[i].count != (i ? 0 : want))
			counts = false;
	}
	nb_check(k == 2 ? "shared2.counts" : "shared4.counts", counts,
		 "every sharer called %lu times, only sharer 0 claimed", want);
out:
	for (i = 0; i < nreq; i++)
		free_irq(irq_n, &cn[i]);
	for (i = 0; i < k; i++) {
		nb_disconnect(CONNECT_LINE_BASED, kint[i]);
		ntcompat_delete_pdo(pdo[i]);
	}
	kfree(cn);
}

/* Fire path end to end, hard IRQ (forced-threaded on PREEMPT_RT). */
static void nb_test_fire(void)
{
	unsigned int irq_n = nb_irq(5), irq_t = nb_irq(6), irq_f = nb_irq(13);
	PDEVICE_OBJECT pdo, pdo_f;
	PKINTERRUPT k = NULL, kf = NULL;
	struct nb_ctx *c;
	NTSTATUS st, st_f;
	bool req;
	int ret;

	c = kcalloc(3, sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	nb_ctx_init(&c[0], true);
	nb_ctx_init(&c[1], true);
	nb_ctx_init(&c[2], true);
	pdo = nb_pdo(irq_t, false, NULL, 0);
	pdo_f = nb_pdo(irq_f, false, NULL, 0);
	ret = request_irq(irq_n, nat_isr_stamp, 0, "ntc_bench-native", &c[0]);
	req = !ret;
	st = pdo ? nb_connect_line(pdo, nt_isr_stamp, &c[1], &k) : STATUS_UNSUCCESSFUL;
	st_f = pdo_f ? nb_connect_fully(pdo_f, irq_f, nt_isr_stamp, &c[2], &kf) :
		STATUS_UNSUCCESSFUL;
	nb_check("fire.setup", !ret && NT_SUCCESS(st) && NT_SUCCESS(st_f),
		 "request_irq %d, LINE_BASED %#x, FULLY_SPECIFIED %#x", ret, st, st_f);
	if (!ret && NT_SUCCESS(st) && NT_SUCCESS(st_f)) {
		ret = nb_latency(F_FIRE, F_ENTRY, irq_t, &c[1], irq_n, &c[0], false);
		ret = ret ?: nb_latency(F_FIRE_FULLY, -1, irq_f, &c[2], irq_n, &c[0], false);
		nb_check("fire.delivered", !ret,
			 "every fired interrupt reached its handler (%d); last ran on CPU %d (LINE) / %d (FULLY) / %d (native), bench on CPU %d",
			 ret, c[1].cpu, c[2].cpu, c[0].cpu, raw_smp_processor_id());
	}
	if (req)
		free_irq(irq_n, &c[0]);
	nb_disconnect(CONNECT_LINE_BASED, k);
	nb_disconnect(CONNECT_FULLY_SPECIFIED, kf);
	ntcompat_delete_pdo(pdo);
	ntcompat_delete_pdo(pdo_f);
	kfree(c);
}

/* 2. Passive ISR against a threaded handler. */
static void nb_test_passive(void)
{
	unsigned int irq_n = nb_irq(7), irq_t = nb_irq(8);
	PDEVICE_OBJECT pdo;
	PKINTERRUPT k = NULL;
	struct ntcompat_interrupt_stats stats = {};
	struct nb_ctx *c;
	NTSTATUS st;
	bool req;
	int ret;

	c = kcalloc(2, sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	nb_ctx_init(&c[0], true);
	nb_ctx_init(&c[1], true);
	pdo = nb_pdo(irq_t, true, NULL, 0);
	ret = request_threaded_irq(irq_n, NULL, nat_isr_stamp, IRQF_ONESHOT,
				   "ntc_bench-native", &c[0]);
	req = !ret;
	st = pdo ? nb_connect_line(pdo, nt_isr_stamp, &c[1], &k) : STATUS_UNSUCCESSFUL;
	if (NT_SUCCESS(st))
		ntcompat_interrupt_stats(k, &stats);
	nb_check("passive.setup", !ret && NT_SUCCESS(st) && stats.passive,
		 "request_threaded_irq %d, LINE_BASED on a passive line %#x (passive %d)",
		 ret, st, stats.passive);
	if (!ret && NT_SUCCESS(st)) {
		ret = nb_latency(F_PASSIVE, F_PASSIVE_ENTRY, irq_t, &c[1], irq_n, &c[0], false);
		nb_check("passive.delivered", !ret,
			 "every fired interrupt reached its thread (%d); last ran on CPU %d (NT) / %d (native), bench on CPU %d",
			 ret, c[1].cpu, c[0].cpu, raw_smp_processor_id());
	}
	if (req)
		free_irq(irq_n, &c[0]);
	nb_disconnect(CONNECT_LINE_BASED, k);
	ntcompat_delete_pdo(pdo);
	kfree(c);
}

#ifdef NTC_HAVE_BH_WQ
/* The same NT DPC against a BH workqueue item queued by the native ISR. */
static void nb_dpc_latency_bh(unsigned int irq_t, struct nb_ctx *ct, struct nb_ctx *cb)
{
	unsigned int irq_b = nb_irq(11);
	bool req;
	int ret;

	INIT_WORK(&cb->work, nat_bh_stamp);
	ret = request_irq(irq_b, nat_isr_bh, 0, "ntc_bench-native", cb);
	req = !ret;
	if (!ret) {
		ret = nb_latency(-1, F_DPC_LAT_BH, irq_t, ct, irq_b, cb, true);
		nb_check("dpc.bhwq_delivered", !ret, "every ISR's DPC / BH work ran (%d)", ret);
	}
	if (req)
		free_irq(irq_b, cb);
	flush_work(&cb->work);
}
#endif

/* 3. DPCs */
static void nb_test_dpc_latency(void)
{
	unsigned int irq_n = nb_irq(9), irq_t = nb_irq(10);
	PDEVICE_OBJECT pdo;
	PKINTERRUPT k = NULL;
	struct nb_ctx *c;
	NTSTATUS st;
	bool req;
	int ret;

	c = kcalloc(3, sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	nb_ctx_init(&c[0], true);
	nb_ctx_init(&c[1], true);
	nb_ctx_init(&c[2], true);
	tasklet_setup(&c[0].tasklet, nat_tasklet_stamp);
	KeInitializeDpc(&c[1].dpc, nt_dpc_stamp, &c[1]);
	pdo = nb_pdo(irq_t, false, NULL, 0);
	ret = request_irq(irq_n, nat_isr_tasklet, 0, "ntc_bench-native", &c[0]);
	req = !ret;
	st = pdo ? nb_connect_line(pdo, nt_isr_dpc, &c[1], &k) : STATUS_UNSUCCESSFUL;
	nb_check("dpc.setup", !ret && NT_SUCCESS(st), "request_irq %d, LINE_BASED %#x", ret, st);
	if (!ret && NT_SUCCESS(st)) {
		ret = nb_latency(-1, F_DPC_LAT, irq_t, &c[1], irq_n, &c[0], true);
		nb_check("dpc.delivered", !ret, "every ISR's DPC / tasklet ran (%d)", ret);
	}
#ifdef NTC_HAVE_BH_WQ
	if (NT_SUCCESS(st))
		nb_dpc_latency_bh(irq_t, &c[1], &c[2]);
#else
	nb_na(F_DPC_LAT_BH, "no BH workqueues before 6.9");
#endif
	if (req)
		free_irq(irq_n, &c[0]);
	nb_disconnect(CONNECT_LINE_BASED, k);
	ntcompat_delete_pdo(pdo);
	tasklet_kill(&c[0].tasklet);
	kfree(c);
}

/* ps per link of a self-re-queueing chain of @n started from thread context. */
static u64 nb_chain(struct nb_ctx *c, unsigned int n, void (*start)(struct nb_ctx *c),
		    bool *ok)
{
	u64 t0, t;

	c->chain = 0;
	c->chain_n = n;
	reinit_completion(&c->chain_done);
	t0 = ktime_get_ns();
	local_bh_disable();
	start(c);
	local_bh_enable();
	if (!wait_for_completion_timeout(&c->chain_done, 30 * HZ)) {
		*ok = false;
		return 0;
	}
	t = ktime_get_ns() - t0;
	if (c->chain != n)
		*ok = false;
	return div_u64(t * 1000, n);
}

static void nb_start_dpc(struct nb_ctx *c)
{
	KeInsertQueueDpc(&c->dpc, NULL, NULL);
}

static void nb_start_tasklet(struct nb_ctx *c)
{
	tasklet_hi_schedule(&c->tasklet);
}

#ifdef NTC_HAVE_BH_WQ
static void nb_start_bh(struct nb_ctx *c)
{
	queue_work(system_bh_highpri_wq, &c->work);
}
#endif

static void nb_test_dpc_rate(void)
{
	unsigned int r, n = nb_iters / 2;
	struct nb_ctx *c;
	bool ok = true;
	u64 tt, tn, tb = 0;

	c = kcalloc(3, sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	nb_ctx_init(&c[0], true);
	nb_ctx_init(&c[1], true);
	nb_ctx_init(&c[2], true);
	KeInitializeDpc(&c[0].dpc, nt_dpc_chain, &c[0]);
	tasklet_setup(&c[1].tasklet, nat_tasklet_chain);
#ifdef NTC_HAVE_BH_WQ
	INIT_WORK(&c[2].work, nat_bh_chain);
#else
	nb_na(F_DPC_RATE_BH, "no BH workqueues before 6.9");
#endif
	for (r = 0; r < nb_rounds && ok; r++) {
		if (r & 1) {
			tt = nb_chain(&c[0], n, nb_start_dpc, &ok);
			tn = nb_chain(&c[1], n, nb_start_tasklet, &ok);
		} else {
			tn = nb_chain(&c[1], n, nb_start_tasklet, &ok);
			tt = nb_chain(&c[0], n, nb_start_dpc, &ok);
		}
#ifdef NTC_HAVE_BH_WQ
		tb = nb_chain(&c[2], n, nb_start_bh, &ok);
		nb_put(F_DPC_RATE_BH, r, tt, tb);
#endif
		nb_put(F_DPC_RATE, r, tt, tn);
	}
	nb_check("dpc.chain", ok, "every chain of %u ran to its end", n);
	KeFlushQueuedDpcs();
	tasklet_kill(&c[1].tasklet);
#ifdef NTC_HAVE_BH_WQ
	flush_work(&c[2].work);
#endif
	kfree(c);
	(void)tb;
}

static void nb_test_dpc_requeue(void)
{
	unsigned int r, i, n = nb_iters;
	unsigned int dup = 0;
	struct nb_ctx *c;
	u64 t0, tt, tn, tb;
	bool ok = true;

	c = kcalloc(3, sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	nb_ctx_init(&c[0], true);
	nb_ctx_init(&c[1], true);
	nb_ctx_init(&c[2], true);
	KeInitializeDpc(&c[0].dpc, nt_dpc_count, &c[0]);
	tasklet_setup(&c[1].tasklet, nat_tasklet_count);
#ifdef NTC_HAVE_BH_WQ
	INIT_WORK(&c[2].work, nat_bh_count);
#else
	nb_na(F_DPC_REQ_BH, "no BH workqueues before 6.9");
#endif
	for (r = 0; r < nb_rounds; r++) {
		/* BHs off: nothing runs until every insert is done. */
		local_bh_disable();
		ok &= KeInsertQueueDpc(&c[0].dpc, NULL, NULL);
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			dup += !KeInsertQueueDpc(&c[0].dpc, NULL, NULL);
		tt = ktime_get_ns() - t0;
		tasklet_hi_schedule(&c[1].tasklet);
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			tasklet_hi_schedule(&c[1].tasklet);
		tn = ktime_get_ns() - t0;
#ifdef NTC_HAVE_BH_WQ
		ok &= queue_work(system_bh_highpri_wq, &c[2].work);
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			dup += !queue_work(system_bh_highpri_wq, &c[2].work);
		tb = ktime_get_ns() - t0;
		nb_put(F_DPC_REQ_BH, r, div_u64(tt * 1000, n), div_u64(tb * 1000, n));
#endif
		local_bh_enable();
		nb_put(F_DPC_REQ, r, div_u64(tt * 1000, n), div_u64(tn * 1000, n));
		KeFlushQueuedDpcs();
		tasklet_unlock_wait(&c[1].tasklet);
#ifdef NTC_HAVE_BH_WQ
		flush_work(&c[2].work);
#endif
	}
	tasklet_kill(&c[1].tasklet);
#ifdef NTC_HAVE_BH_WQ
	ok &= dup == 2 * n * nb_rounds && c[2].count == nb_rounds;
#else
	ok &= dup == n * nb_rounds;
#endif
	ok &= c[0].count == nb_rounds && c[1].count == nb_rounds;
	nb_check("dpc.insert_queued", ok,
		 "re-inserts refused %u, DPC ran %lu, tasklet ran %lu times, %u rounds",
		 dup, c[0].count, c[1].count, nb_rounds);
	kfree(c);
	(void)tb;
}

/* 4. Synchronization */
static DEFINE_SPINLOCK(nb_lock);

enum nb_sync_kind { NB_KSE, NB_INTLOCK, NB_NATIVE };

static u64 nb_sync_loop(enum nb_sync_kind kind, PKINTERRUPT k, struct nb_ctx *c,
			unsigned int n, unsigned int *bad)
{
	unsigned long flags;
	unsigned int i;
	KIRQL old;
	u64 t0;

	t0 = ktime_get_ns();
	switch (kind) {
	case NB_KSE:
		for (i = 0; i < n; i++)
			*bad += KeSynchronizeExecution(k, nt_sync_routine, c) != TRUE;
		break;
	case NB_INTLOCK:
		for (i = 0; i < n; i++) {
			old = KeAcquireInterruptSpinLock(k);
			nb_work(c);
			KeReleaseInterruptSpinLock(k, old);
		}
		break;
	case NB_NATIVE:
		for (i = 0; i < n; i++) {
			spin_lock_irqsave(&nb_lock, flags);
			*bad += !nat_sync_routine(c);
			spin_unlock_irqrestore(&nb_lock, flags);
		}
		break;
	}
	return div_u64((ktime_get_ns() - t0) * 1000, n);
}

struct nb_cont {
	enum nb_sync_kind kind;
	PKINTERRUPT k;
	struct nb_ctx *c;
	unsigned int n;
	unsigned int bad;
	atomic_t *ready;
	u64 ps;
	struct completion done;
};

static int nb_cont_fn(void *arg)
{
	struct nb_cont *t = arg;

	atomic_inc(t->ready);
	while (atomic_read(t->ready) < 2)
		cond_resched();	/* the bench thread may share this CPU */
	t->ps = nb_sync_loop(t->kind, t->k, t->c, t->n, &t->bad);
	kthread_complete_and_exit(&t->done, 0);
}

/* Two threads on CPUs 0 and 1 on the same object/lock: ps per operation. */
static u64 nb_contended(enum nb_sync_kind kind, PKINTERRUPT k, struct nb_ctx *c,
			unsigned int n, unsigned int cpu0, unsigned int cpu1, bool *ok)
{
	struct task_struct *task, *tasks[2] = {};
	struct nb_cont t[2] = {};
	atomic_t ready = ATOMIC_INIT(0);
	unsigned int i, j, cpus[2] = { cpu0, cpu1 };

	/* Both created before either runs: each waits for the other. */
	for (i = 0; i < 2; i++) {
		t[i].kind = kind;
		t[i].k = k;
		t[i].c = c;
		t[i].n = n;
		t[i].ready = &ready;
		init_completion(&t[i].done);
		task = kthread_create_on_cpu(nb_cont_fn, &t[i], cpus[i], "ntc_bench/%u");
		if (IS_ERR(task))
			break;
		tasks[i] = task;
	}
	if (i < 2) {
		*ok = false;
		atomic_set(&ready, 2);	/* nobody waits for a thread that is not there */
	}
	for (j = 0; j < i; j++)
		wake_up_process(tasks[j]);
	for (; i > 0; i--)
		wait_for_completion(&t[i - 1].done);
	if (t[0].bad || t[1].bad)
		*ok = false;
	return (t[0].ps + t[1].ps) / 2;
}

static void nb_test_sync(void)
{
	unsigned int irq_t = nb_irq(12), r, bad = 0, cpu0, cpu1;
	unsigned int n = nb_iters;
	unsigned long want, base;
	PDEVICE_OBJECT pdo;
	PKINTERRUPT k = NULL;
	struct nb_ctx *c;
	u64 tk, ti, tn, tn2;
	bool cont, ok = true;
	NTSTATUS st;

	c = kcalloc(1, sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	nb_ctx_init(c, true);
	pdo = nb_pdo(irq_t, false, NULL, 0);
	st = pdo ? nb_connect_line(pdo, nt_isr, c, &k) : STATUS_UNSUCCESSFUL;
	nb_check("sync.setup", NT_SUCCESS(st), "LINE_BASED %#x", st);
	if (!NT_SUCCESS(st))
		goto out;
	for (r = 0; r < nb_rounds; r++) {
		if (r & 1) {
			tk = nb_sync_loop(NB_KSE, k, c, n, &bad);
			ti = nb_sync_loop(NB_INTLOCK, k, c, n, &bad);
			tn = nb_sync_loop(NB_NATIVE, k, c, n, &bad);
			tn2 = nb_sync_loop(NB_NATIVE, k, c, n, &bad);
		} else {
			tn = nb_sync_loop(NB_NATIVE, k, c, n, &bad);
			tn2 = nb_sync_loop(NB_NATIVE, k, c, n, &bad);
			ti = nb_sync_loop(NB_INTLOCK, k, c, n, &bad);
			tk = nb_sync_loop(NB_KSE, k, c, n, &bad);
		}
		nb_put(F_KSE, r, tk, tn);
		nb_put(F_INTLOCK, r, ti, tn2);
	}
	want = 4UL * n * nb_rounds;
	nb_check("sync.counts", !bad && c->count == want,
		 "routine ran %lu of %lu times, %u unexpected returns", c->count, want, bad);

	cpu0 = cpumask_first(cpu_online_mask);
	cpu1 = cpumask_next(cpu0, cpu_online_mask);
	cont = num_online_cpus() >= 2 && cpu1 < nr_cpu_ids;
	if (!cont) {
		nb_na(F_KSE_CONT, "one CPU");
		nb_na(F_INTLOCK_CONT, "one CPU");
		goto out;
	}
	base = c->count;
	for (r = 0; r < nb_rounds && ok; r++) {
		tk = nb_contended(NB_KSE, k, c, n / 2, cpu0, cpu1, &ok);
		tn = nb_contended(NB_NATIVE, k, c, n / 2, cpu0, cpu1, &ok);
		ti = nb_contended(NB_INTLOCK, k, c, n / 2, cpu0, cpu1, &ok);
		nb_put(F_KSE_CONT, r, tk, tn);
		nb_put(F_INTLOCK_CONT, r, ti, tn);
	}
	want = 3UL * 2 * (n / 2) * nb_rounds;
	/* The counter is bumped under the lock on both CPUs: exclusion check. */
	nb_check("sync.contended", ok && c->count - base == want,
		 "%lu of %lu increments under the lock from 2 CPUs", c->count - base, want);
out:
	nb_disconnect(CONNECT_LINE_BASED, k);
	ntcompat_delete_pdo(pdo);
	kfree(c);
}

/* 5. Connect/disconnect and memory */
static size_t nb_conn_bytes(PKINTERRUPT k)
{
	struct ntc_conn *conn = k->conn;

	return ksize(conn) + ksize(conn->kint) + (conn->info ? ksize(conn->info) : 0);
}

static size_t nb_pdo_bytes(PDEVICE_OBJECT pdo)
{
	struct ntc_pdo *p = container_of(pdo, struct ntc_pdo, devobj);

	return ksize(p) + (p->msg_irqs ? ksize(p->msg_irqs) : 0) +
		(p->raw ? ksize(p->raw) : 0) + (p->translated ? ksize(p->translated) : 0);
}

static void nb_test_connect(void)
{
	static const unsigned int fc[3] = { F_CONN_1, F_CONN_8, F_CONN_N };
	static const unsigned int fd[3] = { F_DISC_1, F_DISC_8, F_DISC_N };
	unsigned int counts[3] = { 1, 8, NB_POOL };
	unsigned int *irqs, i, j, r, rep, reps = quick ? 2 : 4;
	PDEVICE_OBJECT pdo_l, pdo_m[3] = {};
	PIO_INTERRUPT_MESSAGE_INFO info;
	size_t mem1 = 0, memn = 0, meml = 0, irqaction;
	u64 t0, t1, t2, ct, dt, cn, dn;
	PKINTERRUPT k;
	struct nb_ctx *c;
	bool ok = true;
	NTSTATUS st;
	int ret = 0;

	c = kcalloc(1, sizeof(*c), GFP_KERNEL);
	irqs = kcalloc(NB_POOL, sizeof(*irqs), GFP_KERNEL);
	if (!c || !irqs)
		goto out_free;
	nb_ctx_init(c, true);
	for (i = 0; i < NB_POOL; i++)
		irqs[i] = nb_irq(i);
	pdo_l = nb_pdo(irqs[0], false, NULL, 0);
	for (j = 0; j < 3; j++)
		pdo_m[j] = nb_pdo(0, false, irqs, counts[j]);
	ok = pdo_l && pdo_m[0] && pdo_m[1] && pdo_m[2];
	nb_check("connect.setup", ok, "PDOs with a line and with 1, 8, %u messages", NB_POOL);
	if (!ok)
		goto out;

	for (r = 0; r < nb_rounds && ok; r++) {
		/* LINE_BASED against request_irq(IRQF_SHARED) */
		ct = 0;
		dt = 0;
		cn = 0;
		dn = 0;
		for (rep = 0; rep < reps && ok; rep++) {
			k = NULL;
			t0 = ktime_get_ns();
			st = nb_connect_line(pdo_l, nt_isr, c, &k);
			t1 = ktime_get_ns();
			if (!NT_SUCCESS(st)) {
				ok = false;
				break;
			}
			meml = nb_conn_bytes(k);
			nb_disconnect(CONNECT_LINE_BASED, k);
			t2 = ktime_get_ns();
			ct += t1 - t0;
			dt += t2 - t1;
			t0 = ktime_get_ns();
			ret = request_irq(irqs[0], nat_isr, IRQF_SHARED, "ntc_bench-native", c);
			t1 = ktime_get_ns();
			if (ret) {
				ok = false;
				break;
			}
			free_irq(irqs[0], c);
			t2 = ktime_get_ns();
			cn += t1 - t0;
			dn += t2 - t1;
		}
		nb_put(F_CONN_LINE, r, div_u64(ct * 1000, reps), div_u64(cn * 1000, reps));
		nb_put(F_DISC_LINE, r, div_u64(dt * 1000, reps), div_u64(dn * 1000, reps));

		/* MESSAGE_BASED against n x request_irq */
		for (j = 0; j < 3 && ok; j++) {
			ct = 0;
			dt = 0;
			cn = 0;
			dn = 0;
			for (rep = 0; rep < reps && ok; rep++) {
				info = NULL;
				t0 = ktime_get_ns();
				st = nb_connect_msg(pdo_m[j], nt_msg_isr, c, &info);
				t1 = ktime_get_ns();
				if (!NT_SUCCESS(st) || info->MessageCount != counts[j]) {
					ok = false;
					break;
				}
				if (j == 0)
					mem1 = nb_conn_bytes(info->MessageInfo[0].InterruptObject);
				if (j == 2)
					memn = nb_conn_bytes(info->MessageInfo[0].InterruptObject);
				nb_disconnect(CONNECT_MESSAGE_BASED, info);
				t2 = ktime_get_ns();
				ct += t1 - t0;
				dt += t2 - t1;
				ret = 0;
				t0 = ktime_get_ns();
				for (i = 0; i < counts[j] && !ret; i++)
					ret = request_irq(irqs[i], nat_isr, 0,
							  "ntc_bench-native", c);
				t1 = ktime_get_ns();
				if (ret) {
					ok = false;
					i--;
				}
				while (i--)
					free_irq(irqs[i], c);
				t2 = ktime_get_ns();
				cn += t1 - t0;
				dn += t2 - t1;
			}
			nb_put(fc[j], r, div_u64(ct * 1000, reps), div_u64(cn * 1000, reps));
			nb_put(fd[j], r, div_u64(dt * 1000, reps), div_u64(dn * 1000, reps));
		}
	}
	nb_check("connect.cycles", ok, "every connect and request_irq succeeded (%d)", ret);

	/* Memory: what ntcompat allocates per connection, measured with ksize(). */
	irqaction = kmalloc_size_roundup(sizeof(struct irqaction));
	for (r = 0; r < nb_rounds; r++) {
		nb_put(F_MEM_LINE, r, meml, irqaction);
		nb_put(F_MEM_MSG1, r, mem1, irqaction);
		nb_put(F_MEM_PER_MSG, r, memn > mem1 ? (memn - mem1) / (NB_POOL - 1) : 0,
		       irqaction);
		nb_put(F_MEM_PDO, r, nb_pdo_bytes(pdo_m[0]), 0);
	}
	pr_notice("MEM sizeof ntc_conn=%zu KINTERRUPT=%zu MESSAGE_INFO_ENTRY=%zu ntc_pdo=%zu irqaction=%zu mutex=%zu; ksize line=%zu msg1=%zu msg%u=%zu\n",
		  sizeof(struct ntc_conn), sizeof(struct _KINTERRUPT),
		  sizeof(IO_INTERRUPT_MESSAGE_INFO_ENTRY), sizeof(struct ntc_pdo),
		  sizeof(struct irqaction), sizeof(struct mutex), meml, mem1, NB_POOL, memn);
out:
	for (j = 0; j < 3; j++)
		ntcompat_delete_pdo(pdo_m[j]);
	ntcompat_delete_pdo(pdo_l);
out_free:
	kfree(irqs);
	kfree(c);
}

/* ------------------------------------------------------------------------ */

static const char *nb_preempt_model(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return "rt";
#ifdef CONFIG_PREEMPT_DYNAMIC
	if (preempt_model_full())
		return "full(dynamic)";
	if (preempt_model_voluntary())
		return "voluntary(dynamic)";
	return "none(dynamic)";
#else
	if (IS_ENABLED(CONFIG_PREEMPT))
		return "full";
	if (IS_ENABLED(CONFIG_PREEMPT_VOLUNTARY))
		return "voluntary";
	return "none";
#endif
}

static void nb_begin(void)
{
	pr_notice("BEGIN release=%s machine=%s preempt=%s rt=%d hz=%d cpus=%u bench_cpu=%u prove_locking=%d lockdep=%d kasan=%d kcsan=%d ubsan=%d debug_atomic_sleep=%d debug_shirq=%d debug_preempt=%d slub_debug_on=%d retpoline=%d ibt=%d bh_wq=%d irq_work_irq=%d rounds=%u iters=%u samples=%u irqs=%d-%d clock=ktime_get_ns\n",
		  utsname()->release, utsname()->machine, nb_preempt_model(),
		  IS_ENABLED(CONFIG_PREEMPT_RT), HZ, num_online_cpus(), nb_cpu,
		  IS_ENABLED(CONFIG_PROVE_LOCKING), IS_ENABLED(CONFIG_LOCKDEP),
		  IS_ENABLED(CONFIG_KASAN), IS_ENABLED(CONFIG_KCSAN), IS_ENABLED(CONFIG_UBSAN),
		  IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP), IS_ENABLED(CONFIG_DEBUG_SHIRQ),
		  IS_ENABLED(CONFIG_DEBUG_PREEMPT), IS_ENABLED(CONFIG_SLUB_DEBUG_ON),
		  IS_ENABLED(CONFIG_MITIGATION_RETPOLINE) || IS_ENABLED(CONFIG_RETPOLINE),
		  IS_ENABLED(CONFIG_X86_KERNEL_IBT),
#ifdef NTC_HAVE_BH_WQ
		  1,
#else
		  0,
#endif
		  arch_irq_work_has_interrupt(), nb_rounds, nb_iters, nb_samples, nb_src.base,
		  nb_src.base + nb_src.n - 1);
}

static int nb_run(void)
{
	unsigned int f;
	int ret;

	nb_rounds = clamp(rounds, 3U, (unsigned int)NB_MAX_ROUNDS);
	nb_iters = iters ?: (quick ? 2000 : 20000);
	nb_iters = max_t(unsigned int, nb_iters, NB_CHUNK);
	nb_samples = samples ?: (quick ? 12 : 48);

	ret = nb_src_init();
	if (ret) {
		pr_err("no IRQ descriptors: %d\n", ret);
		nb_check("setup", false, "irq_alloc_descs %d", ret);
		goto out;
	}
	nb_dev = root_device_register("ntc_bench");
	if (IS_ERR(nb_dev)) {
		ret = PTR_ERR(nb_dev);
		nb_check("setup", false, "root_device_register %d", ret);
		nb_src_exit();
		goto out;
	}
	nb_begin();

	nb_test_dispatch();
	nb_test_shared(2, F_SHARED2);
	nb_test_shared(4, F_SHARED4);
	nb_test_fire();
	nb_test_passive();
	nb_test_dpc_latency();
	nb_test_dpc_rate();
	nb_test_dpc_requeue();
	nb_test_sync();
	nb_test_connect();

	figs[F_CONN_N].id = NB_POOL == 64 ? "connect.msg64" : "connect.msg32";
	figs[F_DISC_N].id = NB_POOL == 64 ? "disconnect.msg64" : "disconnect.msg32";
	for (f = 0; f < F_COUNT; f++)
		nb_print_fig(&figs[f]);
	root_device_unregister(nb_dev);
	nb_src_exit();
	ret = 0;
out:
	pr_notice("END passed=%u failed=%u\n", nb_passed, nb_failed);
	return ret;
}

static DECLARE_COMPLETION(nb_finished);
static int nb_result;

static int nb_main(void *unused)
{
	nb_result = nb_run();
	kthread_complete_and_exit(&nb_finished, 0);
}

/* The bench runs in a kthread bound to one CPU (the first online one). */
static int __init ntc_bench_init(void)
{
	struct task_struct *t;

	nb_cpu = cpumask_first(cpu_online_mask);
	t = kthread_create(nb_main, NULL, "ntc_bench");
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, nb_cpu);
	wake_up_process(t);
	wait_for_completion(&nb_finished);
	if (poweroff)
		kernel_power_off();
	return nb_result;
}

static void __exit ntc_bench_exit(void)
{
}

late_initcall(ntc_bench_init);
module_exit(ntc_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ntcompat against native Linux: interrupt, DPC, sync and connect costs");
