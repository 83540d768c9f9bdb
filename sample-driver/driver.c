// SPDX-License-Identifier: GPL-2.0
/*
 * the sample WDM driver: DriverEntry, AddDevice, START/STOP/REMOVE,
 * the ISRs, the DpcForIsr and the KeSynchronizeExecution routines.
 *
 * Written as a Windows driver is written; it includes only <ntddk.h> (through
 * ntsample.h) and also compiles against the Windows DDK headers.
 *
 * Interrupt state shared between the ISR and the rest of the driver:
 *   Pending[m]          bumped by the ISR of message m, read-and-cleared by the
 *                       DpcForIsr under the interrupt lock (KeSynchronizeExecution)
 *   TearLow/TearHigh    bumped together by the ISR of message 0; a reader that
 *                       holds the interrupt lock must always see them equal
 *   InterruptsEnabled   cleared under the interrupt lock by StopDevice
 * A passive-level ISR holds a sleeping lock, which a DPC cannot take: then the
 * DPC uses interlocked operations on Pending[] instead.
 */
#include "devext.h"

/* The FDOs this driver created, for NtSampleFdoFromPdo. */
static PNTSAMPLE_EXTENSION NtSampleDevices;
static KSPIN_LOCK NtSampleDevicesLock;

static DRIVER_ADD_DEVICE NtSampleAddDevice;
static DRIVER_UNLOAD NtSampleUnload;
static IO_DPC_ROUTINE NtSampleDpcForIsr;
static KSERVICE_ROUTINE NtSampleIsr;
static KSERVICE_ROUTINE NtSampleMessageContextIsr;
static KMESSAGE_SERVICE_ROUTINE NtSampleMessageIsr;
static KSYNCHRONIZE_ROUTINE NtSampleReadAndClearPending;
static KSYNCHRONIZE_ROUTINE NtSampleReadTearPair;
static KSYNCHRONIZE_ROUTINE NtSampleDisableInterruptsSync;
static KDEFERRED_ROUTINE NtSampleTestDpc;
static KDEFERRED_ROUTINE NtSampleWatchdogDpc;

static PNTSAMPLE_EXTENSION NtSampleExt(PDEVICE_OBJECT DeviceObject)
{
	return (PNTSAMPLE_EXTENSION)DeviceObject->DeviceExtension;
}

/* Record an IRQL or processor number seen: set that bit (mod 32) of *Mask. Any IRQL. */
static VOID NtSampleRecordBit(LONG volatile *Mask, ULONG Bit)
{
	LONG old, bit = 1L << (Bit & 31);

	do {
		old = *Mask;
		if (old & bit)
			return;
	} while (InterlockedCompareExchange(Mask, old | bit, old) != old);
}

static VOID NtSampleRecordIrql(LONG volatile *Mask, KIRQL Irql)
{
	NtSampleRecordBit(Mask, Irql);
}

/* ------------------------------------------------------------------------ */
/* DriverEntry, AddDevice, Unload                                           */

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);

	NtSampleDevices = NULL;
	KeInitializeSpinLock(&NtSampleDevicesLock);
	DriverObject->DriverExtension->AddDevice = NtSampleAddDevice;
	DriverObject->DriverUnload = NtSampleUnload;
	return STATUS_SUCCESS;
}

static VOID NtSampleUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
}

