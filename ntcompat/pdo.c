// SPDX-License-Identifier: GPL-2.0
/*
 * pdo.c - the PnP manager's part: PDOs, resource assignment, driver and
 * device objects.
 *
 * A PDO stands for a struct device (a PCI function, or any device whose
 * interrupts a test supplies). ntcompat_assign_resources() does what Windows'
 * PnP manager does before IRP_MN_START_DEVICE: it assigns the interrupts
 * (per the INF-like config) and builds the raw and translated
 * CM_RESOURCE_LISTs (reference section 9).
 *
 * Interrupt descriptors: Vector is the Linux IRQ number (what FULLY_SPECIFIED
 * passes back), Level a DIRQL. Linux has no interrupt priority levels, so the
 * DIRQL is synthetic: stable for a Linux IRQ, within 3..11 (below
 * SYNCH_LEVEL), so that the IRQL arithmetic drivers do (SynchronizeIrql >=
 * Irql, UnifiedIrql = max) behaves. It changes nothing about masking: see
 * irql.c.
 *
 * Locking rules:
 *   ntc_pnp_mutex: the PDO list, each PDO's resources and connection list.
 *	Held across resource assignment and IoConnect/DisconnectInterruptEx
 *	(which take genirq's own locks inside request_irq/free_irq).
 *   RCU: the PDO list is also read without the mutex (ntcompat_pdo_device(),
 *	any context); a PDO is freed after a grace period.
 *
 * Leftovers: a PCI PDO whose driver unbound (or failed its probe) without
 * deleting it is deleted (with a warning) at the unbind, so its vectors are
 * freed and the next bind can have them: by a devres added after the
 * vectors' own, which runs before the MSI descriptors are released, or, for
 * a PDO that never had vectors, by the PCI bus notifier. Whatever is left at
 * module exit is deleted too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/device.h>
#include <linux/cpumask.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/rculist.h>

#include "ntc_internal.h"

/* The PnP lock: PDOs, their resources and connections (see above). */
DEFINE_MUTEX(ntc_pnp_mutex);
static LIST_HEAD(ntc_pdos);

/* Caller holds ntc_pnp_mutex. */
struct ntc_pdo *ntc_pdo_lookup(PDEVICE_OBJECT devobj)
{
	struct ntc_pdo *p;

	lockdep_assert_held(&ntc_pnp_mutex);
	if (!devobj)
		return NULL;
	list_for_each_entry(p, &ntc_pdos, node)
		if (&p->devobj == devobj)
			return p;
	return NULL;
}

/*
 * A PDO other than @except whose resources contain @vector; caller holds
 * ntc_pnp_mutex.
 */
struct ntc_pdo *ntc_pdo_by_vector(ULONG vector, struct ntc_pdo *except)
{
	struct ntc_pdo *p;

	lockdep_assert_held(&ntc_pnp_mutex);
	list_for_each_entry(p, &ntc_pdos, node)
		if (p != except && ntc_pdo_has_vector(p, vector))
			return p;
	return NULL;
}

/*
 * The live connection a driver's ConnectionContext names for @version: the
 * message table for versions 3 and 5, the KINTERRUPT otherwise. NULL when
 * there is none. Caller holds ntc_pnp_mutex.
 */
struct ntc_conn *ntc_conn_lookup(ULONG version, void *ctx)
{
	bool table = version == CONNECT_MESSAGE_BASED || version == CONNECT_MESSAGE_BASED_PASSIVE;
	struct ntc_conn *conn;
	struct ntc_pdo *p;

	lockdep_assert_held(&ntc_pnp_mutex);
	if (!ctx)
		return NULL;
	list_for_each_entry(p, &ntc_pdos, node) {
		list_for_each_entry(conn, &p->conns, node) {
			if (conn->version != version)
				continue;
			if (table ? (void *)conn->info == ctx :
			    !conn->info && (void *)&conn->kint[0] == ctx)
				return conn;
		}
	}
	return NULL;
}

KIRQL ntc_dirql(unsigned int irq)
{
	return NTC_DIRQL_MIN + irq % (NTC_DIRQL_MAX - NTC_DIRQL_MIN + 1);
}

bool ntc_pdo_has_vector(struct ntc_pdo *pdo, unsigned int irq)
{
	unsigned int i;

	if (pdo->line_irq && pdo->line_irq == irq)
		return true;
	for (i = 0; i < pdo->nr_msgs; i++)
		if (pdo->assigned_msgs[i] == irq)
			return true;
	return false;
}

