// SPDX-License-Identifier: GPL-2.0
/*
 * the Linux side of the sample driver: the only file that knows
 * Linux. It plays the PnP manager for the NT part (driver.c): a pci_driver
 * whose probe creates the PDO, calls AddDevice, has resources assigned and
 * calls the START_DEVICE routine; remove calls REMOVE_DEVICE and deletes the
 * PDO. The INF's choices are module parameters, and a sysfs group on the PCI
 * device (/sys/bus/pci/devices/<bdf>/ntsample/) exposes the driver's counters
 * and a few actions for the QEMU scenarios (tests/qemu/guest/).
 *
 * Locking: ntsample_dev.lock serializes the sysfs actions of one device with
 * each other (start, stop, fire, sync_test) and with reads of ntcompat's
 * per-interrupt statistics, which need the interrupt objects alive. The driver
 * core removes the sysfs group before ->remove, so remove needs no lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <ntcompat/ntcompat.h>
#include "ntsample.h"

#define NTSAMPLE_TIMEOUT_MS	2000	/* per interrupt; TCG is slow */
#define NTSAMPLE_MAX_READERS	8

static const char * const ntsample_mode_names[NtSampleModeCount] = {
	[NtSampleModeLine] = "line",
	[NtSampleModeLinePassive] = "line-passive",
	[NtSampleModeMessage] = "message",
	[NtSampleModeMessageNoFallback] = "message-nofallback",
	[NtSampleModeMessagePassive] = "message-passive",
	[NtSampleModeFully] = "fully",
	[NtSampleModeFullyGroup] = "fully-group",
	[NtSampleModeFullyMessage] = "fully-message",
	[NtSampleModePassive] = "passive",
};

static const char * const ntsample_kind_names[] = {
	[NtSampleEdu] = "edu",
	[NtSampleIvshmem] = "ivshmem",
};

/* ------------------------------------------------------------------------ */
/* Module parameters: the connect version per device kind                   */

static int edu_mode = NtSampleModeLine;
static int ivshmem_mode = NtSampleModeMessage;

static int ntsample_mode_set(const char *val, const struct kernel_param *kp)
{
	int mode = sysfs_match_string(ntsample_mode_names, val);

	if (mode < 0)
		return mode;
	WRITE_ONCE(*(int *)kp->arg, mode);
	return 0;
}

static int ntsample_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", ntsample_mode_names[READ_ONCE(*(int *)kp->arg)]);
}

static const struct kernel_param_ops ntsample_mode_ops = {
	.set = ntsample_mode_set,
	.get = ntsample_mode_get,
};

module_param_cb(edu_connect, &ntsample_mode_ops, &edu_mode, 0644);
MODULE_PARM_DESC(edu_connect,
		 "edu: line|line-passive|message|message-nofallback|message-passive|fully|fully-group|fully-message|passive (read at probe)");
module_param_cb(ivshmem_connect, &ntsample_mode_ops, &ivshmem_mode, 0644);
MODULE_PARM_DESC(ivshmem_connect, "ivshmem-doorbell: as edu_connect (read at probe)");

/*
 * Testing ntcompat's leftover handling only: the driver "forgets" its PDO.
 * 1 = remove skips ntcompat_delete_pdo(); 2 = probe fails right after
 * creating the PDO and leaves it; 3 = probe fails after resource assignment
 * (as if START_DEVICE had) and leaves it.
 */
enum { NTS_LEAK_NONE, NTS_LEAK_REMOVE, NTS_LEAK_PROBE, NTS_LEAK_PROBE_ASSIGNED };
static int leak_pdo;
module_param(leak_pdo, int, 0644);
MODULE_PARM_DESC(leak_pdo,
		 "testing: the PDO is left to ntcompat by 1 = remove, 2 = a probe failing before resource assignment, 3 = after (default 0)");

static bool ntsample_mode_is_message(int mode)
{
	return mode == NtSampleModeMessage || mode == NtSampleModeMessageNoFallback ||
	       mode == NtSampleModeMessagePassive || mode == NtSampleModeFullyMessage;
}

/* ------------------------------------------------------------------------ */
/* Per device                                                               */

