// SPDX-License-Identifier: GPL-2.0
/*
 * The NT half of a ported driver: the code a Windows driver already had,
 * compiled unchanged against ntcompat's <wdm.h>. No Linux header here.
 */
#include <wdm.h>

#include "ntportdemo.h"

static BOOLEAN DemoInterruptService(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	UNREFERENCED_PARAMETER(Interrupt);
	UNREFERENCED_PARAMETER(ServiceContext);
	return FALSE;		/* not our device's interrupt */
}

/*
 * What START_DEVICE does in the Windows driver. There is no device behind
 * this example, so connecting to a NULL PDO must fail cleanly with
 * STATUS_INVALID_PARAMETER and leave InterruptObject NULL.
 */
NTSTATUS DemoStartDevice(PDEVICE_OBJECT PhysicalDeviceObject)
{
	IO_CONNECT_INTERRUPT_PARAMETERS params;
	PKINTERRUPT interruptObject = NULL;
	NTSTATUS status;

	if (KeGetCurrentIrql() != PASSIVE_LEVEL)
		return STATUS_UNSUCCESSFUL;

	RtlZeroMemory(&params, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS));
	params.Version = CONNECT_LINE_BASED;
	params.LineBased.PhysicalDeviceObject = PhysicalDeviceObject;
	params.LineBased.InterruptObject = &interruptObject;
	params.LineBased.ServiceRoutine = DemoInterruptService;
	params.LineBased.ServiceContext = NULL;
	params.LineBased.SpinLock = NULL;
	params.LineBased.SynchronizeIrql = 0;
	params.LineBased.FloatingSave = FALSE;
	status = IoConnectInterruptEx(&params);
	if (NT_SUCCESS(status)) {
		IO_DISCONNECT_INTERRUPT_PARAMETERS disconnect;

		RtlZeroMemory(&disconnect, sizeof(disconnect));
		disconnect.Version = params.Version;
		disconnect.ConnectionContext.InterruptObject = interruptObject;
		IoDisconnectInterruptEx(&disconnect);
	}
	return status;
}
