// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 13's conformance test: NT driver code written the way ReactOS's
 * serial, i8042prt, scsiport, usbport and floppy drivers write it, using
 * every item of the findings 1, 2, 3 and 5. It compiles unchanged
 * against ntcompat's headers (gcc -Wall -Wextra -Werror, no Linux header)
 * and against mingw-w64's Windows DDK (x86_64-w64-mingw32-gcc -Wall
 * -Werror), each with DBG 0 and 1 (run.sh). The C_ASSERTs pin the Windows
 * x64 sizes and offsets a driver relies on, on both sides. (DbgPrint's
 * NT format strings are dbgprint.c's subject.)
 *
 * mingw-w64's DDK is the stand-in for the WDK here and lacks a few of the
 * WDK's declarations; the one block marked "mingw-w64 lacks" supplies
 * them for that compiler only, so the driver code itself stays unchanged.
 */
#include <ntddk.h>

/* 1. The WDK's guard macros, which companion headers test. */
#if !defined(_NTDDK_) || !defined(_WDMDDK_) || !defined(_NTDEF_) || !defined(_NTSTATUS_)
#error "a WDK header guard is missing"
#endif
/* usb.h's test: without the guards it declares user-mode stand-ins. */
#if !defined(_NTDDK_) && !defined(_WDMDDK_)
typedef PVOID PIRP;
#endif

#ifdef __MINGW32__
/* mingw-w64 lacks (the WDK's x64 wdm.h has them): */
FORCEINLINE ULONG64 READ_REGISTER_ULONG64(volatile ULONG64 *Register)
{
	return *Register;
}

FORCEINLINE VOID WRITE_REGISTER_ULONG64(volatile ULONG64 *Register, ULONG64 Value)
{
	*Register = Value;
}

FORCEINLINE LONG ReadAcquire(const LONG volatile *Source)
{
	return *Source;
}

FORCEINLINE VOID WriteRelease(LONG volatile *Destination, LONG Value)
{
	*Destination = Value;
}

/* the WDK's x64 wdm.h maps the ordered forms to the plain ones */
#define InterlockedIncrementNoFence	InterlockedIncrement
#define InterlockedIncrementAcquire	InterlockedIncrement
#define InterlockedDecrementRelease	InterlockedDecrement
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedOrAcquire		InterlockedOr
#define InterlockedAndRelease		InterlockedAnd
#define InterlockedXorAcquire		InterlockedXor
#define InterlockedExchangePointerAcquire InterlockedExchangePointer
#define InterlockedCompareExchangeAcquire64 InterlockedCompareExchange64

NTKERNELAPI VOID NTAPI KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime);
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
/* declared only without NO_LEGACY_DRIVERS, which mingw-w64 defines */
NTHALAPI ULONG NTAPI HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
					  ULONG BusInterruptLevel, ULONG BusInterruptVector,
					  PKIRQL Irql, PKAFFINITY Affinity);
#endif

/* 5. Base vocabulary: limits, assertions, conversions. */
C_ASSERT(sizeof(CCHAR) == 1);
C_ASSERT(sizeof(LONG) == 4 && sizeof(ULONG) == 4);	/* LLP64 */
C_ASSERT(sizeof(LONG64) == 8 && sizeof(ULONG_PTR) == 8);
C_ASSERT(sizeof(ULARGE_INTEGER) == 8 && sizeof(LARGE_INTEGER) == 8);
C_ASSERT(MAXULONG == 0xffffffff && MAXLONG == 0x7fffffff && MAXUSHORT == 0xffff);
C_ASSERT(MAXUCHAR == 0xff && MAXSHORT == 0x7fff && MAXCHAR == 0x7f);
C_ASSERT(MAXLONGLONG == 0x7fffffffffffffffLL);
C_ASSERT(ANYSIZE_ARRAY == 1);
C_ASSERT(sizeof(VPB) == 96 && FIELD_OFFSET(VPB, Flags) == 4);
C_ASSERT(FIELD_OFFSET(VPB, RealDevice) == 16 && FIELD_OFFSET(VPB, VolumeLabel) == 32);
C_ASSERT(sizeof(KDEVICE_QUEUE) == 40 && FIELD_OFFSET(KDEVICE_QUEUE, Busy) == 32);
C_ASSERT(FIELD_OFFSET(DEVICE_OBJECT, Timer) == 0x28 && FIELD_OFFSET(DEVICE_OBJECT, Vpb) == 0x38);
C_ASSERT(FIELD_OFFSET(DEVICE_OBJECT, DeviceQueue) == 0xa0);
C_ASSERT(VPB_MOUNTED == 1);

