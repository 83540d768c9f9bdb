// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 13, item 4: NT driver code logging with correct NT format strings
 * (LLP64: %lx takes a ULONG, %I64x a ULONG64, %Ix a ULONG_PTR; %wZ, %Z,
 * %ws, %S, %hs, %C, %p) through DbgPrint, DbgPrintEx, vDbgPrintEx,
 * KdPrint and KdPrintEx. It compiles unchanged with -Wall -Wextra -Werror
 * -Wformat against ntcompat's headers (whose prototypes must carry no
 * printf format attribute: gcc would read "%lx" as a Linux long and reject
 * the ULONG) and against mingw-w64's DDK, with DBG 0 and 1 (run.sh). The
 * DPFLTR values are the WDK's on both sides.
 */
#include <stdarg.h>
#include <ntddk.h>

C_ASSERT(DPFLTR_ERROR_LEVEL == 0);
C_ASSERT(DPFLTR_WARNING_LEVEL == 1);
C_ASSERT(DPFLTR_TRACE_LEVEL == 2);
C_ASSERT(DPFLTR_INFO_LEVEL == 3);
C_ASSERT(DPFLTR_MASK == 0x80000000);
C_ASSERT(DPFLTR_SYSTEM_ID == 0);
C_ASSERT(DPFLTR_SCSIPORT_ID == 12);
C_ASSERT(DPFLTR_SCSIMINIPORT_ID == 13);
C_ASSERT(DPFLTR_SERIAL_ID == 39);
C_ASSERT(DPFLTR_PCI_ID == 66);
C_ASSERT(DPFLTR_IHVDRIVER_ID == 77);
C_ASSERT(DPFLTR_IHVBUS_ID == 82);
C_ASSERT(DPFLTR_STORPORT_ID == 89);
C_ASSERT(DPFLTR_DEFAULT_ID == 101);

/* A driver's own logging wrapper, as many have (usbport's, scsiport's). */
static ULONG DemoLog(ULONG Level, PCCH Format, ...)
{
	va_list args;
	ULONG status;

	va_start(args, Format);
	status = vDbgPrintEx(DPFLTR_IHVDRIVER_ID, Level, Format, args);
	va_end(args);
	return status;
}

VOID DemoDbgPrint(PDEVICE_OBJECT DeviceObject, PUNICODE_STRING RegistryPath,
		  PANSI_STRING Name, PHYSICAL_ADDRESS Base, ULONG Vector,
		  KIRQL Irql, SIZE_T Length)
{
	LONG delta = -1;
	USHORT port = 0x3f8;
	UCHAR bits = 0x1f;
	WCHAR letter = L'A';

	DbgPrint("demo: %wZ device %p, %Z\n", RegistryPath, (PVOID)DeviceObject, Name);
	DbgPrint("demo: base %I64x (%08lx:%08lx) vector %lu irql %u len %Iu\n",
		 Base.QuadPart, (ULONG)Base.HighPart, Base.LowPart, Vector,
		 (unsigned int)Irql, Length);
	DbgPrint("demo: delta %ld, port %hx, bits %hhx, %ws, %S, %hs, %C, %c\n",
		 delta, port, bits, L"wide", L"also wide", "narrow", letter, 'n');
	DbgPrint("demo: %-8s|%*lu|%.*s|%I64d\n", "left", 6, Vector, 3, "precision",
		 Base.QuadPart);
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "demo: error %08lx\n",
		   (ULONG)STATUS_INSUFFICIENT_RESOURCES);
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x8, "demo: mask %lx\n", Vector);
	DemoLog(DPFLTR_WARNING_LEVEL, "demo: warning %llx\n", (ULONGLONG)Base.QuadPart);
	KdPrint(("demo: checked build, vector %lu irql %u\n", Vector, (unsigned int)Irql));
	KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "demo: %wZ\n", RegistryPath));
}