enum ntsample_sync_result {
	NTS_STRESS_INTERRUPTS,
	NTS_SYNC_READS,
	NTS_SYNC_TORN,
	NTS_UNSYNC_READS,
	NTS_UNSYNC_TORN,
	NTS_SYNC_COUNT,
};

struct ntsample_dev {
	struct pci_dev *pdev;
	NTSAMPLE_PARAMETERS params;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo;
	PCM_RESOURCE_LIST raw;
	PCM_RESOURCE_LIST translated;
	struct mutex lock;		/* sysfs actions; see the top of the file */
	unsigned long sync[NTS_SYNC_COUNT];	/* results of the last sync_test */
	/* dpc_stream: a thread queuing test DPCs and raising interrupts */
	struct task_struct *stream;
	unsigned long stream_loops;
	unsigned long stream_interrupts;
	int stream_error;
};

static PDRIVER_OBJECT ntsample_driver;

static struct ntsample_dev *ntsample_get(struct device *dev)
{
	return pci_get_drvdata(to_pci_dev(dev));
}

static void ntsample_stats(struct ntsample_dev *nd, NTSAMPLE_STATS *st)
{
	NtSampleQueryStats(nd->fdo, st);
}

/* Wait (bounded) until message @msg has @target claimed interrupts. */
static int ntsample_wait_claimed(struct ntsample_dev *nd, unsigned int msg, ULONG target)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(NTSAMPLE_TIMEOUT_MS);
	NTSAMPLE_STATS st;

	for (;;) {
		ntsample_stats(nd, &st);
		if ((LONG)(st.MsgClaimed[msg] - target) >= 0)
			return 0;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		usleep_range(20, 100);
	}
}

/* Wait (bounded) until the DpcForIsr consumed every claimed interrupt. */
static int ntsample_wait_dpc(struct ntsample_dev *nd)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(NTSAMPLE_TIMEOUT_MS);
	NTSAMPLE_STATS st;

	for (;;) {
		ntsample_stats(nd, &st);
		if (st.DpcItems == st.Claimed)
			return 0;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		usleep_range(20, 100);
	}
}

/* Raise one interrupt on @msg; with @wait, until the ISR claimed it. */
static int ntsample_fire_one(struct ntsample_dev *nd, unsigned int msg, bool wait)
{
	NTSAMPLE_STATS st;
	NTSTATUS status;

	ntsample_stats(nd, &st);
	status = NtSampleRaiseInterrupt(nd->fdo, msg);
	if (!NT_SUCCESS(status))
		return -EIO;
	return wait ? ntsample_wait_claimed(nd, msg, st.MsgClaimed[msg] + 1) : 0;
}

/* "N" (message 0) or "MSG N" */
static int ntsample_parse_fire(struct ntsample_dev *nd, const char *buf,
			       unsigned int *msg, unsigned int *n)
{
	NTSAMPLE_STATS st;
	unsigned int a, b;

	if (sscanf(buf, "%u %u", &a, &b) == 2) {
		*msg = a;
		*n = b;
	} else if (!kstrtouint(buf, 0, &a)) {
		*msg = 0;
		*n = a;
	} else {
		return -EINVAL;
	}
	ntsample_stats(nd, &st);
	if (*msg >= NTSAMPLE_MAX_MESSAGES || (st.Started && *msg >= st.MessageCount))
		return -EINVAL;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* sysfs: counters                                                          */

#define NTSAMPLE_STAT_ATTR(_name, _fmt, _expr)					\
static ssize_t _name##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	struct ntsample_dev *nd = ntsample_get(dev);				\
	NTSAMPLE_STATS st;							\
										\
	ntsample_stats(nd, &st);						\
	return sysfs_emit(buf, _fmt "\n", _expr);				\
}										\
static DEVICE_ATTR_RO(_name)

