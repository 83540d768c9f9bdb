/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdm.h - the WDM interrupt, DPC, IRQL and device subset, for Windows drivers
 * ported to Linux on top of ntcompat.
 *
 * A ported driver includes this header instead of the WDK's. Names, argument
 * order and the layouts of every structure a driver allocates, fills or reads
 * are the WDK's; on x86-64 the Windows x64 sizes and offsets are enforced by
 * the compile-time asserts at the end of this file (values from
 * nt-interrupt-reference.md, cross-checked against mingw-w64's ddk/wdm.h by
 * tests/layout). KINTERRUPT is opaque, as in the WDK.
 *
 * No Linux header is included: the NT part of a driver sees only NT names.
 */
#ifndef _WDMDDK_
/*
 * The WDK's guards, which companion headers (usb.h, ntstrsafe.h, ...) test:
 * _WDMDDK_ always; _WDM_INCLUDED_ and _DDK_DRIVER_ when <wdm.h> was not
 * reached through <ntddk.h> (which defines _NTDDK_ first).
 */
#define _WDMDDK_
#define _NTCOMPAT_WDM_H_
#ifndef _NTDDK_
#define _WDM_INCLUDED_
#define _DDK_DRIVER_
#endif
#define NT_INCLUDED

#define WDM_MAJORVERSION	0x06
#define WDM_MINORVERSION	0x00

#include "ntdef.h"
#include "ntstatus.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* IRQL (x64 values, reference section 1.2)                                 */

typedef UCHAR KIRQL, *PKIRQL;

#define PASSIVE_LEVEL	0
#define LOW_LEVEL	0
#define APC_LEVEL	1
#define DISPATCH_LEVEL	2
#define CMCI_LEVEL	5
#define CLOCK_LEVEL	13
#define IPI_LEVEL	14
#define DRS_LEVEL	14
#define POWER_LEVEL	14
#define PROFILE_LEVEL	15
#define HIGH_LEVEL	15
#define SYNCH_LEVEL	(IPI_LEVEL - 2)

typedef ULONG_PTR KAFFINITY, *PKAFFINITY;
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;

/* ------------------------------------------------------------------------ */
/* Interrupt objects and routines (reference sections 1.3, 5, 6)            */

typedef enum _KINTERRUPT_MODE {
	LevelSensitive = 0,
	Latched = 1,
} KINTERRUPT_MODE;

typedef enum _KINTERRUPT_POLARITY {
	InterruptPolarityUnknown = 0,
	InterruptActiveHigh = 1,
	InterruptRisingEdge = 1,
	InterruptActiveLow = 2,
	InterruptFallingEdge = 2,
	InterruptActiveBoth = 3,
	InterruptActiveBothTriggerLow = 3,
	InterruptActiveBothTriggerHigh = 4,
} KINTERRUPT_POLARITY, *PKINTERRUPT_POLARITY;

/* Opaque: allocated and owned by ntcompat (ntcompat/ntc_internal.h). */
struct _KINTERRUPT;
typedef struct _KINTERRUPT KINTERRUPT, *PKINTERRUPT, *PRKINTERRUPT;

typedef BOOLEAN KSERVICE_ROUTINE(struct _KINTERRUPT *Interrupt, PVOID ServiceContext);
typedef KSERVICE_ROUTINE *PKSERVICE_ROUTINE;

typedef BOOLEAN KMESSAGE_SERVICE_ROUTINE(struct _KINTERRUPT *Interrupt,
					 PVOID ServiceContext, ULONG MessageID);
typedef KMESSAGE_SERVICE_ROUTINE *PKMESSAGE_SERVICE_ROUTINE;

typedef BOOLEAN KSYNCHRONIZE_ROUTINE(PVOID SynchronizeContext);
typedef KSYNCHRONIZE_ROUTINE *PKSYNCHRONIZE_ROUTINE;

