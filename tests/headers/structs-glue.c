// SPDX-License-Identifier: GPL-2.0
/*
 * Uses every structure and enumeration of <ntcompat/ntcompat.h>, the header
 * of a ported driver's Linux part. That header is meant to follow Linux
 * headers (it uses the kernel's bool); <stdbool.h> stands in for
 * <linux/types.h> here, and nothing else is included.
 */
#include <stdbool.h>
#include <ntcompat/ntcompat.h>

NTSTATUS UseGlue(struct pci_dev *pdev, struct device *dev, PDRIVER_INITIALIZE entry);
NTSTATUS UseGlue(struct pci_dev *pdev, struct device *dev, PDRIVER_INITIALIZE entry)
{
	static const unsigned int irqs[2] = { 40, 41 };
	struct ntcompat_pdo_config cfg = { .msi_supported = true, .message_limit = 0,
					   .passive_line = false };
	struct ntcompat_irq_source src = { .line_irq = 10, .line_edge = false,
					   .msg_kind = NTCOMPAT_MSG_MSIX, .nr_msgs = 2,
					   .msg_irqs = irqs };
	struct ntcompat_interrupt_stats st;
	enum ntcompat_msg_kind kind = NTCOMPAT_MSG_MSI;
	PCM_RESOURCE_LIST raw, translated;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo;
	NTSTATUS status;

	status = ntcompat_create_pci_pdo(pdev, &cfg, &pdo);
	if (!NT_SUCCESS(status))
		return status;
	ntcompat_delete_pdo(pdo);
	src.msg_kind = kind == NTCOMPAT_MSG_NONE ? NTCOMPAT_MSG_MSI : src.msg_kind;
	status = ntcompat_create_pdo(dev, &src, &cfg, &pdo);
	if (!NT_SUCCESS(status) || ntcompat_pdo_device(pdo) != dev)
		return status;
	status = ntcompat_assign_resources(pdo, &raw, &translated);
	ntcompat_release_resources(pdo);
	status = ntcompat_create_driver_object("x", entry, &drv);
	if (NT_SUCCESS(status))
		ntcompat_delete_driver_object(drv);
	status = ntcompat_interrupt_stats(NULL, &st);
	return (NTSTATUS)(status + st.linux_irq + st.calls + st.claimed + st.gated + st.passive +
			  st.lock_held + st.sync_irql);
}
