// SPDX-License-Identifier: GPL-2.0
/*
 * hal.c - register access, I/O space mapping, delays and debug output.
 *
 * NT drivers pass plain pointers where Linux wants __iomem ones: the casts
 * happen here, once.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/io.h>
#include <linux/timekeeping.h>
#include <linux/printk.h>

#include "ntc_internal.h"

/**
 * MmMapIoSpace() - map a physical range (a BAR) into kernel address space
 * @PhysicalAddress: start, from a translated CmResourceTypeMemory descriptor
 * @NumberOfBytes: length
 * @CacheType: the NT caching type
 *
 * Linux mapping: MmNonCached is strict UC as on Windows (x86:
 * ioremap_uc(); plain ioremap() would be UC-, which an MTRR can turn into
 * write-combining); MmWriteCombined and MmUSWCCached are ioremap_wc();
 * MmCached and MmHardwareCoherentCached are ioremap_cache() where the
 * architecture has it; MmNonCachedUnordered (and anything else) is ioremap().
 *
 * Context: PASSIVE_LEVEL; sleeps.
 * Return: the mapping, or NULL.
 */
PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
		   MEMORY_CACHING_TYPE CacheType)
{
	phys_addr_t pa = PhysicalAddress.QuadPart;
	void __iomem *va;

	if (!NumberOfBytes)
		return NULL;
	switch (CacheType) {
	case MmNonCached:
#ifdef CONFIG_X86	/* the generic ioremap_uc() returns NULL */
		va = ioremap_uc(pa, NumberOfBytes);
#else
		va = ioremap(pa, NumberOfBytes);
#endif
		break;
	case MmCached:
	case MmHardwareCoherentCached:
#ifdef ioremap_cache	/* not every architecture has it (UML has not) */
		va = ioremap_cache(pa, NumberOfBytes);
#else
		va = ioremap(pa, NumberOfBytes);
#endif
		break;
	case MmWriteCombined:
	case MmUSWCCached:
		va = ioremap_wc(pa, NumberOfBytes);
		break;
	default:
		va = ioremap(pa, NumberOfBytes);
		break;
	}
	return (__force PVOID)va;
}
EXPORT_SYMBOL_GPL(MmMapIoSpace);

/**
 * MmUnmapIoSpace() - undo MmMapIoSpace()
 * @BaseAddress: what MmMapIoSpace() returned
 * @NumberOfBytes: the length mapped
 *
 * Context: PASSIVE_LEVEL; sleeps.
 */
void MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
	if (BaseAddress)
		iounmap((__force void __iomem *)BaseAddress);
}
EXPORT_SYMBOL_GPL(MmUnmapIoSpace);

/**
 * READ_REGISTER_UCHAR() - read a memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 *
 * Context: any IRQL.
 * Return: the value read.
 */
UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register)
{
	return readb((__force const void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(READ_REGISTER_UCHAR);

/**
 * WRITE_REGISTER_UCHAR() - write a memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 * @Value: the value
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value)
{
	writeb(Value, (__force void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_UCHAR);

/**
 * READ_REGISTER_USHORT() - read a memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 *
 * Context: any IRQL.
 * Return: the value read.
 */
USHORT READ_REGISTER_USHORT(volatile USHORT *Register)
{
	return readw((__force const void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(READ_REGISTER_USHORT);

/**
 * WRITE_REGISTER_USHORT() - write a memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 * @Value: the value
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_USHORT(volatile USHORT *Register, USHORT Value)
{
	writew(Value, (__force void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_USHORT);

/**
 * READ_REGISTER_ULONG() - read a memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 *
 * Context: any IRQL.
 * Return: the value read.
 */
ULONG READ_REGISTER_ULONG(volatile ULONG *Register)
{
	return readl((__force const void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(READ_REGISTER_ULONG);

/**
 * WRITE_REGISTER_ULONG() - write a memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 * @Value: the value
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value)
{
	writel(Value, (__force void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_ULONG);

/**
 * READ_REGISTER_BUFFER_UCHAR() - copy from a range of memory-mapped registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: receives @Count values
 * @Count: how many
 *
 * One 8-bit read per value, the register address advancing as the
 * WDK's movs does (not a FIFO: see READ_PORT_BUFFER_UCHAR() for that).
 *
 * Context: any IRQL.
 */
void READ_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, UCHAR *Buffer, ULONG Count)
{
	const void __iomem *reg = (__force const void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		Buffer[i] = readb(reg + i * sizeof(UCHAR));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_UCHAR);

/**
 * WRITE_REGISTER_BUFFER_UCHAR() - copy to a range of memory-mapped registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: @Count values
 * @Count: how many
 *
 * One 8-bit write per value, the register address advancing.
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, UCHAR *Buffer, ULONG Count)
{
	void __iomem *reg = (__force void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		writeb(Buffer[i], reg + i * sizeof(UCHAR));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_UCHAR);

/**
 * READ_REGISTER_BUFFER_USHORT() - copy from a range of memory-mapped registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: receives @Count values
 * @Count: how many
 *
 * One 16-bit read per value, the register address advancing as the
 * WDK's movs does (not a FIFO: see READ_PORT_BUFFER_USHORT() for that).
 *
 * Context: any IRQL.
 */
void READ_REGISTER_BUFFER_USHORT(volatile USHORT *Register, USHORT *Buffer, ULONG Count)
{
	const void __iomem *reg = (__force const void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		Buffer[i] = readw(reg + i * sizeof(USHORT));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_USHORT);

/**
 * WRITE_REGISTER_BUFFER_USHORT() - copy to a range of memory-mapped registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: @Count values
 * @Count: how many
 *
 * One 16-bit write per value, the register address advancing.
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_BUFFER_USHORT(volatile USHORT *Register, USHORT *Buffer, ULONG Count)
{
	void __iomem *reg = (__force void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		writew(Buffer[i], reg + i * sizeof(USHORT));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_USHORT);

/**
 * READ_REGISTER_BUFFER_ULONG() - copy from a range of memory-mapped registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: receives @Count values
 * @Count: how many
 *
 * One 32-bit read per value, the register address advancing as the
 * WDK's movs does (not a FIFO: see READ_PORT_BUFFER_ULONG() for that).
 *
 * Context: any IRQL.
 */
void READ_REGISTER_BUFFER_ULONG(volatile ULONG *Register, ULONG *Buffer, ULONG Count)
{
	const void __iomem *reg = (__force const void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		Buffer[i] = readl(reg + i * sizeof(ULONG));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_ULONG);

/**
 * WRITE_REGISTER_BUFFER_ULONG() - copy to a range of memory-mapped registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: @Count values
 * @Count: how many
 *
 * One 32-bit write per value, the register address advancing.
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_BUFFER_ULONG(volatile ULONG *Register, ULONG *Buffer, ULONG Count)
{
	void __iomem *reg = (__force void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		writel(Buffer[i], reg + i * sizeof(ULONG));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_ULONG);

#ifdef CONFIG_64BIT
/**
 * READ_REGISTER_ULONG64() - read a 64-bit memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 *
 * One 64-bit access (readq()); 64-bit kernels only, as the WDK has it on
 * 64-bit Windows only.
 *
 * Context: any IRQL.
 * Return: the value read.
 */
ULONG64 READ_REGISTER_ULONG64(volatile ULONG64 *Register)
{
	return readq((__force const void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(READ_REGISTER_ULONG64);

/**
 * WRITE_REGISTER_ULONG64() - write a 64-bit memory-mapped register
 * @Register: address inside a mapping from MmMapIoSpace()
 * @Value: the value
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_ULONG64(volatile ULONG64 *Register, ULONG64 Value)
{
	writeq(Value, (__force void __iomem *)Register);
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_ULONG64);

/**
 * READ_REGISTER_BUFFER_ULONG64() - copy from a range of 64-bit registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: receives @Count values
 * @Count: how many
 *
 * Context: any IRQL.
 */
void READ_REGISTER_BUFFER_ULONG64(volatile ULONG64 *Register, ULONG64 *Buffer, ULONG Count)
{
	const void __iomem *reg = (__force const void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		Buffer[i] = readq(reg + i * sizeof(ULONG64));
}
EXPORT_SYMBOL_GPL(READ_REGISTER_BUFFER_ULONG64);

/**
 * WRITE_REGISTER_BUFFER_ULONG64() - copy to a range of 64-bit registers
 * @Register: the first register, inside a mapping from MmMapIoSpace()
 * @Buffer: @Count values
 * @Count: how many
 *
 * Context: any IRQL.
 */
void WRITE_REGISTER_BUFFER_ULONG64(volatile ULONG64 *Register, ULONG64 *Buffer, ULONG Count)
{
	void __iomem *reg = (__force void __iomem *)Register;
	ULONG i;

	for (i = 0; i < Count; i++)
		writeq(Buffer[i], reg + i * sizeof(ULONG64));
}
EXPORT_SYMBOL_GPL(WRITE_REGISTER_BUFFER_ULONG64);
#endif

/**
 * KeStallExecutionProcessor() - busy-wait
 * @MicroSeconds: how long, at least
 *
 * Drivers stall for hardware timing (a reset pulse, a settle time), so the
 * stall must never come out short. udelay() counts loops calibrated at boot
 * and can (measured under QEMU TCG and UML: under half of 50 us), so this
 * spins on the monotonic clock instead; ktime_get_mono_fast_ns() is safe at
 * any IRQL, NMI included.
 *
 * Context: any IRQL.
 */
void KeStallExecutionProcessor(ULONG MicroSeconds)
{
	u64 end = ktime_get_mono_fast_ns() + (u64)MicroSeconds * NSEC_PER_USEC;

	while (ktime_get_mono_fast_ns() < end)
		cpu_relax();
}
EXPORT_SYMBOL_GPL(KeStallExecutionProcessor);

/**
 * RtlCompareMemory() - how many leading bytes of two buffers are equal
 * @Source1: one buffer
 * @Source2: the other
 * @Length: bytes to compare
 *
 * Context: any IRQL (nonpaged buffers above APC_LEVEL, as on Windows).
 * Return: the number of bytes that match before the first difference;
 * @Length if they are equal.
 */
SIZE_T RtlCompareMemory(const void *Source1, const void *Source2, SIZE_T Length)
{
	const UCHAR *a = Source1, *b = Source2;
	SIZE_T i;

	for (i = 0; i < Length && a[i] == b[i]; i++)
		;
	return i;
}
EXPORT_SYMBOL_GPL(RtlCompareMemory);

/**
 * RtlAssert() - report a failed ASSERT() of a checked (DBG) build
 * @VoidFailedAssertion: the expression, as text
 * @VoidFileName: the source file
 * @LineNumber: the line
 * @MutableMessage: ASSERTMSG's message, or NULL
 *
 * Windows breaks into the debugger; here a kernel warning with a stack, and
 * execution continues (as after "ignore" in the debugger).
 *
 * Context: any IRQL.
 */
void RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
	       PCHAR MutableMessage)
{
	WARN(1, "*** Assertion failed: %s%s%s\n***   Source File: %s, line %u\n",
	     MutableMessage ? MutableMessage : "", MutableMessage ? ": " : "",
	     (const char *)VoidFailedAssertion, (const char *)VoidFileName, LineNumber);
}
EXPORT_SYMBOL_GPL(RtlAssert);