typedef struct _GROUP_AFFINITY {
	KAFFINITY Mask;
	USHORT Group;
	USHORT Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

/* ------------------------------------------------------------------------ */
/* Devices and drivers (the part the interrupt path touches)                */

struct _DEVICE_OBJECT;
struct _DRIVER_OBJECT;

typedef ULONG DEVICE_TYPE;

#define FILE_DEVICE_UNKNOWN		0x00000022
#define FILE_DEVICE_BUS_EXTENDER	0x0000002a
#define FILE_DEVICE_SECURE_OPEN		0x00000100

#define IO_TYPE_DEVICE			3
#define IO_TYPE_DRIVER			4

#define DO_BUFFERED_IO			0x00000004
#define DO_DIRECT_IO			0x00000010
#define DO_BUS_ENUMERATED_DEVICE	0x00001000
#define DO_POWER_PAGABLE		0x00002000
#define DO_DEVICE_INITIALIZING		0x00000080

#define IRP_MJ_CREATE			0x00
#define IRP_MJ_CLOSE			0x02
#define IRP_MJ_DEVICE_CONTROL		0x0e
#define IRP_MJ_POWER			0x16
#define IRP_MJ_SYSTEM_CONTROL		0x17
#define IRP_MJ_PNP			0x1b
#define IRP_MJ_MAXIMUM_FUNCTION		0x1b

struct _IRP;
typedef struct _IRP IRP, *PIRP;

typedef struct _KDPC KDPC, *PKDPC, *PRKDPC;

typedef VOID KDEFERRED_ROUTINE(struct _KDPC *Dpc, PVOID DeferredContext,
			       PVOID SystemArgument1, PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

typedef VOID IO_DPC_ROUTINE(PKDPC Dpc, struct _DEVICE_OBJECT *DeviceObject,
			    struct _IRP *Irp, PVOID Context);
typedef IO_DPC_ROUTINE *PIO_DPC_ROUTINE;

typedef enum _KDPC_IMPORTANCE {
	LowImportance = 0,
	MediumImportance = 1,
	HighImportance = 2,
	MediumHighImportance = 3,
} KDPC_IMPORTANCE;

#define DpcObject		19
#define ThreadedDpcObject	24

/*
 * KDPC: caller-allocated, 64 bytes on x64 (reference section 7.4, the
 * ReactOS/mingw layout). Drivers treat it as opaque. ntcompat keeps its whole
 * queueing state in these bytes: DpcListEntry links the DPC into a per-CPU
 * queue and DpcData points to that queue while the DPC is queued (NULL
 * otherwise), as in ntoskrnl. ABI: do not add or reorder fields.
 */
struct _KDPC {
	UCHAR Type;
	UCHAR Importance;
	volatile USHORT Number;
	LIST_ENTRY DpcListEntry;
	PKDEFERRED_ROUTINE DeferredRoutine;
	PVOID DeferredContext;
	PVOID SystemArgument1;
	PVOID SystemArgument2;
	volatile PVOID DpcData;
};

typedef NTSTATUS DRIVER_ADD_DEVICE(struct _DRIVER_OBJECT *DriverObject,
				   struct _DEVICE_OBJECT *PhysicalDeviceObject);
typedef DRIVER_ADD_DEVICE *PDRIVER_ADD_DEVICE;
typedef NTSTATUS DRIVER_DISPATCH(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;
typedef VOID DRIVER_UNLOAD(struct _DRIVER_OBJECT *DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;
typedef VOID DRIVER_STARTIO(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp);
typedef DRIVER_STARTIO *PDRIVER_STARTIO;
typedef NTSTATUS DRIVER_INITIALIZE(struct _DRIVER_OBJECT *DriverObject,
				   PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;

typedef struct _DRIVER_EXTENSION {
	struct _DRIVER_OBJECT *DriverObject;
	PDRIVER_ADD_DEVICE AddDevice;
	ULONG Count;
	UNICODE_STRING ServiceKeyName;
} DRIVER_EXTENSION, *PDRIVER_EXTENSION;

/* The x64 DRIVER_OBJECT layout; fields ntcompat never reads are kept opaque. */
typedef struct _DRIVER_OBJECT {
	CSHORT Type;
	CSHORT Size;
	struct _DEVICE_OBJECT *DeviceObject;
	ULONG Flags;
	PVOID DriverStart;
	ULONG DriverSize;
	PVOID DriverSection;
	PDRIVER_EXTENSION DriverExtension;
	UNICODE_STRING DriverName;
	PUNICODE_STRING HardwareDatabase;
	PVOID FastIoDispatch;
	PDRIVER_INITIALIZE DriverInit;
	PDRIVER_STARTIO DriverStartIo;
	PDRIVER_UNLOAD DriverUnload;
	PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

typedef PVOID PSECURITY_DESCRIPTOR;

/* The device timer (IoInitializeTimer); opaque, as in the WDK. */
struct _IO_TIMER;
typedef struct _IO_TIMER IO_TIMER, *PIO_TIMER;
struct _DEVOBJ_EXTENSION;

/*
 * The volume parameter block a file system mounts on a storage device
 * (DeviceObject->Vpb); x64 layout. ntcompat mounts nothing: Vpb is NULL
 * unless a driver sets it.
 */
#define MAXIMUM_VOLUME_LABEL_LENGTH	(32 * sizeof(WCHAR))

typedef struct _VPB {
	CSHORT Type;
	CSHORT Size;
	USHORT Flags;
	USHORT VolumeLabelLength;
	struct _DEVICE_OBJECT *DeviceObject;
	struct _DEVICE_OBJECT *RealDevice;
	ULONG SerialNumber;
	ULONG ReferenceCount;
	WCHAR VolumeLabel[MAXIMUM_VOLUME_LABEL_LENGTH / sizeof(WCHAR)];
} VPB, *PVPB;

#define VPB_MOUNTED			0x00000001
#define VPB_LOCKED			0x00000002
#define VPB_PERSISTENT			0x00000004
#define VPB_REMOVE_PENDING		0x00000008
#define VPB_RAW_MOUNT			0x00000010
#define VPB_DIRECT_WRITES_ALLOWED	0x00000020

/*
 * The device queue (KeInsertDeviceQueue & co., not provided): x64 layout,
 * so that DeviceObject->DeviceQueue has its type and place.
 */
typedef struct _KDEVICE_QUEUE {
	CSHORT Type;
	CSHORT Size;
	LIST_ENTRY DeviceListHead;
	KSPIN_LOCK Lock;
#if defined(__x86_64__)
	union {
		BOOLEAN Busy;
		struct {
			LONG64 Reserved : 8;
			LONG64 Hint : 56;
		};
	};
#else
	BOOLEAN Busy;
#endif
} KDEVICE_QUEUE, *PKDEVICE_QUEUE, *PRKDEVICE_QUEUE;

typedef struct _KDEVICE_QUEUE_ENTRY {
	LIST_ENTRY DeviceListEntry;
	ULONG SortKey;
	BOOLEAN Inserted;
} KDEVICE_QUEUE_ENTRY, *PKDEVICE_QUEUE_ENTRY, *PRKDEVICE_QUEUE_ENTRY;

/* ------------------------------------------------------------------------ */
/* Dispatcher objects (ntcompat/wait.c): the header and KEVENT              */

/*
 * The dispatcher header every waitable object starts with; x64 layout (the
 * WDK's bit-field views of the first four bytes are left out). ntcompat uses
 * Type (which object it is), SignalState (> 0: signaled), WaitListHead (the
 * wait blocks of the threads waiting on it, as in ntoskrnl) and, for a
 * timer, TimerControlFlags/TimerMiscFlags.
 */
typedef struct _DISPATCHER_HEADER {
	union {
		struct {
			UCHAR Type;
			union {
				UCHAR TimerControlFlags;
				UCHAR Abandoned;
				BOOLEAN Signalling;
			};
			union {
				UCHAR ThreadControlFlags;
				UCHAR Size;
				UCHAR Hand;
			};
			union {
				UCHAR TimerMiscFlags;
				BOOLEAN DebugActive;
			};
		};
		volatile LONG Lock;
	};
	LONG SignalState;
	LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef enum _EVENT_TYPE {
	NotificationEvent,
	SynchronizationEvent,
} EVENT_TYPE;

/* Header.Type of the objects ntcompat knows (the WDK's KOBJECTS values). */
#define EventNotificationObject		0
#define EventSynchronizationObject	1

/*
 * KEVENT: caller-allocated, 24 bytes on x64: just the dispatcher header, as
 * in the WDK. KeInitializeEvent() before use; nothing is allocated for it.
 */
typedef struct _KEVENT {
	DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

/*
 * DEVICE_OBJECT: the x64 layout (Dpc at 0xc8; sizeof 0x150 because the WDK
 * declares it DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT), which mingw-w64's
 * copy omits), so that IoInitializeDpcRequest/IoRequestDpc, which the WDK
 * compiles into the driver, find DeviceObject->Dpc where Windows has it.
 * Members are typed as in the WDK, except one ntcompat has no type for:
 * Queue.Wcb (a WAIT_CONTEXT_BLOCK, DMA adapters), reserved bytes of its
 * Windows size. DeviceLock is a synchronization event, initialised
 * signaled when the device object is created, as on Windows.
 */
typedef struct __attribute__((__aligned__(16))) _DEVICE_OBJECT {
	CSHORT Type;
	USHORT Size;
	LONG ReferenceCount;
	struct _DRIVER_OBJECT *DriverObject;
	struct _DEVICE_OBJECT *NextDevice;
	struct _DEVICE_OBJECT *AttachedDevice;
	struct _IRP *CurrentIrp;
	PIO_TIMER Timer;
	ULONG Flags;
	ULONG Characteristics;
	PVPB volatile Vpb;
	PVOID DeviceExtension;
	DEVICE_TYPE DeviceType;
	CCHAR StackSize;
	union {
		LIST_ENTRY ListEntry;
		UCHAR Wcb[72];			/* WAIT_CONTEXT_BLOCK */
	} Queue;
	ULONG AlignmentRequirement;
	KDEVICE_QUEUE DeviceQueue;
	KDPC Dpc;
	ULONG ActiveThreadCount;
	PSECURITY_DESCRIPTOR SecurityDescriptor;
	KEVENT DeviceLock;
	USHORT SectorSize;
	USHORT Spare1;
	struct _DEVOBJ_EXTENSION *DeviceObjectExtension;
	PVOID Reserved;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

/* ------------------------------------------------------------------------ */
/* Resource descriptors (reference section 9)                               */

typedef enum _INTERFACE_TYPE {
	InterfaceTypeUndefined = -1,
	Internal = 0,
	Isa = 1,
	Eisa = 2,
	MicroChannel = 3,
	TurboChannel = 4,
	PCIBus = 5,
	VMEBus = 6,
	NuBus = 7,
	PCMCIABus = 8,
	CBus = 9,
	MPIBus = 10,
	MPSABus = 11,
	ProcessorInternal = 12,
	InternalPowerBus = 13,
	PNPISABus = 14,
	PNPBus = 15,
	Vmcs = 16,
	ACPIBus = 17,
	MaximumInterfaceType = 18,
} INTERFACE_TYPE, *PINTERFACE_TYPE;

#define CmResourceTypeNull		0
#define CmResourceTypePort		1
#define CmResourceTypeInterrupt		2
#define CmResourceTypeMemory		3
#define CmResourceTypeDma		4
#define CmResourceTypeDeviceSpecific	5
#define CmResourceTypeBusNumber		6
#define CmResourceTypeMemoryLarge	7
#define CmResourceTypeNonArbitrated	128
#define CmResourceTypeConfigData	128
#define CmResourceTypeDevicePrivate	129
#define CmResourceTypePcCardConfig	130
#define CmResourceTypeMfCardConfig	131

typedef enum _CM_SHARE_DISPOSITION {
	CmResourceShareUndetermined = 0,
	CmResourceShareDeviceExclusive = 1,
	CmResourceShareDriverExclusive = 2,
	CmResourceShareShared = 3,
} CM_SHARE_DISPOSITION;

#define CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE		0x0000
#define CM_RESOURCE_INTERRUPT_LATCHED			0x0001
#define CM_RESOURCE_INTERRUPT_MESSAGE			0x0002
#define CM_RESOURCE_INTERRUPT_POLICY_INCLUDED		0x0004
#define CM_RESOURCE_INTERRUPT_SECONDARY_INTERRUPT	0x0010
#define CM_RESOURCE_INTERRUPT_WAKE_HINT			0x0020
#define CM_RESOURCE_INTERRUPT_LEVEL_LATCHED_BITS	0x0001
#define CM_RESOURCE_INTERRUPT_MESSAGE_TOKEN		((ULONG)-2)

#define CM_RESOURCE_MEMORY_READ_WRITE		0x0000
#define CM_RESOURCE_MEMORY_READ_ONLY		0x0001
#define CM_RESOURCE_MEMORY_WRITE_ONLY		0x0002
#define CM_RESOURCE_MEMORY_PREFETCHABLE		0x0004
#define CM_RESOURCE_MEMORY_LARGE_40		0x0200
#define CM_RESOURCE_MEMORY_LARGE_48		0x0400
#define CM_RESOURCE_MEMORY_LARGE_64		0x0800

#define CM_RESOURCE_PORT_MEMORY			0x0000
#define CM_RESOURCE_PORT_IO			0x0001
#define CM_RESOURCE_PORT_16_BIT_DECODE		0x0004

#pragma pack(push, 4)
typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
	UCHAR Type;
	UCHAR ShareDisposition;
	USHORT Flags;
	union {
		struct {
			PHYSICAL_ADDRESS Start;
			ULONG Length;
		} Generic;
		struct {
			PHYSICAL_ADDRESS Start;
			ULONG Length;
		} Port;
		struct {
			USHORT Level;
			USHORT Group;
			ULONG Vector;
			KAFFINITY Affinity;
		} Interrupt;
		struct {
			union {
				struct {
					USHORT Group;
					USHORT MessageCount;
					ULONG Vector;
					KAFFINITY Affinity;
				} Raw;
				struct {
					USHORT Level;
					USHORT Group;
					ULONG Vector;
					KAFFINITY Affinity;
				} Translated;
			};
		} MessageInterrupt;
		struct {
			PHYSICAL_ADDRESS Start;
			ULONG Length;
		} Memory;
		struct {
			ULONG Channel;
			ULONG Port;
			ULONG Reserved1;
		} Dma;
		struct {
			ULONG Data[3];
		} DevicePrivate;
		struct {
			ULONG Start;
			ULONG Length;
			ULONG Reserved;
		} BusNumber;
		struct {
			ULONG DataSize;
			ULONG Reserved1;
			ULONG Reserved2;
		} DeviceSpecificData;
		struct {
			PHYSICAL_ADDRESS Start;
			ULONG Length40;
		} Memory40;
		struct {
			PHYSICAL_ADDRESS Start;
			ULONG Length48;
		} Memory48;
		struct {
			PHYSICAL_ADDRESS Start;
			ULONG Length64;
		} Memory64;
	} u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;
#pragma pack(pop)

/*
 * The WDK declares the variable-length tail of these structures as a
 * one-element array (ANYSIZE_ARRAY): PartialDescriptors[1], List[1],
 * MessageInfo[1]. Kernels built with -fstrict-flex-arrays=3 and
 * UBSAN_BOUNDS_STRICT (-fsanitize=bounds-strict) take [1] literally, so
 * every driver's `for (i = 0; i < Count; i++) x->PartialDescriptors[i]`
 * becomes an out-of-bounds report past index 0 (and FORTIFY_SOURCE sizes
 * the array as one element). NTC_DECLARE_ANYSIZE_ARRAY declares NAME as a true
 * flexible array member, overlaid on the WDK's one element so that sizeof
 * and every offset stay the Windows x64 ones (sizeof(CM_RESOURCE_LIST)
 * arithmetic in drivers is unchanged): the kernel's "union of a
 * one-element array and a flexible array", with __DECLARE_FLEX_ARRAY()
 * from <uapi/linux/stddef.h> spelled out, since no Linux header is
 * included here. sizeof(x->NAME) is no longer valid; sizeof(x->NAME[0]) is.
 */
#ifdef __cplusplus
/* sizeof(struct {}) is 1 in C++: a GNU zero-length array instead. */
#define NTC_DECLARE_ANYSIZE_ARRAY(TYPE, NAME) \
	union { \
		TYPE __ntc_one_##NAME[1]; \
		TYPE NAME[0]; \
	}
#else
#define NTC_DECLARE_ANYSIZE_ARRAY(TYPE, NAME) \
	union { \
		TYPE __ntc_one_##NAME[1]; \
		struct { \
			struct { } __ntc_empty_##NAME; \
			TYPE NAME[]; \
		}; \
	}
#endif

typedef struct _CM_PARTIAL_RESOURCE_LIST {
	USHORT Version;
	USHORT Revision;
	ULONG Count;
	NTC_DECLARE_ANYSIZE_ARRAY(CM_PARTIAL_RESOURCE_DESCRIPTOR, PartialDescriptors);
} CM_PARTIAL_RESOURCE_LIST, *PCM_PARTIAL_RESOURCE_LIST;

typedef struct _CM_FULL_RESOURCE_DESCRIPTOR {
	INTERFACE_TYPE InterfaceType;
	ULONG BusNumber;
	CM_PARTIAL_RESOURCE_LIST PartialResourceList;
} CM_FULL_RESOURCE_DESCRIPTOR, *PCM_FULL_RESOURCE_DESCRIPTOR;

typedef struct _CM_RESOURCE_LIST {
	ULONG Count;
	NTC_DECLARE_ANYSIZE_ARRAY(CM_FULL_RESOURCE_DESCRIPTOR, List);
} CM_RESOURCE_LIST, *PCM_RESOURCE_LIST;

/* ------------------------------------------------------------------------ */
/* IRPs and the device stack (ntcompat/irp.c, ntcompat/devstack.c)          */

#define IRP_MJ_CREATE_NAMED_PIPE	0x01
#define IRP_MJ_READ			0x03
#define IRP_MJ_WRITE			0x04
#define IRP_MJ_QUERY_INFORMATION	0x05
#define IRP_MJ_SET_INFORMATION		0x06
#define IRP_MJ_QUERY_EA			0x07
#define IRP_MJ_SET_EA			0x08
#define IRP_MJ_FLUSH_BUFFERS		0x09
#define IRP_MJ_QUERY_VOLUME_INFORMATION	0x0a
#define IRP_MJ_SET_VOLUME_INFORMATION	0x0b
#define IRP_MJ_DIRECTORY_CONTROL	0x0c
#define IRP_MJ_FILE_SYSTEM_CONTROL	0x0d
#define IRP_MJ_INTERNAL_DEVICE_CONTROL	0x0f
#define IRP_MJ_SCSI			0x0f
#define IRP_MJ_SHUTDOWN			0x10
#define IRP_MJ_LOCK_CONTROL		0x11
#define IRP_MJ_CLEANUP			0x12
#define IRP_MJ_CREATE_MAILSLOT		0x13
#define IRP_MJ_QUERY_SECURITY		0x14
#define IRP_MJ_SET_SECURITY		0x15
#define IRP_MJ_DEVICE_CHANGE		0x18
#define IRP_MJ_QUERY_QUOTA		0x19
#define IRP_MJ_SET_QUOTA		0x1a
#define IRP_MJ_PNP_POWER		IRP_MJ_PNP

/* IRP_MJ_PNP minor codes */
#define IRP_MN_START_DEVICE			0x00
#define IRP_MN_QUERY_REMOVE_DEVICE		0x01
#define IRP_MN_REMOVE_DEVICE			0x02
#define IRP_MN_CANCEL_REMOVE_DEVICE		0x03
#define IRP_MN_STOP_DEVICE			0x04
#define IRP_MN_QUERY_STOP_DEVICE		0x05
#define IRP_MN_CANCEL_STOP_DEVICE		0x06
#define IRP_MN_QUERY_DEVICE_RELATIONS		0x07
#define IRP_MN_QUERY_INTERFACE			0x08
#define IRP_MN_QUERY_CAPABILITIES		0x09
#define IRP_MN_QUERY_RESOURCES			0x0a
#define IRP_MN_QUERY_RESOURCE_REQUIREMENTS	0x0b
#define IRP_MN_QUERY_DEVICE_TEXT		0x0c
#define IRP_MN_FILTER_RESOURCE_REQUIREMENTS	0x0d
#define IRP_MN_READ_CONFIG			0x0f
#define IRP_MN_WRITE_CONFIG			0x10
#define IRP_MN_EJECT				0x11
#define IRP_MN_SET_LOCK				0x12
#define IRP_MN_QUERY_ID				0x13
#define IRP_MN_QUERY_PNP_DEVICE_STATE		0x14
#define IRP_MN_QUERY_BUS_INFORMATION		0x15
#define IRP_MN_DEVICE_USAGE_NOTIFICATION	0x16
#define IRP_MN_SURPRISE_REMOVAL			0x17
#define IRP_MN_DEVICE_ENUMERATED		0x19

/* IRP_MJ_POWER minor codes */
#define IRP_MN_WAIT_WAKE		0x00
#define IRP_MN_POWER_SEQUENCE		0x01
#define IRP_MN_SET_POWER		0x02
#define IRP_MN_QUERY_POWER		0x03

/* IRP.Flags */
#define IRP_NOCACHE			0x00000001
#define IRP_PAGING_IO			0x00000002
#define IRP_MOUNT_COMPLETION		0x00000002
#define IRP_SYNCHRONOUS_API		0x00000004
#define IRP_ASSOCIATED_IRP		0x00000008
#define IRP_BUFFERED_IO			0x00000010
#define IRP_DEALLOCATE_BUFFER		0x00000020
#define IRP_INPUT_OPERATION		0x00000040
#define IRP_SYNCHRONOUS_PAGING_IO	0x00000040
#define IRP_CREATE_OPERATION		0x00000080
#define IRP_READ_OPERATION		0x00000100
#define IRP_WRITE_OPERATION		0x00000200
#define IRP_CLOSE_OPERATION		0x00000400
#define IRP_DEFER_IO_COMPLETION		0x00000800

/* IRP.AllocationFlags */
#define IRP_QUOTA_CHARGED		0x01
#define IRP_ALLOCATED_MUST_SUCCEED	0x02
#define IRP_ALLOCATED_FIXED_SIZE	0x04
#define IRP_LOOKASIDE_ALLOCATION	0x08

/* IO_STACK_LOCATION.Control */
#define SL_PENDING_RETURNED		0x01
#define SL_ERROR_RETURNED		0x02
#define SL_INVOKE_ON_CANCEL		0x20
#define SL_INVOKE_ON_SUCCESS		0x40
#define SL_INVOKE_ON_ERROR		0x80

/* IO_STACK_LOCATION.Flags */
#define SL_FORCE_ACCESS_CHECK		0x01
#define SL_OPEN_PAGING_FILE		0x02
#define SL_OPEN_TARGET_DIRECTORY	0x04
#define SL_STOP_ON_SYMLINK		0x08
#define SL_CASE_SENSITIVE		0x80
#define SL_KEY_SPECIFIED		0x01
#define SL_OVERRIDE_VERIFY_VOLUME	0x02
#define SL_WRITE_THROUGH		0x04
#define SL_FT_SEQUENTIAL_WRITE		0x08
#define SL_FORCE_DIRECT_WRITE		0x10
#define SL_REALTIME_STREAM		0x20

/* IoCompleteRequest's PriorityBoost */
#define IO_NO_INCREMENT			0
#define IO_CD_ROM_INCREMENT		1
#define IO_DISK_INCREMENT		1
#define IO_KEYBOARD_INCREMENT		6
#define IO_MAILSLOT_INCREMENT		2
#define IO_MOUSE_INCREMENT		6
#define IO_NAMED_PIPE_INCREMENT		2
#define IO_NETWORK_INCREMENT		2
#define IO_PARALLEL_INCREMENT		1
#define IO_SERIAL_INCREMENT		2
#define IO_SOUND_INCREMENT		8
#define IO_VIDEO_INCREMENT		1

#define IO_TYPE_IRP			6

/* x64: members the WDK aligns to a pointer inside the stack location's views. */
#ifndef POINTER_ALIGNMENT
#ifdef __LP64__
#define POINTER_ALIGNMENT	__attribute__((__aligned__(8)))
#else
#define POINTER_ALIGNMENT
#endif
#endif

typedef CCHAR KPROCESSOR_MODE;

typedef enum _MODE {
	KernelMode,
	UserMode,
	MaximumMode
} MODE;

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
	ULONG Data1;
	USHORT Data2;
	USHORT Data3;
	UCHAR Data4[8];
} GUID;
#endif
typedef GUID *LPGUID;
typedef const GUID *LPCGUID;
typedef ULONG LCID;

typedef struct _IO_STATUS_BLOCK {
	union {
		NTSTATUS Status;
		PVOID Pointer;
	};
	ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef VOID IO_APC_ROUTINE(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG Reserved);
typedef IO_APC_ROUTINE *PIO_APC_ROUTINE;

typedef VOID DRIVER_CANCEL(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp);
typedef DRIVER_CANCEL *PDRIVER_CANCEL;

/* What a completion routine returns. */
#define STATUS_CONTINUE_COMPLETION	STATUS_SUCCESS

typedef enum _IO_COMPLETION_ROUTINE_RESULT {
	ContinueCompletion = STATUS_CONTINUE_COMPLETION,
	StopCompletion = STATUS_MORE_PROCESSING_REQUIRED
} IO_COMPLETION_ROUTINE_RESULT, *PIO_COMPLETION_ROUTINE_RESULT;

typedef NTSTATUS IO_COMPLETION_ROUTINE(struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp,
				       PVOID Context);
typedef IO_COMPLETION_ROUTINE *PIO_COMPLETION_ROUTINE;

/* Objects ntcompat has no type for (yet): pointers only. */
struct _MDL;
struct _KEVENT;
struct _ETHREAD;
typedef struct _ETHREAD *PETHREAD;
struct _FILE_OBJECT;
typedef struct _FILE_OBJECT *PFILE_OBJECT;
struct _IO_RESOURCE_REQUIREMENTS_LIST;
struct _POWER_SEQUENCE;
struct _SCSI_REQUEST_BLOCK;

/*
 * IRP: the x64 layout (sizeof 0xd0); its IO_STACK_LOCATIONs follow it in
 * the same allocation, the first one (the lowest driver's) right after it.
 * Tail.Apc (a KAPC: the I/O manager's completion APC, which ntcompat does
 * not use) is reserved bytes of its Windows size.
 */
struct __attribute__((__aligned__(16))) _IRP {
	CSHORT Type;
	USHORT Size;
	struct _MDL *MdlAddress;
	ULONG Flags;
	union {
		struct _IRP *MasterIrp;
		volatile LONG IrpCount;
		PVOID SystemBuffer;
	} AssociatedIrp;
	LIST_ENTRY ThreadListEntry;
	IO_STATUS_BLOCK IoStatus;
	KPROCESSOR_MODE RequestorMode;
	BOOLEAN PendingReturned;
	CHAR StackCount;
	CHAR CurrentLocation;
	BOOLEAN Cancel;
	KIRQL CancelIrql;
	CCHAR ApcEnvironment;
	UCHAR AllocationFlags;
	PIO_STATUS_BLOCK UserIosb;
	struct _KEVENT *UserEvent;
	union {
		struct {
			union {
				PIO_APC_ROUTINE UserApcRoutine;
				PVOID IssuingProcess;
			};
			PVOID UserApcContext;
		} AsynchronousParameters;
		LARGE_INTEGER AllocationSize;
	} Overlay;
	volatile PDRIVER_CANCEL CancelRoutine;
	PVOID UserBuffer;
	union {
		struct {
			union {
				KDEVICE_QUEUE_ENTRY DeviceQueueEntry;
				struct {
					PVOID DriverContext[4];
				};
			};
			PETHREAD Thread;
			PCHAR AuxiliaryBuffer;
			struct {
				LIST_ENTRY ListEntry;
				union {
					struct _IO_STACK_LOCATION *CurrentStackLocation;
					ULONG PacketType;
				};
			};
			PFILE_OBJECT OriginalFileObject;
		} Overlay;
		UCHAR Apc[88];			/* KAPC */
		PVOID CompletionKey;
	} Tail;
};

typedef enum _SYSTEM_POWER_STATE {
	PowerSystemUnspecified = 0,
	PowerSystemWorking,
	PowerSystemSleeping1,
	PowerSystemSleeping2,
	PowerSystemSleeping3,
	PowerSystemHibernate,
	PowerSystemShutdown,
	PowerSystemMaximum
} SYSTEM_POWER_STATE, *PSYSTEM_POWER_STATE;

typedef enum _DEVICE_POWER_STATE {
	PowerDeviceUnspecified = 0,
	PowerDeviceD0,
	PowerDeviceD1,
	PowerDeviceD2,
	PowerDeviceD3,
	PowerDeviceMaximum
} DEVICE_POWER_STATE, *PDEVICE_POWER_STATE;

typedef union _POWER_STATE {
	SYSTEM_POWER_STATE SystemState;
	DEVICE_POWER_STATE DeviceState;
} POWER_STATE, *PPOWER_STATE;

typedef enum _POWER_STATE_TYPE {
	SystemPowerState = 0,
	DevicePowerState
} POWER_STATE_TYPE, *PPOWER_STATE_TYPE;

typedef enum _POWER_ACTION {
	PowerActionNone = 0,
	PowerActionReserved,
	PowerActionSleep,
	PowerActionHibernate,
	PowerActionShutdown,
	PowerActionShutdownReset,
	PowerActionShutdownOff,
	PowerActionWarmEject,
	PowerActionDisplayOff
} POWER_ACTION, *PPOWER_ACTION;

typedef struct _SYSTEM_POWER_STATE_CONTEXT {
	union {
		struct {
			ULONG Reserved1 : 8;
			ULONG TargetSystemState : 4;
			ULONG EffectiveSystemState : 4;
			ULONG CurrentSystemState : 4;
			ULONG IgnoreHibernationPath : 1;
			ULONG PseudoTransition : 1;
			ULONG Reserved2 : 10;
		};
		ULONG ContextAsUlong;
	};
} SYSTEM_POWER_STATE_CONTEXT, *PSYSTEM_POWER_STATE_CONTEXT;

typedef enum _DEVICE_RELATION_TYPE {
	BusRelations,
	EjectionRelations,
	PowerRelations,
	RemovalRelations,
	TargetDeviceRelation,
	SingleBusRelations,
	TransportRelations
} DEVICE_RELATION_TYPE, *PDEVICE_RELATION_TYPE;

typedef struct _DEVICE_RELATIONS {
	ULONG Count;
	NTC_DECLARE_ANYSIZE_ARRAY(PDEVICE_OBJECT, Objects);
} DEVICE_RELATIONS, *PDEVICE_RELATIONS;

typedef enum _DEVICE_USAGE_NOTIFICATION_TYPE {
	DeviceUsageTypeUndefined,
	DeviceUsageTypePaging,
	DeviceUsageTypeHibernation,
	DeviceUsageTypeDumpFile,
	DeviceUsageTypeBoot,
	DeviceUsageTypePostDisplay,
	DeviceUsageTypeGuestAssigned
} DEVICE_USAGE_NOTIFICATION_TYPE;

typedef enum _BUS_QUERY_ID_TYPE {
	BusQueryDeviceID,
	BusQueryHardwareIDs,
	BusQueryCompatibleIDs,
	BusQueryInstanceID,
	BusQueryDeviceSerialNumber,
	BusQueryContainerID
} BUS_QUERY_ID_TYPE, *PBUS_QUERY_ID_TYPE;

typedef enum _DEVICE_TEXT_TYPE {
	DeviceTextDescription,
	DeviceTextLocationInformation
} DEVICE_TEXT_TYPE, *PDEVICE_TEXT_TYPE;

typedef VOID INTERFACE_REFERENCE(PVOID Context);
typedef INTERFACE_REFERENCE *PINTERFACE_REFERENCE;
typedef VOID INTERFACE_DEREFERENCE(PVOID Context);
typedef INTERFACE_DEREFERENCE *PINTERFACE_DEREFERENCE;

typedef struct _INTERFACE {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
} INTERFACE, *PINTERFACE;

typedef struct _DEVICE_CAPABILITIES {
	USHORT Size;
	USHORT Version;
	ULONG DeviceD1 : 1;
	ULONG DeviceD2 : 1;
	ULONG LockSupported : 1;
	ULONG EjectSupported : 1;
	ULONG Removable : 1;
	ULONG DockDevice : 1;
	ULONG UniqueID : 1;
	ULONG SilentInstall : 1;
	ULONG RawDeviceOK : 1;
	ULONG SurpriseRemovalOK : 1;
	ULONG WakeFromD0 : 1;
	ULONG WakeFromD1 : 1;
	ULONG WakeFromD2 : 1;
	ULONG WakeFromD3 : 1;
	ULONG HardwareDisabled : 1;
	ULONG NonDynamic : 1;
	ULONG WarmEjectSupported : 1;
	ULONG NoDisplayInUI : 1;
	ULONG Reserved1 : 1;
	ULONG WakeFromInterrupt : 1;
	ULONG SecureDevice : 1;
	ULONG ChildOfVgaEnabledBridge : 1;
	ULONG DecodeIoOnBoot : 1;
	ULONG Reserved : 9;
	ULONG Address;
	ULONG UINumber;
	DEVICE_POWER_STATE DeviceState[PowerSystemMaximum];
	SYSTEM_POWER_STATE SystemWake;
	DEVICE_POWER_STATE DeviceWake;
	ULONG D1Latency;
	ULONG D2Latency;
	ULONG D3Latency;
} DEVICE_CAPABILITIES, *PDEVICE_CAPABILITIES;

/*
 * IO_STACK_LOCATION: one driver's view of an IRP; x64 layout (0x48 bytes).
 * The Parameters views are the ones a device (not a file system) driver
 * reads; Others covers every view's bytes.
 */
typedef struct _IO_STACK_LOCATION {
	UCHAR MajorFunction;
	UCHAR MinorFunction;
	UCHAR Flags;
	UCHAR Control;
	union {
		struct {
			ULONG Length;
			/* x64: pointer-aligned */
			ULONG Key POINTER_ALIGNMENT;
			ULONG Flags;		/* _WIN64 only: 64-bit Linux */
			LARGE_INTEGER ByteOffset;
		} Read;
		struct {
			ULONG Length;
			/* x64: pointer-aligned */
			ULONG Key POINTER_ALIGNMENT;
			ULONG Flags;		/* _WIN64 only: 64-bit Linux */
			LARGE_INTEGER ByteOffset;
		} Write;
		struct {
			ULONG OutputBufferLength;
			/* x64: pointer-aligned */
			ULONG InputBufferLength POINTER_ALIGNMENT;
			/* x64: pointer-aligned */
			ULONG IoControlCode POINTER_ALIGNMENT;
			PVOID Type3InputBuffer;
		} DeviceIoControl;
		struct {
			struct _SCSI_REQUEST_BLOCK *Srb;
		} Scsi;
		struct {
			DEVICE_RELATION_TYPE Type;
		} QueryDeviceRelations;
		struct {
			const GUID *InterfaceType;
			USHORT Size;
			USHORT Version;
			PINTERFACE Interface;
			PVOID InterfaceSpecificData;
		} QueryInterface;
		struct {
			PDEVICE_CAPABILITIES Capabilities;
		} DeviceCapabilities;
		struct {
			struct _IO_RESOURCE_REQUIREMENTS_LIST *IoResourceRequirementList;
		} FilterResourceRequirements;
		struct {
			ULONG WhichSpace;
			PVOID Buffer;
			ULONG Offset;
			/* x64: pointer-aligned */
			ULONG Length POINTER_ALIGNMENT;
		} ReadWriteConfig;
		struct {
			BOOLEAN Lock;
		} SetLock;
		struct {
			BUS_QUERY_ID_TYPE IdType;
		} QueryId;
		struct {
			DEVICE_TEXT_TYPE DeviceTextType;
			/* x64: pointer-aligned */
			LCID LocaleId POINTER_ALIGNMENT;
		} QueryDeviceText;
		struct {
			BOOLEAN InPath;
			BOOLEAN Reserved[3];
			/* x64: pointer-aligned */
			DEVICE_USAGE_NOTIFICATION_TYPE Type POINTER_ALIGNMENT;
		} UsageNotification;
		struct {
			SYSTEM_POWER_STATE PowerState;
		} WaitWake;
		struct {
			struct _POWER_SEQUENCE *PowerSequence;
		} PowerSequence;
		struct {
			union {
				ULONG SystemContext;
				SYSTEM_POWER_STATE_CONTEXT SystemPowerStateContext;
			};
			/* x64: pointer-aligned */
			POWER_STATE_TYPE Type POINTER_ALIGNMENT;
			/* x64: pointer-aligned */
			POWER_STATE State POINTER_ALIGNMENT;
			/* x64: pointer-aligned */
			POWER_ACTION ShutdownType POINTER_ALIGNMENT;
		} Power;
		struct {
			PCM_RESOURCE_LIST AllocatedResources;
			PCM_RESOURCE_LIST AllocatedResourcesTranslated;
		} StartDevice;
		struct {
			ULONG_PTR ProviderId;
			PVOID DataPath;
			ULONG BufferSize;
			PVOID Buffer;
		} WMI;
		struct {
			PVOID Argument1;
			PVOID Argument2;
			PVOID Argument3;
			PVOID Argument4;
		} Others;
	} Parameters;
	PDEVICE_OBJECT DeviceObject;
	PFILE_OBJECT FileObject;
	PIO_COMPLETION_ROUTINE CompletionRoutine;
	PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

/* Bytes an IRP of _StackSize locations takes (IoInitializeIrp's PacketSize). */
#define IoSizeOfIrp(_StackSize) \
	((USHORT)(sizeof(IRP) + ((_StackSize) * (sizeof(IO_STACK_LOCATION)))))

PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota);
VOID IoFreeIrp(PIRP Irp);
VOID IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize);
VOID IoReuseIrp(PIRP Irp, NTSTATUS Iostatus);
NTSTATUS IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);
VOID IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost);
BOOLEAN IoForwardIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS IoSetCompletionRoutineEx(PDEVICE_OBJECT DeviceObject, PIRP Irp,
				  PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID Context,
				  BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError,
				  BOOLEAN InvokeOnCancel);
#define IoCallDriver(a, b)		IofCallDriver(a, b)
#define IoCompleteRequest(a, b)		IofCompleteRequest(a, b)
#define IoForwardAndCatchIrp		IoForwardIrpSynchronously

/* As the WDK defines them: compiled into the driver. */
FORCEINLINE PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP Irp)
{
	return Irp->Tail.Overlay.CurrentStackLocation;
}

FORCEINLINE PIO_STACK_LOCATION IoGetNextIrpStackLocation(PIRP Irp)
{
	return Irp->Tail.Overlay.CurrentStackLocation - 1;
}

FORCEINLINE VOID IoSkipCurrentIrpStackLocation(PIRP Irp)
{
	Irp->CurrentLocation++;
	Irp->Tail.Overlay.CurrentStackLocation++;
}

FORCEINLINE VOID IoSetNextIrpStackLocation(PIRP Irp)
{
	Irp->CurrentLocation--;
	Irp->Tail.Overlay.CurrentStackLocation--;
}

/* Everything but the completion routine, its context and Control. */
FORCEINLINE VOID IoCopyCurrentIrpStackLocationToNext(PIRP Irp)
{
	PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
	PIO_STACK_LOCATION nextIrpSp = IoGetNextIrpStackLocation(Irp);

	__builtin_memcpy(nextIrpSp, irpSp, __builtin_offsetof(IO_STACK_LOCATION,
							      CompletionRoutine));
	nextIrpSp->Control = 0;
}

FORCEINLINE VOID IoSetCompletionRoutine(PIRP Irp, PIO_COMPLETION_ROUTINE CompletionRoutine,
					PVOID Context, BOOLEAN InvokeOnSuccess,
					BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel)
{
	PIO_STACK_LOCATION irpSp = IoGetNextIrpStackLocation(Irp);

	irpSp->CompletionRoutine = CompletionRoutine;
	irpSp->Context = Context;
	irpSp->Control = 0;
	if (InvokeOnSuccess)
		irpSp->Control = SL_INVOKE_ON_SUCCESS;
	if (InvokeOnError)
		irpSp->Control |= SL_INVOKE_ON_ERROR;
	if (InvokeOnCancel)
		irpSp->Control |= SL_INVOKE_ON_CANCEL;
}

FORCEINLINE VOID IoMarkIrpPending(PIRP Irp)
{
	IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
}

/*
 * The device stack. ObReferenceObject/ObDereferenceObject count references
 * to device objects (ntcompat has no other objects to count): a device
 * object deleted while referenced is freed at the last dereference.
 */
PDEVICE_OBJECT IoAttachDeviceToDeviceStack(PDEVICE_OBJECT SourceDevice,
					   PDEVICE_OBJECT TargetDevice);
NTSTATUS IoAttachDeviceToDeviceStackSafe(PDEVICE_OBJECT SourceDevice,
					 PDEVICE_OBJECT TargetDevice,
					 PDEVICE_OBJECT *AttachedToDeviceObject);
VOID IoDetachDevice(PDEVICE_OBJECT TargetDevice);
PDEVICE_OBJECT IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject);
PDEVICE_OBJECT IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject);
LONG_PTR ObfReferenceObject(PVOID Object);
LONG_PTR ObfDereferenceObject(PVOID Object);
#define ObReferenceObject(Object)	ObfReferenceObject(Object)
#define ObDereferenceObject(Object)	ObfDereferenceObject(Object)

/* ------------------------------------------------------------------------ */
/* IoConnectInterruptEx and friends (reference sections 2, 3, 4)            */

#define CONNECT_FULLY_SPECIFIED		0x1
#define CONNECT_LINE_BASED		0x2
#define CONNECT_MESSAGE_BASED		0x3
#define CONNECT_FULLY_SPECIFIED_GROUP	0x4
#define CONNECT_MESSAGE_BASED_PASSIVE	0x5
#define CONNECT_CURRENT_VERSION		0x5

typedef struct _IO_INTERRUPT_MESSAGE_INFO_ENTRY {
	PHYSICAL_ADDRESS MessageAddress;
	KAFFINITY TargetProcessorSet;
	PKINTERRUPT InterruptObject;
	ULONG MessageData;
	ULONG Vector;
	KIRQL Irql;
	KINTERRUPT_MODE Mode;
	KINTERRUPT_POLARITY Polarity;
} IO_INTERRUPT_MESSAGE_INFO_ENTRY, *PIO_INTERRUPT_MESSAGE_INFO_ENTRY;

typedef struct _IO_INTERRUPT_MESSAGE_INFO {
	KIRQL UnifiedIrql;
	ULONG MessageCount;
	NTC_DECLARE_ANYSIZE_ARRAY(IO_INTERRUPT_MESSAGE_INFO_ENTRY, MessageInfo);
} IO_INTERRUPT_MESSAGE_INFO, *PIO_INTERRUPT_MESSAGE_INFO;

typedef struct _IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS {
	PDEVICE_OBJECT PhysicalDeviceObject;
	PKINTERRUPT *InterruptObject;
	PKSERVICE_ROUTINE ServiceRoutine;
	PVOID ServiceContext;
	PKSPIN_LOCK SpinLock;
	KIRQL SynchronizeIrql;
	BOOLEAN FloatingSave;
	BOOLEAN ShareVector;
	ULONG Vector;
	KIRQL Irql;
	KINTERRUPT_MODE InterruptMode;
	KAFFINITY ProcessorEnableMask;
	USHORT Group;
} IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS,
	*PIO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS;

typedef struct _IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS {
	PDEVICE_OBJECT PhysicalDeviceObject;
	PKINTERRUPT *InterruptObject;
	PKSERVICE_ROUTINE ServiceRoutine;
	PVOID ServiceContext;
	PKSPIN_LOCK SpinLock;
	KIRQL SynchronizeIrql;
	BOOLEAN FloatingSave;
} IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS,
	*PIO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS;

typedef struct _IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS {
	PDEVICE_OBJECT PhysicalDeviceObject;
	union {
		PVOID *Generic;
		PIO_INTERRUPT_MESSAGE_INFO *InterruptMessageTable;
		PKINTERRUPT *InterruptObject;
	} ConnectionContext;
	PKMESSAGE_SERVICE_ROUTINE MessageServiceRoutine;
	PVOID ServiceContext;
	PKSPIN_LOCK SpinLock;
	KIRQL SynchronizeIrql;
	BOOLEAN FloatingSave;
	PKSERVICE_ROUTINE FallBackServiceRoutine;
} IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS,
	*PIO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS;

typedef struct _IO_CONNECT_INTERRUPT_PARAMETERS {
	ULONG Version;
	union {
		IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS FullySpecified;
		IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS LineBased;
		IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS MessageBased;
	};
} IO_CONNECT_INTERRUPT_PARAMETERS, *PIO_CONNECT_INTERRUPT_PARAMETERS;

typedef struct _IO_DISCONNECT_INTERRUPT_PARAMETERS {
	ULONG Version;
	union {
		PVOID Generic;
		PKINTERRUPT InterruptObject;
		PIO_INTERRUPT_MESSAGE_INFO InterruptMessageTable;
	} ConnectionContext;
} IO_DISCONNECT_INTERRUPT_PARAMETERS, *PIO_DISCONNECT_INTERRUPT_PARAMETERS;

typedef struct _IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS {
	ULONG Version;
	union {
		PVOID Generic;
		PKINTERRUPT InterruptObject;
		PIO_INTERRUPT_MESSAGE_INFO InterruptMessageTable;
	} ConnectionContext;
} IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS,
	*PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS;

NTSTATUS IoConnectInterruptEx(PIO_CONNECT_INTERRUPT_PARAMETERS Parameters);
VOID IoDisconnectInterruptEx(PIO_DISCONNECT_INTERRUPT_PARAMETERS Parameters);
NTSTATUS IoConnectInterrupt(PKINTERRUPT *InterruptObject,
			    PKSERVICE_ROUTINE ServiceRoutine,
			    PVOID ServiceContext,
			    PKSPIN_LOCK SpinLock,
			    ULONG Vector,
			    KIRQL Irql,
			    KIRQL SynchronizeIrql,
			    KINTERRUPT_MODE InterruptMode,
			    BOOLEAN ShareVector,
			    KAFFINITY ProcessorEnableMask,
			    BOOLEAN FloatingSave);
VOID IoDisconnectInterrupt(PKINTERRUPT InterruptObject);
VOID IoReportInterruptActive(PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters);
VOID IoReportInterruptInactive(PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters);
NTSTATUS IoGetAffinityInterrupt(PKINTERRUPT InterruptObject, PGROUP_AFFINITY GroupAffinity);

BOOLEAN KeSynchronizeExecution(PKINTERRUPT Interrupt,
			       PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
			       PVOID SynchronizeContext);
KIRQL KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt);
VOID KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt, KIRQL OldIrql);

/* ------------------------------------------------------------------------ */
/* IRQL and spin locks (reference section 6.4)                              */

KIRQL KeGetCurrentIrql(void);
KIRQL KfRaiseIrql(KIRQL NewIrql);
VOID KeLowerIrql(KIRQL NewIrql);
KIRQL KeRaiseIrqlToDpcLevel(void);
#define KeRaiseIrql(NewIrql, OldIrql)	(*(OldIrql) = KfRaiseIrql(NewIrql))

#ifdef CONFIG_LOCKDEP
/*
 * Debug kernels (lockdep): each call site of KeInitializeSpinLock is a lockdep
 * class, named after its argument, through a static object of the call site
 * (ntcompat/lockdep.c). Same signature and effect for the driver; taking
 * &KeInitializeSpinLock reaches the exported function of that name.
 */
typedef struct _NTCOMPAT_LOCK_CLASS {
	ULONG_PTR Reserved[2];		/* a struct lock_class_key */
} NTCOMPAT_LOCK_CLASS;

VOID ntcompat_init_spin_lock(PKSPIN_LOCK SpinLock, NTCOMPAT_LOCK_CLASS *Class, PCSTR Name);
VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock);
#define KeInitializeSpinLock(SpinLock)						\
	({									\
		static NTCOMPAT_LOCK_CLASS __ntc_lock_class;			\
		ntcompat_init_spin_lock((SpinLock), &__ntc_lock_class, #SpinLock); \
	})
#else
FORCEINLINE VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
	*SpinLock = 0;
}
#endif

KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
#define KeAcquireSpinLock(SpinLock, OldIrql) \
	(*(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock))

ULONG KeGetCurrentProcessorNumber(void);
ULONG KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors);

/* ------------------------------------------------------------------------ */
/* DPCs (reference section 7)                                               */

VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext);
VOID KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
			     PVOID DeferredContext);
BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2);
BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc);
VOID KeFlushQueuedDpcs(void);

/* As the WDK defines them: compiled into the driver (reference section 7.2). */
FORCEINLINE VOID IoInitializeDpcRequest(PDEVICE_OBJECT DeviceObject,
					PIO_DPC_ROUTINE DpcRoutine)
{
	KeInitializeDpc(&DeviceObject->Dpc, (PKDEFERRED_ROUTINE)DpcRoutine, DeviceObject);
}

FORCEINLINE VOID IoRequestDpc(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	KeInsertQueueDpc(&DeviceObject->Dpc, Irp, Context);
}

/* ------------------------------------------------------------------------ */
/* Timers and time (ntcompat/timer.c)                                       */

typedef enum _TIMER_TYPE {
	NotificationTimer,
	SynchronizationTimer,
} TIMER_TYPE;

#define TimerNotificationObject		8
#define TimerSynchronizationObject	9

/*
 * KTIMER: caller-allocated, 64 bytes on x64 (WDK layout); drivers treat it
 * as opaque and never free anything for it. ntcompat keeps its whole state
 * in these bytes, as ntoskrnl does: TimerListEntry links a set timer into
 * ntcompat's one sorted timer list, DueTime is the expiry (ntcompat's:
 * CLOCK_MONOTONIC nanoseconds, not NT interrupt time), Dpc and Period are
 * the KeSetTimerEx() arguments. ABI: do not add or reorder fields.
 */