/* A device extension as drivers declare one. */
typedef struct _PORT_CONFIG {
	_Field_range_(0, 15) ULONG BusInterruptLevel;
	ULONG BusInterruptVector;
	INTERFACE_TYPE AdapterInterfaceType;
	ULONG SystemIoBusNumber;
	PHYSICAL_ADDRESS PortBase;
	ULONG NumberOfRanges;
	_Field_size_(NumberOfRanges) ULONG RangeLength[ANYSIZE_ARRAY];
} PORT_CONFIG, *PPORT_CONFIG;

typedef struct _WORK_ITEM {
	LIST_ENTRY Link;
	SINGLE_LIST_ENTRY Free;
	ULONG Data;
} WORK_ITEM, *PWORK_ITEM;

typedef struct _DEVICE_EXTENSION {
	PDEVICE_OBJECT Self;
	PKINTERRUPT Interrupt;
	KSPIN_LOCK ListLock;			/* ExInterlocked calls only */
	LIST_ENTRY WorkList;
	SINGLE_LIST_ENTRY FreeList;
	PIRP volatile PendingIrp;		/* the ISR <-> dispatch hand-off */
	LONG volatile Flags;
	LONG64 volatile Bytes;
	ULARGE_INTEGER Transferred;
	union {
		ULONG AsUlong;
		struct {
			ULONG Busy : 1;
			ULONG Error : 1;
		} DUMMYSTRUCTNAME;
	} DUMMYUNIONNAME;
	PUCHAR Port;
	PULONG Registers;		/* as ReactOS's drivers keep them */
	volatile ULONG64 *Doorbell;
	CHAR Name[16];
	WCHAR WideName[16];
	WORK_ITEM Items[4];
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

C_ASSERT(sizeof(WORK_ITEM) == 32);

static KSERVICE_ROUTINE DrvIsr;
static KDEFERRED_ROUTINE DrvDpc;

/* scsiport's case: a PCCHAR is a PCHAR (CCHAR is plain char). */
static ULONG DrvParseName(PCHAR String)
{
	ULONG n = 0;

	while (String[n] && n < MAXUSHORT)
		n++;
	return n;
}

static ULONG __stdcall DrvStdcall(PVOID Context)
{
	return PtrToUlong(Context);
}

static ULONG _cdecl DrvCdecl(ULONG Value)
{
	return Value + 1;
}

_IRQL_requires_max_(DISPATCH_LEVEL)
_Success_(return != 0)
static ULONG DrvCopyOut(_Out_writes_bytes_to_(Size, *Written) PVOID Buffer,
			_In_ ULONG Size, _Out_ PULONG Written,
			_In_reads_bytes_(Size) const VOID *Source)
{
	RtlCopyMemory(Buffer, Source, Size);
	*Written = Size;
	return Size;
}

static VOID DrvUpdate(_Inout_updates_bytes_to_(Size, *Used) PUCHAR Buffer,
		      _In_ ULONG Size, _Inout_ PULONG Used)
{
	RtlFillMemory(Buffer + *Used, Size - *Used, 0xff);
	*Used = Size;
}

static BOOLEAN DrvIsr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	PDEVICE_EXTENSION ext = ServiceContext;
	PSINGLE_LIST_ENTRY free;
	PWORK_ITEM item;
	ULONG status[4];

	UNREFERENCED_PARAMETER(Interrupt);
	status[0] = READ_REGISTER_ULONG(ext->Registers);
	if (!status[0])
		return FALSE;
	/* The data phase: a FIFO port, then a register window. */
	READ_PORT_BUFFER_UCHAR(ext->Port, (PUCHAR)ext->Name, sizeof(ext->Name));
	READ_PORT_BUFFER_USHORT((PUSHORT)ext->Port, (PUSHORT)ext->WideName, 8);
	READ_PORT_BUFFER_ULONG((PULONG)ext->Port, status, 4);
	READ_REGISTER_BUFFER_ULONG(ext->Registers + 4, status, 4);
	READ_REGISTER_BUFFER_USHORT((PUSHORT)ext->Registers, (PUSHORT)status, 2);
	READ_REGISTER_BUFFER_UCHAR((PUCHAR)ext->Registers, (PUCHAR)status, 3);
	WRITE_REGISTER_ULONG64(ext->Doorbell, READ_REGISTER_ULONG64(ext->Doorbell) | 1);

	free = ExInterlockedPopEntryList(&ext->FreeList, &ext->ListLock);
	if (free) {
		item = CONTAINING_RECORD(free, WORK_ITEM, Free);
		item->Data = status[0];
		ExInterlockedInsertTailList(&ext->WorkList, &item->Link, &ext->ListLock);
	}
	InterlockedOr(&ext->Flags, 1);
	InterlockedExchangeAdd64(&ext->Bytes, sizeof(status));
	IoRequestDpc(ext->Self, NULL, NULL);
	return TRUE;
}