NTSAMPLE_STAT_ATTR(started, "%u", (unsigned int)st.Started);
NTSAMPLE_STAT_ATTR(passive, "%u", (unsigned int)st.Passive);
NTSAMPLE_STAT_ATTR(connect_status, "0x%08x", (unsigned int)st.ConnectStatus);
NTSAMPLE_STAT_ATTR(version_asked, "%u", st.VersionAsked);
NTSAMPLE_STAT_ATTR(version_obtained, "%u", st.VersionObtained);
NTSAMPLE_STAT_ATTR(message_count, "%u", st.MessageCount);
NTSAMPLE_STAT_ATTR(unified_irql, "%u", st.UnifiedIrql);
NTSAMPLE_STAT_ATTR(iv_position, "%u", st.IvPosition);
NTSAMPLE_STAT_ATTR(raised, "%u", st.Raised);
NTSAMPLE_STAT_ATTR(isr_calls, "%u", st.IsrCalls);
NTSAMPLE_STAT_ATTR(claimed, "%u", st.Claimed);
NTSAMPLE_STAT_ATTR(dpc_runs, "%u", st.DpcRuns);
NTSAMPLE_STAT_ATTR(watchdog_runs, "%u", st.WatchdogRuns);
NTSAMPLE_STAT_ATTR(dpc_items, "%u", st.DpcItems);
NTSAMPLE_STAT_ATTR(dpc_torn, "%u", st.DpcTorn);
NTSAMPLE_STAT_ATTR(lock_not_held, "%u", st.LockNotHeld);
NTSAMPLE_STAT_ATTR(irql_not_restored, "%u", st.IrqlNotRestored);
NTSAMPLE_STAT_ATTR(overlaps, "%u", st.Overlaps);
NTSAMPLE_STAT_ATTR(dpc_target, "%u", st.TestDpcTarget);
NTSAMPLE_STAT_ATTR(dpc_inserted, "%u", st.TestDpcInserted);
NTSAMPLE_STAT_ATTR(dpc_test_runs, "%u", st.TestDpcRuns);
NTSAMPLE_STAT_ATTR(dpc_on_target, "%u", st.TestDpcOnTarget);
NTSAMPLE_STAT_ATTR(dpc_unarmed, "%u", st.TestDpcUnarmed);

static ssize_t kind_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", ntsample_kind_names[ntsample_get(dev)->params.Kind]);
}
static DEVICE_ATTR_RO(kind);

static ssize_t connect_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", ntsample_mode_names[ntsample_get(dev)->params.Mode]);
}
static DEVICE_ATTR_RO(connect);

/* The IRQLs seen, as a space-separated list ("" if none yet). */
static ssize_t ntsample_emit_irqls(char *buf, ULONG mask)
{
	int len = 0, irql;

	for (irql = 0; irql < 32; irql++)
		if (mask & (1UL << irql))
			len += sysfs_emit_at(buf, len, "%s%d", len ? " " : "", irql);
	return len + sysfs_emit_at(buf, len, "\n");
}

#define NTSAMPLE_IRQL_ATTR(_name, _field)					\
static ssize_t _name##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	NTSAMPLE_STATS st;							\
										\
	ntsample_stats(ntsample_get(dev), &st);					\
	return ntsample_emit_irqls(buf, st._field);				\
}										\
static DEVICE_ATTR_RO(_name)

NTSAMPLE_IRQL_ATTR(isr_irql, IsrIrqlMask);
NTSAMPLE_IRQL_ATTR(dpc_irql, DpcIrqlMask);
NTSAMPLE_IRQL_ATTR(sync_irql, SyncIrqlMask);
NTSAMPLE_IRQL_ATTR(dpc_test_irql, TestDpcIrqlMask);
/* The same bit lists, of processor numbers */
NTSAMPLE_IRQL_ATTR(isr_cpus, IsrCpuMask);
NTSAMPLE_IRQL_ATTR(dpc_cpus, DpcCpuMask);

/* Per MessageID, the first message_count entries ("" when not started). */
#define NTSAMPLE_ARRAY_ATTR(_name, _field)					\
static ssize_t _name##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	NTSAMPLE_STATS st;							\
	unsigned int i;								\
	int len = 0;								\
										\
	ntsample_stats(ntsample_get(dev), &st);					\
	for (i = 0; i < st.MessageCount && i < NTSAMPLE_MAX_MESSAGES; i++)	\
		len += sysfs_emit_at(buf, len, "%s%u", i ? " " : "",		\
				     st._field[i]);				\
	return len + sysfs_emit_at(buf, len, "\n");				\
}										\
static DEVICE_ATTR_RO(_name)

NTSAMPLE_ARRAY_ATTR(linux_irqs, Vector);
NTSAMPLE_ARRAY_ATTR(msg_raised, MsgRaised);
NTSAMPLE_ARRAY_ATTR(msg_calls, MsgCalls);
NTSAMPLE_ARRAY_ATTR(msg_claimed, MsgClaimed);
NTSAMPLE_ARRAY_ATTR(msg_dpc_items, MsgDpcItems);