typedef struct _KTIMER {
	DISPATCHER_HEADER Header;
	ULARGE_INTEGER DueTime;
	LIST_ENTRY TimerListEntry;
	struct _KDPC *Dpc;
	ULONG Processor;
	ULONG Period;
} KTIMER, *PKTIMER, *PRKTIMER;

VOID KeInitializeTimer(PKTIMER Timer);
VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type);
BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc);
BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc);
BOOLEAN KeCancelTimer(PKTIMER Timer);
BOOLEAN KeReadStateTimer(PKTIMER Timer);

/*
 * Time. On x64 the WDK makes KeQueryInterruptTime, KeQuerySystemTime and
 * KeQueryTickCount macros that read KUSER_SHARED_DATA; here they are
 * functions with the same call shape.
 */
ULONGLONG KeQueryInterruptTime(VOID);
ULONG KeQueryTimeIncrement(VOID);
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
VOID KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime);
VOID KeQueryTickCount(PLARGE_INTEGER CurrentCount);
LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency);

/* The once-a-second device timer; the IO_TIMER is ntcompat's (timer.c). */
typedef VOID IO_TIMER_ROUTINE(struct _DEVICE_OBJECT *DeviceObject, PVOID Context);
typedef IO_TIMER_ROUTINE *PIO_TIMER_ROUTINE;