static VOID DrvDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
		   PVOID SystemArgument2)
{
	PDEVICE_EXTENSION ext = DeferredContext;
	PLIST_ENTRY entry;
	PIRP irp;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(SystemArgument1);
	UNREFERENCED_PARAMETER(SystemArgument2);
	ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
	NT_ASSERT(ext);
	while ((entry = ExInterlockedRemoveHeadList(&ext->WorkList, &ext->ListLock)) != NULL) {
		PWORK_ITEM item = CONTAINING_RECORD(entry, WORK_ITEM, Link);

		ext->Transferred.QuadPart += item->Data;
		ExInterlockedPushEntryList(&ext->FreeList, &item->Free, &ext->ListLock);
	}
	irp = InterlockedExchangePointer((PVOID *)&ext->PendingIrp, NULL);
	if (irp)
		KdPrint(("irp %p done, %d bytes\n", (PVOID)irp, (int)ext->Transferred.LowPart));
	if (InterlockedAnd(&ext->Flags, ~1) & 2)
		InterlockedXor(&ext->Flags, 2);
	WRITE_PORT_BUFFER_UCHAR(ext->Port, (PUCHAR)ext->Name, 4);
	WRITE_PORT_BUFFER_USHORT((PUSHORT)ext->Port, (PUSHORT)ext->WideName, 2);
	WRITE_PORT_BUFFER_ULONG((PULONG)ext->Port, (PULONG)ext->Name, 1);
	WRITE_REGISTER_BUFFER_ULONG(ext->Registers, (PULONG)ext->Name, 4);
	WRITE_REGISTER_BUFFER_USHORT((PUSHORT)ext->Registers, (PUSHORT)ext->WideName, 2);
	WRITE_REGISTER_BUFFER_UCHAR((PUCHAR)ext->Registers, (PUCHAR)ext->Name, 3);
}