static NTSTATUS ntc_pdo_new(struct device *dev, struct pci_dev *pdev,
			    const struct ntcompat_irq_source *source,
			    const struct ntcompat_pdo_config *config,
			    PDEVICE_OBJECT *out)
{
	struct ntc_pdo *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (source) {
		p->source = *source;
		if (source->nr_msgs) {
			p->msg_irqs = kmemdup(source->msg_irqs,
					      array_size(source->nr_msgs, sizeof(unsigned int)),
					      GFP_KERNEL);
			if (!p->msg_irqs) {
				kfree(p);
				return STATUS_INSUFFICIENT_RESOURCES;
			}
		}
		p->source.msg_irqs = p->msg_irqs;
	}
	if (config)
		p->config = *config;
	p->dev = get_device(dev);
	p->pdev = pdev;
	INIT_LIST_HEAD(&p->conns);
	p->devobj.Type = IO_TYPE_DEVICE;
	p->devobj.Size = sizeof(DEVICE_OBJECT);
	KeInitializeEvent(&p->devobj.DeviceLock, SynchronizationEvent, TRUE);
	p->devobj.ReferenceCount = 1;
	p->devobj.DeviceType = FILE_DEVICE_BUS_EXTENDER;
	p->devobj.Flags = DO_BUS_ENUMERATED_DEVICE | DO_POWER_PAGABLE;
	p->devobj.StackSize = 1;
	ntc_devobj_init(&p->devobj, &p->doe, p);

	mutex_lock(&ntc_pnp_mutex);
	list_add_tail_rcu(&p->node, &ntc_pdos);
	mutex_unlock(&ntc_pnp_mutex);
	*out = &p->devobj;
	return STATUS_SUCCESS;
}

/**
 * ntcompat_create_pdo() - create a PDO backed by given Linux IRQs
 * @dev: the device the PDO stands for (a reference is taken)
 * @source: its interrupts: a line and/or messages (the test seam)
 * @config: how to assign them; NULL for the defaults (line only)
 * @pdo: receives the PDO, NULL on failure
 *
 * Context: process context; sleeps.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL pointer or an
 * inconsistent @source; STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ntcompat_create_pdo(struct device *dev, const struct ntcompat_irq_source *source,
			     const struct ntcompat_pdo_config *config, PDEVICE_OBJECT *pdo)
{
	if (!pdo)
		return STATUS_INVALID_PARAMETER;
	*pdo = NULL;
	if (!dev || !source ||
	    (source->nr_msgs && (!source->msg_irqs || source->msg_kind == NTCOMPAT_MSG_NONE))) {
		pr_err("%s: bad device or interrupt source\n", __func__);
		return STATUS_INVALID_PARAMETER;
	}
	return ntc_pdo_new(dev, NULL, source, config, pdo);
}
EXPORT_SYMBOL_GPL(ntcompat_create_pdo);

/**
 * ntcompat_create_pci_pdo() - create the PDO that stands for a PCI function
 * @pdev: the PCI function, enabled by the caller (pci_enable_device)
 * @config: MSISupported/MessageNumberLimit as the INF would say; NULL: line only
 * @pdo: receives the PDO, NULL on failure
 *
 * Context: process context (probe); sleeps.
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ntcompat_create_pci_pdo(struct pci_dev *pdev, const struct ntcompat_pdo_config *config,
				 PDEVICE_OBJECT *pdo)
{
	if (!pdo)
		return STATUS_INVALID_PARAMETER;
	*pdo = NULL;
	if (!IS_ENABLED(CONFIG_PCI) || !pdev)
		return STATUS_INVALID_PARAMETER;
	return ntc_pdo_new(&pdev->dev, pdev, NULL, config, pdo);
}
EXPORT_SYMBOL_GPL(ntcompat_create_pci_pdo);

/**
 * ntcompat_pdo_device() - the Linux device behind a PDO
 * @pdo: a PDO from ntcompat_create_pdo()/ntcompat_create_pci_pdo()
 *
 * Lock-free (RCU): callable from ISRs and DPCs, and from a passive ISR while
 * another thread connects or disconnects.
 *
 * Context: any.
 * Return: the struct device, or NULL for a PDO ntcompat did not create.
 */
struct device *ntcompat_pdo_device(PDEVICE_OBJECT pdo)
{
	struct device *dev = NULL;
	struct ntc_pdo *p;

	if (!pdo)
		return NULL;
	rcu_read_lock();
	list_for_each_entry_rcu(p, &ntc_pdos, node) {
		if (&p->devobj == pdo) {
			dev = p->dev;
			break;
		}
	}
	rcu_read_unlock();
	return dev;
}
EXPORT_SYMBOL_GPL(ntcompat_pdo_device);