NTSTATUS IoInitializeTimer(PDEVICE_OBJECT DeviceObject, PIO_TIMER_ROUTINE TimerRoutine,
			   PVOID Context);
VOID IoStartTimer(PDEVICE_OBJECT DeviceObject);
VOID IoStopTimer(PDEVICE_OBJECT DeviceObject);

/* ------------------------------------------------------------------------ */
/* Events and waits (ntcompat/wait.c), remove locks (ntcompat/remlock.c)    */

typedef LONG KPRIORITY;

/* KPROCESSOR_MODE and MODE: with the IRPs above. */
typedef enum _WAIT_TYPE {
	WaitAll,
	WaitAny,
	WaitNotification,
	WaitDequeue,
} WAIT_TYPE;

/* Why a thread waits; recorded by Windows for debuggers, ignored here. */
typedef enum _KWAIT_REASON {
	Executive,
	FreePage,
	PageIn,
	PoolAllocation,
	DelayExecution,
	Suspended,
	UserRequest,
	WrExecutive,
	WrFreePage,
	WrPageIn,
	WrPoolAllocation,
	WrDelayExecution,
	WrSuspended,
	WrUserRequest,
	WrSpare0,
	WrQueue,
	WrLpcReceive,
	WrLpcReply,
	WrVirtualMemory,
	WrPageOut,
	WrRendezvous,
	WrKeyedEvent,
	WrTerminated,
	WrProcessInSwap,
	WrCpuRateControl,
	WrCalloutStack,
	WrKernel,
	WrResource,
	WrPushLock,
	WrMutex,
	WrQuantumEnd,
	WrDispatchInt,
	WrPreempted,
	WrYieldExecution,
	WrFastMutex,
	WrGuardedMutex,
	WrRundown,
	WrAlertByThreadId,
	WrDeferredPreempt,
	WrPhysicalFault,
	MaximumWaitReason
} KWAIT_REASON;

/* KeSetEvent()'s priority boost (ignored: Linux's scheduler decides); IO_NO_INCREMENT above. */
#define EVENT_INCREMENT			1

/*
 * Wait blocks (x64 layout, 0x30 bytes, the WDK's since Windows 8): one per
 * object of a wait, linked into the object's WaitListHead while the thread
 * waits. A wait on up to THREAD_WAIT_OBJECTS objects uses blocks on the
 * waiter's stack (NT: in the KTHREAD); more need a caller's WaitBlockArray
 * of Count blocks, resident for the duration of the wait. Thread points at
 * ntcompat's record of the waiting thread, not at a KTHREAD.
 */
typedef struct _KWAIT_BLOCK {
	LIST_ENTRY WaitListEntry;
	UCHAR WaitType;
	volatile UCHAR BlockState;
	USHORT WaitKey;
#if defined(__x86_64__)
	LONG SpareLong;
#endif
	struct _KTHREAD *Thread;
	PVOID Object;
	PVOID SparePtr;
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;

#define THREAD_WAIT_OBJECTS		3
#define MAXIMUM_WAIT_OBJECTS		64

VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
LONG KeResetEvent(PRKEVENT Event);
VOID KeClearEvent(PRKEVENT Event);
LONG KeReadStateEvent(PRKEVENT Event);
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
			       BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
				  KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
				  BOOLEAN Alertable, PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray);

/*
 * The remove lock (free-build layout: the common block only, also when DBG
 * is 1; the checked build's tag tracking is not provided). IoCount is 1
 * while nobody holds it; IoReleaseRemoveLockAndWait() sets Removed, drops
 * its own and the initial count and waits for RemoveEvent, which the last
 * release sets.
 */
typedef struct _IO_REMOVE_LOCK_COMMON_BLOCK {
	BOOLEAN Removed;
	BOOLEAN Reserved[3];
	volatile LONG IoCount;
	KEVENT RemoveEvent;
} IO_REMOVE_LOCK_COMMON_BLOCK;

typedef struct _IO_REMOVE_LOCK {
	IO_REMOVE_LOCK_COMMON_BLOCK Common;
} IO_REMOVE_LOCK, *PIO_REMOVE_LOCK;

