// SPDX-License-Identifier: GPL-2.0
/*
 * Uses every structure, union and enumeration that ntcompat's NT headers
 * (ntdef.h, wdm.h, ntddk.h) declare, and every routine typedef, in a
 * translation unit that includes nothing but <ntddk.h>: the headers are
 * self-contained. The Linux-side header <ntcompat/ntcompat.h> is covered by
 * structs-glue.c. Compiled with gcc -std=gnu11 -Wall -Wextra -Werror.
 */
#include <ntddk.h>

static KSERVICE_ROUTINE Isr;
static KMESSAGE_SERVICE_ROUTINE MessageIsr;
static KSYNCHRONIZE_ROUTINE SyncRoutine;
static KDEFERRED_ROUTINE DeferredRoutine;
static IO_DPC_ROUTINE DpcForIsr;
static DRIVER_ADD_DEVICE AddDevice;
static DRIVER_DISPATCH Dispatch;
static DRIVER_UNLOAD Unload;
static DRIVER_STARTIO StartIo;
DRIVER_INITIALIZE DriverEntry;

static BOOLEAN Isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	return Interrupt != NULL && ServiceContext != NULL;
}

static BOOLEAN MessageIsr(PKINTERRUPT Interrupt, PVOID ServiceContext, ULONG MessageID)
{
	return Interrupt != NULL && ServiceContext != NULL && MessageID == 0;
}

static BOOLEAN SyncRoutine(PVOID SynchronizeContext)
{
	return SynchronizeContext != NULL;
}

static VOID DeferredRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
			    PVOID SystemArgument2)
{
	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(DeferredContext);
	UNREFERENCED_PARAMETER(SystemArgument1);
	UNREFERENCED_PARAMETER(SystemArgument2);
}

static VOID DpcForIsr(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	UNREFERENCED_PARAMETER(Context);
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
	PDEVICE_OBJECT fdo;
	NTSTATUS status;

	UNREFERENCED_PARAMETER(PhysicalDeviceObject);
	status = IoCreateDevice(DriverObject, 16, NULL, FILE_DEVICE_UNKNOWN,
				FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
	if (NT_SUCCESS(status)) {
		IoInitializeDpcRequest(fdo, DpcForIsr);
		fdo->Flags &= ~DO_DEVICE_INITIALIZING;
	}
	return status;
}

static NTSTATUS Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	return STATUS_NOT_SUPPORTED;
}

static VOID Unload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
}

static VOID StartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	PDRIVER_EXTENSION ext = DriverObject->DriverExtension;
	UNICODE_STRING name = { 0, 0, NULL };
	ULONG i;

	ext->AddDevice = AddDevice;
	ext->Count = ext->ServiceKeyName.Length + name.MaximumLength;
	DriverObject->DriverUnload = Unload;
	DriverObject->DriverStartIo = StartIo;
	DriverObject->DriverInit = DriverEntry;
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		DriverObject->MajorFunction[i] = Dispatch;
	return RegistryPath ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/* ntdef.h */
ULONGLONG UseNtdef(PLARGE_INTEGER Li, PLIST_ENTRY Le, PSINGLE_LIST_ENTRY Se, PUNICODE_STRING Us);
ULONGLONG UseNtdef(PLARGE_INTEGER Li, PLIST_ENTRY Le, PSINGLE_LIST_ENTRY Se, PUNICODE_STRING Us)
{
	PHYSICAL_ADDRESS pa;

	pa.QuadPart = Li->QuadPart;
	pa.u.LowPart = Li->LowPart;
	pa.HighPart = Li->u.HighPart;
	Le->Flink = Le->Blink = Le;
	Se->Next = NULL;
	return (ULONGLONG)pa.QuadPart + Us->Length + Us->MaximumLength + (Us->Buffer != NULL) +
	       FIELD_OFFSET(LIST_ENTRY, Blink) +
	       (CONTAINING_RECORD(Le, LIST_ENTRY, Flink) == Le);
}

