// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module init/exit of ntcompat.ko.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "ntc_internal.h"

#ifdef NTC_HAVE_BH_WQ
static const char ntc_dpc_backend[] = "BH workqueues";
#else
static const char ntc_dpc_backend[] = "tasklets";
#endif

static int __init ntc_init(void)
{
	int ret;

	ret = ntc_lockdep_init();
	if (ret)
		return ret;
	ret = ntc_dpc_init();
	if (ret)
		goto err_lockdep;
	ntc_timer_init();
	ret = ntc_pdo_init();
	if (ret)
		goto err_timer;
	pr_info("NT interrupt API ready (connect versions 1-5, DPCs on %s)\n", ntc_dpc_backend);
	return 0;

err_timer:
	ntc_timer_exit();
	ntc_dpc_exit();
err_lockdep:
	ntc_lockdep_exit();
	return ret;
}

static void __exit ntc_exit(void)
{
	ntc_pdo_exit();
	ntc_timer_exit();
	ntc_dpc_exit();
	ntc_lockdep_exit();
}

module_init(ntc_init);
module_exit(ntc_exit);

MODULE_DESCRIPTION("Windows NT (WDM) interrupt API for ported drivers");
MODULE_AUTHOR("The ntcompat developers");
MODULE_LICENSE("GPL");
