// SPDX-License-Identifier: GPL-2.0
/*
 * The registration example of issue 2, unchanged, in the function a porter
 * would put it in. Must compile against ntcompat's <wdm.h> with nothing else
 * (and against the Windows DDK: run.sh compiles it with mingw-w64 as well).
 */
#include <wdm.h>

typedef struct _DEVICE_EXTENSION {
	PKINTERRUPT IntObj;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static KSERVICE_ROUTINE deviceInterruptService;

static BOOLEAN deviceInterruptService(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	UNREFERENCED_PARAMETER(Interrupt);
	UNREFERENCED_PARAMETER(ServiceContext);
	return FALSE;
}

NTSTATUS SeedConnect(PDEVICE_OBJECT PhysicalDeviceObject, PDEVICE_EXTENSION deviceExtension,
		     PVOID ServiceContext);

NTSTATUS SeedConnect(PDEVICE_OBJECT PhysicalDeviceObject, PDEVICE_EXTENSION deviceExtension,
		     PVOID ServiceContext)
{
	NTSTATUS status;

IO_CONNECT_INTERRUPT_PARAMETERS params;
RtlZeroMemory( &params, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS) );
params.Version = CONNECT_LINE_BASED;
params.LineBased.PhysicalDeviceObject = PhysicalDeviceObject;
params.LineBased.InterruptObject = &deviceExtension->IntObj;
params.LineBased.ServiceRoutine = deviceInterruptService;
params.LineBased.ServiceContext = ServiceContext;
params.LineBased.SpinLock = NULL;
params.LineBased.SynchronizeIrql = 0;
params.LineBased.FloatingSave = FALSE;
status = IoConnectInterruptEx(&params);
if (!NT_SUCCESS(status)) { /* handle error */ }

	return status;
}
