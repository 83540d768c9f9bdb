/* SPDX-License-Identifier: GPL-2.0 */
/*
 * the device extension of the sample driver (NT part only).
 */
#ifndef _NTSAMPLE_DEVEXT_H_
#define _NTSAMPLE_DEVEXT_H_

#include "ntsample.h"

struct _NTSAMPLE_EXTENSION;

/* What differs between the two devices; edu.c and ivshmem.c fill it. */
typedef struct _NTSAMPLE_HW {
	ULONG MinRegisterLength;
	/* START_DEVICE, BAR0 mapped, before connecting. */
	NTSTATUS (*Initialize)(struct _NTSAMPLE_EXTENSION *Ext);
	/* The ISR's device check: TRUE (and acknowledged) if it interrupted. */
	BOOLEAN (*CheckAndAck)(struct _NTSAMPLE_EXTENSION *Ext, ULONG MessageId);
	VOID (*EnableInterrupts)(struct _NTSAMPLE_EXTENSION *Ext);
	VOID (*DisableInterrupts)(struct _NTSAMPLE_EXTENSION *Ext);
	/* Make the device interrupt once on MessageId. */
	VOID (*Raise)(struct _NTSAMPLE_EXTENSION *Ext, ULONG MessageId);
	ULONG (*ReadStatus)(struct _NTSAMPLE_EXTENSION *Ext);
} NTSAMPLE_HW;

extern const NTSAMPLE_HW NtSampleEduHw;
extern const NTSAMPLE_HW NtSampleIvshmemHw;

/* ServiceContext of a per-message FULLY_SPECIFIED connection. */
typedef struct _NTSAMPLE_MESSAGE_CONTEXT {
	struct _NTSAMPLE_EXTENSION *Ext;
	ULONG MessageId;
} NTSAMPLE_MESSAGE_CONTEXT;

typedef struct _NTSAMPLE_EXTENSION {
	PDEVICE_OBJECT Self;
	PDEVICE_OBJECT PhysicalDeviceObject;
	struct _NTSAMPLE_EXTENSION *Next;	/* NtSampleDevices */
	NTSAMPLE_PARAMETERS Parameters;
	const NTSAMPLE_HW *Hw;

	/* BAR0 */
	PUCHAR Registers;
	SIZE_T RegisterLength;
	ULONG IvPosition;

	/* Interrupt connection */
	BOOLEAN Started;
	BOOLEAN Passive;
	BOOLEAN UseMessageLock;
	volatile BOOLEAN InterruptsEnabled;	/* under the interrupt lock */
	volatile BOOLEAN Stall;		/* sync-stress: widen the tear window */
	NTSTATUS ConnectStatus;
	ULONG VersionAsked;
	ULONG VersionObtained;		/* as IoConnectInterruptEx left it */
	PVOID ConnectionContext;		/* PKINTERRUPT or message table */
	KSPIN_LOCK MessageLock;			/* shared by all messages */
	KIRQL UnifiedIrql;
	ULONG ObjectCount;			/* interrupt objects, MessageID order */
	PKINTERRUPT Objects[NTSAMPLE_MAX_MESSAGES];
	ULONG Vector[NTSAMPLE_MAX_MESSAGES];
	NTSAMPLE_MESSAGE_CONTEXT MessageContext[NTSAMPLE_MAX_MESSAGES];

	/* ISR -> DPC state, written under the interrupt lock of its message */
	LONG Pending[NTSAMPLE_MAX_MESSAGES];
	volatile ULONG TearLow;			/* ISR of message 0 bumps both */
	volatile ULONG TearHigh;
	LONG SyncActive;			/* tear readers inside the lock */

	/* Counters */
	LONG Raised;
	LONG IsrCalls;
	LONG Claimed;
	LONG DpcRuns;
	LONG DpcItems;
	LONG DpcTorn;
	LONG LockNotHeld;
	LONG IrqlNotRestored;
	LONG Overlaps;
	LONG IsrIrqlMask;
	LONG DpcIrqlMask;
	LONG SyncIrqlMask;
	LONG IsrCpuMask;
	LONG DpcCpuMask;

	/* The watchdog: a periodic 1 s KTIMER queueing WatchdogDpc while started */
	KTIMER WatchdogTimer;
	KDPC WatchdogDpc;
	LONG WatchdogRuns;

	/* Targeted test DPCs: Armed is 1 from a TRUE insert until the routine runs */
	KDPC TestDpc[NTSAMPLE_TEST_DPCS];
	LONG TestDpcArmed[NTSAMPLE_TEST_DPCS];
	CCHAR TestDpcTarget;
	LONG TestDpcInserted;
	LONG TestDpcRuns;
	LONG TestDpcOnTarget;
	LONG TestDpcUnarmed;
	LONG TestDpcIrqlMask;

	LONG MsgRaised[NTSAMPLE_MAX_MESSAGES];
	LONG MsgCalls[NTSAMPLE_MAX_MESSAGES];
	LONG MsgClaimed[NTSAMPLE_MAX_MESSAGES];
	LONG MsgDpcItems[NTSAMPLE_MAX_MESSAGES];
} NTSAMPLE_EXTENSION, *PNTSAMPLE_EXTENSION;

#define NTSAMPLE_REGISTER(Ext, Offset) \
	((volatile ULONG *)((Ext)->Registers + (Offset)))

#endif /* _NTSAMPLE_DEVEXT_H_ */