static void ntc_fill_interrupt(CM_PARTIAL_RESOURCE_DESCRIPTOR *raw,
			       CM_PARTIAL_RESOURCE_DESCRIPTOR *trans, unsigned int irq,
			       USHORT flags, UCHAR share, KIRQL level, USHORT count)
{
	KAFFINITY online = cpumask_bits(cpu_online_mask)[0];

	raw->Type = CmResourceTypeInterrupt;
	raw->ShareDisposition = share;
	raw->Flags = flags;
	trans->Type = CmResourceTypeInterrupt;
	trans->ShareDisposition = share;
	trans->Flags = flags;
	if (flags & CM_RESOURCE_INTERRUPT_MESSAGE) {
		raw->u.MessageInterrupt.Raw.Group = 0;
		raw->u.MessageInterrupt.Raw.MessageCount = count;
		raw->u.MessageInterrupt.Raw.Vector = CM_RESOURCE_INTERRUPT_MESSAGE_TOKEN;
		raw->u.MessageInterrupt.Raw.Affinity = online;
		trans->u.MessageInterrupt.Translated.Level = level;
		trans->u.MessageInterrupt.Translated.Group = 0;
		trans->u.MessageInterrupt.Translated.Vector = irq;
		trans->u.MessageInterrupt.Translated.Affinity = online;
	} else {
		raw->u.Interrupt.Level = irq;
		raw->u.Interrupt.Vector = irq;
		raw->u.Interrupt.Affinity = online;
		trans->u.Interrupt.Level = level;
		trans->u.Interrupt.Group = 0;
		trans->u.Interrupt.Vector = irq;
		trans->u.Interrupt.Affinity = online;
	}
}

#define NTC_MSG_FLAGS	(CM_RESOURCE_INTERRUPT_LATCHED | CM_RESOURCE_INTERRUPT_MESSAGE)

/*
 * One full descriptor of @n partial descriptors, at the WDK's size:
 * sizeof(CM_RESOURCE_LIST) + (n - 1) * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR),
 * never less than sizeof(CM_RESOURCE_LIST). PartialDescriptors is a flexible
 * array overlaid on the WDK's one element (wdm.h), so struct_size() would
 * count that element twice: the size is the array's offset plus @n entries.
 */
#define NTC_LIST_TAIL	List[0].PartialResourceList.PartialDescriptors

static CM_RESOURCE_LIST *ntc_alloc_list(unsigned int n)
{
	CM_RESOURCE_LIST *l;

	BUILD_BUG_ON(offsetof(CM_RESOURCE_LIST, NTC_LIST_TAIL) +
		     sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR) != sizeof(CM_RESOURCE_LIST));
	l = kzalloc(size_add(offsetof(CM_RESOURCE_LIST, NTC_LIST_TAIL),
			     flex_array_size(l, NTC_LIST_TAIL, max(n, 1U))),
		    GFP_KERNEL);
	if (!l)
		return NULL;
	l->Count = 1;
	l->List[0].InterfaceType = PCIBus;
	l->List[0].PartialResourceList.Version = 1;
	l->List[0].PartialResourceList.Revision = 1;
	return l;
}

/* Assign the simulated source's interrupts, as the config asks. */
static void ntc_sim_assign_irqs(struct ntc_pdo *p)
{
	unsigned int n = p->source.nr_msgs;

	if (p->config.msi_supported && n) {
		if (p->config.message_limit && p->config.message_limit < n)
			n = p->config.message_limit;
		p->msg_kind = p->source.msg_kind;
		p->nr_msgs = n;
		p->assigned_msgs = p->msg_irqs;
	} else {
		p->line_irq = p->source.line_irq;
	}
}

static void ntc_release_locked(struct ntc_pdo *p)
{
	struct ntc_conn *conn, *tmp;
	struct ntc_pdo *q;

	lockdep_assert_held(&ntc_pnp_mutex);
	list_for_each_entry_safe(conn, tmp, &p->conns, node) {
		/*
		 * An IoConnectInterrupt connection is the vector's, not this
		 * PDO's: while another device has the vector it may be that
		 * device's driver's, so it stays connected and moves there.
		 */
		q = conn->legacy ? ntc_pdo_by_vector(conn->kint[0].irq, p) : NULL;
		if (q) {
			list_move_tail(&conn->node, &q->conns);
			conn->pdo = q;
			continue;
		}
		dev_warn(p->dev, "driver left an interrupt connected (version %u); disconnecting it\n",
			 conn->version);
		ntc_conn_disconnect(conn);
	}
	kfree(p->raw);
	kfree(p->translated);
	p->raw = NULL;
	p->translated = NULL;
#ifdef CONFIG_PCI
	if (p->pdev)
		ntc_pci_release_irqs(p);
#endif
	p->line_irq = 0;
	p->msg_kind = NTCOMPAT_MSG_NONE;
	p->nr_msgs = 0;
	p->assigned_msgs = NULL;
	p->assigned = false;
}

/**
 * ntcompat_assign_resources() - assign resources, as PnP does before START_DEVICE
 * @pdo: the PDO
 * @raw: receives the raw CM_RESOURCE_LIST (AllocatedResources)
 * @translated: receives the translated list (AllocatedResourcesTranslated)
 *
 * Interrupts: with msi_supported, MSI-X, else MSI, else the line (PCI:
 * pci_alloc_irq_vectors(), up to message_limit vectors); without it the
 * line only. The lists stay owned by the PDO until
 * ntcompat_release_resources(); a second call returns the same lists.
 *
 * Context: process context, not in an ISR or a DPC routine; sleeps.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL pointer or a
 * PDO ntcompat did not create; STATUS_INSUFFICIENT_RESOURCES;
 * STATUS_INVALID_LEVEL from a context that cannot wait (logged).
 */