static NTSTATUS NtSampleAddDevice(PDRIVER_OBJECT DriverObject,
				  PDEVICE_OBJECT PhysicalDeviceObject)
{
	PDEVICE_OBJECT fdo;
	PNTSAMPLE_EXTENSION ext;
	NTSTATUS status;
	KIRQL irql;
	ULONG i;

	status = IoCreateDevice(DriverObject, sizeof(NTSAMPLE_EXTENSION), NULL,
				FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
	if (!NT_SUCCESS(status))
		return status;

	ext = NtSampleExt(fdo);
	RtlZeroMemory(ext, sizeof(*ext));
	ext->Self = fdo;
	ext->PhysicalDeviceObject = PhysicalDeviceObject;
	KeInitializeSpinLock(&ext->MessageLock);
	IoInitializeDpcRequest(fdo, NtSampleDpcForIsr);
	for (i = 0; i < NTSAMPLE_TEST_DPCS; i++)
		KeInitializeDpc(&ext->TestDpc[i], NtSampleTestDpc, ext);
	KeInitializeTimer(&ext->WatchdogTimer);
	KeInitializeDpc(&ext->WatchdogDpc, NtSampleWatchdogDpc, ext);

	KeAcquireSpinLock(&NtSampleDevicesLock, &irql);
	ext->Next = NtSampleDevices;
	NtSampleDevices = ext;
	KeReleaseSpinLock(&NtSampleDevicesLock, irql);

	fdo->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}

PDEVICE_OBJECT NtSampleFdoFromPdo(PDEVICE_OBJECT PhysicalDeviceObject)
{
	PDEVICE_OBJECT fdo = NULL;
	PNTSAMPLE_EXTENSION ext;
	KIRQL irql;

	KeAcquireSpinLock(&NtSampleDevicesLock, &irql);
	for (ext = NtSampleDevices; ext; ext = ext->Next) {
		if (ext->PhysicalDeviceObject == PhysicalDeviceObject) {
			fdo = ext->Self;
			break;
		}
	}
	KeReleaseSpinLock(&NtSampleDevicesLock, irql);
	return fdo;
}

/* ------------------------------------------------------------------------ */
/* ISR and DpcForIsr                                                        */

/* The work of every ISR flavour; runs at SynchronizeIrql under the lock. */
static BOOLEAN NtSampleService(PNTSAMPLE_EXTENSION Ext, ULONG MessageId)
{
	ULONG m = MessageId < NTSAMPLE_MAX_MESSAGES ? MessageId : NTSAMPLE_MAX_MESSAGES - 1;

	NtSampleRecordIrql(&Ext->IsrIrqlMask, KeGetCurrentIrql());
	NtSampleRecordBit(&Ext->IsrCpuMask, KeGetCurrentProcessorNumber());
	InterlockedIncrement(&Ext->IsrCalls);
	InterlockedIncrement(&Ext->MsgCalls[m]);
	if (Ext->UseMessageLock && Ext->MessageLock == 0)
		InterlockedIncrement(&Ext->LockNotHeld);

	if (!Ext->Hw->CheckAndAck(Ext, MessageId))
		return FALSE;

	InterlockedIncrement(&Ext->Claimed);
	InterlockedIncrement(&Ext->MsgClaimed[m]);
	if (!Ext->InterruptsEnabled)
		return TRUE;		/* stopping: acknowledged, not processed */

	if (m == 0) {
		/* A tear reader inside its locked section now: the lock failed. */
		if (Ext->SyncActive)
			InterlockedIncrement(&Ext->Overlaps);
		Ext->TearLow++;
		if (Ext->Stall)
			KeStallExecutionProcessor(20);
		Ext->TearHigh++;
	}
	/* Interlocked for the passive case, where the DPC cannot take the lock. */
	InterlockedIncrement(&Ext->Pending[m]);

	IoRequestDpc(Ext->Self, NULL, NULL);	/* last: the DPC may run at once */
	return TRUE;
}

static BOOLEAN NtSampleIsr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	UNREFERENCED_PARAMETER(Interrupt);
	return NtSampleService((PNTSAMPLE_EXTENSION)ServiceContext, 0);
}

static BOOLEAN NtSampleMessageIsr(PKINTERRUPT Interrupt, PVOID ServiceContext,
				  ULONG MessageID)
{
	UNREFERENCED_PARAMETER(Interrupt);
	return NtSampleService((PNTSAMPLE_EXTENSION)ServiceContext, MessageID);
}

static BOOLEAN NtSampleMessageContextIsr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	NTSAMPLE_MESSAGE_CONTEXT *ctx = (NTSAMPLE_MESSAGE_CONTEXT *)ServiceContext;

	UNREFERENCED_PARAMETER(Interrupt);
	return NtSampleService(ctx->Ext, ctx->MessageId);
}

typedef struct _NTSAMPLE_SYNC_CONTEXT {
	PNTSAMPLE_EXTENSION Ext;
	ULONG MessageId;
	LONG Value;
	ULONG Low;
	ULONG High;
} NTSAMPLE_SYNC_CONTEXT;

static VOID NtSampleSyncEnter(PNTSAMPLE_EXTENSION Ext)
{
	NtSampleRecordIrql(&Ext->SyncIrqlMask, KeGetCurrentIrql());
	if (Ext->UseMessageLock && Ext->MessageLock == 0)
		InterlockedIncrement(&Ext->LockNotHeld);
}

static BOOLEAN NtSampleReadAndClearPending(PVOID SynchronizeContext)
{
	NTSAMPLE_SYNC_CONTEXT *ctx = (NTSAMPLE_SYNC_CONTEXT *)SynchronizeContext;
	PNTSAMPLE_EXTENSION ext = ctx->Ext;

	NtSampleSyncEnter(ext);
	ctx->Value = ext->Pending[ctx->MessageId];
	ext->Pending[ctx->MessageId] = 0;
	ctx->Low = ext->TearLow;
	ctx->High = ext->TearHigh;
	return TRUE;
}

/*
 * Read the tear pair inside the interrupt lock. SyncActive says a reader is
 * in here; it stays set while this CPU stalls (or its vCPU is descheduled),
 * so an ISR that runs meanwhile (which the lock must prevent) sees it.
 */
static VOID NtSampleLockedTearRead(PNTSAMPLE_EXTENSION Ext, NTSAMPLE_SYNC_CONTEXT *Ctx)
{
	InterlockedIncrement(&Ext->SyncActive);
	NtSampleSyncEnter(Ext);
	Ctx->Low = Ext->TearLow;
	if (Ext->Stall)
		KeStallExecutionProcessor(1);
	Ctx->High = Ext->TearHigh;
	InterlockedDecrement(&Ext->SyncActive);
}

