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
#include <linux/delay.h>
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
 * KeStallExecutionProcessor() - busy-wait
 * @MicroSeconds: how long
 *
 * Context: any IRQL.
 */
void KeStallExecutionProcessor(ULONG MicroSeconds)
{
	udelay(MicroSeconds);
}
EXPORT_SYMBOL_GPL(KeStallExecutionProcessor);

/**
 * DbgPrint() - print to the kernel log
 * @Format: printf format
 *
 * Printed at KERN_INFO, with the module's prefix.
 *
 * Context: any IRQL.
 * Return: STATUS_SUCCESS.
 */
ULONG DbgPrint(PCSTR Format, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, Format);
	vaf.fmt = Format;
	vaf.va = &args;
	pr_info("%pV", &vaf);
	va_end(args);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(DbgPrint);