NTSTATUS ntcompat_assign_resources(PDEVICE_OBJECT pdo, PCM_RESOURCE_LIST *raw,
				   PCM_RESOURCE_LIST *translated)
{
	CM_PARTIAL_RESOURCE_DESCRIPTOR *rd, *td;
	unsigned int n = 0, i, nints;
	NTSTATUS status = STATUS_SUCCESS;
	struct ntc_pdo *p;

	if (!raw || !translated)
		return STATUS_INVALID_PARAMETER;
	*raw = NULL;
	*translated = NULL;
	if (ntc_refuse_wait(__func__, true))
		return STATUS_INVALID_LEVEL;
	mutex_lock(&ntc_pnp_mutex);
	p = ntc_pdo_lookup(pdo);
	if (!p) {
		pr_err("%s: not a PDO created by ntcompat\n", __func__);
		status = STATUS_INVALID_PARAMETER;
		goto out_unlock;
	}
	if (p->assigned)
		goto out_lists;

	if (p->pdev) {
#ifdef CONFIG_PCI
		int ret = ntc_pci_assign_irqs(p);

		if (ret) {
			status = ntc_status_from_errno(ret);
			goto out_unlock;
		}
#endif
	} else {
		ntc_sim_assign_irqs(p);
	}

	nints = p->msg_kind == NTCOMPAT_MSG_MSIX ? p->nr_msgs :
		(p->nr_msgs || p->line_irq) ? 1 : 0;
	p->raw = ntc_alloc_list(PCI_STD_NUM_BARS + nints);
	p->translated = ntc_alloc_list(PCI_STD_NUM_BARS + nints);
	if (!p->raw || !p->translated) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto err_release;
	}
	rd = p->raw->List[0].PartialResourceList.PartialDescriptors;
	td = p->translated->List[0].PartialResourceList.PartialDescriptors;
#ifdef CONFIG_PCI
	if (p->pdev)
		n = ntc_pci_add_bars(p, rd, td, PCI_STD_NUM_BARS);
#endif
	if (p->nr_msgs && p->msg_kind == NTCOMPAT_MSG_MSIX) {
		for (i = 0; i < p->nr_msgs; i++, n++)
			ntc_fill_interrupt(&rd[n], &td[n], p->assigned_msgs[i],
					   NTC_MSG_FLAGS, CmResourceShareDeviceExclusive,
					   ntc_dirql(p->assigned_msgs[i]), 1);
	} else if (p->nr_msgs) {
		ntc_fill_interrupt(&rd[n], &td[n], p->assigned_msgs[0],
				   NTC_MSG_FLAGS, CmResourceShareDeviceExclusive,
				   ntc_dirql(p->assigned_msgs[0]),
				   p->nr_msgs);
		n++;
	} else if (p->line_irq) {
		ntc_fill_interrupt(&rd[n], &td[n], p->line_irq,
				   p->source.line_edge && !p->pdev ?
				   CM_RESOURCE_INTERRUPT_LATCHED :
				   CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE,
				   CmResourceShareShared,
				   p->config.passive_line ? PASSIVE_LEVEL :
				   ntc_dirql(p->line_irq), 0);
		n++;
	}
	p->raw->List[0].PartialResourceList.Count = n;
	p->translated->List[0].PartialResourceList.Count = n;
	p->assigned = true;
out_lists:
	*raw = p->raw;
	*translated = p->translated;
	goto out_unlock;

err_release:
	ntc_release_locked(p);
out_unlock:
	mutex_unlock(&ntc_pnp_mutex);
	return status;
}
EXPORT_SYMBOL_GPL(ntcompat_assign_resources);

/**
 * ntcompat_release_resources() - give back what ntcompat_assign_resources() gave
 * @pdo: the PDO
 *
 * Interrupts the driver left connected are disconnected with a warning. The
 * resource lists are freed.
 *
 * Context: process context, not in an ISR or a DPC routine; sleeps.
 */
void ntcompat_release_resources(PDEVICE_OBJECT pdo)
{
	struct ntc_pdo *p;

	if (ntc_refuse_wait(__func__, true))
		return;
	mutex_lock(&ntc_pnp_mutex);
	p = ntc_pdo_lookup(pdo);
	if (!WARN(!p, "%s: not a PDO created by ntcompat\n", __func__))
		ntc_release_locked(p);
	mutex_unlock(&ntc_pnp_mutex);
}
EXPORT_SYMBOL_GPL(ntcompat_release_resources);

/*
 * The raw descriptor of an assigned PDO's resources that @match accepts on
 * bus @type/@bus, and its translated counterpart; caller holds ntc_pnp_mutex.
 */