static BOOLEAN NtSampleReadTearPair(PVOID SynchronizeContext)
{
	NTSAMPLE_SYNC_CONTEXT *ctx = (NTSAMPLE_SYNC_CONTEXT *)SynchronizeContext;

	NtSampleLockedTearRead(ctx->Ext, ctx);
	return ctx->Low == ctx->High;
}

static VOID NtSampleDpcForIsr(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp,
			      PVOID Context)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	NTSAMPLE_SYNC_CONTEXT ctx;
	ULONG m;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(Irp);
	UNREFERENCED_PARAMETER(Context);

	NtSampleRecordIrql(&ext->DpcIrqlMask, KeGetCurrentIrql());
	NtSampleRecordBit(&ext->DpcCpuMask, KeGetCurrentProcessorNumber());
	InterlockedIncrement(&ext->DpcRuns);

	for (m = 0; m < ext->ObjectCount; m++) {
		if (ext->Passive) {
			ctx.Value = InterlockedExchange(&ext->Pending[m], 0);
		} else {
			ctx.Ext = ext;
			ctx.MessageId = m;
			KeSynchronizeExecution(ext->Objects[m], NtSampleReadAndClearPending, &ctx);
			if (m == 0 && ctx.Low != ctx.High)
				InterlockedIncrement(&ext->DpcTorn);
		}
		InterlockedExchangeAdd(&ext->DpcItems, ctx.Value);
		InterlockedExchangeAdd(&ext->MsgDpcItems[m], ctx.Value);
	}
}

/* ------------------------------------------------------------------------ */
/* START_DEVICE                                                             */

typedef struct _NTSAMPLE_RESOURCES {
	PCM_PARTIAL_RESOURCE_DESCRIPTOR Memory;	/* BAR0 */
	PCM_PARTIAL_RESOURCE_DESCRIPTOR Line;
	ULONG MessageDescriptors;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR Message[NTSAMPLE_MAX_MESSAGES];
	PCM_PARTIAL_RESOURCE_DESCRIPTOR RawMessage[NTSAMPLE_MAX_MESSAGES];
	KIRQL MaxIrql;			/* the highest DIRQL among them */
} NTSAMPLE_RESOURCES;

static NTSTATUS NtSampleParseResources(PCM_RESOURCE_LIST Raw, PCM_RESOURCE_LIST Translated,
				       NTSAMPLE_RESOURCES *Res)
{
	PCM_PARTIAL_RESOURCE_LIST list, rawList;
	ULONG i;

	RtlZeroMemory(Res, sizeof(*Res));
	if (!Translated || Translated->Count < 1 || !Raw || Raw->Count < 1)
		return STATUS_DEVICE_CONFIGURATION_ERROR;

	list = &Translated->List[0].PartialResourceList;
	rawList = &Raw->List[0].PartialResourceList;
	for (i = 0; i < list->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &list->PartialDescriptors[i];

		switch (d->Type) {
		case CmResourceTypeMemory:
			if (!Res->Memory)
				Res->Memory = d;
			break;
		case CmResourceTypeInterrupt:
			if ((KIRQL)d->u.Interrupt.Level > Res->MaxIrql)
				Res->MaxIrql = (KIRQL)d->u.Interrupt.Level;
			if (!(d->Flags & CM_RESOURCE_INTERRUPT_MESSAGE)) {
				if (!Res->Line)
					Res->Line = d;
			} else if (Res->MessageDescriptors < NTSAMPLE_MAX_MESSAGES) {
				Res->RawMessage[Res->MessageDescriptors] =
					i < rawList->Count ? &rawList->PartialDescriptors[i] : NULL;
				Res->Message[Res->MessageDescriptors++] = d;
			}
			break;
		default:
			break;
		}
	}
	return Res->Memory ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

/* reference section 9: a FULLY_SPECIFIED request from a translated descriptor */
static VOID NtSampleFillFullySpecified(PIO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS Fs,
				       PCM_PARTIAL_RESOURCE_DESCRIPTOR d, ULONG VectorOffset)
{
	Fs->Vector = d->u.Interrupt.Vector + VectorOffset;
	Fs->Irql = (KIRQL)d->u.Interrupt.Level;
	Fs->SynchronizeIrql = (KIRQL)d->u.Interrupt.Level;
	Fs->ProcessorEnableMask = d->u.Interrupt.Affinity;
	Fs->Group = 0;	/* built without NT_PROCESSOR_GROUPS, see ntsample.h */
	Fs->InterruptMode = (d->Flags & CM_RESOURCE_INTERRUPT_LATCHED) ? Latched : LevelSensitive;
	Fs->ShareVector = d->ShareDisposition == CmResourceShareShared;
	Fs->FloatingSave = FALSE;
	Fs->SpinLock = NULL;
}

static NTSTATUS NtSampleConnectLine(PNTSAMPLE_EXTENSION Ext)
{
	IO_CONNECT_INTERRUPT_PARAMETERS params;
	PKINTERRUPT interrupt = NULL;
	NTSTATUS status;

	RtlZeroMemory(&params, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS));
	params.Version = CONNECT_LINE_BASED;
	params.LineBased.PhysicalDeviceObject = Ext->PhysicalDeviceObject;
	params.LineBased.InterruptObject = &interrupt;
	params.LineBased.ServiceRoutine = NtSampleIsr;
	params.LineBased.ServiceContext = Ext;
	params.LineBased.SpinLock = NULL;
	params.LineBased.SynchronizeIrql = 0;
	params.LineBased.FloatingSave = FALSE;
	Ext->VersionAsked = params.Version;
	status = IoConnectInterruptEx(&params);
	Ext->VersionObtained = params.Version;
	if (!NT_SUCCESS(status))
		return status;

	Ext->ConnectionContext = interrupt;
	Ext->Objects[0] = interrupt;
	Ext->ObjectCount = 1;
	return status;
}

