// SPDX-License-Identifier: GPL-2.0
/*
 * Windows x64 layouts, checked against fixed numbers. Compiled twice by
 * run.sh: against ntcompat's headers (host gcc) and against mingw-w64's
 * Windows DDK (x86_64-w64-mingw32-gcc -I.../ddk), so both declare the same
 * layout. The numbers are those of nt-interrupt-reference.md (sections 2.1,
 * 3, 4, 7.4, 9) and of the WDK.
 *
 * Built without NT_PROCESSOR_GROUPS (mingw's DDK does not compile with it):
 * the interrupt descriptor's Level is then a ULONG at the offset of ours
 * (USHORT Level, USHORT Group), so Group is checked against ours only.
 */
#include <ntddk.h>

#define NTC_OFF(type, field, off) \
	_Static_assert(__builtin_offsetof(type, field) == (off), \
		       #type "." #field " is not at " #off);
#define NTC_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), "sizeof(" #type ") is not " #size);

#ifdef __MINGW32__
#define NTC_OURS(x)
#else
#define NTC_OURS(x) x
#endif

#define NTC_LAYOUT_TABLE(OFF, SIZE)						\
	SIZE(ULONG, 4)								\
	SIZE(LONG, 4)								\
	SIZE(USHORT, 2)								\
	SIZE(KIRQL, 1)								\
	SIZE(BOOLEAN, 1)							\
	SIZE(ULONG_PTR, 8)							\
	SIZE(KAFFINITY, 8)							\
	SIZE(KSPIN_LOCK, 8)							\
	SIZE(NTSTATUS, 4)							\
	SIZE(KINTERRUPT_MODE, 4)						\
	SIZE(KINTERRUPT_POLARITY, 4)						\
	SIZE(KDPC_IMPORTANCE, 4)						\
	SIZE(PHYSICAL_ADDRESS, 8)						\
	SIZE(LIST_ENTRY, 16)							\
	OFF(UNICODE_STRING, MaximumLength, 2)					\
	OFF(UNICODE_STRING, Buffer, 8)						\
	SIZE(UNICODE_STRING, 16)						\
	/* IoConnectInterruptEx parameters (section 2.1) */			\
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, PhysicalDeviceObject, 0) \
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, InterruptObject, 8) \
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ServiceRoutine, 16) \
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ServiceContext, 24) \
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, SpinLock, 32)	\
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, SynchronizeIrql, 40) \
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, FloatingSave, 41)	\
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ShareVector, 42)	\
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Vector, 44)	\
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Irql, 48)		\
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, InterruptMode, 52) \
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ProcessorEnableMask, 56) \
	OFF(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Group, 64)	\
	SIZE(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, 72)		\
	OFF(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, PhysicalDeviceObject, 0) \
	OFF(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, InterruptObject, 8)	\
	OFF(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, ServiceRoutine, 16)	\
	OFF(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, ServiceContext, 24)	\
	OFF(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, SpinLock, 32)		\
	OFF(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, SynchronizeIrql, 40)	\
	OFF(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, FloatingSave, 41)	\
	SIZE(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, 48)			\
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, PhysicalDeviceObject, 0) \
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, ConnectionContext, 8) \
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, MessageServiceRoutine, 16) \
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, ServiceContext, 24)	\
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, SpinLock, 32)	\
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, SynchronizeIrql, 40) \
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, FloatingSave, 41)	\
	OFF(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, FallBackServiceRoutine, 48) \
	SIZE(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, 56)		\
	OFF(IO_CONNECT_INTERRUPT_PARAMETERS, Version, 0)			\
	OFF(IO_CONNECT_INTERRUPT_PARAMETERS, FullySpecified, 8)		\
	OFF(IO_CONNECT_INTERRUPT_PARAMETERS, LineBased, 8)			\
	OFF(IO_CONNECT_INTERRUPT_PARAMETERS, MessageBased, 8)			\
	SIZE(IO_CONNECT_INTERRUPT_PARAMETERS, 80)				\
	/* disconnect, active state (section 4) */				\
	OFF(IO_DISCONNECT_INTERRUPT_PARAMETERS, Version, 0)			\
	OFF(IO_DISCONNECT_INTERRUPT_PARAMETERS, ConnectionContext, 8)		\
	SIZE(IO_DISCONNECT_INTERRUPT_PARAMETERS, 16)				\
	/* Windows 8: not in mingw's DDK */					\
	NTC_OURS(OFF(IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS, Version, 0))	\
	NTC_OURS(OFF(IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS, ConnectionContext, 8)) \
	NTC_OURS(SIZE(IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS, 16))	\
	/* message table (section 3) */						\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, MessageAddress, 0)		\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, TargetProcessorSet, 8)		\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, InterruptObject, 16)		\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, MessageData, 24)			\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Vector, 28)			\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Irql, 32)				\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Mode, 36)				\
	OFF(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Polarity, 40)			\
	SIZE(IO_INTERRUPT_MESSAGE_INFO_ENTRY, 48)				\
	OFF(IO_INTERRUPT_MESSAGE_INFO, UnifiedIrql, 0)				\
	OFF(IO_INTERRUPT_MESSAGE_INFO, MessageCount, 4)			\
	OFF(IO_INTERRUPT_MESSAGE_INFO, MessageInfo, 8)				\
	SIZE(IO_INTERRUPT_MESSAGE_INFO, 56)					\
	/* resource descriptors (section 9) */					\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, Type, 0)				\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, ShareDisposition, 1)		\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, Flags, 2)				\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u, 4)				\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Level, 4)		\
	NTC_OURS(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Group, 6))	\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Vector, 8)		\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Affinity, 12)		\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.MessageCount, 6) \
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.Vector, 8)	\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.Affinity, 12) \
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Level, 4) \
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Vector, 8) \
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Affinity, 12) \
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory.Start, 4)			\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory.Length, 12)		\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Port.Start, 4)			\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Port.Length, 12)			\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Dma.Port, 8)			\
	OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.BusNumber.Length, 8)		\
	SIZE(CM_PARTIAL_RESOURCE_DESCRIPTOR, 20)				\
	OFF(CM_PARTIAL_RESOURCE_LIST, Count, 4)				\
	OFF(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors, 8)			\
	SIZE(CM_PARTIAL_RESOURCE_LIST, 28)					\
	OFF(CM_FULL_RESOURCE_DESCRIPTOR, BusNumber, 4)				\
	OFF(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList, 8)		\
	SIZE(CM_FULL_RESOURCE_DESCRIPTOR, 36)					\
	OFF(CM_RESOURCE_LIST, List, 4)						\
	SIZE(CM_RESOURCE_LIST, 40)						\
	/* the one-element tails: element 1 at sizeof (WDK size arithmetic) */ \
	OFF(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors[1], 28)		\
	OFF(CM_RESOURCE_LIST, List[1], 40)					\
	OFF(CM_RESOURCE_LIST, List[0].PartialResourceList.PartialDescriptors[1], 40) \
	OFF(IO_INTERRUPT_MESSAGE_INFO, MessageInfo[1], 56)			\
	OFF(GROUP_AFFINITY, Group, 8)						\
	SIZE(GROUP_AFFINITY, 16)						\
	/* DPCs (section 7.4) */						\
	OFF(KDPC, Importance, 1)						\
	OFF(KDPC, Number, 2)							\
	OFF(KDPC, DpcListEntry, 8)						\
	OFF(KDPC, DeferredRoutine, 24)						\
	OFF(KDPC, DeferredContext, 32)						\
	OFF(KDPC, SystemArgument1, 40)						\
	OFF(KDPC, SystemArgument2, 48)						\
	OFF(KDPC, DpcData, 56)							\
	SIZE(KDPC, 64)								\
	/* timers (KTIMER is caller-allocated and holds all of its state) */	\
	OFF(DISPATCHER_HEADER, SignalState, 4)					\
	OFF(DISPATCHER_HEADER, WaitListHead, 8)					\
	SIZE(DISPATCHER_HEADER, 24)						\
	OFF(KTIMER, Header, 0)							\
	OFF(KTIMER, Header.Type, 0)						\
	OFF(KTIMER, Header.SignalState, 4)					\
	OFF(KTIMER, DueTime, 0x18)						\
	OFF(KTIMER, TimerListEntry, 0x20)					\
	OFF(KTIMER, Dpc, 0x30)							\
	OFF(KTIMER, Processor, 0x38)						\
	OFF(KTIMER, Period, 0x3c)						\
	SIZE(KTIMER, 64)							\
	/* events, wait blocks, the free-build remove lock */		\
	OFF(KEVENT, Header.SignalState, 4)					\
	SIZE(KEVENT, 24)							\
	SIZE(KWAIT_BLOCK, 0x30)							\
	OFF(IO_REMOVE_LOCK, Common.IoCount, 4)					\
	OFF(IO_REMOVE_LOCK, Common.RemoveEvent, 8)				\
	SIZE(IO_REMOVE_LOCK, 32)						\
	/* the device and driver objects (IoRequestDpc uses ->Dpc inline) */	\
	OFF(DEVICE_OBJECT, DriverObject, 0x08)					\
	OFF(DEVICE_OBJECT, Timer, 0x28)						\
	OFF(DEVICE_OBJECT, Vpb, 0x38)						\
	OFF(DEVICE_OBJECT, NextDevice, 0x10)					\
	OFF(DEVICE_OBJECT, AttachedDevice, 0x18)				\
	OFF(DEVICE_OBJECT, CurrentIrp, 0x20)					\
	OFF(DEVICE_OBJECT, Flags, 0x30)						\
	OFF(DEVICE_OBJECT, DeviceExtension, 0x40)				\
	OFF(DEVICE_OBJECT, DeviceType, 0x48)					\
	OFF(DEVICE_OBJECT, StackSize, 0x4c)					\
	OFF(DEVICE_OBJECT, Queue, 0x50)						\
	OFF(DEVICE_OBJECT, AlignmentRequirement, 0x98)				\
	OFF(DEVICE_OBJECT, DeviceQueue, 0xa0)	/* KDEVICE_QUEUE: 8-aligned */					\
	OFF(DEVICE_OBJECT, Dpc, 0xc8)						\
	OFF(DEVICE_OBJECT, ActiveThreadCount, 0x108)				\
	OFF(DEVICE_OBJECT, SecurityDescriptor, 0x110)				\
	OFF(DEVICE_OBJECT, DeviceLock, 0x118)					\
	OFF(DEVICE_OBJECT, SectorSize, 0x130)					\
	OFF(DEVICE_OBJECT, DeviceObjectExtension, 0x138)			\
	OFF(DEVICE_OBJECT, Reserved, 0x140)					\
	/* the WDK's DECLSPEC_ALIGN(16) makes it 0x150; mingw's copy 0x148 */	\
	NTC_OURS(SIZE(DEVICE_OBJECT, 0x150))					\
	/* IRPs and their stack locations (IoGetCurrentIrpStackLocation is inline) */	\
	OFF(IRP, MdlAddress, 0x08)						\
	OFF(IRP, Flags, 0x10)							\
	OFF(IRP, AssociatedIrp, 0x18)						\
	OFF(IRP, ThreadListEntry, 0x20)						\
	OFF(IRP, IoStatus, 0x30)						\
	OFF(IRP, IoStatus.Information, 0x38)					\
	OFF(IRP, RequestorMode, 0x40)						\
	OFF(IRP, PendingReturned, 0x41)						\
	OFF(IRP, StackCount, 0x42)						\
	OFF(IRP, CurrentLocation, 0x43)						\
	OFF(IRP, Cancel, 0x44)							\
	OFF(IRP, CancelIrql, 0x45)						\
	OFF(IRP, AllocationFlags, 0x47)						\
	OFF(IRP, UserIosb, 0x48)						\
	OFF(IRP, UserEvent, 0x50)						\
	OFF(IRP, Overlay, 0x58)							\
	OFF(IRP, CancelRoutine, 0x68)						\
	OFF(IRP, UserBuffer, 0x70)						\
	OFF(IRP, Tail, 0x78)							\
	OFF(IRP, Tail.Overlay.DriverContext, 0x78)				\
	OFF(IRP, Tail.Overlay.Thread, 0x98)					\
	OFF(IRP, Tail.Overlay.AuxiliaryBuffer, 0xa0)				\
	OFF(IRP, Tail.Overlay.ListEntry, 0xa8)					\
	OFF(IRP, Tail.Overlay.CurrentStackLocation, 0xb8)			\
	OFF(IRP, Tail.Overlay.OriginalFileObject, 0xc0)				\
	SIZE(IRP, 0xd0)								\
	SIZE(IO_STATUS_BLOCK, 16)						\
	OFF(IO_STACK_LOCATION, Control, 3)					\
	OFF(IO_STACK_LOCATION, Parameters, 8)					\
	OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.InputBufferLength, 0x10) \
	OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode, 0x18)	\
	OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.Type3InputBuffer, 0x20) \
	OFF(IO_STACK_LOCATION, Parameters.Read.ByteOffset, 0x18)		\
	OFF(IO_STACK_LOCATION, Parameters.QueryInterface.Interface, 0x18)	\
	OFF(IO_STACK_LOCATION, Parameters.QueryInterface.InterfaceSpecificData, 0x20) \
	OFF(IO_STACK_LOCATION, Parameters.QueryDeviceRelations.Type, 0x08)	\
	OFF(IO_STACK_LOCATION, Parameters.DeviceCapabilities.Capabilities, 0x08) \
	OFF(IO_STACK_LOCATION, Parameters.UsageNotification.Type, 0x10)		\
	OFF(IO_STACK_LOCATION, Parameters.Power.Type, 0x10)			\
	OFF(IO_STACK_LOCATION, Parameters.Power.State, 0x18)			\
	OFF(IO_STACK_LOCATION, Parameters.Power.ShutdownType, 0x20)		\
	OFF(IO_STACK_LOCATION, Parameters.StartDevice.AllocatedResources, 0x08)	\
	OFF(IO_STACK_LOCATION, Parameters.StartDevice.AllocatedResourcesTranslated, 0x10) \
	OFF(IO_STACK_LOCATION, Parameters.Others.Argument4, 0x20)		\
	OFF(IO_STACK_LOCATION, DeviceObject, 0x28)				\
	OFF(IO_STACK_LOCATION, FileObject, 0x30)				\
	OFF(IO_STACK_LOCATION, CompletionRoutine, 0x38)				\
	OFF(IO_STACK_LOCATION, Context, 0x40)					\
	SIZE(IO_STACK_LOCATION, 0x48)						\
	OFF(DEVICE_CAPABILITIES, Address, 0x08)					\
	OFF(DEVICE_CAPABILITIES, DeviceState, 0x10)				\
	OFF(DEVICE_CAPABILITIES, D3Latency, 0x3c)				\
	SIZE(DEVICE_CAPABILITIES, 0x40)						\
	OFF(INTERFACE, InterfaceDereference, 0x18)				\
	SIZE(INTERFACE, 0x20)							\
	SIZE(GUID, 16)								\
	OFF(DRIVER_EXTENSION, AddDevice, 8)					\
	OFF(DRIVER_EXTENSION, Count, 16)					\
	OFF(DRIVER_EXTENSION, ServiceKeyName, 24)				\
	OFF(DRIVER_OBJECT, DeviceObject, 8)					\
	OFF(DRIVER_OBJECT, Flags, 16)						\
	OFF(DRIVER_OBJECT, DriverStart, 24)					\
	OFF(DRIVER_OBJECT, DriverSize, 32)					\
	OFF(DRIVER_OBJECT, DriverSection, 40)					\
	OFF(DRIVER_OBJECT, DriverExtension, 48)				\
	OFF(DRIVER_OBJECT, DriverName, 56)					\
	OFF(DRIVER_OBJECT, HardwareDatabase, 72)				\
	OFF(DRIVER_OBJECT, FastIoDispatch, 80)					\
	OFF(DRIVER_OBJECT, DriverInit, 88)					\
	OFF(DRIVER_OBJECT, DriverStartIo, 96)					\
	OFF(DRIVER_OBJECT, DriverUnload, 104)					\
	OFF(DRIVER_OBJECT, MajorFunction, 112)					\
	SIZE(DRIVER_OBJECT, 336)						\
	/* issue 13: the types behind DEVICE_OBJECT's members, base types */	\
	OFF(VPB, Flags, 4)							\
	OFF(VPB, VolumeLabelLength, 6)						\
	OFF(VPB, DeviceObject, 8)						\
	OFF(VPB, RealDevice, 16)						\
	OFF(VPB, SerialNumber, 24)						\
	OFF(VPB, ReferenceCount, 28)						\
	OFF(VPB, VolumeLabel, 32)						\
	SIZE(VPB, 96)								\
	OFF(KDEVICE_QUEUE, DeviceListHead, 8)					\
	OFF(KDEVICE_QUEUE, Lock, 24)						\
	OFF(KDEVICE_QUEUE, Busy, 32)						\
	SIZE(KDEVICE_QUEUE, 40)							\
	OFF(KDEVICE_QUEUE_ENTRY, SortKey, 16)					\
	OFF(KDEVICE_QUEUE_ENTRY, Inserted, 20)					\
	SIZE(KDEVICE_QUEUE_ENTRY, 24)						\
	SIZE(SINGLE_LIST_ENTRY, 8)						\
	SIZE(LARGE_INTEGER, 8)							\
	OFF(LARGE_INTEGER, HighPart, 4)						\
	OFF(LARGE_INTEGER, u.HighPart, 4)					\
	SIZE(ULARGE_INTEGER, 8)							\
	OFF(ULARGE_INTEGER, HighPart, 4)					\
	OFF(ULARGE_INTEGER, u.HighPart, 4)					\
	SIZE(CCHAR, 1)								\
	SIZE(LONG64, 8)								\
	SIZE(ULONG64, 8)							\
	SIZE(LONGLONG, 8)							\
	SIZE(SIZE_T, 8)								\
	SIZE(SHORT, 2)								\
	SIZE(WCHAR, 2)								\
	OFF(STRING, Buffer, 8)							\
	SIZE(STRING, 16)