/* Interrupts, resources, message tables */
NTSTATUS UseInterrupts(PDEVICE_OBJECT Pdo, PCM_RESOURCE_LIST Translated);
NTSTATUS UseInterrupts(PDEVICE_OBJECT Pdo, PCM_RESOURCE_LIST Translated)
{
	PCM_FULL_RESOURCE_DESCRIPTOR full = &Translated->List[0];
	PCM_PARTIAL_RESOURCE_LIST plist = &full->PartialResourceList;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	IO_DISCONNECT_INTERRUPT_PARAMETERS d;
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS a;
	PIO_INTERRUPT_MESSAGE_INFO table = NULL;
	PIO_INTERRUPT_MESSAGE_INFO_ENTRY entry;
	GROUP_AFFINITY ga;
	PKINTERRUPT kint = NULL;
	KSPIN_LOCK lock;
	KINTERRUPT_POLARITY polarity = InterruptActiveHigh;
	INTERFACE_TYPE bus = full->InterfaceType;
	CM_SHARE_DISPOSITION share = CmResourceShareShared;
	NTSTATUS status;
	KIRQL irql;
	ULONG i;

	KeInitializeSpinLock(&lock);
	RtlZeroMemory(&p, sizeof(p));
	for (i = 0; i < plist->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR r = &plist->PartialDescriptors[i];

		switch (r->Type) {
		case CmResourceTypeInterrupt:
			p.Version = CONNECT_FULLY_SPECIFIED_GROUP;
			p.FullySpecified.PhysicalDeviceObject = Pdo;
			p.FullySpecified.InterruptObject = &kint;
			p.FullySpecified.ServiceRoutine = Isr;
			p.FullySpecified.ServiceContext = Pdo;
			p.FullySpecified.SpinLock = &lock;
			p.FullySpecified.Vector = r->u.Interrupt.Vector;
			p.FullySpecified.Irql = (KIRQL)r->u.Interrupt.Level;
			p.FullySpecified.SynchronizeIrql = (KIRQL)r->u.MessageInterrupt.Translated.Level;
			p.FullySpecified.ProcessorEnableMask = r->u.Interrupt.Affinity;
			p.FullySpecified.Group = r->u.Interrupt.Group;
			p.FullySpecified.InterruptMode =
				(r->Flags & CM_RESOURCE_INTERRUPT_LATCHED) ? Latched : LevelSensitive;
			p.FullySpecified.ShareVector = r->ShareDisposition == (UCHAR)share;
			p.FullySpecified.FloatingSave = r->u.MessageInterrupt.Raw.MessageCount > 1;
			break;
		case CmResourceTypeMemory:
			(void)MmMapIoSpace(r->u.Memory.Start, r->u.Memory.Length, MmNonCached);
			break;
		case CmResourceTypePort:
			(void)READ_PORT_ULONG((PULONG)(ULONG_PTR)r->u.Port.Start.QuadPart);
			break;
		default:
			(void)(r->u.Generic.Length + r->u.Dma.Channel + r->u.DevicePrivate.Data[0] +
			       r->u.BusNumber.Start + r->u.DeviceSpecificData.DataSize +
			       r->u.Memory40.Length40 + r->u.Memory48.Length48 +
			       r->u.Memory64.Length64 + r->u.MessageInterrupt.Raw.Group);
			break;
		}
	}
	status = IoConnectInterruptEx(&p);
	if (!NT_SUCCESS(status) || bus != PCIBus)
		return status;

	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = Pdo;
	p.MessageBased.ConnectionContext.InterruptMessageTable = &table;
	p.MessageBased.MessageServiceRoutine = MessageIsr;
	p.MessageBased.FallBackServiceRoutine = Isr;
	status = IoConnectInterruptEx(&p);
	if (NT_SUCCESS(status) && p.Version == CONNECT_MESSAGE_BASED) {
		entry = &table->MessageInfo[0];
		polarity = entry->Polarity;
		(void)(entry->MessageAddress.QuadPart + entry->TargetProcessorSet +
		       entry->MessageData + entry->Vector + entry->Irql + entry->Mode +
		       table->UnifiedIrql + table->MessageCount);
		(void)KeSynchronizeExecution(entry->InterruptObject, SyncRoutine, Pdo);
		irql = KeAcquireInterruptSpinLock(entry->InterruptObject);
		KeReleaseInterruptSpinLock(entry->InterruptObject, irql);
		(void)IoGetAffinityInterrupt(entry->InterruptObject, &ga);
		(void)(ga.Mask + ga.Group + ga.Reserved[0]);
	}
	a.Version = p.Version;
	a.ConnectionContext.Generic = table;
	IoReportInterruptInactive(&a);
	IoReportInterruptActive(&a);
	d.Version = p.Version;
	d.ConnectionContext.InterruptMessageTable = table;
	IoDisconnectInterruptEx(&d);

	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_LINE_BASED;
	p.LineBased.PhysicalDeviceObject = Pdo;
	p.LineBased.InterruptObject = &kint;
	p.LineBased.ServiceRoutine = Isr;
	p.LineBased.SynchronizeIrql = PASSIVE_LEVEL;
	status = IoConnectInterruptEx(&p);
	if (NT_SUCCESS(status))
		IoDisconnectInterrupt(kint);
	status = IoConnectInterrupt(&kint, Isr, NULL, NULL, 0, 5, 5, LevelSensitive, TRUE, 1, FALSE);
	return polarity == InterruptRisingEdge ? status : STATUS_UNSUCCESSFUL;
}

