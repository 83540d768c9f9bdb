/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntddk.h - the ntddk.h subset of the interrupt area (ntcompat): everything in
 * <wdm.h> plus the DPC controls the WDK declares here (reference [D27][D28]).
 */
#ifndef _NTCOMPAT_NTDDK_H_
#define _NTCOMPAT_NTDDK_H_

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance);
VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number);

#ifdef __cplusplus
}
#endif

#endif /* _NTCOMPAT_NTDDK_H_ */
