// SPDX-License-Identifier: GPL-2.0
/*
 * msi.c - CONNECT_MESSAGE_BASED and CONNECT_MESSAGE_BASED_PASSIVE.
 *
 * The messages are the vectors ntcompat_assign_resources() obtained with
 * pci_alloc_irq_vectors() (MSI-X, else MSI), or a test source's IRQs. Each
 * message gets its own KINTERRUPT and its own Linux handler, whose context
 * carries the MessageID (the index into MessageInfo[]) into the
 * KMESSAGE_SERVICE_ROUTINE (reference section 3).
 *
 * CONNECT_MESSAGE_BASED_PASSIVE (5) has no published semantics (reference
 * section 13). ntcompat reads it as its name says: MESSAGE_BASED whose
 * per-message ISRs run at PASSIVE_LEVEL, each from its own IRQ thread
 * (request_threaded_irq, IRQF_ONESHOT), with a sleeping interrupt lock; its
 * line fallback is passive too. KMDF refuses passive handling for MSIs [K23];
 * Linux threaded MSI handlers have no such limit, so ntcompat allows it.
 *
 * What the driver gets back:
 *
 *   device was assigned             Version on return      OUT variable
 *   messages                        unchanged (3 or 5)     IO_INTERRUPT_MESSAGE_INFO *
 *   only a line, Fallback set       CONNECT_LINE_BASED     KINTERRUPT * (fallback ISR)
 *   only a line, no Fallback        unchanged              NULL, STATUS_NOT_FOUND
 *   nothing                         unchanged              NULL, STATUS_NOT_FOUND
 *
 * Linux failures and the NT result (ntc_status_from_errno):
 *   kmalloc fails                      -ENOMEM   STATUS_INSUFFICIENT_RESOURCES
 *   pci_alloc_irq_vectors below min    -ENOSPC   STATUS_INSUFFICIENT_RESOURCES
 *	(at resource assignment: the device then has no messages, and the
 *	connect falls back to the line or reports STATUS_NOT_FOUND)
 *   request_irq: sharing mismatch      -EBUSY    STATUS_SHARED_IRQ_BUSY
 *   request_irq: bad IRQ or flags      -EINVAL   STATUS_INVALID_PARAMETER
 *
 * SynchronizeIrql is a minimum: message i runs at max(SynchronizeIrql, its
 * DIRQL); with a driver SpinLock, which all messages then share, every
 * message runs at UnifiedIrql, the maximum over all messages [D6].
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/device.h>
#include <linux/irq.h>
#include <linux/cpumask.h>

#include "ntc_internal.h"

static KAFFINITY ntc_irq_affinity(unsigned int irq)
{
	const struct cpumask *m = irq_get_effective_affinity_mask(irq);

	if (!m || cpumask_empty(m))
		m = irq_get_affinity_mask(irq);
	return m ? cpumask_bits(m)[0] : 0;
}

static void ntc_fill_message(struct ntc_pdo *pdo, IO_INTERRUPT_MESSAGE_INFO_ENTRY *e,
			     PKINTERRUPT kint)
{
	e->InterruptObject = kint;
	e->Vector = kint->irq;
	e->Irql = kint->irql;
	e->Mode = Latched;			/* MSIs are edges */
	e->Polarity = InterruptRisingEdge;
	e->TargetProcessorSet = ntc_irq_affinity(kint->irq);
	e->MessageAddress.QuadPart = 0;
	e->MessageData = 0;
#ifdef CONFIG_PCI
	if (pdo->pdev)
		ntc_pci_msg_address(kint->irq, &e->MessageAddress, &e->MessageData);
#endif
}

