// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's ivshmem-doorbell device, the NT side.
 *
 * BAR0 registers: 0 IntrMask, 4 IntrStatus (read clears; INTx only),
 * 8 IVPosition (this peer's id), 12 Doorbell (write (peer << 16) | vector to
 * signal that peer's vector). BAR1 holds the MSI-X table, BAR2 the shared
 * memory. With MSI-X each vector is its own message and nothing needs to be
 * acknowledged; the guest rings its own doorbell to interrupt itself.
 */
#include "devext.h"

#define IVSHMEM_INTR_MASK	0x0
#define IVSHMEM_INTR_STATUS	0x4
#define IVSHMEM_IV_POSITION	0x8
#define IVSHMEM_DOORBELL	0xc
#define IVSHMEM_BAR0_LENGTH	0x10

static BOOLEAN IvshmemOnLine(PNTSAMPLE_EXTENSION Ext)
{
	return Ext->VersionObtained == CONNECT_LINE_BASED ||
	       Ext->Parameters.Mode == NtSampleModeFully ||
	       Ext->Parameters.Mode == NtSampleModeFullyGroup ||
	       Ext->Parameters.Mode == NtSampleModePassive;
}

static NTSTATUS IvshmemInitialize(PNTSAMPLE_EXTENSION Ext)
{
	WRITE_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_INTR_MASK), 0);
	(void)READ_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_INTR_STATUS));
	Ext->IvPosition = READ_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_IV_POSITION));
	return STATUS_SUCCESS;
}

static BOOLEAN IvshmemCheckAndAck(PNTSAMPLE_EXTENSION Ext, ULONG MessageId)
{
	UNREFERENCED_PARAMETER(MessageId);
	/* A message is never shared: it is ours. The line needs the status. */
	if (!IvshmemOnLine(Ext))
		return TRUE;
	return READ_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_INTR_STATUS)) != 0;
}

static VOID IvshmemEnableInterrupts(PNTSAMPLE_EXTENSION Ext)
{
	if (IvshmemOnLine(Ext))
		WRITE_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_INTR_MASK), 0xffffffff);
}

static VOID IvshmemDisableInterrupts(PNTSAMPLE_EXTENSION Ext)
{
	WRITE_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_INTR_MASK), 0);
}

static VOID IvshmemRaise(PNTSAMPLE_EXTENSION Ext, ULONG MessageId)
{
	WRITE_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_DOORBELL),
			     (Ext->IvPosition << 16) | (MessageId & 0xffff));
}

static ULONG IvshmemReadStatus(PNTSAMPLE_EXTENSION Ext)
{
	/* IntrStatus clears on read: report the mask instead. */
	return READ_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, IVSHMEM_INTR_MASK));
}

const NTSAMPLE_HW NtSampleIvshmemHw = {
	.MinRegisterLength = IVSHMEM_BAR0_LENGTH,
	.Initialize = IvshmemInitialize,
	.CheckAndAck = IvshmemCheckAndAck,
	.EnableInterrupts = IvshmemEnableInterrupts,
	.DisableInterrupts = IvshmemDisableInterrupts,
	.Raise = IvshmemRaise,
	.ReadStatus = IvshmemReadStatus,
};