static bool ntc_find_raw(INTERFACE_TYPE type, ULONG bus,
			 bool (*match)(const CM_PARTIAL_RESOURCE_DESCRIPTOR *d, const void *arg),
			 const void *arg, const CM_PARTIAL_RESOURCE_DESCRIPTOR **raw,
			 const CM_PARTIAL_RESOURCE_DESCRIPTOR **trans)
{
	const CM_FULL_RESOURCE_DESCRIPTOR *rf, *tf;
	struct ntc_pdo *p;
	ULONG i;

	lockdep_assert_held(&ntc_pnp_mutex);
	list_for_each_entry(p, &ntc_pdos, node) {
		if (!p->assigned)
			continue;
		rf = &p->raw->List[0];
		tf = &p->translated->List[0];
		if (rf->InterfaceType != type || rf->BusNumber != bus)
			continue;
		for (i = 0; i < rf->PartialResourceList.Count; i++) {
			if (!match(&rf->PartialResourceList.PartialDescriptors[i], arg))
				continue;
			*raw = &rf->PartialResourceList.PartialDescriptors[i];
			*trans = &tf->PartialResourceList.PartialDescriptors[i];
			return true;
		}
	}
	return false;
}

static bool ntc_match_line(const CM_PARTIAL_RESOURCE_DESCRIPTOR *d, const void *arg)
{
	return d->Type == CmResourceTypeInterrupt &&
	       !(d->Flags & CM_RESOURCE_INTERRUPT_MESSAGE) &&
	       d->u.Interrupt.Level == *(const ULONG *)arg;
}

/**
 * HalGetInterruptVector() - translate a bus-relative interrupt
 * @InterfaceType: the bus type, as the raw resource list names it (PCIBus)
 * @BusNumber: the bus number, likewise
 * @BusInterruptLevel: the raw descriptor's u.Interrupt.Level
 * @BusInterruptVector: the raw descriptor's u.Interrupt.Vector (ignored, as
 *	the x86 HAL ignores it: the level names the line)
 * @Irql: receives the DIRQL to pass to IoConnectInterrupt()
 * @Affinity: receives the processors the interrupt can reach
 *
 * The legacy path from a raw interrupt to what IoConnectInterrupt() takes.
 * ntcompat owns the raw -> translated mapping: the answer is the translated
 * descriptor that matches the raw line interrupt of an assigned PDO
 * (ntcompat_assign_resources()) on that bus, so that Vector is the Linux IRQ
 * and Irql its DIRQL. A level no PDO was given, a message-signalled
 * interrupt or another bus type has no translation here: logged, 0.
 *
 * Context: PASSIVE_LEVEL; sleeps.
 * Return: the translated vector; 0 (with *@Irql and *@Affinity 0) if none.
 */
ULONG HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
			    ULONG BusInterruptLevel, ULONG BusInterruptVector,
			    PKIRQL Irql, PKAFFINITY Affinity)
{
	const CM_PARTIAL_RESOURCE_DESCRIPTOR *raw, *trans;
	ULONG vector = 0;

	if (!Irql || !Affinity)
		return 0;
	*Irql = 0;
	*Affinity = 0;
	if (ntc_refuse_wait(__func__, true))
		return 0;
	mutex_lock(&ntc_pnp_mutex);
	if (ntc_find_raw(InterfaceType, BusNumber, ntc_match_line, &BusInterruptLevel,
			 &raw, &trans)) {
		vector = trans->u.Interrupt.Vector;
		*Irql = (KIRQL)trans->u.Interrupt.Level;
		*Affinity = trans->u.Interrupt.Affinity;
	}
	mutex_unlock(&ntc_pnp_mutex);
	if (!vector)
		pr_warn("%s: no line interrupt with level %u (vector %u) on bus type %d, bus %u was assigned to a PDO; no translation\n",
			__func__, BusInterruptLevel, BusInterruptVector, InterfaceType, BusNumber);
	return vector;
}
EXPORT_SYMBOL_GPL(HalGetInterruptVector);

struct ntc_bus_addr {
	ULONGLONG addr;
	UCHAR type;
};

static bool ntc_match_range(const CM_PARTIAL_RESOURCE_DESCRIPTOR *d, const void *arg)
{
	const struct ntc_bus_addr *a = arg;
	ULONGLONG start = d->u.Generic.Start.QuadPart;

	return d->Type == a->type && a->addr >= start && a->addr - start < d->u.Generic.Length;
}