static NTSTATUS NtSampleConnectMessages(PNTSAMPLE_EXTENSION Ext, const NTSAMPLE_RESOURCES *Res)
{
	NTSAMPLE_CONNECT_MODE mode = Ext->Parameters.Mode;
	IO_CONNECT_INTERRUPT_PARAMETERS params;
	PIO_INTERRUPT_MESSAGE_INFO table;
	PVOID context = NULL;
	NTSTATUS status;
	ULONG i;

	RtlZeroMemory(&params, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS));
	params.Version = mode == NtSampleModeMessagePassive ?
			 CONNECT_MESSAGE_BASED_PASSIVE : CONNECT_MESSAGE_BASED;
	params.MessageBased.PhysicalDeviceObject = Ext->PhysicalDeviceObject;
	params.MessageBased.ConnectionContext.Generic = &context;
	params.MessageBased.MessageServiceRoutine = NtSampleMessageIsr;
	params.MessageBased.ServiceContext = Ext;
	if (mode == NtSampleModeMessagePassive) {
		params.MessageBased.SpinLock = NULL;
		params.MessageBased.SynchronizeIrql = PASSIVE_LEVEL;
	} else {
		/* One lock for every message: the DPC excludes them all at once. */
		params.MessageBased.SpinLock = &Ext->MessageLock;
		params.MessageBased.SynchronizeIrql = Res->MaxIrql;
	}
	params.MessageBased.FloatingSave = FALSE;
	params.MessageBased.FallBackServiceRoutine =
		mode == NtSampleModeMessageNoFallback ? NULL : NtSampleIsr;
	Ext->VersionAsked = params.Version;
	Ext->UseMessageLock = mode != NtSampleModeMessagePassive;
	status = IoConnectInterruptEx(&params);
	Ext->VersionObtained = params.Version;
	if (!NT_SUCCESS(status)) {
		Ext->UseMessageLock = FALSE;
		return status;
	}

	Ext->ConnectionContext = context;
	if (params.Version == CONNECT_LINE_BASED) {
		/* No messages were assigned: the fallback ISR is on the line. */
		Ext->Objects[0] = (PKINTERRUPT)context;
		Ext->ObjectCount = 1;
		return status;
	}

	table = (PIO_INTERRUPT_MESSAGE_INFO)context;
	Ext->UnifiedIrql = table->UnifiedIrql;
	Ext->ObjectCount = table->MessageCount < NTSAMPLE_MAX_MESSAGES ?
			   table->MessageCount : NTSAMPLE_MAX_MESSAGES;
	for (i = 0; i < Ext->ObjectCount; i++) {
		Ext->Objects[i] = table->MessageInfo[i].InterruptObject;
		Ext->Vector[i] = table->MessageInfo[i].Vector;
	}
	return status;
}

static VOID NtSampleDisconnectObjects(PNTSAMPLE_EXTENSION Ext, ULONG Version)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS params;
	ULONG i;

	for (i = 0; i < Ext->ObjectCount; i++) {
		if (!Ext->Objects[i])
			continue;
		RtlZeroMemory(&params, sizeof(params));
		params.Version = Version;
		params.ConnectionContext.InterruptObject = Ext->Objects[i];
		IoDisconnectInterruptEx(&params);
		Ext->Objects[i] = NULL;
	}
}

