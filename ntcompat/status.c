// SPDX-License-Identifier: GPL-2.0
/*
 * status.c - the one boundary where Linux errnos become NTSTATUS values.
 *
 * Inside ntcompat functions return negative errnos; the NT entry points
 * return what this table makes of them (style E5).
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "ntc_internal.h"

static const struct {
	int err;
	NTSTATUS status;
} ntc_status_table[] = {
	{ 0,		STATUS_SUCCESS },
	{ -ENOMEM,	STATUS_INSUFFICIENT_RESOURCES },
	/* pci_alloc_irq_vectors: fewer vectors than the minimum */
	{ -ENOSPC,	STATUS_INSUFFICIENT_RESOURCES },
	/* __setup_irq: an existing sharer disagrees on flags or trigger */
	{ -EBUSY,	STATUS_SHARED_IRQ_BUSY },
	{ -EINVAL,	STATUS_INVALID_PARAMETER },
	{ -ENOENT,	STATUS_NOT_FOUND },
	{ -ENOTCONN,	STATUS_NOT_FOUND },	/* IRQ_NOTCONNECTED */
	{ -ENODEV,	STATUS_NO_SUCH_DEVICE },
	{ -ENXIO,	STATUS_NO_SUCH_DEVICE },
	{ -EOPNOTSUPP,	STATUS_NOT_SUPPORTED },
	{ -EPERM,	STATUS_ACCESS_DENIED },
	{ -EACCES,	STATUS_ACCESS_DENIED },
};

/**
 * ntc_status_from_errno() - translate a Linux error code
 * @err: 0 or a negative errno
 *
 * Return: the NTSTATUS for @err; STATUS_UNSUCCESSFUL for codes the table
 * does not know.
 */
NTSTATUS ntc_status_from_errno(int err)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ntc_status_table); i++)
		if (ntc_status_table[i].err == err)
			return ntc_status_table[i].status;
	return STATUS_UNSUCCESSFUL;
}