/**
 * HalTranslateBusAddress() - translate a bus-relative address to a CPU one
 * @InterfaceType: the bus type, as the raw resource list names it
 * @BusNumber: the bus number, likewise
 * @BusAddress: an address inside a raw port or memory range
 * @AddressSpace: in: 0 memory, 1 I/O port; out: the same for the result
 * @TranslatedAddress: receives the CPU address (MmMapIoSpace() for memory,
 *	the port number for READ/WRITE_PORT_*)
 *
 * A raw range of an assigned PDO (its BARs) translates to the matching
 * translated range, at the same offset. Elsewhere on x86 an ISA, EISA or
 * internal bus address is the CPU's own, as the x86 HAL has it (legacy
 * ports such as 0x3f8); anything else has no translation: logged, FALSE.
 *
 * Context: PASSIVE_LEVEL; sleeps.
 * Return: TRUE if translated.
 */
BOOLEAN HalTranslateBusAddress(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
			       PHYSICAL_ADDRESS BusAddress, PULONG AddressSpace,
			       PPHYSICAL_ADDRESS TranslatedAddress)
{
	const CM_PARTIAL_RESOURCE_DESCRIPTOR *raw, *trans;
	struct ntc_bus_addr a;
	BOOLEAN found;

	if (!AddressSpace || !TranslatedAddress || *AddressSpace > 1)
		return FALSE;
	if (ntc_refuse_wait(__func__, true))
		return FALSE;
	a.addr = BusAddress.QuadPart;
	a.type = *AddressSpace ? CmResourceTypePort : CmResourceTypeMemory;
	mutex_lock(&ntc_pnp_mutex);
	found = ntc_find_raw(InterfaceType, BusNumber, ntc_match_range, &a, &raw, &trans);
	if (found) {
		TranslatedAddress->QuadPart = trans->u.Generic.Start.QuadPart +
					      (a.addr - raw->u.Generic.Start.QuadPart);
		*AddressSpace = trans->Type == CmResourceTypePort ? 1 : 0;
	}
	mutex_unlock(&ntc_pnp_mutex);
	if (found)
		return TRUE;
	if (IS_ENABLED(CONFIG_X86) && (InterfaceType == Isa || InterfaceType == Eisa ||
				       InterfaceType == Internal)) {
		*TranslatedAddress = BusAddress;
		return TRUE;
	}
	pr_warn("%s: %s address %#llx on bus type %d, bus %u is in no PDO's resources; no translation\n",
		__func__, *AddressSpace ? "port" : "memory", a.addr, InterfaceType, BusNumber);
	return FALSE;
}
EXPORT_SYMBOL_GPL(HalTranslateBusAddress);

/* Release @p's resources and unlink it; caller holds ntc_pnp_mutex. */
static void ntc_pdo_unlink_locked(struct ntc_pdo *p)
{
	lockdep_assert_held(&ntc_pnp_mutex);
	ntc_release_locked(p);
	list_del_rcu(&p->node);
}

/*
 * Free an unlinked PDO, without ntc_pnp_mutex (it waits for RCU readers).
 * The DEVICE_OBJECT itself goes with its last reference (devstack.c).
 */
static void ntc_pdo_free(struct ntc_pdo *p)
{
	synchronize_rcu();	/* ntcompat_pdo_device() readers */
	ntc_io_timer_free(&p->devobj);
	put_device(p->dev);
	p->dev = NULL;
	kfree(p->msg_irqs);
	p->msg_irqs = NULL;
	ntc_devobj_delete(&p->devobj);
}

/**
 * ntcompat_delete_pdo() - delete a PDO
 * @pdo: the PDO; NULL is ignored
 *
 * Releases its resources first (see ntcompat_release_resources()).
 *
 * Context: process context, not in an ISR or a DPC routine; sleeps.
 */
void ntcompat_delete_pdo(PDEVICE_OBJECT pdo)
{
	struct ntc_pdo *p;

	if (!pdo || ntc_refuse_wait(__func__, true))
		return;
	mutex_lock(&ntc_pnp_mutex);
	p = ntc_pdo_lookup(pdo);
	if (WARN(!p, "%s: not a PDO created by ntcompat\n", __func__)) {
		mutex_unlock(&ntc_pnp_mutex);
		return;
	}
	ntc_pdo_unlink_locked(p);
	mutex_unlock(&ntc_pnp_mutex);
	ntc_pdo_free(p);
}
EXPORT_SYMBOL_GPL(ntcompat_delete_pdo);

#ifdef CONFIG_PCI
/*
 * A PCI driver unbound (or failed its probe) without deleting its PDOs of
 * @dev: delete them, which disconnects what it left connected and frees the
 * vectors. Caller does not hold ntc_pnp_mutex.
 */
static bool ntc_pdo_delete_leftovers(struct device *dev)
{
	bool found, any = false;
	struct ntc_pdo *p;

	do {
		found = false;
		mutex_lock(&ntc_pnp_mutex);
		list_for_each_entry(p, &ntc_pdos, node) {
			if (p->pdev && &p->pdev->dev == dev) {
				found = true;
				break;
			}
		}
		if (found) {
			dev_warn(dev, "driver unbound without deleting its PDO; deleting it\n");
			ntc_pdo_unlink_locked(p);
		}
		mutex_unlock(&ntc_pnp_mutex);
		if (found)
			ntc_pdo_free(p);
		any |= found;
	} while (found);
	return any;
}