static NTSTATUS ntc_connect_messages(struct ntc_pdo *pdo,
				     PIO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS mb,
				     bool passive, ULONG version)
{
	IO_INTERRUPT_MESSAGE_INFO *info;
	unsigned int i, n = pdo->nr_msgs;
	struct ntc_conn *conn;
	KIRQL unified = PASSIVE_LEVEL, dirql;
	PKINTERRUPT kint;
	int ret = 0;

	conn = ntc_conn_alloc(pdo, n, true, passive);
	if (!conn)
		return STATUS_INSUFFICIENT_RESOURCES;
	info = conn->info;
	for (i = 0; i < n; i++)
		unified = max3(unified, mb->SynchronizeIrql, ntc_dirql(pdo->assigned_msgs[i]));
	for (i = 0; i < n; i++) {
		kint = &conn->kint[i];
		dirql = ntc_dirql(pdo->assigned_msgs[i]);
		ntc_kint_init(kint, conn, pdo->assigned_msgs[i], mb->SpinLock, dirql,
			      mb->SpinLock ? unified : max(mb->SynchronizeIrql, dirql), passive);
		kint->message = true;
		kint->msg_isr = mb->MessageServiceRoutine;
		kint->context = mb->ServiceContext;
		kint->message_id = i;
		kint->mode = Latched;
		kint->floating_save = mb->FloatingSave;
	}
	info->UnifiedIrql = passive ? PASSIVE_LEVEL : unified;
	info->MessageCount = n;
	*mb->ConnectionContext.InterruptMessageTable = info;	/* publish */

	/* All requested with their IRQs off; then all activated together. */
	for (i = 0; i < n && !ret; i++)
		ret = ntc_kint_request(&conn->kint[i], false);
	if (ret) {
		while (i--)
			ntc_kint_release(&conn->kint[i]);
		*mb->ConnectionContext.InterruptMessageTable = NULL;
		ntc_conn_free(conn);
		return ntc_status_from_errno(ret);
	}
	for (i = 0; i < n; i++)
		ntc_fill_message(pdo, &info->MessageInfo[i], &conn->kint[i]);
	conn->version = version;
	list_add_tail(&conn->node, &pdo->conns);
	ntc_conn_activate(conn);
	/*
	 * The message address and data Linux programs are final only once the
	 * vector is started (x86 reserves a vector at request time and assigns
	 * the real one at activation): read them again now, before returning.
	 */
	for (i = 0; i < n; i++)
		ntc_fill_message(pdo, &info->MessageInfo[i], &conn->kint[i]);
	ntc_conn_log(conn, version);
	return STATUS_SUCCESS;
}

NTSTATUS ntc_connect_message(PIO_CONNECT_INTERRUPT_PARAMETERS prm)
{
	PIO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS mb = &prm->MessageBased;
	bool passive = prm->Version == CONNECT_MESSAGE_BASED_PASSIVE;
	const char *what = passive ? "MESSAGE_BASED_PASSIVE" : "MESSAGE_BASED";
	struct ntc_pdo *pdo;
	NTSTATUS status;

	if (!mb->ConnectionContext.Generic) {
		pr_err("%s: ConnectionContext is NULL\n", what);
		return STATUS_INVALID_PARAMETER;
	}
	*mb->ConnectionContext.Generic = NULL;
	if (!mb->MessageServiceRoutine) {
		pr_err("%s: MessageServiceRoutine is NULL\n", what);
		return STATUS_INVALID_PARAMETER;
	}
	if (passive && mb->SpinLock) {
		pr_err("%s: a passive-level ISR takes no SpinLock\n", what);
		return STATUS_INVALID_PARAMETER;
	}
	if (mb->SynchronizeIrql > HIGH_LEVEL) {
		pr_err("%s: SynchronizeIrql %u above HIGH_LEVEL\n", what, mb->SynchronizeIrql);
		return STATUS_INVALID_PARAMETER;
	}

	mutex_lock(&ntc_pnp_mutex);
	pdo = ntc_pdo_lookup(mb->PhysicalDeviceObject);
	if (!pdo) {
		pr_err("%s: PhysicalDeviceObject %p is not a PDO ntcompat created\n",
		       what, mb->PhysicalDeviceObject);
		status = STATUS_INVALID_PARAMETER;
	} else if (pdo->nr_msgs) {
		status = ntc_connect_messages(pdo, mb, passive, prm->Version);
	} else if (pdo->line_irq && mb->FallBackServiceRoutine) {
		status = ntc_connect_line(pdo, mb->ConnectionContext.InterruptObject,
					  mb->FallBackServiceRoutine, mb->ServiceContext,
					  mb->SpinLock, mb->SynchronizeIrql, mb->FloatingSave,
					  passive, prm->Version);
		if (NT_SUCCESS(status))
			prm->Version = CONNECT_LINE_BASED;
	} else {
		dev_err(pdo->dev, "%s: no message interrupts%s\n", what,
			pdo->line_irq ? " and no FallBackServiceRoutine" : " and no line");
		status = STATUS_NOT_FOUND;
	}
	mutex_unlock(&ntc_pnp_mutex);
	return status;
}