/* DPCs, IRQL, spin locks */
VOID UseDpcs(PDEVICE_OBJECT Fdo, PKDPC Dpc);
VOID UseDpcs(PDEVICE_OBJECT Fdo, PKDPC Dpc)
{
	KSPIN_LOCK lock;
	KDPC_IMPORTANCE importance = MediumHighImportance;
	KAFFINITY active;
	KIRQL irql;

	KeInitializeDpc(Dpc, DeferredRoutine, Fdo);
	KeInitializeThreadedDpc(Dpc, DeferredRoutine, Fdo);
	KeSetImportanceDpc(Dpc, importance);
	KeSetTargetProcessorDpc(Dpc, 0);
	(void)KeInsertQueueDpc(Dpc, NULL, NULL);
	(void)KeRemoveQueueDpc(Dpc);
	IoRequestDpc(Fdo, NULL, NULL);
	KeFlushQueuedDpcs();
	(void)(Dpc->Type + Dpc->Importance + Dpc->Number + (Dpc->DpcListEntry.Flink != NULL) +
	       (Dpc->DeferredRoutine != NULL) + (Dpc->DeferredContext != NULL) +
	       (Dpc->SystemArgument1 != NULL) + (Dpc->SystemArgument2 != NULL) +
	       (Dpc->DpcData != NULL) + Fdo->Dpc.Type);

	KeInitializeSpinLock(&lock);
	KeAcquireSpinLock(&lock, &irql);
	KeReleaseSpinLock(&lock, irql);
	irql = KeRaiseIrqlToDpcLevel();
	KeAcquireSpinLockAtDpcLevel(&lock);
	KeReleaseSpinLockFromDpcLevel(&lock);
	KeLowerIrql(irql);
	KeRaiseIrql(HIGH_LEVEL, &irql);
	KeLowerIrql(irql);
	(void)(KeGetCurrentIrql() + KeGetCurrentProcessorNumber() + KeQueryActiveProcessorCount(&active));
	KeStallExecutionProcessor(1);
}

/* Devices, registers, the Interlocked intrinsics */
VOID UseDevice(PDEVICE_OBJECT Fdo, volatile ULONG *Regs, LONG volatile *Counter);
VOID UseDevice(PDEVICE_OBJECT Fdo, volatile ULONG *Regs, LONG volatile *Counter)
{
	MEMORY_CACHING_TYPE cache = MmNonCached;
	PHYSICAL_ADDRESS pa;
	PVOID va;

	pa.QuadPart = 0xfebf0000;
	va = MmMapIoSpace(pa, 0x1000, cache);
	WRITE_REGISTER_ULONG(Regs, READ_REGISTER_ULONG(Regs));
	WRITE_REGISTER_USHORT((volatile USHORT *)Regs, READ_REGISTER_USHORT((volatile USHORT *)Regs));
	WRITE_REGISTER_UCHAR((volatile UCHAR *)Regs, READ_REGISTER_UCHAR((volatile UCHAR *)Regs));
	WRITE_PORT_UCHAR((PUCHAR)0x80, READ_PORT_UCHAR((PUCHAR)0x80));
	WRITE_PORT_USHORT((PUSHORT)0x80, READ_PORT_USHORT((PUSHORT)0x80));
	WRITE_PORT_ULONG((PULONG)0x80, READ_PORT_ULONG((PULONG)0x80));
	MmUnmapIoSpace(va, 0x1000);
	(void)InterlockedIncrement(Counter);
	(void)InterlockedDecrement(Counter);
	(void)InterlockedExchangeAdd(Counter, 2);
	(void)InterlockedExchange(Counter, 0);
	(void)InterlockedCompareExchange(Counter, 1, 0);
	KeMemoryBarrier();
	(void)(Fdo->Type + Fdo->Size + Fdo->ReferenceCount + (Fdo->DriverObject != NULL) +
	       (Fdo->NextDevice != NULL) + (Fdo->AttachedDevice != NULL) +
	       (Fdo->CurrentIrp != NULL) + (Fdo->Timer != NULL) + Fdo->Characteristics +
	       (Fdo->Vpb != NULL && Fdo->Vpb->Flags) + (Fdo->DeviceExtension != NULL) +
	       Fdo->DeviceType +
	       Fdo->StackSize + (Fdo->Queue.ListEntry.Flink != NULL) + Fdo->Queue.Wcb[0] +
	       Fdo->AlignmentRequirement + Fdo->DeviceQueue.Busy + Fdo->ActiveThreadCount +
	       (Fdo->SecurityDescriptor != NULL) + Fdo->DeviceLock.Header.SignalState + Fdo->SectorSize +
	       Fdo->Spare1 + (Fdo->DeviceObjectExtension != NULL) + (Fdo->Reserved != NULL));
	(void)(Fdo->DriverObject->Type + Fdo->DriverObject->Size +
	       (Fdo->DriverObject->DeviceObject != NULL) + Fdo->DriverObject->Flags +
	       (Fdo->DriverObject->DriverStart != NULL) + Fdo->DriverObject->DriverSize +
	       (Fdo->DriverObject->DriverSection != NULL) + Fdo->DriverObject->DriverName.Length +
	       (Fdo->DriverObject->HardwareDatabase != NULL) +
	       (Fdo->DriverObject->FastIoDispatch != NULL) +
	       (Fdo->DriverObject->DriverExtension != NULL));
	IoDeleteDevice(Fdo);
	(void)DbgPrint("%d\n", 1);
}