static void ntc_pdo_devres_release(struct device *dev, void *res)
{
	ntc_pdo_delete_leftovers(dev);
}

/*
 * ntc_pdo_watch_unbind() - delete @dev's leftover PDOs before its MSI data goes
 * @dev: a PCI function whose vectors were just allocated
 *
 * pci_alloc_irq_vectors() keeps the MSI descriptors in a devres of @dev,
 * released at the unbind after the driver's remove, and it warns if
 * vectors are still allocated then; the bus notifier comes after that, too
 * late to free them. Devres are released in reverse order, so this one,
 * (re)added at the tail after every allocation, runs after remove (or a
 * failed probe) and before the MSI devres, and deletes the PDOs left.
 *
 * Context: process context; caller holds ntc_pnp_mutex.
 * Return: 0 or -ENOMEM.
 */
int ntc_pdo_watch_unbind(struct device *dev)
{
	void *res;

	lockdep_assert_held(&ntc_pnp_mutex);
	res = devres_remove(dev, ntc_pdo_devres_release, NULL, NULL);
	if (!res)
		res = devres_alloc(ntc_pdo_devres_release, 0, GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	devres_add(dev, res);
	return 0;
}

/* A PDO that never had vectors (so no devres) left at the unbind. */
static int ntc_pci_bus_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	if (action != BUS_NOTIFY_UNBOUND_DRIVER)
		return NOTIFY_DONE;
	return ntc_pdo_delete_leftovers(data) ? NOTIFY_OK : NOTIFY_DONE;
}

static struct notifier_block ntc_pci_bus_nb = {
	.notifier_call = ntc_pci_bus_notify,
};
#endif

int ntc_pdo_init(void)
{
#ifdef CONFIG_PCI
	return bus_register_notifier(&pci_bus_type, &ntc_pci_bus_nb);
#else
	return 0;
#endif
}

/* Module exit: no driver is left, so any PDO left is a leak; free it. */
void ntc_pdo_exit(void)
{
	struct ntc_pdo *p;

#ifdef CONFIG_PCI
	bus_unregister_notifier(&pci_bus_type, &ntc_pci_bus_nb);
#endif
	for (;;) {
		mutex_lock(&ntc_pnp_mutex);
		p = list_first_entry_or_null(&ntc_pdos, struct ntc_pdo, node);
		if (!p) {
			mutex_unlock(&ntc_pnp_mutex);
			break;
		}
		dev_warn(p->dev, "PDO left behind by an unloaded driver; deleting it\n");
		ntc_pdo_unlink_locked(p);
		mutex_unlock(&ntc_pnp_mutex);
		ntc_pdo_free(p);
	}
}

/* Driver and device objects ---------------------------------------------- */

struct ntc_driver {
	DRIVER_OBJECT drv;
	DRIVER_EXTENSION ext;
	UNICODE_STRING path;
	WCHAR buf[128];
};

/**
 * ntcompat_create_driver_object() - create a DRIVER_OBJECT and run DriverEntry
 * @name: the service name (RegistryPath ends with it)
 * @entry: the driver's DriverEntry
 * @driver: receives the DRIVER_OBJECT, NULL on failure
 *
 * Context: process context (module init); sleeps.
 * Return: STATUS_SUCCESS, DriverEntry's failure status,
 * STATUS_INVALID_PARAMETER or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ntcompat_create_driver_object(const char *name, PDRIVER_INITIALIZE entry,
				       PDRIVER_OBJECT *driver)
{
	static const char prefix[] = "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
	struct ntc_driver *d;
	NTSTATUS status;
	unsigned int i, n = 0;

	if (!driver)
		return STATUS_INVALID_PARAMETER;
	*driver = NULL;
	if (!name || !entry)
		return STATUS_INVALID_PARAMETER;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return STATUS_INSUFFICIENT_RESOURCES;
	for (i = 0; prefix[i] && n < ARRAY_SIZE(d->buf) - 1; i++)
		d->buf[n++] = prefix[i];
	for (i = 0; name[i] && n < ARRAY_SIZE(d->buf) - 1; i++)
		d->buf[n++] = name[i];
	d->path.Buffer = d->buf;
	d->path.Length = n * sizeof(WCHAR);
	d->path.MaximumLength = sizeof(d->buf);
	d->drv.Type = IO_TYPE_DRIVER;
	d->drv.Size = sizeof(DRIVER_OBJECT);
	d->drv.DriverExtension = &d->ext;
	d->drv.DriverInit = entry;
	d->ext.DriverObject = &d->drv;

	status = entry(&d->drv, &d->path);
	if (!NT_SUCCESS(status)) {
		pr_err("DriverEntry of %s failed: %#x\n", name, status);
		kfree(d);
		return status;
	}
	*driver = &d->drv;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ntcompat_create_driver_object);

/**
 * ntcompat_delete_driver_object() - call DriverUnload and free the object
 * @driver: from ntcompat_create_driver_object(); NULL is ignored
 *
 * Device objects the driver did not delete are reported and freed.
 *
 * Context: process context (module exit); sleeps.
 */