/* The START_DEVICE path of a SCSI-miniport host or an ISA-era driver. */
NTSTATUS DrvStart(PDEVICE_OBJECT DeviceObject, PPORT_CONFIG Config);
NTSTATUS DrvStart(PDEVICE_OBJECT DeviceObject, PPORT_CONFIG Config)
{
	PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
	PHYSICAL_ADDRESS translated;
	ULONG addressSpace = 1, vector, used = 0, i;
	KAFFINITY affinity;
	UCHAR scratch[8];
	PCCHAR name = "pci0";
	PWCHAR wide = ext->WideName;
	PVOID was;
	KIRQL irql;
	NTSTATUS status;

	PAGED_CODE();
	if (DeviceObject->Vpb && (DeviceObject->Vpb->Flags & VPB_MOUNTED))
		return STATUS_DEVICE_BUSY;
	if (DeviceObject->DeviceQueue.Busy || DeviceObject->Timer)
		return STATUS_DEVICE_BUSY;
	ext->Self = DeviceObject;
	ext->AsUlong = 0;
	ext->Busy = 1;
	wide[0] = L'x';
	RtlZeroMemory(ext->Items, sizeof(ext->Items));
	InitializeListHead(&ext->WorkList);
	KeInitializeSpinLock(&ext->ListLock);
	ext->FreeList.Next = NULL;
	for (i = 0; i < RTL_NUMBER_OF(ext->Items); i++)
		PushEntryList(&ext->FreeList, &ext->Items[i].Free);
	(void)PopEntryList(&ext->FreeList);
	memset(ext->Name, 0, sizeof(ext->Name));
	memcpy(ext->Name, name, DrvParseName(name));
	if (RtlCompareMemory(ext->Name, name, 4) != 4 || !RtlEqualMemory(ext->Name, name, 4))
		return STATUS_UNSUCCESSFUL;
	if (memcmp(ext->Name, name, 4))
		return STATUS_UNSUCCESSFUL;
	RtlMoveMemory(scratch, ext->Name, 4);
	(void)DrvCopyOut(scratch, 4, &used, ext->Name);
	DrvUpdate(scratch, sizeof(scratch), &used);
	(void)DrvStdcall(ULongToPtr(DrvCdecl(used)));

	/* Port and memory ranges: bus-relative -> CPU. */
	if (!HalTranslateBusAddress(Config->AdapterInterfaceType, Config->SystemIoBusNumber,
				    Config->PortBase, &addressSpace, &translated))
		return STATUS_NOT_FOUND;
	ext->Port = addressSpace ? (PUCHAR)(ULONG_PTR)translated.QuadPart :
			MmMapIoSpace(translated, Config->RangeLength[0], MmNonCached);

	/* The interrupt: bus-relative level/vector -> what IoConnectInterrupt takes. */
	vector = HalGetInterruptVector(Config->AdapterInterfaceType, Config->SystemIoBusNumber,
				       Config->BusInterruptLevel, Config->BusInterruptVector,
				       &irql, &affinity);
	if (!vector)
		return STATUS_NOT_FOUND;
	KeInitializeDpc(&DeviceObject->Dpc, DrvDpc, ext);
	status = IoConnectInterrupt(&ext->Interrupt, DrvIsr, ext, NULL, vector, irql, irql,
				    LevelSensitive, TRUE, affinity, FALSE);
	if (!NT_SUCCESS(status))
		return status;

	/* Publish state for the ISR; claim the pending IRQ once. */
	was = InterlockedCompareExchangePointer((PVOID *)&ext->PendingIrp, NULL, NULL);
	if (was)
		return STATUS_DEVICE_BUSY;
	InterlockedIncrement(&ext->Flags);
	InterlockedIncrementAcquire(&ext->Flags);
	InterlockedDecrementRelease(&ext->Flags);
	InterlockedIncrementNoFence(&ext->Flags);
	InterlockedCompareExchangeAcquire(&ext->Flags, 0, 1);
	InterlockedCompareExchangeRelease(&ext->Flags, 0, 1);
	InterlockedOrAcquire(&ext->Flags, 4);
	InterlockedAndRelease(&ext->Flags, ~4);
	InterlockedXorAcquire(&ext->Flags, 8);
	InterlockedIncrement64(&ext->Bytes);
	InterlockedDecrement64(&ext->Bytes);
	InterlockedAnd64(&ext->Bytes, MAXLONG);
	InterlockedOr64(&ext->Bytes, 0x100000000LL);
	InterlockedXor64(&ext->Bytes, 1);
	InterlockedExchange64(&ext->Bytes, 0);
	InterlockedCompareExchange64(&ext->Bytes, 1, 0);
	InterlockedCompareExchangeAcquire64(&ext->Bytes, 2, 1);
	InterlockedCompareExchangePointerAcquire((PVOID *)&ext->PendingIrp, NULL, NULL);
	InterlockedCompareExchangePointerRelease((PVOID *)&ext->PendingIrp, NULL, NULL);
	InterlockedExchangePointerAcquire((PVOID *)&ext->PendingIrp, NULL);
	(void)InterlockedBitTestAndSet(&ext->Flags, 5);
	(void)InterlockedBitTestAndReset(&ext->Flags, 5);
	WriteRelease(&ext->Flags, ReadAcquire(&ext->Flags) | 16);
	(void)UlongToPtr(MAXULONG);
	(void)LongToPtr(-1);
	(void)IntToPtr(-1);
	(void)PtrToLong(ext);
#if DBG
	DbgPrint("started at IRQL %d, vector %d\n", (int)irql, (int)vector);
#endif
	return STATUS_SUCCESS;
}