NTC_LAYOUT_TABLE(NTC_OFF, NTC_SIZE)

/* The constants a driver compiles in, same values on both sides. */
#define NTC_VALUE(name, value) _Static_assert((name) == (value), #name " is not " #value);
NTC_VALUE(CONNECT_FULLY_SPECIFIED, 1)
NTC_VALUE(CONNECT_LINE_BASED, 2)
NTC_VALUE(CONNECT_MESSAGE_BASED, 3)
NTC_VALUE(CONNECT_FULLY_SPECIFIED_GROUP, 4)
NTC_VALUE(PASSIVE_LEVEL, 0)
NTC_VALUE(DISPATCH_LEVEL, 2)
NTC_VALUE(HIGH_LEVEL, 15)
NTC_VALUE(CmResourceTypePort, 1)
NTC_VALUE(CmResourceTypeInterrupt, 2)
NTC_VALUE(CmResourceTypeMemory, 3)
NTC_VALUE(CmResourceShareDeviceExclusive, 1)
NTC_VALUE(CmResourceShareShared, 3)
NTC_VALUE(CM_RESOURCE_INTERRUPT_LATCHED, 1)
NTC_VALUE(CM_RESOURCE_INTERRUPT_MESSAGE, 2)
NTC_VALUE(LevelSensitive, 0)
NTC_VALUE(Latched, 1)
NTC_VALUE(InterruptRisingEdge, 1)
NTC_VALUE(HighImportance, 2)
NTC_VALUE(STATUS_INVALID_PARAMETER, (NTSTATUS)0xC000000DL)
NTC_VALUE(STATUS_INVALID_PARAMETER_1, (NTSTATUS)0xC00000EFL)
NTC_VALUE(STATUS_INVALID_PARAMETER_10, (NTSTATUS)0xC00000F8L)
NTC_VALUE(STATUS_INSUFFICIENT_RESOURCES, (NTSTATUS)0xC000009AL)
NTC_VALUE(STATUS_INVALID_DEVICE_REQUEST, (NTSTATUS)0xC0000010L)
NTC_VALUE(STATUS_NOT_FOUND, (NTSTATUS)0xC0000225L)
NTC_VALUE(MAXULONG, 0xffffffffUL)
NTC_VALUE(MAXLONG, 0x7fffffffL)
NTC_VALUE(MAXUSHORT, 0xffff)
NTC_VALUE(MAXUCHAR, 0xff)
NTC_VALUE(MAXSHORT, 0x7fff)
NTC_VALUE(MAXCHAR, 0x7f)
NTC_VALUE(MAXLONGLONG, 0x7fffffffffffffffLL)
NTC_VALUE(ANYSIZE_ARRAY, 1)
NTC_VALUE(VPB_MOUNTED, 1)
NTC_VALUE(VPB_LOCKED, 2)
NTC_VALUE(MAXIMUM_VOLUME_LABEL_LENGTH, 64)
NTC_VALUE(Isa, 1)
NTC_VALUE(PCIBus, 5)
/* CCHAR is plain char: a PCCHAR converts to a PCHAR without a cast. */
_Static_assert(__builtin_types_compatible_p(CCHAR, CHAR), "CCHAR is not char");
_Static_assert(__builtin_types_compatible_p(PCCHAR, PCHAR), "PCCHAR is not PCHAR");
