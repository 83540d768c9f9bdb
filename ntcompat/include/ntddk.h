/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntddk.h - the ntddk.h subset of the interrupt area (ntcompat): everything in
 * <wdm.h> plus the DPC controls the WDK declares here (reference [D27][D28]).
 */
#ifndef _NTDDK_
/*
 * The WDK's guards: _NTDDK_ before <wdm.h>, so that wdm.h knows it was
 * included through ntddk.h (it then does not define _WDM_INCLUDED_).
 */
#define _NTDDK_
#define _NTCOMPAT_NTDDK_H_
#if !defined(_NTHAL_) && !defined(_NTIFS_)
#define _NTDDK_INCLUDED_
#define _DDK_DRIVER_
#endif

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance);
VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number);

/*
 * Bus-relative interrupts and addresses (legacy HAL calls; SCSI miniport
 * hosts and ISA-era drivers). ntcompat owns the raw -> translated mapping
 * its PDOs' resource lists describe: see hal.c.
 */
ULONG HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
			    ULONG BusInterruptLevel, ULONG BusInterruptVector,
			    PKIRQL Irql, PKAFFINITY Affinity);
BOOLEAN HalTranslateBusAddress(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
			       PHYSICAL_ADDRESS BusAddress, PULONG AddressSpace,
			       PPHYSICAL_ADDRESS TranslatedAddress);

#ifdef __cplusplus
}
#endif

#endif /* _NTDDK_ */