/*
 * Item 3: a watchdog timer DPC and the device timer, the way i8042prt,
 * usbport and scsiport time out a device.
 */
typedef struct _TIMER_EXTENSION {
	KTIMER Watchdog;
	KDPC WatchdogDpc;
	KTIMER Once;
	LONG Ticks;
	ULONGLONG LastInterruptTime;
	LARGE_INTEGER LastSystemTime;
} TIMER_EXTENSION, *PTIMER_EXTENSION;

C_ASSERT(sizeof(KTIMER) == 64);
C_ASSERT(FIELD_OFFSET(KTIMER, Dpc) == 0x30);

static KDEFERRED_ROUTINE DrvWatchdogDpc;
static IO_TIMER_ROUTINE DrvIoTimer;

static VOID DrvWatchdogDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
			   PVOID SystemArgument2)
{
	PTIMER_EXTENSION tx = DeferredContext;
	LARGE_INTEGER due;

	/* The expiry's system time, as ntoskrnl passes it */
	tx->LastSystemTime.LowPart = PtrToUlong(SystemArgument1);
	tx->LastSystemTime.HighPart = (LONG)PtrToUlong(SystemArgument2);
	tx->LastInterruptTime = KeQueryInterruptTime();
	if (InterlockedIncrement(&tx->Ticks) < 3) {
		due.QuadPart = -10 * 1000 * 10;	/* 10 ms, relative */
		(void)KeSetTimer(&tx->Once, due, Dpc);
	}
}

static VOID DrvIoTimer(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	InterlockedIncrement(&((PTIMER_EXTENSION)Context)->Ticks);
}

NTSTATUS DrvStartTimers(PDEVICE_OBJECT DeviceObject, PTIMER_EXTENSION Tx);
NTSTATUS DrvStartTimers(PDEVICE_OBJECT DeviceObject, PTIMER_EXTENSION Tx)
{
	LARGE_INTEGER due, now, ticks, frequency, counter;
	NTSTATUS status;

	KeInitializeTimerEx(&Tx->Watchdog, NotificationTimer);
	KeInitializeTimer(&Tx->Once);
	KeInitializeDpc(&Tx->WatchdogDpc, DrvWatchdogDpc, Tx);
	due.QuadPart = -1000 * 1000 * 10;	/* 1 s */
	if (KeSetTimerEx(&Tx->Watchdog, due, 1000, &Tx->WatchdogDpc))
		return STATUS_DEVICE_BUSY;
	KeQuerySystemTime(&now);
	KeQuerySystemTimePrecise(&now);
	due.QuadPart = now.QuadPart + 5LL * 1000 * 1000 * 10;	/* absolute: in 5 s */
	(void)KeSetTimer(&Tx->Once, due, NULL);
	if (KeReadStateTimer(&Tx->Once) || !KeCancelTimer(&Tx->Once))
		return STATUS_UNSUCCESSFUL;
	KeQueryTickCount(&ticks);
	Tx->LastInterruptTime = KeQueryInterruptTime() +
				(ULONGLONG)ticks.QuadPart * KeQueryTimeIncrement();
	counter = KeQueryPerformanceCounter(&frequency);
	if (!frequency.QuadPart || counter.QuadPart < 0)
		return STATUS_UNSUCCESSFUL;

	status = IoInitializeTimer(DeviceObject, DrvIoTimer, Tx);
	if (!NT_SUCCESS(status))
		return status;
	IoStartTimer(DeviceObject);
	IoStopTimer(DeviceObject);
	return STATUS_SUCCESS;
}