/* ntcompat's own view of each interrupt object, one line each */
static ssize_t ntcompat_stats_show(struct device *dev, struct device_attribute *attr,
				   char *buf)
{
	struct ntsample_dev *nd = ntsample_get(dev);
	struct ntcompat_interrupt_stats ks;
	PKINTERRUPT kint;
	unsigned int i;
	int len = 0;

	mutex_lock(&nd->lock);
	for (i = 0; i < NTSAMPLE_MAX_MESSAGES; i++) {
		kint = NtSampleInterruptObject(nd->fdo, i);
		if (!kint || !NT_SUCCESS(ntcompat_interrupt_stats(kint, &ks)))
			break;
		len += sysfs_emit_at(buf, len,
				     "irq=%u calls=%lu claimed=%lu gated=%lu passive=%u sync_irql=%u\n",
				     ks.linux_irq, ks.calls, ks.claimed, ks.gated,
				     (unsigned int)ks.passive, (unsigned int)ks.sync_irql);
	}
	mutex_unlock(&nd->lock);
	return len;
}
static DEVICE_ATTR_RO(ntcompat_stats);

/* edu: the interrupt status register; ivshmem: the interrupt mask. */
static ssize_t device_status_show(struct device *dev, struct device_attribute *attr,
				  char *buf)
{
	struct ntsample_dev *nd = ntsample_get(dev);

	return sysfs_emit(buf, "0x%08x\n", (unsigned int)NtSampleReadDeviceStatus(nd->fdo));
}
static DEVICE_ATTR_RO(device_status);

#define NTSAMPLE_SYNC_ATTR(_name, _index)					\
static ssize_t _name##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	return sysfs_emit(buf, "%lu\n", ntsample_get(dev)->sync[(_index)]);	\
}										\
static DEVICE_ATTR_RO(_name)

NTSAMPLE_SYNC_ATTR(stress_interrupts, NTS_STRESS_INTERRUPTS);
NTSAMPLE_SYNC_ATTR(sync_reads, NTS_SYNC_READS);
NTSAMPLE_SYNC_ATTR(sync_torn, NTS_SYNC_TORN);
NTSAMPLE_SYNC_ATTR(unsync_reads, NTS_UNSYNC_READS);
NTSAMPLE_SYNC_ATTR(unsync_torn, NTS_UNSYNC_TORN);

/* ------------------------------------------------------------------------ */
/* sysfs: actions                                                           */

/* "N" or "MSG N": raise N interrupts, each waited for, then wait for the DPC. */
static ssize_t fire_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct ntsample_dev *nd = ntsample_get(dev);
	unsigned int msg, n, i;
	int ret;

	mutex_lock(&nd->lock);
	ret = ntsample_parse_fire(nd, buf, &msg, &n);
	for (i = 0; !ret && i < n; i++)
		ret = ntsample_fire_one(nd, msg, true);
	if (!ret)
		ret = ntsample_wait_dpc(nd);
	mutex_unlock(&nd->lock);
	if (ret)
		dev_err(dev, "fire %u on message %u: %d after %u\n", n, msg, ret, i);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(fire);

/* "N" or "MSG N": raise N interrupts without waiting for anything. */
static ssize_t raise_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct ntsample_dev *nd = ntsample_get(dev);
	unsigned int msg, n, i;
	int ret;

	mutex_lock(&nd->lock);
	ret = ntsample_parse_fire(nd, buf, &msg, &n);
	for (i = 0; !ret && i < n; i++)
		ret = ntsample_fire_one(nd, msg, false);
	mutex_unlock(&nd->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(raise);

/* STOP_DEVICE: disable, flush the DPC, IoDisconnectInterruptEx. */
static ssize_t stop_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct ntsample_dev *nd = ntsample_get(dev);

	mutex_lock(&nd->lock);
	NtSampleStopDevice(nd->fdo);
	mutex_unlock(&nd->lock);
	return count;
}
static DEVICE_ATTR_WO(stop);