VOID IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock, ULONG AllocateTag, ULONG MaxLockedMinutes,
			      ULONG HighWatermark, ULONG RemlockSize);
NTSTATUS IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, PCSTR File, ULONG Line,
			       ULONG RemlockSize);
VOID IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize);
VOID IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize);

#define IoInitializeRemoveLock(Lock, Tag, Maxmin, HighWater) \
	IoInitializeRemoveLockEx(Lock, Tag, Maxmin, HighWater, sizeof(IO_REMOVE_LOCK))
#define IoAcquireRemoveLock(RemoveLock, Tag) \
	IoAcquireRemoveLockEx(RemoveLock, Tag, __FILE__, __LINE__, sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLock(RemoveLock, Tag) \
	IoReleaseRemoveLockEx(RemoveLock, Tag, sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLockAndWait(RemoveLock, Tag) \
	IoReleaseRemoveLockAndWaitEx(RemoveLock, Tag, sizeof(IO_REMOVE_LOCK))

/* ------------------------------------------------------------------------ */
/* Devices, registers, ports, delays                                        */

NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize,
			PUNICODE_STRING DeviceName, DEVICE_TYPE DeviceType,
			ULONG DeviceCharacteristics, BOOLEAN Exclusive,
			PDEVICE_OBJECT *DeviceObject);
VOID IoDeleteDevice(PDEVICE_OBJECT DeviceObject);

typedef enum _MEMORY_CACHING_TYPE {
	MmNonCached = 0,
	MmCached = 1,
	MmWriteCombined = 2,
	MmHardwareCoherentCached = 3,
	MmNonCachedUnordered = 4,
	MmUSWCCached = 5,
	MmMaximumCacheType = 6,
	MmNotMapped = -1,
} MEMORY_CACHING_TYPE;

PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
		   MEMORY_CACHING_TYPE CacheType);
VOID MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes);

UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register);
USHORT READ_REGISTER_USHORT(volatile USHORT *Register);
ULONG READ_REGISTER_ULONG(volatile ULONG *Register);
VOID WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value);
VOID WRITE_REGISTER_USHORT(volatile USHORT *Register, USHORT Value);
VOID WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value);

UCHAR READ_PORT_UCHAR(PUCHAR Port);
USHORT READ_PORT_USHORT(PUSHORT Port);
ULONG READ_PORT_ULONG(PULONG Port);
VOID WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value);
VOID WRITE_PORT_USHORT(PUSHORT Port, USHORT Value);
VOID WRITE_PORT_ULONG(PULONG Port, ULONG Value);

/*
 * PIO data phases. The port forms move Count items through one port (the
 * x86 string instructions: a FIFO); the register forms copy Count items
 * between a mapped register range and Buffer, one access of the item's
 * width each, both addresses advancing (the WDK's movs). Exported by
 * ntcompat rather than inline: this header sees no Linux header.
 */
VOID READ_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count);
VOID READ_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count);
VOID READ_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count);
VOID WRITE_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count);
VOID WRITE_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count);
VOID WRITE_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count);

VOID READ_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, PUCHAR Buffer, ULONG Count);
VOID READ_REGISTER_BUFFER_USHORT(volatile USHORT *Register, PUSHORT Buffer, ULONG Count);
VOID READ_REGISTER_BUFFER_ULONG(volatile ULONG *Register, PULONG Buffer, ULONG Count);
VOID WRITE_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, PUCHAR Buffer, ULONG Count);
VOID WRITE_REGISTER_BUFFER_USHORT(volatile USHORT *Register, PUSHORT Buffer, ULONG Count);
VOID WRITE_REGISTER_BUFFER_ULONG(volatile ULONG *Register, PULONG Buffer, ULONG Count);

#ifdef __LP64__		/* _WIN64 */
ULONG64 READ_REGISTER_ULONG64(volatile ULONG64 *Register);
VOID WRITE_REGISTER_ULONG64(volatile ULONG64 *Register, ULONG64 Value);
VOID READ_REGISTER_BUFFER_ULONG64(volatile ULONG64 *Register, PULONG64 Buffer, ULONG Count);
VOID WRITE_REGISTER_BUFFER_ULONG64(volatile ULONG64 *Register, PULONG64 Buffer, ULONG Count);
#endif

VOID KeStallExecutionProcessor(ULONG MicroSeconds);

/*
 * Debug output (dpfilter.h, wdm.h). The formats have NT semantics (LLP64:
 * %lx is a 32-bit ULONG, %I64x and %llx 64-bit, %Ix pointer-size; %wZ,
 * %Z, %ws/%S, %hs, %C, ...; see ntcompat/dbgprint.c), so the prototypes
 * carry no printf format attribute: gcc's printf checking would reject a
 * ported driver's correct "%lx" with a ULONG. Levels map to KERN_ERR
 * (ERROR), KERN_WARNING (WARNING), KERN_INFO (TRACE, and DbgPrint) and
 * KERN_DEBUG (INFO and above). Output is cut at 512 bytes, as on NT.
 */
#define DPFLTR_ERROR_LEVEL	0
#define DPFLTR_WARNING_LEVEL	1
#define DPFLTR_TRACE_LEVEL	2
#define DPFLTR_INFO_LEVEL	3
#define DPFLTR_MASK		0x80000000

/* The component IDs a device driver uses (the WDK's values). */
typedef enum _DPFLTR_TYPE {
	DPFLTR_SYSTEM_ID = 0,
	DPFLTR_SCSIPORT_ID = 12,
	DPFLTR_SCSIMINIPORT_ID = 13,
	DPFLTR_SERIAL_ID = 39,
	DPFLTR_PCI_ID = 66,
	DPFLTR_IHVDRIVER_ID = 77,
	DPFLTR_IHVVIDEO_ID = 78,
	DPFLTR_IHVAUDIO_ID = 79,
	DPFLTR_IHVNETWORK_ID = 80,
	DPFLTR_IHVSTREAMING_ID = 81,
	DPFLTR_IHVBUS_ID = 82,
	DPFLTR_STORPORT_ID = 89,
	DPFLTR_STORMINIPORT_ID = 90,
	DPFLTR_DEFAULT_ID = 101,
} DPFLTR_TYPE;

ULONG DbgPrint(PCSTR Format, ...);
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, __builtin_va_list arglist);
#if defined(DBG) && DBG
#define KdPrint(_x_)	DbgPrint _x_
#define KdPrintEx(_x_)	DbgPrintEx _x_
#define vKdPrintEx(_x_)	vDbgPrintEx _x_
#else
#define KdPrint(_x_)	((void)0)
#define KdPrintEx(_x_)	((void)0)
#define vKdPrintEx(_x_)	((void)0)
#endif

/*
 * Interlocked operations: the WDK's compiler intrinsics, on the compiler's
 * atomics, sequentially consistent (a lock-prefixed instruction on x64).
 * Types keep their NT widths: LONG is 32-bit, LONG64 64-bit, SHORT 16,
 * CHAR 8. Return values as in the WDK: Increment, Decrement and Add return
 * the new value; Exchange, ExchangeAdd, And, Or, Xor and CompareExchange
 * the previous one.
 */