/*
 * 6. A WDM function driver's PnP skeleton (issue 8): DriverEntry fills
 * MajorFunction[] and AddDevice; AddDevice attaches to the PDO's stack;
 * DispatchPnp forwards IRP_MN_START_DEVICE down with a completion routine
 * that hands the IRP back (forward and wait), then reads the translated
 * resources from its own stack location; other PnP IRPs are passed down
 * (skip), power IRPs likewise, REMOVE detaches and deletes.
 */
typedef struct _FDO_EXTENSION {
	PDEVICE_OBJECT Self;
	PDEVICE_OBJECT NextLowerDevice;
	PCM_RESOURCE_LIST Translated;
	volatile LONG LowerDone;
	ULONG Interrupts;
} FDO_EXTENSION, *PFDO_EXTENSION;

static DRIVER_ADD_DEVICE DrvAddDevice;
static DRIVER_DISPATCH DrvDispatchPnp;
static DRIVER_DISPATCH DrvDispatchPower;
static IO_COMPLETION_ROUTINE DrvStartCompletion;
static IO_COMPLETION_ROUTINE DrvPassCompletion;
DRIVER_INITIALIZE DriverEntry;

static NTSTATUS DrvAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
	PDEVICE_OBJECT fdo;
	PFDO_EXTENSION fx;
	NTSTATUS status;

	status = IoCreateDevice(DriverObject, sizeof(FDO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
				FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
	if (!NT_SUCCESS(status))
		return status;
	fx = (PFDO_EXTENSION)fdo->DeviceExtension;
	RtlZeroMemory(fx, sizeof(*fx));
	fx->Self = fdo;
	status = IoAttachDeviceToDeviceStackSafe(fdo, PhysicalDeviceObject, &fx->NextLowerDevice);
	if (!NT_SUCCESS(status)) {
		IoDeleteDevice(fdo);
		return status;
	}
	if (!fx->NextLowerDevice)
		fx->NextLowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
	fdo->Flags |= fx->NextLowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO |
						    DO_POWER_PAGABLE);
	fdo->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}

/* START_DEVICE goes down first: stop its completion here, the IRP comes back. */
static NTSTATUS DrvStartCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PFDO_EXTENSION fx = (PFDO_EXTENSION)Context;

	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);
	InterlockedExchange(&fx->LowerDone, 1);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS DrvPassCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Context);
	if (Irp->PendingReturned)
		IoMarkIrpPending(Irp);
	return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS DrvStartDevice(PFDO_EXTENSION fx, PIO_STACK_LOCATION stack)
{
	PCM_RESOURCE_LIST translated = stack->Parameters.StartDevice.AllocatedResourcesTranslated;
	PCM_PARTIAL_RESOURCE_LIST list;
	ULONG i;

	if (!translated || !translated->Count)
		return STATUS_INSUFFICIENT_RESOURCES;
	fx->Translated = translated;
	list = &translated->List[0].PartialResourceList;
	for (i = 0; i < list->Count; i++)
		if (list->PartialDescriptors[i].Type == CmResourceTypeInterrupt)
			fx->Interrupts++;
	return STATUS_SUCCESS;
}