/* START_DEVICE again, with the resources assigned at probe. */
static ssize_t start_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct ntsample_dev *nd = ntsample_get(dev);
	NTSTATUS status;

	mutex_lock(&nd->lock);
	status = NtSampleStartDevice(nd->fdo, &nd->params, nd->raw, nd->translated);
	mutex_unlock(&nd->lock);
	if (!NT_SUCCESS(status)) {
		dev_err(dev, "START_DEVICE failed: 0x%08x\n", (unsigned int)status);
		return -EIO;
	}
	return count;
}
static DEVICE_ATTR_WO(start);

struct ntsample_reader {
	struct ntsample_dev *nd;
	struct task_struct *task;
	atomic_t *running;
	unsigned long reads;
	unsigned long torn;
	unsigned long unsync_reads;
	unsigned long unsync_torn;
};

/* Read the ISR's counter pair, locked and unlocked, until stopped. */
static int ntsample_reader_fn(void *arg)
{
	struct ntsample_reader *r = arg;
	ULONG unsync_reads, unsync_torn;
	BOOLEAN torn;

	atomic_inc(r->running);
	while (!kthread_should_stop()) {
		NtSampleTearRead(r->nd->fdo, &torn, &unsync_reads, &unsync_torn);
		r->reads++;
		r->torn += torn;
		r->unsync_reads += unsync_reads;
		r->unsync_torn += unsync_torn;
		if (!(r->reads & 31))
			cond_resched();
	}
	return 0;
}

/*
 * "N": the KeSynchronizeExecution tear test. One reader thread per online CPU
 * (so one is never the CPU the interrupt targets) reads the ISR's two-word
 * counter through KeSynchronizeExecution, and without it, while this thread
 * raises N interrupts on message 0, one after the other. The ISR stalls
 * between its two increments, so an unlocked reader sees torn pairs; a
 * locked one must never.
 */
