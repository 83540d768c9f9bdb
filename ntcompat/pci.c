// SPDX-License-Identifier: GPL-2.0
/*
 * pci.c - the PCI interrupt source and resources of a PDO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pci.h>
#include <linux/msi.h>
#include <linux/slab.h>
#include <linux/irq.h>

#include "ntc_internal.h"

/* 6.8 renamed PCI_IRQ_LEGACY to PCI_IRQ_INTX; 6.10 removed the old name. */
#ifdef NTC_HAVE_PCI_IRQ_INTX
#define NTC_PCI_IRQ_INTX	PCI_IRQ_INTX
#else
#define NTC_PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

static const char *const ntc_msg_kind_name[] = {
	[NTCOMPAT_MSG_NONE] = "line (INTx)",
	[NTCOMPAT_MSG_MSI] = "MSI",
	[NTCOMPAT_MSG_MSIX] = "MSI-X",
};

/*
 * Allocate the vectors as Windows' PnP manager would: with MSISupported,
 * MSI-X first, then MSI, then the line (pci_alloc_irq_vectors tries them in
 * that order and honours the minimum of 1); without it, the line only. The
 * mode obtained is logged: silent fallbacks cost users (prior-art section 3).
 */
int ntc_pci_assign_irqs(struct ntc_pdo *p)
{
	struct pci_dev *pdev = p->pdev;
	unsigned int *irqs;
	int max = 1, n, i;

	if (p->config.msi_supported) {
		max = max3(pci_msix_vec_count(pdev), pci_msi_vec_count(pdev), 1);
		if (p->config.message_limit && p->config.message_limit < max)
			max = p->config.message_limit;
		n = pci_alloc_irq_vectors(pdev, 1, max,
					  PCI_IRQ_MSIX | PCI_IRQ_MSI | NTC_PCI_IRQ_INTX);
	} else {
		n = pci_alloc_irq_vectors(pdev, 1, 1, NTC_PCI_IRQ_INTX);
	}
	if (n < 0) {
		dev_info(&pdev->dev, "no interrupt assigned (%d)\n", n);
		return 0;
	}
	p->pci_vectors = true;
	n = ntc_pdo_watch_unbind(&pdev->dev) ?: n;
	if (n < 0) {
		pci_free_irq_vectors(pdev);
		p->pci_vectors = false;
		return n;
	}
	if (pdev->msix_enabled || pdev->msi_enabled) {
		irqs = kcalloc(n, sizeof(*irqs), GFP_KERNEL);
		if (!irqs) {
			pci_free_irq_vectors(pdev);
			p->pci_vectors = false;
			return -ENOMEM;
		}
		for (i = 0; i < n; i++)
			irqs[i] = pci_irq_vector(pdev, i);
		kfree(p->msg_irqs);
		p->msg_irqs = irqs;
		p->assigned_msgs = irqs;
		p->nr_msgs = n;
		p->msg_kind = pdev->msix_enabled ? NTCOMPAT_MSG_MSIX : NTCOMPAT_MSG_MSI;
	} else {
		p->line_irq = pci_irq_vector(pdev, 0);
	}
	dev_info(&pdev->dev, "assigned %s: %d vector(s) of %d asked, Linux IRQ %u%s\n",
		 ntc_msg_kind_name[p->msg_kind], n, max,
		 p->nr_msgs ? p->assigned_msgs[0] : p->line_irq, n > 1 ? "..." : "");
	return 0;
}

void ntc_pci_release_irqs(struct ntc_pdo *p)
{
	if (p->pci_vectors)
		pci_free_irq_vectors(p->pdev);
	p->pci_vectors = false;
	kfree(p->msg_irqs);
	p->msg_irqs = NULL;
}

/* Memory and I/O BARs; returns the number of descriptors written. */
int ntc_pci_add_bars(struct ntc_pdo *p, CM_PARTIAL_RESOURCE_DESCRIPTOR *raw,
		     CM_PARTIAL_RESOURCE_DESCRIPTOR *trans, unsigned int max)
{
	struct pci_dev *pdev = p->pdev;
	unsigned int bar, n = 0;
	resource_size_t len;
	unsigned long flags;

	for (bar = 0; bar < PCI_STD_NUM_BARS && n < max; bar++) {
		len = pci_resource_len(pdev, bar);
		flags = pci_resource_flags(pdev, bar);
		if (!len || !(flags & (IORESOURCE_MEM | IORESOURCE_IO)))
			continue;
		raw[n].ShareDisposition = CmResourceShareDeviceExclusive;
		trans[n].ShareDisposition = CmResourceShareDeviceExclusive;
		if (flags & IORESOURCE_MEM) {
			raw[n].Type = CmResourceTypeMemory;
			trans[n].Type = CmResourceTypeMemory;
			raw[n].Flags = CM_RESOURCE_MEMORY_READ_WRITE |
				(flags & IORESOURCE_PREFETCH ? CM_RESOURCE_MEMORY_PREFETCHABLE : 0);
			trans[n].Flags = raw[n].Flags;
		} else {
			raw[n].Type = CmResourceTypePort;
			trans[n].Type = CmResourceTypePort;
			raw[n].Flags = CM_RESOURCE_PORT_IO;
			trans[n].Flags = CM_RESOURCE_PORT_IO;
		}
		/* Raw: the bus address; translated: the CPU's. */
		raw[n].u.Generic.Start.QuadPart = pci_bus_address(pdev, bar);
		raw[n].u.Generic.Length = min_t(resource_size_t, len, U32_MAX);
		trans[n].u.Generic.Start.QuadPart = pci_resource_start(pdev, bar);
		trans[n].u.Generic.Length = raw[n].u.Generic.Length;
		n++;
	}
	return n;
}

/* The MSI message a vector writes, for IO_INTERRUPT_MESSAGE_INFO. */
void ntc_pci_msg_address(unsigned int irq, PHYSICAL_ADDRESS *addr, ULONG *data)
{
	struct msi_desc *desc = irq_get_msi_desc(irq);

	addr->QuadPart = 0;
	*data = 0;
	if (!desc)
		return;
	addr->QuadPart = ((u64)desc->msg.address_hi << 32) | desc->msg.address_lo;
	*data = desc->msg.data;
}