static NTSTATUS DrvDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PFDO_EXTENSION fx = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	PDEVICE_OBJECT lower = fx->NextLowerDevice;
	NTSTATUS status;

	switch (stack->MinorFunction) {
	case IRP_MN_START_DEVICE:
		IoCopyCurrentIrpStackLocationToNext(Irp);
		IoSetCompletionRoutine(Irp, DrvStartCompletion, fx, TRUE, TRUE, TRUE);
		status = IoCallDriver(lower, Irp);
		if (status == STATUS_PENDING) {
			/* a real driver waits on a KEVENT its routine sets */
			while (!InterlockedCompareExchange(&fx->LowerDone, 0, 0))
				KeStallExecutionProcessor(10);
			status = Irp->IoStatus.Status;
		}
		if (NT_SUCCESS(status))
			status = DrvStartDevice(fx, stack);
		Irp->IoStatus.Status = status;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return status;
	case IRP_MN_QUERY_CAPABILITIES:
		/* on the way up: forward synchronously, then adjust */
		if (!IoForwardIrpSynchronously(lower, Irp))
			status = STATUS_UNSUCCESSFUL;
		else
			status = Irp->IoStatus.Status;
		if (NT_SUCCESS(status)) {
			PDEVICE_CAPABILITIES caps;

			caps = stack->Parameters.DeviceCapabilities.Capabilities;
			caps->SurpriseRemovalOK = TRUE;
			caps->DeviceState[PowerSystemWorking] = PowerDeviceD0;
		}
		Irp->IoStatus.Status = status;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return status;
	case IRP_MN_DEVICE_USAGE_NOTIFICATION:
		if (stack->Parameters.UsageNotification.Type == DeviceUsageTypePaging &&
		    stack->Parameters.UsageNotification.InPath) {
			Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
			IoCompleteRequest(Irp, IO_NO_INCREMENT);
			return STATUS_NOT_SUPPORTED;
		}
		IoCopyCurrentIrpStackLocationToNext(Irp);
		IoSetCompletionRoutine(Irp, DrvPassCompletion, NULL, TRUE, TRUE, TRUE);
		return IoCallDriver(lower, Irp);
	case IRP_MN_QUERY_INTERFACE:
		if (stack->Parameters.QueryInterface.Size < sizeof(INTERFACE) ||
		    !stack->Parameters.QueryInterface.Interface)
			break;
		break;
	case IRP_MN_QUERY_DEVICE_RELATIONS:
		if (stack->Parameters.QueryDeviceRelations.Type != TargetDeviceRelation)
			break;
		break;
	case IRP_MN_REMOVE_DEVICE:
		Irp->IoStatus.Status = STATUS_SUCCESS;
		IoSkipCurrentIrpStackLocation(Irp);
		status = IoCallDriver(lower, Irp);
		IoDetachDevice(lower);
		IoDeleteDevice(DeviceObject);
		return status;
	}
	IoSkipCurrentIrpStackLocation(Irp);
	return IoCallDriver(lower, Irp);
}

static NTSTATUS DrvDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PFDO_EXTENSION fx = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

	if (stack->MinorFunction == IRP_MN_SET_POWER && stack->Parameters.Power.Type ==
	    DevicePowerState && stack->Parameters.Power.State.DeviceState == PowerDeviceD3)
		fx->Interrupts = 0;
	IoSkipCurrentIrpStackLocation(Irp);
	return IoCallDriver(fx->NextLowerDevice, Irp);
}

/* An IRP of the driver's own, freed by its completion routine. */
static NTSTATUS DrvOwnIrpDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	*(NTSTATUS *)Context = Irp->IoStatus.Status;
	IoFreeIrp(Irp);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS DrvSendOwnIrp(PFDO_EXTENSION fx, NTSTATUS *result);