static ssize_t sync_test_store(struct device *dev, struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct ntsample_dev *nd = ntsample_get(dev);
	struct ntsample_reader *readers;
	unsigned int n, i, nr = 0;
	atomic_t running = ATOMIC_INIT(0);
	unsigned long deadline;
	NTSAMPLE_STATS st;
	int cpu, ret;

	ret = kstrtouint(buf, 0, &n);
	if (ret)
		return ret;
	readers = kcalloc(NTSAMPLE_MAX_READERS, sizeof(*readers), GFP_KERNEL);
	if (!readers)
		return -ENOMEM;

	mutex_lock(&nd->lock);
	ntsample_stats(nd, &st);
	if (!st.Started) {
		ret = -ENODEV;
		goto out_unlock;
	}
	NtSampleSetStress(nd->fdo, TRUE);
	for_each_online_cpu(cpu) {
		struct ntsample_reader *r = &readers[nr];

		if (nr == NTSAMPLE_MAX_READERS)
			break;
		r->nd = nd;
		r->running = &running;
		r->task = kthread_create(ntsample_reader_fn, r, "ntsample-rd/%d", cpu);
		if (IS_ERR(r->task)) {
			ret = PTR_ERR(r->task);
			r->task = NULL;
			break;
		}
		kthread_bind(r->task, cpu);
		wake_up_process(r->task);
		nr++;
	}

	/* The stream starts once every reader is reading. */
	deadline = jiffies + msecs_to_jiffies(NTSAMPLE_TIMEOUT_MS);
	while (!ret && atomic_read(&running) < nr) {
		if (time_after(jiffies, deadline))
			ret = -ETIMEDOUT;
		usleep_range(100, 200);
	}
	memset(nd->sync, 0, sizeof(nd->sync));
	for (i = 0; !ret && i < n; i++) {
		ret = ntsample_fire_one(nd, 0, true);
		if (!ret)
			nd->sync[NTS_STRESS_INTERRUPTS]++;
	}

	for (i = 0; i < nr; i++) {
		kthread_stop(readers[i].task);
		nd->sync[NTS_SYNC_READS] += readers[i].reads;
		nd->sync[NTS_SYNC_TORN] += readers[i].torn;
		nd->sync[NTS_UNSYNC_READS] += readers[i].unsync_reads;
		nd->sync[NTS_UNSYNC_TORN] += readers[i].unsync_torn;
	}
	NtSampleSetStress(nd->fdo, FALSE);
	if (!ret)
		ret = ntsample_wait_dpc(nd);
out_unlock:
	mutex_unlock(&nd->lock);
	kfree(readers);
	if (ret)
		dev_err(dev, "sync_test: %d\n", ret);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(sync_test);

/* ------------------------------------------------------------------------ */
/* sysfs: targeted DPCs and CPU hotplug                                     */

/* Flush every queued DPC, then aim the test DPCs at @cpu (counters zeroed). */
static int ntsample_dpc_target(struct ntsample_dev *nd, unsigned int cpu)
{
	if (cpu >= nr_cpu_ids || cpu >= NTSAMPLE_TEST_DPCS)
		return -EINVAL;
	NtSampleFlushDpcs();
	return NT_SUCCESS(NtSampleSetTestDpcTarget(nd->fdo, (CCHAR)cpu)) ? 0 : -EBUSY;
}

/*
 * "CPU N": aim the test DPCs at CPU (online or not: KeSetTargetProcessorDpc
 * takes any processor number) and queue N of them (N <= NTSAMPLE_TEST_DPCS,
 * each one once), without waiting for them; dpc_flush waits.
 */
static ssize_t dpc_queue_store(struct device *dev, struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct ntsample_dev *nd = ntsample_get(dev);
	unsigned int cpu, n, i;
	int ret = 0;

	if (sscanf(buf, "%u %u", &cpu, &n) != 2 || n > NTSAMPLE_TEST_DPCS)
		return -EINVAL;
	mutex_lock(&nd->lock);
	if (nd->stream)
		ret = -EBUSY;
	if (!ret)
		ret = ntsample_dpc_target(nd, cpu);
	for (i = 0; !ret && i < n; i++)
		if (!NtSampleQueueTestDpc(nd->fdo, i))
			ret = -EIO;
	mutex_unlock(&nd->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(dpc_queue);

/* Anything: KeFlushQueuedDpcs(). */
static ssize_t dpc_flush_store(struct device *dev, struct device_attribute *attr,
			       const char *buf, size_t count)
{
	NtSampleFlushDpcs();
	return count;
}
static DEVICE_ATTR_WO(dpc_flush);

/*
 * The stream thread: round-robin over the test DPCs, queue each one that
 * is not pending, and every fourth step raise an interrupt on message 0 and
 * wait until the ISR claimed it, until stopped or an interrupt is lost.
 */
static int ntsample_stream_fn(void *arg)
{
	struct ntsample_dev *nd = arg;
	unsigned long i = 0;
	int ret = 0;

	while (!kthread_should_stop()) {
		NtSampleQueueTestDpc(nd->fdo, i);
		if (!ret && !(i & 3)) {
			ret = ntsample_fire_one(nd, 0, true);
			if (ret)
				WRITE_ONCE(nd->stream_error, ret);
			else
				WRITE_ONCE(nd->stream_interrupts, nd->stream_interrupts + 1);
		}
		WRITE_ONCE(nd->stream_loops, ++i);
		usleep_range(50, 100);
	}
	return 0;
}

static void ntsample_stream_stop(struct ntsample_dev *nd)
{
	if (!nd->stream)
		return;
	kthread_stop(nd->stream);
	put_task_struct(nd->stream);
	nd->stream = NULL;
}

/*
 * "start CPU": aim the test DPCs at CPU and start the stream thread (not
 * bound: it runs wherever the scheduler puts it, CPU included); "stop":
 * stop it. The thread raises interrupts without the device lock: while it
 * runs, use no action but dpc_flush (dpc_queue and another start refuse).
 */
static ssize_t dpc_stream_store(struct device *dev, struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct ntsample_dev *nd = ntsample_get(dev);
	struct task_struct *t;
	unsigned int cpu;
	int ret = 0;

	mutex_lock(&nd->lock);
	if (sysfs_streq(buf, "stop")) {
		ntsample_stream_stop(nd);
	} else if (sscanf(buf, "start %u", &cpu) == 1) {
		if (nd->stream)
			ret = -EBUSY;
		if (!ret)
			ret = ntsample_dpc_target(nd, cpu);
		if (!ret) {
			nd->stream_loops = 0;
			nd->stream_interrupts = 0;
			nd->stream_error = 0;
			t = kthread_run(ntsample_stream_fn, nd, "ntsample-stream");
			if (IS_ERR(t)) {
				ret = PTR_ERR(t);
			} else {
				get_task_struct(t);
				nd->stream = t;
			}
		}
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&nd->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(dpc_stream);

static ssize_t stream_loops_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(ntsample_get(dev)->stream_loops));
}
static DEVICE_ATTR_RO(stream_loops);

static ssize_t stream_interrupts_show(struct device *dev, struct device_attribute *attr,
				      char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(ntsample_get(dev)->stream_interrupts));
}
static DEVICE_ATTR_RO(stream_interrupts);

static ssize_t stream_error_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(ntsample_get(dev)->stream_error));
}
static DEVICE_ATTR_RO(stream_error);