void ntcompat_delete_driver_object(PDRIVER_OBJECT driver)
{
	struct ntc_driver *d;

	if (!driver)
		return;
	d = container_of(driver, struct ntc_driver, drv);
	if (driver->DriverUnload)
		driver->DriverUnload(driver);
	while (driver->DeviceObject) {
		pr_warn("driver left a device object behind; deleting it\n");
		IoDeleteDevice(driver->DeviceObject);
	}
	kfree(d);
}
EXPORT_SYMBOL_GPL(ntcompat_delete_driver_object);

#define NTC_DEVOBJ_SIZE	ALIGN(sizeof(DEVICE_OBJECT), 16)
#define NTC_DOE_SIZE	ALIGN(sizeof(struct _DEVOBJ_EXTENSION), 16)

/**
 * IoCreateDevice() - create a device object (an FDO)
 * @DriverObject: the driver creating it
 * @DeviceExtensionSize: bytes of zeroed DeviceExtension
 * @DeviceName: ignored: there is no object namespace
 * @DeviceType: stored in DeviceType
 * @DeviceCharacteristics: stored in Characteristics
 * @Exclusive: ignored
 * @DeviceObject: receives the device object, NULL on failure
 *
 * Context: PASSIVE_LEVEL; sleeps.
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize,
			PUNICODE_STRING DeviceName, DEVICE_TYPE DeviceType,
			ULONG DeviceCharacteristics, BOOLEAN Exclusive,
			PDEVICE_OBJECT *DeviceObject)
{
	DEVICE_OBJECT *d;

	might_sleep();
	if (!DeviceObject)
		return STATUS_INVALID_PARAMETER;
	*DeviceObject = NULL;
	if (!DriverObject)
		return STATUS_INVALID_PARAMETER;
	d = kzalloc(size_add(NTC_DEVOBJ_SIZE + NTC_DOE_SIZE, DeviceExtensionSize), GFP_KERNEL);
	if (!d)
		return STATUS_INSUFFICIENT_RESOURCES;
	d->Type = IO_TYPE_DEVICE;
	d->Size = sizeof(DEVICE_OBJECT) + DeviceExtensionSize;
	d->ReferenceCount = 1;
	d->DriverObject = DriverObject;
	d->DeviceExtension = DeviceExtensionSize ?
			     (char *)d + NTC_DEVOBJ_SIZE + NTC_DOE_SIZE : NULL;
	d->DeviceType = DeviceType;
	d->Characteristics = DeviceCharacteristics;
	d->Flags = DO_DEVICE_INITIALIZING;
	d->StackSize = 1;
	d->AlignmentRequirement = 0;
	ntc_devobj_init(d, (void *)((char *)d + NTC_DEVOBJ_SIZE), d);
	KeInitializeEvent(&d->DeviceLock, SynchronizationEvent, TRUE);
	mutex_lock(&ntc_pnp_mutex);
	d->NextDevice = DriverObject->DeviceObject;
	DriverObject->DeviceObject = d;
	mutex_unlock(&ntc_pnp_mutex);
	*DeviceObject = d;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoCreateDevice);

/**
 * IoDeleteDevice() - delete a device object made by IoCreateDevice()
 * @DeviceObject: the device object
 *
 * Interrupts must be disconnected first (reference section 4.2), and the
 * device detached from the one below (IoDetachDevice(); done here with a
 * log line if the driver did not). The device timer (IoInitializeTimer())
 * is stopped, a routine of it still queued or running is waited for, and
 * its IO_TIMER freed. The memory goes with the last reference
 * (ObDereferenceObject(), or the upper device's IoDetachDevice() when one
 * is still attached on top: logged).
 *
 * Context: PASSIVE_LEVEL; sleeps.
 */
void IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
	PDEVICE_OBJECT *pp;

	if (!DeviceObject)
		return;
	mutex_lock(&ntc_pnp_mutex);
	if (ntc_pdo_lookup(DeviceObject)) {
		pr_err("%s: a PDO; use ntcompat_delete_pdo()\n", __func__);
		mutex_unlock(&ntc_pnp_mutex);
		return;
	}
	if (DeviceObject->DriverObject) {
		for (pp = &DeviceObject->DriverObject->DeviceObject; *pp; pp = &(*pp)->NextDevice) {
			if (*pp == DeviceObject) {
				*pp = DeviceObject->NextDevice;
				break;
			}
		}
	}
	mutex_unlock(&ntc_pnp_mutex);
	ntc_io_timer_free(DeviceObject);
	ntc_devobj_delete(DeviceObject);
}
EXPORT_SYMBOL_GPL(IoDeleteDevice);