NTSTATUS DrvSendOwnIrp(PFDO_EXTENSION fx, NTSTATUS *result)
{
	PDEVICE_OBJECT top = IoGetAttachedDeviceReference(fx->Self);
	PIO_STACK_LOCATION next;
	PIRP irp;

	irp = IoAllocateIrp(top->StackSize, FALSE);
	if (!irp) {
		ObDereferenceObject(top);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
	next = IoGetNextIrpStackLocation(irp);
	next->MajorFunction = IRP_MJ_PNP;
	next->MinorFunction = IRP_MN_QUERY_PNP_DEVICE_STATE;
	IoSetCompletionRoutine(irp, DrvOwnIrpDone, result, TRUE, TRUE, TRUE);
	(void)IoCallDriver(top, irp);
	ObDereferenceObject(top);
	return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(RegistryPath);
	DriverObject->DriverExtension->AddDevice = DrvAddDevice;
	DriverObject->MajorFunction[IRP_MJ_PNP] = DrvDispatchPnp;
	DriverObject->MajorFunction[IRP_MJ_POWER] = DrvDispatchPower;
	return STATUS_SUCCESS;
}

C_ASSERT(sizeof(IRP) == 0xd0 && sizeof(IO_STACK_LOCATION) == 0x48);
C_ASSERT(FIELD_OFFSET(IRP, Tail.Overlay.CurrentStackLocation) == 0xb8);
C_ASSERT(FIELD_OFFSET(IO_STACK_LOCATION,
		      Parameters.StartDevice.AllocatedResourcesTranslated) == 0x10);
C_ASSERT(IoSizeOfIrp(3) == 0xd0 + 3 * 0x48);

/*
 * 7. Events, waits and the remove lock, as a WDM driver's PnP path uses them:
 * START_DEVICE forwarded down with a completion routine that sets an event
 * the dispatch routine waits on; a DPC setting an event; REMOVE_DEVICE
 * waiting for the I/O in flight.
 */
typedef struct _PNP_CONTEXT {
	KEVENT Started;
	KEVENT Work;
	KEVENT Stop;
	KTIMER Poll;
	IO_REMOVE_LOCK RemoveLock;
	KWAIT_BLOCK WaitBlocks[4];
} PNP_CONTEXT, *PPNP_CONTEXT;

C_ASSERT(sizeof(KEVENT) == 24);
C_ASSERT(THREAD_WAIT_OBJECTS == 3 && MAXIMUM_WAIT_OBJECTS == 64);

static VOID DrvCompletionDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
	PPNP_CONTEXT Pnp = Context;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(Arg1);
	UNREFERENCED_PARAMETER(Arg2);
	(void)KeSetEvent(&Pnp->Started, IO_NO_INCREMENT, FALSE);
}

NTSTATUS DrvPnp(PPNP_CONTEXT Pnp, PKDPC Dpc);
NTSTATUS DrvPnp(PPNP_CONTEXT Pnp, PKDPC Dpc)
{
	PVOID objects[4] = { &Pnp->Work, &Pnp->Stop, &Pnp->Poll, &Pnp->Started };
	LARGE_INTEGER timeout;
	NTSTATUS status;

	PAGED_CODE();
	IoInitializeRemoveLock(&Pnp->RemoveLock, 0x6c6e7044 /* 'lnpD' */, 0, 0);
	status = IoAcquireRemoveLock(&Pnp->RemoveLock, Dpc);
	if (!NT_SUCCESS(status))
		return status;
	KeInitializeEvent(&Pnp->Started, NotificationEvent, FALSE);
	KeInitializeEvent(&Pnp->Work, SynchronizationEvent, FALSE);
	KeInitializeEvent(&Pnp->Stop, NotificationEvent, FALSE);
	KeInitializeTimerEx(&Pnp->Poll, SynchronizationTimer);
	KeInitializeDpc(Dpc, DrvCompletionDpc, Pnp);
	(void)KeInsertQueueDpc(Dpc, NULL, NULL);
	status = KeWaitForSingleObject(&Pnp->Started, Executive, KernelMode, FALSE, NULL);
	if (status != STATUS_SUCCESS)
		return status;
	timeout.QuadPart = -10 * 1000 * 10;	/* 10 ms */
	status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode, FALSE,
					  &timeout, NULL);
	if (status == STATUS_TIMEOUT)
		(void)KeSetEvent(&Pnp->Work, EVENT_INCREMENT, FALSE);
	status = KeWaitForMultipleObjects(4, objects, WaitAny, Executive, KernelMode, FALSE,
					  NULL, Pnp->WaitBlocks);
	if (status == STATUS_WAIT_1 || status == STATUS_ALERTED || status == STATUS_USER_APC)
		return STATUS_UNSUCCESSFUL;
	if (KeReadStateEvent(&Pnp->Stop) || KeResetEvent(&Pnp->Work))
		KeClearEvent(&Pnp->Stop);
	IoReleaseRemoveLock(&Pnp->RemoveLock, Dpc);
	if (IoAcquireRemoveLock(&Pnp->RemoveLock, Pnp) == STATUS_DELETE_PENDING)
		return STATUS_DELETE_PENDING;
	IoReleaseRemoveLockAndWait(&Pnp->RemoveLock, Pnp);
	return STATUS_SUCCESS;
}