static struct attribute *ntsample_attrs[] = {
	&dev_attr_kind.attr,
	&dev_attr_connect.attr,
	&dev_attr_started.attr,
	&dev_attr_passive.attr,
	&dev_attr_connect_status.attr,
	&dev_attr_version_asked.attr,
	&dev_attr_version_obtained.attr,
	&dev_attr_message_count.attr,
	&dev_attr_unified_irql.attr,
	&dev_attr_iv_position.attr,
	&dev_attr_linux_irqs.attr,
	&dev_attr_raised.attr,
	&dev_attr_isr_calls.attr,
	&dev_attr_claimed.attr,
	&dev_attr_dpc_runs.attr,
	&dev_attr_watchdog_runs.attr,
	&dev_attr_dpc_items.attr,
	&dev_attr_dpc_torn.attr,
	&dev_attr_lock_not_held.attr,
	&dev_attr_irql_not_restored.attr,
	&dev_attr_overlaps.attr,
	&dev_attr_isr_irql.attr,
	&dev_attr_dpc_irql.attr,
	&dev_attr_sync_irql.attr,
	&dev_attr_msg_raised.attr,
	&dev_attr_msg_calls.attr,
	&dev_attr_msg_claimed.attr,
	&dev_attr_msg_dpc_items.attr,
	&dev_attr_ntcompat_stats.attr,
	&dev_attr_device_status.attr,
	&dev_attr_stress_interrupts.attr,
	&dev_attr_sync_reads.attr,
	&dev_attr_sync_torn.attr,
	&dev_attr_unsync_reads.attr,
	&dev_attr_unsync_torn.attr,
	&dev_attr_fire.attr,
	&dev_attr_raise.attr,
	&dev_attr_stop.attr,
	&dev_attr_start.attr,
	&dev_attr_sync_test.attr,
	&dev_attr_isr_cpus.attr,
	&dev_attr_dpc_cpus.attr,
	&dev_attr_dpc_target.attr,
	&dev_attr_dpc_inserted.attr,
	&dev_attr_dpc_test_runs.attr,
	&dev_attr_dpc_on_target.attr,
	&dev_attr_dpc_unarmed.attr,
	&dev_attr_dpc_test_irql.attr,
	&dev_attr_dpc_queue.attr,
	&dev_attr_dpc_flush.attr,
	&dev_attr_dpc_stream.attr,
	&dev_attr_stream_loops.attr,
	&dev_attr_stream_interrupts.attr,
	&dev_attr_stream_error.attr,
	NULL,
};

static const struct attribute_group ntsample_group = {
	.name = "ntsample",
	.attrs = ntsample_attrs,
};

static const struct attribute_group *ntsample_groups[] = {
	&ntsample_group,
	NULL,
};

/* ------------------------------------------------------------------------ */
/* PnP: probe = AddDevice + resource assignment + START_DEVICE              */