static NTSTATUS NtSampleConnectFullySpecified(PNTSAMPLE_EXTENSION Ext,
					      const NTSAMPLE_RESOURCES *Res)
{
	NTSAMPLE_CONNECT_MODE mode = Ext->Parameters.Mode;
	IO_CONNECT_INTERRUPT_PARAMETERS params;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PKINTERRUPT interrupt;
	NTSTATUS status = STATUS_NOT_FOUND;
	ULONG i, k, count;

	Ext->VersionAsked = mode == NtSampleModeFullyGroup ?
			    CONNECT_FULLY_SPECIFIED_GROUP : CONNECT_FULLY_SPECIFIED;
	Ext->VersionObtained = Ext->VersionAsked;

	if (mode != NtSampleModeFullyMessage) {
		d = Res->Line ? Res->Line : Res->Message[0];
		if (!d)
			return STATUS_NOT_FOUND;
		RtlZeroMemory(&params, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS));
		params.Version = Ext->VersionAsked;
		NtSampleFillFullySpecified(&params.FullySpecified, d, 0);
		if (mode == NtSampleModePassive) {
			params.FullySpecified.Irql = PASSIVE_LEVEL;
			params.FullySpecified.SynchronizeIrql = PASSIVE_LEVEL;
		}
		params.FullySpecified.PhysicalDeviceObject = Ext->PhysicalDeviceObject;
		params.FullySpecified.InterruptObject = &interrupt;
		params.FullySpecified.ServiceRoutine = NtSampleIsr;
		params.FullySpecified.ServiceContext = Ext;
		status = IoConnectInterruptEx(&params);
		Ext->VersionObtained = params.Version;
		if (!NT_SUCCESS(status))
			return status;
		Ext->ConnectionContext = interrupt;
		Ext->Objects[0] = interrupt;
		Ext->Vector[0] = params.FullySpecified.Vector;
		Ext->UnifiedIrql = params.FullySpecified.SynchronizeIrql;
		Ext->ObjectCount = 1;
		return status;
	}

	/* As KMDF does: one object per message, MSI messages at Vector + n. */
	for (i = 0; i < Res->MessageDescriptors; i++) {
		d = Res->Message[i];
		count = 1;
		if (Res->RawMessage[i])
			count = Res->RawMessage[i]->u.MessageInterrupt.Raw.MessageCount;
		if (count < 1)
			count = 1;
		for (k = 0; k < count && Ext->ObjectCount < NTSAMPLE_MAX_MESSAGES; k++) {
			ULONG m = Ext->ObjectCount;

			Ext->MessageContext[m].Ext = Ext;
			Ext->MessageContext[m].MessageId = m;
			RtlZeroMemory(&params, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS));
			params.Version = CONNECT_FULLY_SPECIFIED;
			NtSampleFillFullySpecified(&params.FullySpecified, d, k);
			params.FullySpecified.PhysicalDeviceObject = Ext->PhysicalDeviceObject;
			params.FullySpecified.InterruptObject = &interrupt;
			params.FullySpecified.ServiceRoutine = NtSampleMessageContextIsr;
			params.FullySpecified.ServiceContext = &Ext->MessageContext[m];
			status = IoConnectInterruptEx(&params);
			if (!NT_SUCCESS(status)) {
				NtSampleDisconnectObjects(Ext, CONNECT_FULLY_SPECIFIED);
				Ext->ObjectCount = 0;
				return status;
			}
			Ext->Objects[m] = interrupt;
			Ext->Vector[m] = params.FullySpecified.Vector;
			if (params.FullySpecified.SynchronizeIrql > Ext->UnifiedIrql)
				Ext->UnifiedIrql = params.FullySpecified.SynchronizeIrql;
			Ext->ObjectCount++;
		}
	}
	return Ext->ObjectCount ? STATUS_SUCCESS : status;
}

static BOOLEAN NtSampleEnableInterruptsSync(PVOID SynchronizeContext)
{
	PNTSAMPLE_EXTENSION ext = (PNTSAMPLE_EXTENSION)SynchronizeContext;

	ext->InterruptsEnabled = TRUE;
	ext->Hw->EnableInterrupts(ext);
	return TRUE;
}

static BOOLEAN NtSampleDisableInterruptsSync(PVOID SynchronizeContext)
{
	PNTSAMPLE_EXTENSION ext = (PNTSAMPLE_EXTENSION)SynchronizeContext;

	ext->Hw->DisableInterrupts(ext);
	ext->InterruptsEnabled = FALSE;
	return TRUE;
}

