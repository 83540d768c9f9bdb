/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntc_compat.h - kernel API drift, one helper per feature probe.
 *
 * The NTC_HAVE_* macros come from ntc-probe.sh (ntc_config.h, injected into
 * every object by Kbuild). Each is tested here and nowhere else.
 */
#ifndef _NTC_COMPAT_H_
#define _NTC_COMPAT_H_

#include <linux/version.h>

/* The supported floor; everything above it is probed, not version-checked. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "ntcompat supports Linux 6.1 and later"
#endif

#endif /* _NTC_COMPAT_H_ */
