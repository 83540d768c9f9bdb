// SPDX-License-Identifier: GPL-2.0
/*
 * port.c - x86 port I/O for READ/WRITE_PORT_* and READ/WRITE_PORT_BUFFER_*.
 * The "address" an NT driver passes is the port number from a translated
 * CmResourceTypePort descriptor.
 */
#include <linux/module.h>
#include <linux/io.h>

#include "ntc_internal.h"

/**
 * READ_PORT_UCHAR() - read an I/O port
 * @Port: the port number, as a pointer
 *
 * Context: any IRQL.
 * Return: the value read.
 */
UCHAR READ_PORT_UCHAR(UCHAR *Port)
{
	return inb((unsigned long)Port);
}
EXPORT_SYMBOL_GPL(READ_PORT_UCHAR);

/**
 * WRITE_PORT_UCHAR() - write an I/O port
 * @Port: the port number, as a pointer
 * @Value: the value
 *
 * Context: any IRQL.
 */
void WRITE_PORT_UCHAR(UCHAR *Port, UCHAR Value)
{
	outb(Value, (unsigned long)Port);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_UCHAR);

/**
 * READ_PORT_USHORT() - read an I/O port
 * @Port: the port number, as a pointer
 *
 * Context: any IRQL.
 * Return: the value read.
 */
USHORT READ_PORT_USHORT(USHORT *Port)
{
	return inw((unsigned long)Port);
}
EXPORT_SYMBOL_GPL(READ_PORT_USHORT);

/**
 * WRITE_PORT_USHORT() - write an I/O port
 * @Port: the port number, as a pointer
 * @Value: the value
 *
 * Context: any IRQL.
 */
void WRITE_PORT_USHORT(USHORT *Port, USHORT Value)
{
	outw(Value, (unsigned long)Port);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_USHORT);

/**
 * READ_PORT_ULONG() - read an I/O port
 * @Port: the port number, as a pointer
 *
 * Context: any IRQL.
 * Return: the value read.
 */
ULONG READ_PORT_ULONG(ULONG *Port)
{
	return inl((unsigned long)Port);
}
EXPORT_SYMBOL_GPL(READ_PORT_ULONG);

/**
 * WRITE_PORT_ULONG() - write an I/O port
 * @Port: the port number, as a pointer
 * @Value: the value
 *
 * Context: any IRQL.
 */
void WRITE_PORT_ULONG(ULONG *Port, ULONG Value)
{
	outl(Value, (unsigned long)Port);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_ULONG);

/**
 * READ_PORT_BUFFER_UCHAR() - read @Count values from one I/O port
 * @Port: the port number, as a pointer
 * @Buffer: receives the values
 * @Count: how many
 *
 * The port is read @Count times (a FIFO: insb, rep ins as in the WDK).
 *
 * Context: any IRQL.
 */
void READ_PORT_BUFFER_UCHAR(UCHAR *Port, UCHAR *Buffer, ULONG Count)
{
	insb((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(READ_PORT_BUFFER_UCHAR);

/**
 * WRITE_PORT_BUFFER_UCHAR() - write @Count values to one I/O port
 * @Port: the port number, as a pointer
 * @Buffer: the values
 * @Count: how many
 *
 * Context: any IRQL.
 */
void WRITE_PORT_BUFFER_UCHAR(UCHAR *Port, UCHAR *Buffer, ULONG Count)
{
	outsb((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_BUFFER_UCHAR);

/**
 * READ_PORT_BUFFER_USHORT() - read @Count values from one I/O port
 * @Port: the port number, as a pointer
 * @Buffer: receives the values
 * @Count: how many
 *
 * The port is read @Count times (a FIFO: insw, rep ins as in the WDK).
 *
 * Context: any IRQL.
 */
void READ_PORT_BUFFER_USHORT(USHORT *Port, USHORT *Buffer, ULONG Count)
{
	insw((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(READ_PORT_BUFFER_USHORT);

/**
 * WRITE_PORT_BUFFER_USHORT() - write @Count values to one I/O port
 * @Port: the port number, as a pointer
 * @Buffer: the values
 * @Count: how many
 *
 * Context: any IRQL.
 */
void WRITE_PORT_BUFFER_USHORT(USHORT *Port, USHORT *Buffer, ULONG Count)
{
	outsw((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_BUFFER_USHORT);

/**
 * READ_PORT_BUFFER_ULONG() - read @Count values from one I/O port
 * @Port: the port number, as a pointer
 * @Buffer: receives the values
 * @Count: how many
 *
 * The port is read @Count times (a FIFO: insl, rep ins as in the WDK).
 *
 * Context: any IRQL.
 */
void READ_PORT_BUFFER_ULONG(ULONG *Port, ULONG *Buffer, ULONG Count)
{
	insl((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(READ_PORT_BUFFER_ULONG);

/**
 * WRITE_PORT_BUFFER_ULONG() - write @Count values to one I/O port
 * @Port: the port number, as a pointer
 * @Buffer: the values
 * @Count: how many
 *
 * Context: any IRQL.
 */
void WRITE_PORT_BUFFER_ULONG(ULONG *Port, ULONG *Buffer, ULONG Count)
{
	outsl((unsigned long)Port, Buffer, Count);
}
EXPORT_SYMBOL_GPL(WRITE_PORT_BUFFER_ULONG);