NTSTATUS NtSampleStartDevice(PDEVICE_OBJECT DeviceObject,
			     const NTSAMPLE_PARAMETERS *Parameters,
			     PCM_RESOURCE_LIST AllocatedResources,
			     PCM_RESOURCE_LIST AllocatedResourcesTranslated)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	NTSAMPLE_RESOURCES res;
	LARGE_INTEGER due;
	NTSTATUS status;
	ULONG i;

	if (ext->Started)
		return STATUS_DEVICE_BUSY;
	ext->Parameters = *Parameters;
	ext->Hw = Parameters->Kind == NtSampleIvshmem ? &NtSampleIvshmemHw : &NtSampleEduHw;
	ext->ConnectStatus = STATUS_UNSUCCESSFUL;
	ext->ObjectCount = 0;
	ext->UnifiedIrql = 0;
	ext->UseMessageLock = FALSE;

	status = NtSampleParseResources(AllocatedResources, AllocatedResourcesTranslated, &res);
	if (!NT_SUCCESS(status))
		return status;
	if (res.Memory->u.Memory.Length < ext->Hw->MinRegisterLength)
		return STATUS_DEVICE_CONFIGURATION_ERROR;

	/* A START after a STOP finds BAR0 still mapped (see NtSampleStopDevice). */
	if (!ext->Registers) {
		ext->RegisterLength = res.Memory->u.Memory.Length;
		ext->Registers = (PUCHAR)MmMapIoSpace(res.Memory->u.Memory.Start,
						      ext->RegisterLength, MmNonCached);
		if (!ext->Registers)
			return STATUS_INSUFFICIENT_RESOURCES;
	}

	status = ext->Hw->Initialize(ext);
	if (!NT_SUCCESS(status))
		goto unmap;

	switch (Parameters->Mode) {
	case NtSampleModeLine:
	case NtSampleModeLinePassive:
		if (res.Line)
			ext->UnifiedIrql = (KIRQL)res.Line->u.Interrupt.Level;
		status = NtSampleConnectLine(ext);
		break;
	case NtSampleModeMessage:
	case NtSampleModeMessageNoFallback:
	case NtSampleModeMessagePassive:
		status = NtSampleConnectMessages(ext, &res);
		if (NT_SUCCESS(status) && ext->VersionObtained == CONNECT_LINE_BASED &&
		    res.Line && ext->UseMessageLock)
			ext->UnifiedIrql = res.MaxIrql;
		break;
	default:
		status = NtSampleConnectFullySpecified(ext, &res);
		break;
	}
	ext->ConnectStatus = status;
	/* NT formats (LLP64): %lu/%lx take a ULONG, as on Windows. */
	DbgPrint("ntsample: START_DEVICE: connect %lu -> %lu, status 0x%08lx, %lu object(s)\n",
		 ext->VersionAsked, ext->VersionObtained, (ULONG)status, ext->ObjectCount);
	if (!NT_SUCCESS(status))
		goto unmap;

	/* Passive: Irql == SynchronizeIrql == PASSIVE_LEVEL, or a passive line. */
	ext->Passive = Parameters->Mode == NtSampleModePassive ||
		       Parameters->Mode == NtSampleModeMessagePassive ||
		       (ext->VersionObtained == CONNECT_LINE_BASED && res.Line &&
			res.Line->u.Interrupt.Level == PASSIVE_LEVEL);
	if (ext->VersionObtained == CONNECT_LINE_BASED && res.Line)
		ext->Vector[0] = res.Line->u.Interrupt.Vector;

	ext->Started = TRUE;
	for (i = 0; i < ext->ObjectCount; i++)
		KeSynchronizeExecution(ext->Objects[i], NtSampleEnableInterruptsSync, ext);
	/* The watchdog: first in 1 s, then every second, until STOP. */
	due.QuadPart = -10000000LL;
	KeSetTimerEx(&ext->WatchdogTimer, due, 1000, &ext->WatchdogDpc);
	return STATUS_SUCCESS;

unmap:
	MmUnmapIoSpace(ext->Registers, ext->RegisterLength);
	ext->Registers = NULL;
	return status;
}

/* ------------------------------------------------------------------------ */
/* STOP_DEVICE / REMOVE_DEVICE                                              */

VOID NtSampleStopDevice(PDEVICE_OBJECT DeviceObject)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	IO_DISCONNECT_INTERRUPT_PARAMETERS params;
	ULONG i;

	if (!ext->Started)
		return;

	/* Silence the device; an ISR already running finishes first. */
	for (i = 0; i < ext->ObjectCount; i++)
		KeSynchronizeExecution(ext->Objects[i], NtSampleDisableInterruptsSync, ext);
	/* A watchdog DPC already queued still runs: the flush waits for it. */
	KeCancelTimer(&ext->WatchdogTimer);
	/* No new DPC can be queued now; let the queued one finish. */
	KeFlushQueuedDpcs();

	if (ext->Parameters.Mode == NtSampleModeFullyMessage) {
		NtSampleDisconnectObjects(ext, CONNECT_FULLY_SPECIFIED);
	} else {
		RtlZeroMemory(&params, sizeof(params));
		params.Version = ext->VersionObtained;	/* as IoConnectInterruptEx left it */
		params.ConnectionContext.Generic = ext->ConnectionContext;
		IoDisconnectInterruptEx(&params);
		for (i = 0; i < ext->ObjectCount; i++)
			ext->Objects[i] = NULL;
	}
	ext->ConnectionContext = NULL;
	ext->Started = FALSE;
	KdPrint(("ntsample: STOP_DEVICE: %lu interrupt object(s) disconnected (version %lu)\n",
		 ext->ObjectCount, ext->VersionObtained));
	/*
	 * BAR0 stays mapped until REMOVE: this driver's resources are never
	 * rebalanced, and the test hooks inspect the silenced device.
	 */
}

VOID NtSampleRemoveDevice(PDEVICE_OBJECT DeviceObject)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	PNTSAMPLE_EXTENSION *link;
	KIRQL irql;

	NtSampleStopDevice(DeviceObject);
	/* The test DPCs live in the extension: none may still be queued. */
	KeFlushQueuedDpcs();
	if (ext->Registers) {
		MmUnmapIoSpace(ext->Registers, ext->RegisterLength);
		ext->Registers = NULL;
	}

	KeAcquireSpinLock(&NtSampleDevicesLock, &irql);
	for (link = &NtSampleDevices; *link; link = &(*link)->Next) {
		if (*link == ext) {
			*link = ext->Next;
			break;
		}
	}
	KeReleaseSpinLock(&NtSampleDevicesLock, irql);

	IoDeleteDevice(DeviceObject);
}

/* ------------------------------------------------------------------------ */
/* Test hooks                                                               */

