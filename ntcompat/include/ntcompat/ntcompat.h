/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <ntcompat/ntcompat.h> - the Linux side of a driver ported with ntcompat.
 *
 * A ported driver has a small Linux part (its pci_driver) and an NT part that
 * includes only <wdm.h>/<ntddk.h>. The Linux part uses this header to play
 * the PnP manager: create the PDO that stands for its struct pci_dev, have
 * resources assigned to it (the raw and translated CM_RESOURCE_LIST that
 * IRP_MN_START_DEVICE hands a WDM driver), and give the NT code a
 * DRIVER_OBJECT. Everything interrupt-related then goes through the NT API.
 *
 * Interrupt assignment follows Windows' PnP model: vectors are allocated when
 * resources are assigned, before START_DEVICE, according to what the INF
 * would say (MSISupported, MessageNumberLimit), and show up as interrupt
 * descriptors; IoConnectInterruptEx connects what was assigned.
 */
#ifndef _NTCOMPAT_NTCOMPAT_H_
#define _NTCOMPAT_NTCOMPAT_H_

#include "../ntddk.h"

#ifdef __KERNEL__
#include <linux/types.h>		/* bool */
#endif

struct pci_dev;
struct device;

/**
 * struct ntcompat_pdo_config - what a Windows INF would say about interrupts
 * @msi_supported: Interrupt Management\MessageSignaledInterruptProperties\
 *	MSISupported = 1: assign MSI-X, else MSI, else the line. When false the
 *	device gets its line (INTx) only.
 * @message_limit: MessageNumberLimit; 0 means as many as the device has.
 * @passive_line: the line interrupt is one whose ISR must run at
 *	PASSIVE_LEVEL (on Windows: a GPIO or secondary interrupt). Its
 *	translated Level is then PASSIVE_LEVEL, and LINE_BASED connects a
 *	threaded (IRQF_ONESHOT) handler.
 */
struct ntcompat_pdo_config {
	bool msi_supported;
	unsigned int message_limit;
	bool passive_line;
};

/**
 * enum ntcompat_msg_kind - kind of message-signalled interrupts a source has
 * @NTCOMPAT_MSG_NONE: none
 * @NTCOMPAT_MSG_MSI: PCI 2.2 MSI (one descriptor, MessageCount messages)
 * @NTCOMPAT_MSG_MSIX: MSI-X (one descriptor per message)
 */
enum ntcompat_msg_kind {
	NTCOMPAT_MSG_NONE = 0,
	NTCOMPAT_MSG_MSI,
	NTCOMPAT_MSG_MSIX,
};

/**
 * struct ntcompat_irq_source - interrupts behind a PDO without PCI
 * @line_irq: Linux IRQ of the line interrupt, 0 if none
 * @line_edge: the line is edge-triggered (Latched) rather than level
 * @msg_kind: kind of the message interrupts in @msg_irqs
 * @nr_msgs: number of entries in @msg_irqs
 * @msg_irqs: Linux IRQ of each message, MessageID order
 *
 * The test seam of the PDO: KUnit backs a PDO with irq_sim interrupts through
 * it, so the real connect and dispatch code runs without PCI. The IRQs stay
 * owned by the caller and must outlive the PDO.
 */
struct ntcompat_irq_source {
	unsigned int line_irq;
	bool line_edge;
	enum ntcompat_msg_kind msg_kind;
	unsigned int nr_msgs;
	const unsigned int *msg_irqs;
};

NTSTATUS ntcompat_create_pci_pdo(struct pci_dev *pdev,
				 const struct ntcompat_pdo_config *config,
				 PDEVICE_OBJECT *pdo);
NTSTATUS ntcompat_create_pdo(struct device *dev, const struct ntcompat_irq_source *source,
			     const struct ntcompat_pdo_config *config,
			     PDEVICE_OBJECT *pdo);
void ntcompat_delete_pdo(PDEVICE_OBJECT pdo);
struct device *ntcompat_pdo_device(PDEVICE_OBJECT pdo);

NTSTATUS ntcompat_assign_resources(PDEVICE_OBJECT pdo, PCM_RESOURCE_LIST *raw,
				   PCM_RESOURCE_LIST *translated);
void ntcompat_release_resources(PDEVICE_OBJECT pdo);

NTSTATUS ntcompat_create_driver_object(const char *name, PDRIVER_INITIALIZE entry,
				       PDRIVER_OBJECT *driver);
void ntcompat_delete_driver_object(PDRIVER_OBJECT driver);

/**
 * struct ntcompat_interrupt_stats - what happened on one interrupt object
 * @linux_irq: the Linux IRQ the object is connected to
 * @calls: Linux handler invocations that reached the NT ISR
 * @claimed: ISR calls that returned TRUE
 * @gated: invocations turned away before the NT ISR (not yet connected,
 *	inactive, disconnecting)
 * @passive: the ISR runs at PASSIVE_LEVEL in an IRQ thread
 * @lock_held: the interrupt lock is held right now (by the caller, if it is
 *	a SynchCritSection routine or between KeAcquire/ReleaseInterruptSpinLock)
 * @sync_irql: the IRQL the ISR and SynchCritSection routines run at
 */
struct ntcompat_interrupt_stats {
	unsigned int linux_irq;
	unsigned long calls;
	unsigned long claimed;
	unsigned long gated;
	bool passive;
	bool lock_held;
	KIRQL sync_irql;
};

NTSTATUS ntcompat_interrupt_stats(PKINTERRUPT interrupt,
				  struct ntcompat_interrupt_stats *stats);

/*
 * DbgPrint's formatter: an NT (LLP64) format string and its arguments into
 * @buf, as vsnprintf (the length needed is returned). For Linux code that
 * formats what an NT driver hands it, and for the tests.
 */
int ntcompat_nt_vsnprintf(char *buf, __SIZE_TYPE__ size, const char *fmt,
			  __builtin_va_list args);

#endif /* _NTCOMPAT_NTCOMPAT_H_ */
