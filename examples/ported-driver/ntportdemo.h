/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the Linux glue and the NT half of the example driver. */
#ifndef NTPORTDEMO_H
#define NTPORTDEMO_H

NTSTATUS DemoStartDevice(PDEVICE_OBJECT PhysicalDeviceObject);

#endif /* NTPORTDEMO_H */
