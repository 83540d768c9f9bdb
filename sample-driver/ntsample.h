/* SPDX-License-Identifier: GPL-2.0 */
/*
 * the interface between the NT part of the sample driver and
 * its Linux glue.
 *
 * On Windows the PnP manager and the registry sit where glue.c sits here:
 * they call AddDevice, hand IRP_MN_START_DEVICE the assigned resources and
 * carry the device's configuration (the INF's connect choice). The routines
 * below are what the IRP_MJ_PNP handler of a WDM driver would call; the
 * statistics and test hooks are what a private IOCTL would expose. Only NT
 * types are used, so the header compiles against ntcompat's <ntddk.h> and
 * against the Windows DDK's.
 */
#ifndef _NTSAMPLE_H_
#define _NTSAMPLE_H_

/*
 * Built without NT_PROCESSOR_GROUPS (mingw-w64's DDK does not compile with
 * it): descriptors are read through u.Interrupt.Level/Vector/Affinity only,
 * which sit at the same offsets either way, and the group is group 0.
 */
#include <ntddk.h>

/* Older DDKs (mingw-w64's among them) stop at CONNECT_FULLY_SPECIFIED_GROUP. */
#ifndef CONNECT_MESSAGE_BASED_PASSIVE
#define CONNECT_MESSAGE_BASED_PASSIVE	0x5
#endif

#define NTSAMPLE_MAX_MESSAGES	8
#define NTSAMPLE_TEST_DPCS	32	/* targeted test DPCs per device */

typedef enum _NTSAMPLE_DEVICE_KIND {
	NtSampleEdu = 0,		/* QEMU edu, 1234:11e8 */
	NtSampleIvshmem = 1,		/* QEMU ivshmem-doorbell, 1af4:1110 */
} NTSAMPLE_DEVICE_KIND;

/* How StartDevice connects its interrupt (the "registry" choice). */
typedef enum _NTSAMPLE_CONNECT_MODE {
	NtSampleModeLine = 0,	/* CONNECT_LINE_BASED */
	NtSampleModeLinePassive,	/* CONNECT_LINE_BASED on a passive line */
	NtSampleModeMessage,		/* CONNECT_MESSAGE_BASED + fallback ISR */
	NtSampleModeMessageNoFallback, /* CONNECT_MESSAGE_BASED, no fallback */
	NtSampleModeMessagePassive,	/* CONNECT_MESSAGE_BASED_PASSIVE */
	NtSampleModeFully,		/* CONNECT_FULLY_SPECIFIED, line descriptor */
	NtSampleModeFullyGroup,	/* CONNECT_FULLY_SPECIFIED_GROUP, line */
	NtSampleModeFullyMessage,	/* FULLY_SPECIFIED per message (KMDF) */
	NtSampleModePassive,		/* FULLY_SPECIFIED, Irql = Sync = PASSIVE */
	NtSampleModeCount,
} NTSAMPLE_CONNECT_MODE;

typedef struct _NTSAMPLE_PARAMETERS {
	NTSAMPLE_DEVICE_KIND Kind;
	NTSAMPLE_CONNECT_MODE Mode;
} NTSAMPLE_PARAMETERS, *PNTSAMPLE_PARAMETERS;

/* A snapshot of what the driver saw; IRQL masks have bit n for IRQL n. */
typedef struct _NTSAMPLE_STATS {
	BOOLEAN Started;
	BOOLEAN Passive;
	NTSTATUS ConnectStatus;
	ULONG VersionAsked;
	ULONG VersionObtained;
	ULONG MessageCount;		/* messages (or 1 for a line) connected */
	ULONG UnifiedIrql;
	ULONG IvPosition;		/* ivshmem only */
	ULONG Vector[NTSAMPLE_MAX_MESSAGES];	/* connected vectors */
	ULONG Raised;
	ULONG IsrCalls;
	ULONG Claimed;
	ULONG DpcRuns;
	ULONG DpcItems;			/* claimed interrupts the DPC consumed */
	ULONG DpcTorn;			/* torn pairs the DPC read (must be 0) */
	ULONG LockNotHeld;		/* ISR/sync ran without the lock (must be 0) */
	ULONG IrqlNotRestored;		/* sync calls that left another IRQL (must be 0) */
	ULONG Overlaps;			/* ISR ran inside a locked read (must be 0) */
	ULONG IsrIrqlMask;
	ULONG DpcIrqlMask;
	ULONG SyncIrqlMask;
	ULONG IsrCpuMask;		/* bit n: the ISR ran on processor n */
	ULONG DpcCpuMask;		/* bit n: the DpcForIsr ran on processor n */
	ULONG WatchdogRuns;		/* the 1 s watchdog timer's DPC */
	/* The targeted test DPCs (NtSampleSetTestDpcTarget/NtSampleQueueTestDpc) */
	ULONG TestDpcTarget;
	ULONG TestDpcInserted;		/* KeInsertQueueDpc returned TRUE */
	ULONG TestDpcRuns;
	ULONG TestDpcOnTarget;		/* runs on TestDpcTarget */
	ULONG TestDpcUnarmed;		/* runs without an insert pending (must be 0) */
	ULONG TestDpcIrqlMask;
	ULONG MsgRaised[NTSAMPLE_MAX_MESSAGES];
	ULONG MsgCalls[NTSAMPLE_MAX_MESSAGES];
	ULONG MsgClaimed[NTSAMPLE_MAX_MESSAGES];
	ULONG MsgDpcItems[NTSAMPLE_MAX_MESSAGES];
} NTSAMPLE_STATS, *PNTSAMPLE_STATS;

DRIVER_INITIALIZE DriverEntry;

PDEVICE_OBJECT NtSampleFdoFromPdo(PDEVICE_OBJECT PhysicalDeviceObject);
NTSTATUS NtSampleStartDevice(PDEVICE_OBJECT DeviceObject,
			     const NTSAMPLE_PARAMETERS *Parameters,
			     PCM_RESOURCE_LIST AllocatedResources,
			     PCM_RESOURCE_LIST AllocatedResourcesTranslated);
VOID NtSampleStopDevice(PDEVICE_OBJECT DeviceObject);
VOID NtSampleRemoveDevice(PDEVICE_OBJECT DeviceObject);

/* Test hooks (a private IOCTL on Windows). PASSIVE_LEVEL unless noted. */
NTSTATUS NtSampleRaiseInterrupt(PDEVICE_OBJECT DeviceObject, ULONG MessageId);
VOID NtSampleQueryStats(PDEVICE_OBJECT DeviceObject, PNTSAMPLE_STATS Stats);
PKINTERRUPT NtSampleInterruptObject(PDEVICE_OBJECT DeviceObject, ULONG Index);
ULONG NtSampleReadDeviceStatus(PDEVICE_OBJECT DeviceObject);
VOID NtSampleSetStress(PDEVICE_OBJECT DeviceObject, BOOLEAN Stall);
NTSTATUS NtSampleSetTestDpcTarget(PDEVICE_OBJECT DeviceObject, CCHAR Number);
BOOLEAN NtSampleQueueTestDpc(PDEVICE_OBJECT DeviceObject, ULONG Index);
VOID NtSampleFlushDpcs(VOID);
VOID NtSampleTearRead(PDEVICE_OBJECT DeviceObject, PBOOLEAN TornSynchronized,
		      PULONG UnsynchronizedReads, PULONG UnsynchronizedTorn);

#endif /* _NTSAMPLE_H_ */
