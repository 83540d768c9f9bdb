// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's "edu" teaching device (hw/misc/edu.c), the NT side.
 *
 * BAR0 (1 MiB MMIO, 32-bit accesses): 0x00 identification (0x010000ed),
 * 0x24 interrupt status (the OR of every value raised and not yet
 * acknowledged), 0x60 raise (ORs the value into the status and interrupts:
 * INTx, or its single MSI when enabled), 0x64 acknowledge (clears the bits
 * written; INTx drops when the status reaches 0). edu has no interrupt mask:
 * the device can only be silenced by acknowledging it.
 */
#include "devext.h"

#define EDU_IDENT		0x00
#define EDU_IDENT_MAGIC		0xed
#define EDU_INTR_STATUS		0x24
#define EDU_INTR_RAISE		0x60
#define EDU_INTR_ACK		0x64
#define EDU_BAR0_LENGTH		0x100
#define EDU_RAISE_VALUE		0x1

static NTSTATUS EduInitialize(PNTSAMPLE_EXTENSION Ext)
{
	ULONG ident = READ_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, EDU_IDENT));

	if ((ident & 0xff) != EDU_IDENT_MAGIC)
		return STATUS_DEVICE_CONFIGURATION_ERROR;
	/* An interrupt left pending by a previous driver instance. */
	WRITE_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, EDU_INTR_ACK), 0xffffffff);
	return STATUS_SUCCESS;
}

/* The same on INTx and MSI: the status register tells whether it was us. */
static BOOLEAN EduCheckAndAck(PNTSAMPLE_EXTENSION Ext, ULONG MessageId)
{
	ULONG status = READ_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, EDU_INTR_STATUS));

	UNREFERENCED_PARAMETER(MessageId);
	if (status == 0)
		return FALSE;
	WRITE_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, EDU_INTR_ACK), status);
	return TRUE;
}

static VOID EduNoMask(PNTSAMPLE_EXTENSION Ext)
{
	UNREFERENCED_PARAMETER(Ext);
}

static VOID EduRaise(PNTSAMPLE_EXTENSION Ext, ULONG MessageId)
{
	UNREFERENCED_PARAMETER(MessageId);
	WRITE_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, EDU_INTR_RAISE), EDU_RAISE_VALUE);
}

static ULONG EduReadStatus(PNTSAMPLE_EXTENSION Ext)
{
	return READ_REGISTER_ULONG(NTSAMPLE_REGISTER(Ext, EDU_INTR_STATUS));
}

const NTSAMPLE_HW NtSampleEduHw = {
	.MinRegisterLength = EDU_BAR0_LENGTH,
	.Initialize = EduInitialize,
	.CheckAndAck = EduCheckAndAck,
	.EnableInterrupts = EduNoMask,
	.DisableInterrupts = EduNoMask,
	.Raise = EduRaise,
	.ReadStatus = EduReadStatus,
};
