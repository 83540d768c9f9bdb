// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux half of a ported driver: module entry points. A real driver
 * registers a pci_driver here and uses <ntcompat/ntcompat.h> to create the
 * PDO for its struct pci_dev; this example only calls the NT half once.
 */
#include <linux/module.h>
#include <ntcompat/ntcompat.h>

#include "ntportdemo.h"

static int __init ntportdemo_init(void)
{
	NTSTATUS status = DemoStartDevice(NULL);

	pr_info("ntportdemo: IoConnectInterruptEx(NULL PDO) = %#x\n", (u32)status);
	return status == STATUS_INVALID_PARAMETER ? 0 : -EINVAL;
}
module_init(ntportdemo_init);

static void __exit ntportdemo_exit(void)
{
}
module_exit(ntportdemo_exit);

MODULE_DESCRIPTION("Example of a driver built against the installed ntcompat");
MODULE_LICENSE("GPL");