NTSTATUS NtSampleRaiseInterrupt(PDEVICE_OBJECT DeviceObject, ULONG MessageId)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	ULONG m = MessageId;

	if (!ext->Registers)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (m >= NTSAMPLE_MAX_MESSAGES)
		return STATUS_INVALID_PARAMETER;
	InterlockedIncrement(&ext->Raised);
	InterlockedIncrement(&ext->MsgRaised[m]);
	ext->Hw->Raise(ext, m);
	return STATUS_SUCCESS;
}

VOID NtSampleQueryStats(PDEVICE_OBJECT DeviceObject, PNTSAMPLE_STATS Stats)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	ULONG i;

	RtlZeroMemory(Stats, sizeof(*Stats));
	Stats->Started = ext->Started;
	Stats->Passive = ext->Passive;
	Stats->ConnectStatus = ext->ConnectStatus;
	Stats->VersionAsked = ext->VersionAsked;
	Stats->VersionObtained = ext->VersionObtained;
	Stats->MessageCount = ext->ObjectCount;
	Stats->UnifiedIrql = ext->UnifiedIrql;
	Stats->IvPosition = ext->IvPosition;
	Stats->Raised = (ULONG)ext->Raised;
	Stats->IsrCalls = (ULONG)ext->IsrCalls;
	Stats->Claimed = (ULONG)ext->Claimed;
	Stats->DpcRuns = (ULONG)ext->DpcRuns;
	Stats->DpcItems = (ULONG)ext->DpcItems;
	Stats->DpcTorn = (ULONG)ext->DpcTorn;
	Stats->LockNotHeld = (ULONG)ext->LockNotHeld;
	Stats->IrqlNotRestored = (ULONG)ext->IrqlNotRestored;
	Stats->Overlaps = (ULONG)ext->Overlaps;
	Stats->IsrIrqlMask = (ULONG)ext->IsrIrqlMask;
	Stats->DpcIrqlMask = (ULONG)ext->DpcIrqlMask;
	Stats->SyncIrqlMask = (ULONG)ext->SyncIrqlMask;
	Stats->IsrCpuMask = (ULONG)ext->IsrCpuMask;
	Stats->DpcCpuMask = (ULONG)ext->DpcCpuMask;
	Stats->WatchdogRuns = (ULONG)ext->WatchdogRuns;
	Stats->TestDpcTarget = (ULONG)ext->TestDpcTarget;
	Stats->TestDpcInserted = (ULONG)ext->TestDpcInserted;
	Stats->TestDpcRuns = (ULONG)ext->TestDpcRuns;
	Stats->TestDpcOnTarget = (ULONG)ext->TestDpcOnTarget;
	Stats->TestDpcUnarmed = (ULONG)ext->TestDpcUnarmed;
	Stats->TestDpcIrqlMask = (ULONG)ext->TestDpcIrqlMask;
	for (i = 0; i < NTSAMPLE_MAX_MESSAGES; i++) {
		Stats->Vector[i] = ext->Vector[i];
		Stats->MsgRaised[i] = (ULONG)ext->MsgRaised[i];
		Stats->MsgCalls[i] = (ULONG)ext->MsgCalls[i];
		Stats->MsgClaimed[i] = (ULONG)ext->MsgClaimed[i];
		Stats->MsgDpcItems[i] = (ULONG)ext->MsgDpcItems[i];
	}
}

PKINTERRUPT NtSampleInterruptObject(PDEVICE_OBJECT DeviceObject, ULONG Index)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);

	return Index < ext->ObjectCount ? ext->Objects[Index] : NULL;
}

ULONG NtSampleReadDeviceStatus(PDEVICE_OBJECT DeviceObject)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);

	return ext->Registers ? ext->Hw->ReadStatus(ext) : 0;
}

VOID NtSampleSetStress(PDEVICE_OBJECT DeviceObject, BOOLEAN Stall)
{
	NtSampleExt(DeviceObject)->Stall = Stall;
}

/*
 * Targeted test DPCs. Each of the NTSAMPLE_TEST_DPCS DPCs is armed by the
 * insert that queued it and disarmed by its routine, so a routine that finds
 * its DPC unarmed ran more often than it was queued. Inserted == Runs once
 * every DPC queued has run (KeFlushQueuedDpcs) means each ran exactly once,
 * wherever the processor it was aimed at went meanwhile.
 */
static VOID NtSampleTestDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
			    PVOID SystemArgument2)
{
	PNTSAMPLE_EXTENSION ext = (PNTSAMPLE_EXTENSION)DeferredContext;
	ULONG i = (ULONG)(Dpc - ext->TestDpc);

	UNREFERENCED_PARAMETER(SystemArgument1);
	UNREFERENCED_PARAMETER(SystemArgument2);

	NtSampleRecordIrql(&ext->TestDpcIrqlMask, KeGetCurrentIrql());
	if (KeGetCurrentProcessorNumber() == (ULONG)ext->TestDpcTarget)
		InterlockedIncrement(&ext->TestDpcOnTarget);
	if (i >= NTSAMPLE_TEST_DPCS || InterlockedExchange(&ext->TestDpcArmed[i], 0) != 1)
		InterlockedIncrement(&ext->TestDpcUnarmed);
	InterlockedIncrement(&ext->TestDpcRuns);	/* last: the DPC is done */
}