static int ntsample_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct ntcompat_pdo_config cfg = { };
	int leak = READ_ONCE(leak_pdo);
	struct ntsample_dev *nd;
	NTSTATUS status;
	int ret;

	nd = devm_kzalloc(&pdev->dev, sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return -ENOMEM;
	nd->pdev = pdev;
	mutex_init(&nd->lock);
	nd->params.Kind = (NTSAMPLE_DEVICE_KIND)id->driver_data;
	nd->params.Mode = (NTSAMPLE_CONNECT_MODE)(nd->params.Kind == NtSampleEdu ?
						  READ_ONCE(edu_mode) : READ_ONCE(ivshmem_mode));

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);

	/* What the INF would say: MSISupported, MessageNumberLimit. */
	cfg.msi_supported = ntsample_mode_is_message(nd->params.Mode);
	cfg.message_limit = NTSAMPLE_MAX_MESSAGES;
	cfg.passive_line = nd->params.Mode == NtSampleModeLinePassive;
	status = ntcompat_create_pci_pdo(pdev, &cfg, &nd->pdo);
	if (!NT_SUCCESS(status))
		goto fail_disable;
	if (leak == NTS_LEAK_PROBE) {
		status = STATUS_UNSUCCESSFUL;
		goto fail_pdo;
	}

	status = ntsample_driver->DriverExtension->AddDevice(ntsample_driver, nd->pdo);
	if (!NT_SUCCESS(status))
		goto fail_pdo;
	nd->fdo = NtSampleFdoFromPdo(nd->pdo);
	if (!nd->fdo) {
		status = STATUS_NO_SUCH_DEVICE;
		goto fail_pdo;
	}

	status = ntcompat_assign_resources(nd->pdo, &nd->raw, &nd->translated);
	if (!NT_SUCCESS(status))
		goto fail_fdo;
	if (leak == NTS_LEAK_PROBE_ASSIGNED) {
		status = STATUS_UNSUCCESSFUL;
		goto fail_fdo;
	}
	status = NtSampleStartDevice(nd->fdo, &nd->params, nd->raw, nd->translated);
	if (!NT_SUCCESS(status))
		goto fail_fdo;

	pci_set_drvdata(pdev, nd);
	dev_info(&pdev->dev, "%s started, connect %s\n", ntsample_kind_names[nd->params.Kind],
		 ntsample_mode_names[nd->params.Mode]);
	return 0;

fail_fdo:
	NtSampleRemoveDevice(nd->fdo);
fail_pdo:
	if (leak != NTS_LEAK_PROBE && leak != NTS_LEAK_PROBE_ASSIGNED)
		ntcompat_delete_pdo(nd->pdo);
fail_disable:
	pci_disable_device(pdev);
	dev_err(&pdev->dev, "%s, connect %s: failed with NTSTATUS 0x%08x\n",
		ntsample_kind_names[nd->params.Kind], ntsample_mode_names[nd->params.Mode],
		(unsigned int)status);
	return -ENODEV;
}

static void ntsample_remove(struct pci_dev *pdev)
{
	struct ntsample_dev *nd = pci_get_drvdata(pdev);

	ntsample_stream_stop(nd);
	NtSampleRemoveDevice(nd->fdo);		/* STOP (disconnect) + IoDeleteDevice */
	if (READ_ONCE(leak_pdo) != NTS_LEAK_REMOVE)
		ntcompat_delete_pdo(nd->pdo);	/* releases the vectors */
	pci_disable_device(pdev);
}

static const struct pci_device_id ntsample_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8), .driver_data = NtSampleEdu },
	{ PCI_DEVICE(0x1af4, 0x1110), .driver_data = NtSampleIvshmem },
	{ }
};
MODULE_DEVICE_TABLE(pci, ntsample_ids);

static struct pci_driver ntsample_pci_driver = {
	.name = "ntsample",
	.id_table = ntsample_ids,
	.probe = ntsample_probe,
	.remove = ntsample_remove,
	.dev_groups = ntsample_groups,
};

static int __init ntsample_init(void)
{
	NTSTATUS status;
	int ret;

	status = ntcompat_create_driver_object("ntsample", DriverEntry, &ntsample_driver);
	if (!NT_SUCCESS(status)) {
		pr_err("DriverEntry failed: 0x%08x\n", (unsigned int)status);
		return -ENODEV;
	}
	ret = pci_register_driver(&ntsample_pci_driver);
	if (ret)
		ntcompat_delete_driver_object(ntsample_driver);
	return ret;
}

static void __exit ntsample_exit(void)
{
	pci_unregister_driver(&ntsample_pci_driver);
	ntcompat_delete_driver_object(ntsample_driver);	/* calls DriverUnload */
}

module_init(ntsample_init);
module_exit(ntsample_exit);

MODULE_DESCRIPTION("Sample WDM driver ported with ntcompat (QEMU edu and ivshmem-doorbell)");
MODULE_LICENSE("GPL");
