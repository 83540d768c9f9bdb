// SPDX-License-Identifier: GPL-2.0
/*
 * port.c - x86 port I/O for READ/WRITE_PORT_*. The "address" an NT driver
 * passes is the port number from a translated CmResourceTypePort descriptor.
 */
#include <linux/module.h>
#include <linux/io.h>

#include "ntc_internal.h"

#define NTC_PORT_ACCESSORS(type, sfx)						\
/**										\
 * READ_PORT_##type() - read an I/O port					\
 * @Port: the port number, as a pointer						\
 *										\
 * Context: any IRQL.								\
 * Return: the value read.							\
 */										\
type READ_PORT_##type(type *Port)						\
{										\
	return in##sfx((unsigned long)Port);					\
}										\
EXPORT_SYMBOL_GPL(READ_PORT_##type);						\
										\
/**										\
 * WRITE_PORT_##type() - write an I/O port					\
 * @Port: the port number, as a pointer						\
 * @Value: the value								\
 *										\
 * Context: any IRQL.								\
 */										\
VOID WRITE_PORT_##type(type *Port, type Value)					\
{										\
	out##sfx(Value, (unsigned long)Port);					\
}										\
EXPORT_SYMBOL_GPL(WRITE_PORT_##type)

NTC_PORT_ACCESSORS(UCHAR, b);
NTC_PORT_ACCESSORS(USHORT, w);
NTC_PORT_ACCESSORS(ULONG, l);