/*
 * The watchdog timer's DPC, once a second while the device is started
 * (KeSetTimerEx at START_DEVICE; KeCancelTimer and KeFlushQueuedDpcs at
 * STOP, before the disconnect). A real driver would check here that the
 * device still answers; this one counts its runs (sysfs watchdog_runs).
 */
static VOID NtSampleWatchdogDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
				PVOID SystemArgument2)
{
	PNTSAMPLE_EXTENSION ext = (PNTSAMPLE_EXTENSION)DeferredContext;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(SystemArgument1);
	UNREFERENCED_PARAMETER(SystemArgument2);

	InterlockedIncrement(&ext->WatchdogRuns);
}

/*
 * Aim every test DPC at processor Number and zero their counters. None may
 * be queued (KeSetTargetProcessorDpc's rule): call after KeFlushQueuedDpcs.
 */
NTSTATUS NtSampleSetTestDpcTarget(PDEVICE_OBJECT DeviceObject, CCHAR Number)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	ULONG i;

	for (i = 0; i < NTSAMPLE_TEST_DPCS; i++)
		if (ext->TestDpcArmed[i])
			return STATUS_DEVICE_BUSY;
	for (i = 0; i < NTSAMPLE_TEST_DPCS; i++)
		KeSetTargetProcessorDpc(&ext->TestDpc[i], Number);
	ext->TestDpcTarget = Number;
	ext->TestDpcInserted = 0;
	ext->TestDpcRuns = 0;
	ext->TestDpcOnTarget = 0;
	ext->TestDpcUnarmed = 0;
	ext->TestDpcIrqlMask = 0;
	return STATUS_SUCCESS;
}

/*
 * Queue test DPC Index (mod NTSAMPLE_TEST_DPCS) unless it is still pending.
 * IRQL <= DISPATCH_LEVEL. TRUE if this call queued it.
 */
BOOLEAN NtSampleQueueTestDpc(PDEVICE_OBJECT DeviceObject, ULONG Index)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	ULONG i = Index % NTSAMPLE_TEST_DPCS;

	if (InterlockedCompareExchange(&ext->TestDpcArmed[i], 1, 0) != 0)
		return FALSE;		/* queued (or running) from an earlier call */
	if (!KeInsertQueueDpc(&ext->TestDpc[i], NULL, NULL)) {
		/* Cannot happen: unarmed means not queued. Counted as a run fault. */
		InterlockedIncrement(&ext->TestDpcUnarmed);
		InterlockedExchange(&ext->TestDpcArmed[i], 0);
		return FALSE;
	}
	InterlockedIncrement(&ext->TestDpcInserted);
	return TRUE;
}

/* Wait until every DPC queued so far has run. PASSIVE_LEVEL. */
VOID NtSampleFlushDpcs(VOID)
{
	KeFlushQueuedDpcs();
}

/*
 * One KeSynchronizeExecution read of the tear pair and one under
 * KeAcquire/ReleaseInterruptSpinLock (each must restore the caller's IRQL),
 * then a burst of unlocked reads (the control: they may see the ISR between
 * its two increments).
 */
#define NTSAMPLE_UNSYNC_BURST 16

VOID NtSampleTearRead(PDEVICE_OBJECT DeviceObject, PBOOLEAN TornSynchronized,
		      PULONG UnsynchronizedReads, PULONG UnsynchronizedTorn)
{
	PNTSAMPLE_EXTENSION ext = NtSampleExt(DeviceObject);
	NTSAMPLE_SYNC_CONTEXT ctx;
	ULONG low, high, i;
	KIRQL before, irql;

	*TornSynchronized = FALSE;
	*UnsynchronizedReads = 0;
	*UnsynchronizedTorn = 0;
	if (!ext->Started || !ext->ObjectCount)
		return;

	before = KeGetCurrentIrql();
	ctx.Ext = ext;
	*TornSynchronized = !KeSynchronizeExecution(ext->Objects[0], NtSampleReadTearPair, &ctx);
	if (KeGetCurrentIrql() != before)
		InterlockedIncrement(&ext->IrqlNotRestored);

	/* The same under KeAcquireInterruptSpinLock (not for a passive ISR). */
	if (!ext->Passive) {
		irql = KeAcquireInterruptSpinLock(ext->Objects[0]);
		NtSampleLockedTearRead(ext, &ctx);
		KeReleaseInterruptSpinLock(ext->Objects[0], irql);
		if (ctx.Low != ctx.High)
			*TornSynchronized = TRUE;
		if (irql != before || KeGetCurrentIrql() != before)
			InterlockedIncrement(&ext->IrqlNotRestored);
	}

	for (i = 0; i < NTSAMPLE_UNSYNC_BURST; i++) {
		low = ext->TearLow;	/* volatile: read in this order */
		high = ext->TearHigh;
		if (low != high)
			(*UnsynchronizedTorn)++;
	}
	*UnsynchronizedReads = NTSAMPLE_UNSYNC_BURST;
}