FORCEINLINE LONG InterlockedIncrement(LONG volatile *Addend)
{
	return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG InterlockedDecrement(LONG volatile *Addend)
{
	return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
	return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG InterlockedAdd(LONG volatile *Addend, LONG Value)
{
	return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG InterlockedExchange(LONG volatile *Target, LONG Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG InterlockedCompareExchange(LONG volatile *Destination, LONG Exchange,
					    LONG Comperand)
{
	__atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comperand;
}

FORCEINLINE LONG InterlockedAnd(LONG volatile *Destination, LONG Value)
{
	return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG InterlockedOr(LONG volatile *Destination, LONG Value)
{
	return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG InterlockedXor(LONG volatile *Destination, LONG Value)
{
	return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedIncrement64(LONG64 volatile *Addend)
{
	return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedDecrement64(LONG64 volatile *Addend)
{
	return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value)
{
	return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedAdd64(LONG64 volatile *Addend, LONG64 Value)
{
	return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedExchange64(LONG64 volatile *Target, LONG64 Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination, LONG64 Exchange,
						LONG64 Comperand)
{
	__atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comperand;
}

FORCEINLINE LONG64 InterlockedAnd64(LONG64 volatile *Destination, LONG64 Value)
{
	return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedOr64(LONG64 volatile *Destination, LONG64 Value)
{
	return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE LONG64 InterlockedXor64(LONG64 volatile *Destination, LONG64 Value)
{
	return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE SHORT InterlockedIncrement16(SHORT volatile *Addend)
{
	return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

FORCEINLINE SHORT InterlockedDecrement16(SHORT volatile *Addend)
{
	return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

FORCEINLINE SHORT InterlockedExchange16(SHORT volatile *Target, SHORT Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE SHORT InterlockedCompareExchange16(SHORT volatile *Destination, SHORT Exchange,
					       SHORT Comperand)
{
	__atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comperand;
}

FORCEINLINE SHORT InterlockedAnd16(SHORT volatile *Destination, SHORT Value)
{
	return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE SHORT InterlockedOr16(SHORT volatile *Destination, SHORT Value)
{
	return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE SHORT InterlockedXor16(SHORT volatile *Destination, SHORT Value)
{
	return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE CHAR InterlockedExchange8(CHAR volatile *Target, CHAR Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE CHAR InterlockedCompareExchange8(CHAR volatile *Destination, CHAR Exchange,
					     CHAR Comperand)
{
	__atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comperand;
}

FORCEINLINE CHAR InterlockedAnd8(CHAR volatile *Destination, CHAR Value)
{
	return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE CHAR InterlockedOr8(CHAR volatile *Destination, CHAR Value)
{
	return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE CHAR InterlockedXor8(CHAR volatile *Destination, CHAR Value)
{
	return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST);
}

/* The ISR <-> dispatch hand-off: pointers exchanged whole. */
FORCEINLINE PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

FORCEINLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange,
						    PVOID Comperand)
{
	__atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comperand;
}

/*
 * The Acquire, Release and NoFence forms: on x64 every interlocked
 * instruction is a full barrier, so the WDK's x64 wdm.h maps them to the
 * plain forms, and so does this header: a full barrier orders at least as
 * much as each of them asks.
 */
#define InterlockedIncrementAcquire	InterlockedIncrement
#define InterlockedIncrementRelease	InterlockedIncrement
#define InterlockedIncrementNoFence	InterlockedIncrement
#define InterlockedDecrementAcquire	InterlockedDecrement
#define InterlockedDecrementRelease	InterlockedDecrement
#define InterlockedDecrementNoFence	InterlockedDecrement
#define InterlockedExchangeAcquire	InterlockedExchange
#define InterlockedExchangeRelease	InterlockedExchange
#define InterlockedExchangeNoFence	InterlockedExchange
#define InterlockedExchangeAddAcquire	InterlockedExchangeAdd
#define InterlockedExchangeAddRelease	InterlockedExchangeAdd
#define InterlockedExchangeAddNoFence	InterlockedExchangeAdd
#define InterlockedAddAcquire	InterlockedAdd
#define InterlockedAddRelease	InterlockedAdd
#define InterlockedAddNoFence	InterlockedAdd
#define InterlockedCompareExchangeAcquire	InterlockedCompareExchange
#define InterlockedCompareExchangeRelease	InterlockedCompareExchange
#define InterlockedCompareExchangeNoFence	InterlockedCompareExchange
#define InterlockedAndAcquire	InterlockedAnd
#define InterlockedAndRelease	InterlockedAnd
#define InterlockedAndNoFence	InterlockedAnd
#define InterlockedOrAcquire	InterlockedOr
#define InterlockedOrRelease	InterlockedOr
#define InterlockedOrNoFence	InterlockedOr
#define InterlockedXorAcquire	InterlockedXor
#define InterlockedXorRelease	InterlockedXor
#define InterlockedXorNoFence	InterlockedXor
#define InterlockedIncrementAcquire64	InterlockedIncrement64
#define InterlockedIncrementRelease64	InterlockedIncrement64
#define InterlockedIncrementNoFence64	InterlockedIncrement64
#define InterlockedDecrementAcquire64	InterlockedDecrement64
#define InterlockedDecrementRelease64	InterlockedDecrement64
#define InterlockedDecrementNoFence64	InterlockedDecrement64
#define InterlockedExchangeAcquire64	InterlockedExchange64
#define InterlockedExchangeRelease64	InterlockedExchange64
#define InterlockedExchangeNoFence64	InterlockedExchange64
#define InterlockedExchangeAddAcquire64	InterlockedExchangeAdd64
#define InterlockedExchangeAddRelease64	InterlockedExchangeAdd64
#define InterlockedExchangeAddNoFence64	InterlockedExchangeAdd64
#define InterlockedAddAcquire64	InterlockedAdd64
#define InterlockedAddRelease64	InterlockedAdd64
#define InterlockedAddNoFence64	InterlockedAdd64
#define InterlockedCompareExchangeAcquire64	InterlockedCompareExchange64
#define InterlockedCompareExchangeRelease64	InterlockedCompareExchange64
#define InterlockedCompareExchangeNoFence64	InterlockedCompareExchange64
#define InterlockedAnd64Acquire	InterlockedAnd64
#define InterlockedAnd64Release	InterlockedAnd64
#define InterlockedAnd64NoFence	InterlockedAnd64
#define InterlockedOr64Acquire	InterlockedOr64
#define InterlockedOr64Release	InterlockedOr64
#define InterlockedOr64NoFence	InterlockedOr64
#define InterlockedXor64Acquire	InterlockedXor64
#define InterlockedXor64Release	InterlockedXor64
#define InterlockedXor64NoFence	InterlockedXor64
#define InterlockedAnd16Acquire	InterlockedAnd16
#define InterlockedAnd16Release	InterlockedAnd16
#define InterlockedAnd16NoFence	InterlockedAnd16
#define InterlockedOr16Acquire	InterlockedOr16
#define InterlockedOr16Release	InterlockedOr16
#define InterlockedOr16NoFence	InterlockedOr16
#define InterlockedXor16Acquire	InterlockedXor16
#define InterlockedXor16Release	InterlockedXor16
#define InterlockedXor16NoFence	InterlockedXor16
#define InterlockedAnd8Acquire	InterlockedAnd8
#define InterlockedAnd8Release	InterlockedAnd8
#define InterlockedAnd8NoFence	InterlockedAnd8
#define InterlockedOr8Acquire	InterlockedOr8
#define InterlockedOr8Release	InterlockedOr8
#define InterlockedOr8NoFence	InterlockedOr8
#define InterlockedXor8Acquire	InterlockedXor8
#define InterlockedXor8Release	InterlockedXor8
#define InterlockedXor8NoFence	InterlockedXor8
#define InterlockedExchangePointerAcquire	InterlockedExchangePointer
#define InterlockedExchangePointerRelease	InterlockedExchangePointer
#define InterlockedExchangePointerNoFence	InterlockedExchangePointer
#define InterlockedCompareExchangePointerAcquire	InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease	InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerNoFence	InterlockedCompareExchangePointer

#define InterlockedExchangeSubtract(Addend, Value) \
	((ULONG)InterlockedExchangeAdd((LONG volatile *)(Addend), -(LONG)(Value)))
#define InterlockedOrAffinity(Target, Set) \
	((KAFFINITY)InterlockedOr64((LONG64 volatile *)(Target), (LONG64)(Set)))
#define InterlockedAndAffinity(Target, Set) \
	((KAFFINITY)InterlockedAnd64((LONG64 volatile *)(Target), (LONG64)(Set)))
#define InterlockedExchangeAddSizeT(a, b) \
	((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile *)(a), (LONG64)(b)))
#define InterlockedIncrementSizeT(a)	((SIZE_T)InterlockedIncrement64((LONG64 volatile *)(a)))
#define InterlockedDecrementSizeT(a)	((SIZE_T)InterlockedDecrement64((LONG64 volatile *)(a)))

/* Bit Offset of the bit string at Base: set/reset/complement, return the old bit. */
FORCEINLINE BOOLEAN InterlockedBitTestAndSet(LONG volatile *Base, LONG Offset)
{
	LONG Mask = (LONG)(1U << (Offset & 31));

	return (__atomic_fetch_or(Base + (Offset >> 5), Mask, __ATOMIC_SEQ_CST) & Mask) != 0;
}

FORCEINLINE BOOLEAN InterlockedBitTestAndReset(LONG volatile *Base, LONG Offset)
{
	LONG Mask = (LONG)(1U << (Offset & 31));

	return (__atomic_fetch_and(Base + (Offset >> 5), ~Mask, __ATOMIC_SEQ_CST) & Mask) != 0;
}

FORCEINLINE BOOLEAN InterlockedBitTestAndComplement(LONG volatile *Base, LONG Offset)
{
	LONG Mask = (LONG)(1U << (Offset & 31));

	return (__atomic_fetch_xor(Base + (Offset >> 5), Mask, __ATOMIC_SEQ_CST) & Mask) != 0;
}

FORCEINLINE BOOLEAN InterlockedBitTestAndSet64(LONG64 volatile *Base, LONG64 Offset)
{
	LONG64 Mask = (LONG64)(1ULL << (Offset & 63));

	return (__atomic_fetch_or(Base + (Offset >> 6), Mask, __ATOMIC_SEQ_CST) & Mask) != 0;
}

FORCEINLINE BOOLEAN InterlockedBitTestAndReset64(LONG64 volatile *Base, LONG64 Offset)
{
	LONG64 Mask = (LONG64)(1ULL << (Offset & 63));

	return (__atomic_fetch_and(Base + (Offset >> 6), ~Mask, __ATOMIC_SEQ_CST) & Mask) != 0;
}

/* Plain loads and stores with the ordering their names say (the WDK's ReadAcquire & co.). */
FORCEINLINE LONG ReadAcquire(const LONG volatile *Source)
{
	return __atomic_load_n(Source, __ATOMIC_ACQUIRE);
}

FORCEINLINE LONG ReadNoFence(const LONG volatile *Source)
{
	return __atomic_load_n(Source, __ATOMIC_RELAXED);
}

FORCEINLINE VOID WriteRelease(LONG volatile *Destination, LONG Value)
{
	__atomic_store_n(Destination, Value, __ATOMIC_RELEASE);
}

FORCEINLINE VOID WriteNoFence(LONG volatile *Destination, LONG Value)
{
	__atomic_store_n(Destination, Value, __ATOMIC_RELAXED);
}

FORCEINLINE PVOID ReadPointerAcquire(PVOID const volatile *Source)
{
	return __atomic_load_n(Source, __ATOMIC_ACQUIRE);
}

FORCEINLINE VOID WritePointerRelease(PVOID volatile *Destination, PVOID Value)
{
	__atomic_store_n(Destination, Value, __ATOMIC_RELEASE);
}

FORCEINLINE VOID KeMemoryBarrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

#define KeMemoryBarrierWithoutFence()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _ReadWriteBarrier()		__atomic_signal_fence(__ATOMIC_SEQ_CST)

/* Doubly linked lists, as the WDK defines them (inline in the driver). */
FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead)
{
	ListHead->Flink = ListHead;
	ListHead->Blink = ListHead;
}

FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
	return ListHead->Flink == ListHead;
}

FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
	PLIST_ENTRY Blink = Entry->Blink, Flink = Entry->Flink;

	Blink->Flink = Flink;
	Flink->Blink = Blink;
	return Flink == Blink;
}

FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
	PLIST_ENTRY Entry = ListHead->Flink;

	RemoveEntryList(Entry);
	return Entry;
}

FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead)
{
	PLIST_ENTRY Entry = ListHead->Blink;

	RemoveEntryList(Entry);
	return Entry;
}

FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	PLIST_ENTRY Blink = ListHead->Blink;

	Entry->Flink = ListHead;
	Entry->Blink = Blink;
	Blink->Flink = Entry;
	ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
	PLIST_ENTRY Flink = ListHead->Flink;

	Entry->Flink = Flink;
	Entry->Blink = ListHead;
	Flink->Blink = Entry;
	ListHead->Flink = Entry;
}

/* Singly linked lists, as the WDK defines them (inline in the driver). */
FORCEINLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry)
{
	Entry->Next = ListHead->Next;
	ListHead->Next = Entry;
}

FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead)
{
	PSINGLE_LIST_ENTRY FirstEntry = ListHead->Next;

	if (FirstEntry)
		ListHead->Next = FirstEntry->Next;
	return FirstEntry;
}

/*
 * Lists shared with an ISR: each call disables interrupts on the CPU, takes
 * Lock (a KSPIN_LOCK used for nothing else), does the list operation and
 * undoes both, so it may be called at any IRQL, from an ISR as from a DPC.
 * Insert/Push return the entry that was first (NULL: the list was empty),
 * Remove/Pop the entry removed (NULL: empty).
 */
PLIST_ENTRY ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock);
PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock);
PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
					      PSINGLE_LIST_ENTRY ListEntry, PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock);

/* ------------------------------------------------------------------------ */
/* Run-time library: memory, assertions                                     */

SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length);
VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
	       PCHAR MutableMessage);

/*
 * ASSERT and friends: checked (DBG) builds report a failed assertion through
 * RtlAssert() (a kernel warning with a stack); free builds compile them out,
 * as the WDK does. NT_VERIFY evaluates its expression in both.
 */
#define NOP_FUNCTION	((void)0)
#if DBG
#define ASSERT(exp) \
	((!(exp)) ? RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, NULL) : (void)0)
#define ASSERTMSG(msg, exp) \
	((!(exp)) ? RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, (PCHAR)(msg)) : (void)0)
#define NT_VERIFY(exp) \
	((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, NULL), FALSE) : TRUE)
#define NT_VERIFYMSG(msg, exp) \
	((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, (PCHAR)(msg)), \
		     FALSE) : TRUE)
#else
#define ASSERT(exp)		((void)0)
#define ASSERTMSG(msg, exp)	((void)0)
#define NT_VERIFY(exp)		((exp) ? TRUE : FALSE)
#define NT_VERIFYMSG(msg, exp)	((exp) ? TRUE : FALSE)
#endif
/*
 * PAGED_CODE(): pageable code runs at IRQL <= APC_LEVEL. On Windows its page
 * may be out, and touching it above APC_LEVEL is bug check
 * IRQL_NOT_LESS_OR_EQUAL (0xA). Nothing is paged on Linux, but the call is a
 * driver bug all the same, so the rule is checked in every build (the WDK
 * checks it only when DBG is 1): the first violation at each call site is
 * reported through RtlAssert(), a kernel warning with a stack. Cost: one
 * IRQL read (a KeGetCurrentIrql() call) per execution.
 */
#define PAGED_CODE()								\
	do {									\
		static BOOLEAN ntc_paged_code_reported;				\
		if (KeGetCurrentIrql() > APC_LEVEL &&				\
		    !__atomic_exchange_n(&ntc_paged_code_reported, 1, __ATOMIC_RELAXED)) \
			RtlAssert((PVOID)"KeGetCurrentIrql() <= APC_LEVEL",	\
				  (PVOID)__FILE__, __LINE__,			\
				  (PCHAR)"PAGED_CODE: pageable code above APC_LEVEL " \
				  "(IRQL_NOT_LESS_OR_EQUAL, bug check 0xA, on Windows)"); \
	} while (0)
#define NT_ASSERT(exp)			ASSERT(exp)
#define NT_ASSERTMSG(msg, exp)		ASSERTMSG(msg, exp)
#define NT_ASSERT_ASSUME(exp)		ASSERT(exp)
#define NT_FRE_ASSERT(exp)		((!(exp)) ? RtlAssert((PVOID)#exp, (PVOID)__FILE__, \
							      __LINE__, NULL) : (void)0)
#define RTL_SOFT_ASSERT(exp)		ASSERT(exp)
#define PAGED_CODE_LOCKED()		NOP_FUNCTION

/* ------------------------------------------------------------------------ */
/* Windows x64 layouts (reference sections 2.1, 3, 4, 7.4, 9)               */

/* sparse ignores #pragma pack, so it cannot check these. */
#if defined(__x86_64__) && !defined(__CHECKER__)
#define NTC_LAYOUT(type, field, off) \
	_Static_assert(__builtin_offsetof(type, field) == (off), \
		       #type "." #field " must sit at offset " #off " as on Windows x64")
#define NTC_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), \
		       "sizeof(" #type ") must be " #size " as on Windows x64")

NTC_SIZE(ULONG, 4);
NTC_SIZE(LONG, 4);
NTC_SIZE(ULONG_PTR, 8);
NTC_SIZE(KAFFINITY, 8);
NTC_SIZE(KSPIN_LOCK, 8);
NTC_SIZE(KINTERRUPT_MODE, 4);
NTC_SIZE(KINTERRUPT_POLARITY, 4);
NTC_SIZE(PHYSICAL_ADDRESS, 8);

NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, InterruptObject, 8);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ServiceRoutine, 16);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ServiceContext, 24);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, SpinLock, 32);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, SynchronizeIrql, 40);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, FloatingSave, 41);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ShareVector, 42);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Vector, 44);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Irql, 48);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, InterruptMode, 52);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ProcessorEnableMask, 56);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Group, 64);
NTC_SIZE(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, 72);

NTC_LAYOUT(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, SpinLock, 32);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, SynchronizeIrql, 40);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, FloatingSave, 41);
NTC_SIZE(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, 48);

NTC_LAYOUT(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, ConnectionContext, 8);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, MessageServiceRoutine, 16);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, ServiceContext, 24);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, SpinLock, 32);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, SynchronizeIrql, 40);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, FloatingSave, 41);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, FallBackServiceRoutine, 48);
NTC_SIZE(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS, 56);

NTC_LAYOUT(IO_CONNECT_INTERRUPT_PARAMETERS, FullySpecified, 8);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_PARAMETERS, LineBased, 8);
NTC_LAYOUT(IO_CONNECT_INTERRUPT_PARAMETERS, MessageBased, 8);
NTC_SIZE(IO_CONNECT_INTERRUPT_PARAMETERS, 80);

NTC_LAYOUT(IO_DISCONNECT_INTERRUPT_PARAMETERS, ConnectionContext, 8);
NTC_SIZE(IO_DISCONNECT_INTERRUPT_PARAMETERS, 16);
NTC_LAYOUT(IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS, ConnectionContext, 8);
NTC_SIZE(IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS, 16);

NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO_ENTRY, TargetProcessorSet, 8);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO_ENTRY, InterruptObject, 16);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO_ENTRY, MessageData, 24);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Vector, 28);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Irql, 32);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Mode, 36);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Polarity, 40);
NTC_SIZE(IO_INTERRUPT_MESSAGE_INFO_ENTRY, 48);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO, MessageCount, 4);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO, MessageInfo, 8);
NTC_LAYOUT(IO_INTERRUPT_MESSAGE_INFO, MessageInfo[1], 56);
NTC_SIZE(IO_INTERRUPT_MESSAGE_INFO, 56);

NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u, 4);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Level, 4);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Group, 6);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Vector, 8);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Affinity, 12);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.Group, 4);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.MessageCount, 6);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Level, 4);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Vector, 8);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Affinity, 12);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory.Length, 12);
NTC_SIZE(CM_PARTIAL_RESOURCE_DESCRIPTOR, 20);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors, 8);
NTC_LAYOUT(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors[1], 28);
NTC_SIZE(CM_PARTIAL_RESOURCE_LIST, 28);
NTC_LAYOUT(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList, 8);
NTC_SIZE(CM_FULL_RESOURCE_DESCRIPTOR, 36);
NTC_LAYOUT(CM_RESOURCE_LIST, List, 4);
NTC_LAYOUT(CM_RESOURCE_LIST, List[1], 40);
NTC_SIZE(CM_RESOURCE_LIST, 40);

NTC_SIZE(GROUP_AFFINITY, 16);
NTC_LAYOUT(GROUP_AFFINITY, Group, 8);

NTC_LAYOUT(KDPC, DpcListEntry, 8);
NTC_LAYOUT(KDPC, DeferredRoutine, 24);
NTC_LAYOUT(KDPC, DeferredContext, 32);
NTC_LAYOUT(KDPC, SystemArgument1, 40);
NTC_LAYOUT(KDPC, SystemArgument2, 48);
NTC_LAYOUT(KDPC, DpcData, 56);
NTC_SIZE(KDPC, 64);

NTC_LAYOUT(DISPATCHER_HEADER, SignalState, 4);
NTC_LAYOUT(DISPATCHER_HEADER, WaitListHead, 8);
NTC_SIZE(DISPATCHER_HEADER, 24);
NTC_LAYOUT(KTIMER, DueTime, 0x18);
NTC_LAYOUT(KTIMER, TimerListEntry, 0x20);
NTC_LAYOUT(KTIMER, Dpc, 0x30);
NTC_LAYOUT(KTIMER, Processor, 0x38);
NTC_LAYOUT(KTIMER, Period, 0x3c);
NTC_SIZE(KTIMER, 64);
NTC_SIZE(KEVENT, 24);
NTC_LAYOUT(KWAIT_BLOCK, WaitType, 0x10);
NTC_LAYOUT(KWAIT_BLOCK, WaitKey, 0x12);
NTC_LAYOUT(KWAIT_BLOCK, Thread, 0x18);
NTC_LAYOUT(KWAIT_BLOCK, Object, 0x20);
NTC_SIZE(KWAIT_BLOCK, 0x30);
NTC_LAYOUT(IO_REMOVE_LOCK, Common.IoCount, 4);
NTC_LAYOUT(IO_REMOVE_LOCK, Common.RemoveEvent, 8);
NTC_SIZE(IO_REMOVE_LOCK, 32);

NTC_LAYOUT(DEVICE_OBJECT, Timer, 0x28);
NTC_LAYOUT(DEVICE_OBJECT, Vpb, 0x38);
NTC_LAYOUT(DEVICE_OBJECT, DeviceExtension, 0x40);
NTC_LAYOUT(DEVICE_OBJECT, StackSize, 0x4c);
NTC_LAYOUT(DEVICE_OBJECT, Queue, 0x50);
NTC_LAYOUT(DEVICE_OBJECT, AlignmentRequirement, 0x98);
NTC_LAYOUT(DEVICE_OBJECT, SecurityDescriptor, 0x110);
NTC_LAYOUT(DEVICE_OBJECT, DeviceLock, 0x118);
NTC_LAYOUT(DEVICE_OBJECT, SectorSize, 0x130);
NTC_LAYOUT(DEVICE_OBJECT, DeviceObjectExtension, 0x138);
NTC_LAYOUT(DEVICE_OBJECT, DeviceQueue, 0xa0);
NTC_LAYOUT(DEVICE_OBJECT, Dpc, 0xc8);
NTC_LAYOUT(DEVICE_OBJECT, Reserved, 0x140);
NTC_SIZE(DEVICE_OBJECT, 0x150);
NTC_LAYOUT(IRP, MdlAddress, 0x08);
NTC_LAYOUT(IRP, Flags, 0x10);
NTC_LAYOUT(IRP, AssociatedIrp, 0x18);
NTC_LAYOUT(IRP, ThreadListEntry, 0x20);
NTC_LAYOUT(IRP, IoStatus, 0x30);
NTC_LAYOUT(IRP, IoStatus.Information, 0x38);
NTC_LAYOUT(IRP, RequestorMode, 0x40);
NTC_LAYOUT(IRP, PendingReturned, 0x41);
NTC_LAYOUT(IRP, StackCount, 0x42);
NTC_LAYOUT(IRP, CurrentLocation, 0x43);
NTC_LAYOUT(IRP, Cancel, 0x44);
NTC_LAYOUT(IRP, CancelIrql, 0x45);
NTC_LAYOUT(IRP, AllocationFlags, 0x47);
NTC_LAYOUT(IRP, UserIosb, 0x48);
NTC_LAYOUT(IRP, UserEvent, 0x50);
NTC_LAYOUT(IRP, Overlay, 0x58);
NTC_LAYOUT(IRP, CancelRoutine, 0x68);
NTC_LAYOUT(IRP, UserBuffer, 0x70);
NTC_LAYOUT(IRP, Tail, 0x78);
NTC_LAYOUT(IRP, Tail.Overlay.DriverContext, 0x78);
NTC_LAYOUT(IRP, Tail.Overlay.Thread, 0x98);
NTC_LAYOUT(IRP, Tail.Overlay.AuxiliaryBuffer, 0xa0);
NTC_LAYOUT(IRP, Tail.Overlay.ListEntry, 0xa8);
NTC_LAYOUT(IRP, Tail.Overlay.CurrentStackLocation, 0xb8);
NTC_LAYOUT(IRP, Tail.Overlay.OriginalFileObject, 0xc0);
NTC_SIZE(IRP, 0xd0);
NTC_SIZE(IO_STATUS_BLOCK, 16);
NTC_LAYOUT(IO_STACK_LOCATION, Control, 3);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters, 8);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.DeviceIoControl.InputBufferLength, 0x10);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode, 0x18);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.DeviceIoControl.Type3InputBuffer, 0x20);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.Read.ByteOffset, 0x18);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.QueryInterface.Interface, 0x18);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.QueryInterface.InterfaceSpecificData, 0x20);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.UsageNotification.Type, 0x10);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.Power.Type, 0x10);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.Power.State, 0x18);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.Power.ShutdownType, 0x20);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.StartDevice.AllocatedResourcesTranslated, 0x10);
NTC_LAYOUT(IO_STACK_LOCATION, Parameters.Others.Argument4, 0x20);
NTC_LAYOUT(IO_STACK_LOCATION, DeviceObject, 0x28);
NTC_LAYOUT(IO_STACK_LOCATION, FileObject, 0x30);
NTC_LAYOUT(IO_STACK_LOCATION, CompletionRoutine, 0x38);
NTC_LAYOUT(IO_STACK_LOCATION, Context, 0x40);
NTC_SIZE(IO_STACK_LOCATION, 0x48);
NTC_SIZE(DEVICE_CAPABILITIES, 0x40);
NTC_LAYOUT(DEVICE_CAPABILITIES, DeviceState, 0x10);
NTC_SIZE(INTERFACE, 0x20);
NTC_SIZE(GUID, 16);
NTC_LAYOUT(KDEVICE_QUEUE, DeviceListHead, 8);
NTC_LAYOUT(KDEVICE_QUEUE, Lock, 24);
NTC_LAYOUT(KDEVICE_QUEUE, Busy, 32);
NTC_SIZE(KDEVICE_QUEUE, 40);
NTC_SIZE(KDEVICE_QUEUE_ENTRY, 24);
NTC_LAYOUT(VPB, Flags, 4);
NTC_LAYOUT(VPB, DeviceObject, 8);
NTC_LAYOUT(VPB, RealDevice, 16);
NTC_LAYOUT(VPB, SerialNumber, 24);
NTC_LAYOUT(VPB, VolumeLabel, 32);
NTC_SIZE(VPB, 96);
NTC_SIZE(LARGE_INTEGER, 8);
NTC_SIZE(ULARGE_INTEGER, 8);
NTC_SIZE(LONG64, 8);
NTC_SIZE(CCHAR, 1);
NTC_SIZE(SINGLE_LIST_ENTRY, 8);
NTC_SIZE(LIST_ENTRY, 16);
NTC_LAYOUT(DRIVER_OBJECT, DriverExtension, 48);
NTC_LAYOUT(DRIVER_OBJECT, DriverUnload, 104);
NTC_LAYOUT(DRIVER_OBJECT, MajorFunction, 112);
NTC_SIZE(DRIVER_OBJECT, 336);

#undef NTC_LAYOUT
#undef NTC_SIZE
#endif /* __x86_64__ */

#ifdef __cplusplus
}
#endif

#endif /* _WDMDDK_ */
