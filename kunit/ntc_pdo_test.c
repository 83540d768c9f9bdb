// SPDX-License-Identifier: GPL-2.0
/*
 * The PnP side: PDO creation, the raw and translated resource lists a
 * START_DEVICE handler reads, DIRQL stability, PDO deletion with a forgotten
 * connection, driver and device objects, and disconnect calls that name no
 * connection.
 */
#include <kunit/device.h>
#include <linux/cpumask.h>
#include <linux/irq.h>

#include "ntc_test.h"

static KAFFINITY ntc_online(void)
{
	return cpumask_bits(cpu_online_mask)[0];
}

static PCM_PARTIAL_RESOURCE_LIST ntc_partial(struct kunit *test, PCM_RESOURCE_LIST l)
{
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_ASSERT_EQ(test, l->Count, 1U);
	KUNIT_EXPECT_EQ(test, l->List[0].InterfaceType, PCIBus);
	return &l->List[0].PartialResourceList;
}

static void ntc_expect_line(struct kunit *test, PCM_PARTIAL_RESOURCE_DESCRIPTOR d,
			    unsigned int irq, USHORT flags, bool passive)
{
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_EQ(test, d->Type, CmResourceTypeInterrupt);
	KUNIT_EXPECT_EQ(test, d->ShareDisposition, CmResourceShareShared);
	KUNIT_EXPECT_EQ(test, d->Flags, flags);
	KUNIT_EXPECT_EQ(test, d->u.Interrupt.Vector, irq);
	KUNIT_EXPECT_EQ(test, d->u.Interrupt.Group, 0);
	KUNIT_EXPECT_EQ(test, d->u.Interrupt.Affinity, ntc_online());
	if (passive) {
		KUNIT_EXPECT_EQ(test, d->u.Interrupt.Level, PASSIVE_LEVEL);
	} else {
		KUNIT_EXPECT_GE(test, d->u.Interrupt.Level, 3);
		KUNIT_EXPECT_LE(test, d->u.Interrupt.Level, 11);
	}
}

/* A level line, an edge line, a passive line. */
static void ntc_pdo_line_resources(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 3);
	struct ntcompat_irq_source src = { .line_irq = sim->irq[0] };
	struct ntcompat_pdo_config cfg = { 0 };
	PCM_RESOURCE_LIST raw, trans;
	PCM_PARTIAL_RESOURCE_LIST pl;

	ntc_pdo_create(test, &src, &cfg, &raw, &trans);
	pl = ntc_partial(test, trans);
	KUNIT_EXPECT_EQ(test, ntc_count_type(trans, CmResourceTypeInterrupt), 1U);
	ntc_expect_line(test, ntc_interrupt_desc(trans, 0), sim->irq[0],
			CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE, false);
	ntc_partial(test, raw);
	KUNIT_EXPECT_EQ(test, ntc_count_type(raw, CmResourceTypeInterrupt), 1U);
	KUNIT_EXPECT_EQ(test, pl->Count, ntc_partial(test, raw)->Count);

	src.line_irq = sim->irq[1];
	src.line_edge = true;
	ntc_pdo_create(test, &src, &cfg, NULL, &trans);
	ntc_expect_line(test, ntc_interrupt_desc(trans, 0), sim->irq[1],
			CM_RESOURCE_INTERRUPT_LATCHED, false);

	src.line_irq = sim->irq[2];
	src.line_edge = false;
	cfg.passive_line = true;
	ntc_pdo_create(test, &src, &cfg, NULL, &trans);
	ntc_expect_line(test, ntc_interrupt_desc(trans, 0), sim->irq[2],
			CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE, true);
}

/* MSI-X: one descriptor per message. MSI: one for all, raw MessageCount = n. */
static void ntc_pdo_message_resources(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 8);
	struct ntcompat_irq_source src = {
		.line_irq = sim->irq[7],
		.msg_kind = NTCOMPAT_MSG_MSIX, .nr_msgs = 3, .msg_irqs = sim->irq,
	};
	struct ntcompat_pdo_config cfg = { .msi_supported = true };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d, r;
	PCM_RESOURCE_LIST raw, trans;
	unsigned int i;

	ntc_pdo_create(test, &src, &cfg, &raw, &trans);
	ntc_partial(test, trans);
	/* messages, not the line */
	KUNIT_EXPECT_EQ(test, ntc_count_type(trans, CmResourceTypeInterrupt), 3U);
	for (i = 0; i < 3; i++) {
		d = ntc_interrupt_desc(trans, i);
		r = ntc_interrupt_desc(raw, i);
		KUNIT_ASSERT_NOT_NULL(test, d);
		KUNIT_ASSERT_NOT_NULL(test, r);
		KUNIT_EXPECT_EQ(test, d->Flags,
				CM_RESOURCE_INTERRUPT_LATCHED | CM_RESOURCE_INTERRUPT_MESSAGE);
		KUNIT_EXPECT_EQ(test, d->ShareDisposition, CmResourceShareDeviceExclusive);
		KUNIT_EXPECT_EQ(test, d->u.MessageInterrupt.Translated.Vector, sim->irq[i]);
		KUNIT_EXPECT_GE(test, d->u.MessageInterrupt.Translated.Level, 3);
		KUNIT_EXPECT_LE(test, d->u.MessageInterrupt.Translated.Level, 11);
		KUNIT_EXPECT_EQ(test, d->u.MessageInterrupt.Translated.Affinity, ntc_online());
		KUNIT_EXPECT_EQ(test, r->Flags, d->Flags);
		KUNIT_EXPECT_EQ(test, r->u.MessageInterrupt.Raw.MessageCount, 1);
	}

	src.msg_kind = NTCOMPAT_MSG_MSI;
	src.nr_msgs = 4;
	src.msg_irqs = &sim->irq[3];
	ntc_pdo_create(test, &src, &cfg, &raw, &trans);
	KUNIT_EXPECT_EQ(test, ntc_count_type(trans, CmResourceTypeInterrupt), 1U);
	d = ntc_interrupt_desc(trans, 0);
	r = ntc_interrupt_desc(raw, 0);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, d->Flags,
			CM_RESOURCE_INTERRUPT_LATCHED | CM_RESOURCE_INTERRUPT_MESSAGE);
	KUNIT_EXPECT_EQ(test, d->u.MessageInterrupt.Translated.Vector, sim->irq[3]);
	KUNIT_EXPECT_EQ(test, r->u.MessageInterrupt.Raw.MessageCount, 4);
}

/* No interrupts at all; and a NULL/inconsistent source is refused. */
static void ntc_pdo_no_interrupts_and_bad_source(struct kunit *test)
{
	struct ntcompat_irq_source src = { 0 };
	struct ntcompat_pdo_config cfg = { .msi_supported = true };
	PCM_RESOURCE_LIST trans;
	PDEVICE_OBJECT pdo;
	struct device *dev;

	ntc_pdo_create(test, &src, &cfg, NULL, &trans);
	ntc_partial(test, trans);
	KUNIT_EXPECT_EQ(test, ntc_count_type(trans, CmResourceTypeInterrupt), 0U);

	dev = kunit_device_register(test, "ntc-kunit-badsrc");
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(dev));
	pdo = (PDEVICE_OBJECT)dev;
	KUNIT_EXPECT_EQ(test, ntcompat_create_pdo(NULL, &src, &cfg, &pdo),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, pdo);
	pdo = (PDEVICE_OBJECT)dev;
	KUNIT_EXPECT_EQ(test, ntcompat_create_pdo(dev, NULL, &cfg, &pdo),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, pdo);
	src.nr_msgs = 2;	/* messages without IRQs */
	src.msg_kind = NTCOMPAT_MSG_MSIX;
	pdo = (PDEVICE_OBJECT)dev;
	KUNIT_EXPECT_EQ(test, ntcompat_create_pdo(dev, &src, &cfg, &pdo),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, pdo);
	KUNIT_EXPECT_EQ(test, ntcompat_create_pdo(dev, &src, &cfg, NULL),
			STATUS_INVALID_PARAMETER);
}

/* DIRQL is stable per Linux IRQ: across PDOs and across re-assignment. */
static void ntc_pdo_dirql_stable(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	PCM_PARTIAL_RESOURCE_DESCRIPTOR a, b;
	PCM_RESOURCE_LIST raw, trans;
	PDEVICE_OBJECT pdo;
	USHORT level;

	pdo = ntc_line_pdo(test, sim->irq[0], false, &a);
	level = a->u.Interrupt.Level;
	ntc_line_pdo(test, sim->irq[0], false, &b);
	KUNIT_EXPECT_EQ(test, b->u.Interrupt.Level, level);

	/* a second assign hands out the same lists */
	KUNIT_ASSERT_EQ(test, ntcompat_assign_resources(pdo, &raw, &trans), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, ntc_interrupt_desc(trans, 0), a);

	ntcompat_release_resources(pdo);
	KUNIT_ASSERT_EQ(test, ntcompat_assign_resources(pdo, &raw, &trans), STATUS_SUCCESS);
	b = ntc_interrupt_desc(trans, 0);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, b->u.Interrupt.Level, level);
	KUNIT_EXPECT_EQ(test, b->u.Interrupt.Vector, sim->irq[0]);
}

/* Deleting a PDO disconnects what its driver forgot to disconnect. */
static void ntc_pdo_delete_forgotten_connection(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 3);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	struct ntcompat_irq_source src = {
		.line_irq = sim->irq[0],
		.msg_kind = NTCOMPAT_MSG_MSIX, .nr_msgs = 2, .msg_irqs = &sim->irq[1],
	};
	struct ntcompat_pdo_config cfg = { 0 };
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };
	PCM_RESOURCE_LIST raw, trans;
	PDEVICE_OBJECT pdo = NULL;
	struct device *dev;
	unsigned int i;

	dev = kunit_device_register(test, "ntc-kunit-forgotten");
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(dev));
	KUNIT_ASSERT_EQ(test, ntcompat_create_pdo(dev, &src, &cfg, &pdo), STATUS_SUCCESS);
	if (ntcompat_assign_resources(pdo, &raw, &trans) != STATUS_SUCCESS) {
		ntcompat_delete_pdo(pdo);
		KUNIT_FAIL_AND_ABORT(test, "ntcompat_assign_resources failed");
	}
	p.LineBased.PhysicalDeviceObject = pdo;
	p.LineBased.InterruptObject = &pr->intobj;
	p.LineBased.ServiceRoutine = ntc_isr;
	p.LineBased.ServiceContext = pr;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntcompat_delete_pdo(pdo);	/* no IoDisconnectInterruptEx */
	for (i = 0; i < 3; i++)
		ntc_expect_irq_free(test, sim->irq[i]);
	ntc_sim_fire_sync(test, sim, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 0);
	/* a deleted PDO is a foreign one now */
	KUNIT_EXPECT_NULL(test, ntcompat_pdo_device(pdo));
}

/* Disconnect/report calls naming no connection: logged, nothing freed. */
static void ntc_pdo_disconnect_bad_context(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };
	IO_DISCONNECT_INTERRUPT_PARAMETERS d;
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS r;
	PVOID junk = kunit_kzalloc(test, 4096, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, junk);
	p.LineBased.PhysicalDeviceObject = ntc_line_pdo(test, sim->irq[0], false, NULL);
	p.LineBased.InterruptObject = &pr->intobj;
	p.LineBased.ServiceRoutine = ntc_isr;
	p.LineBased.ServiceContext = pr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);

	/* wrong Version, unknown Version, junk, NULL */
	d.Version = CONNECT_MESSAGE_BASED;
	d.ConnectionContext.InterruptObject = pr->intobj;
	IoDisconnectInterruptEx(&d);
	d.Version = CONNECT_FULLY_SPECIFIED;
	IoDisconnectInterruptEx(&d);
	d.Version = 9;
	IoDisconnectInterruptEx(&d);
	d.Version = CONNECT_LINE_BASED;
	d.ConnectionContext.Generic = junk;
	IoDisconnectInterruptEx(&d);
	d.ConnectionContext.Generic = NULL;
	IoDisconnectInterruptEx(&d);
	IoDisconnectInterruptEx(NULL);
	r.Version = CONNECT_LINE_BASED;
	r.ConnectionContext.Generic = junk;
	IoReportInterruptInactive(&r);
	IoReportInterruptActive(&r);
	r.Version = CONNECT_MESSAGE_BASED;
	r.ConnectionContext.Generic = junk;
	IoReportInterruptInactive(&r);
	IoReportInterruptInactive(NULL);

	/* still connected and active */
	KUNIT_EXPECT_TRUE(test, irq_has_action(sim->irq[0]));
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &pr->done);
	KUNIT_EXPECT_PTR_EQ(test, pr->interrupt, pr->intobj);
}

/* DriverEntry/DriverUnload, IoCreateDevice's zeroed extension. */
static int ntc_entry_calls, ntc_unload_calls;

static VOID ntc_unload(PDRIVER_OBJECT driver)
{
	ntc_unload_calls++;
}

static NTSTATUS ntc_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	ntc_entry_calls++;
	driver->DriverUnload = ntc_unload;
	return STATUS_SUCCESS;
}

static NTSTATUS ntc_entry_fails(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	return STATUS_NO_SUCH_DEVICE;
}

static void ntc_pdo_driver_and_device(struct kunit *test)
{
	PDRIVER_OBJECT drv = NULL;
	PDEVICE_OBJECT fdo = NULL;
	NTSTATUS st;

	ntc_entry_calls = 0;
	ntc_unload_calls = 0;
	KUNIT_ASSERT_EQ(test, ntcompat_create_driver_object("ntc_kunit_drv", ntc_entry, &drv),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, drv);
	KUNIT_EXPECT_EQ(test, ntc_entry_calls, 1);
	KUNIT_EXPECT_EQ(test, drv->Type, IO_TYPE_DRIVER);
	KUNIT_EXPECT_NOT_NULL(test, drv->DriverExtension);

	st = IoCreateDevice(drv, 200, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
	KUNIT_EXPECT_EQ(test, st, STATUS_SUCCESS);
	if (NT_SUCCESS(st) && fdo) {
		KUNIT_EXPECT_EQ(test, fdo->Type, IO_TYPE_DEVICE);
		KUNIT_EXPECT_PTR_EQ(test, fdo->DriverObject, drv);
		KUNIT_EXPECT_NOT_NULL(test, fdo->DeviceExtension);
		if (fdo->DeviceExtension)
			KUNIT_EXPECT_NULL(test, memchr_inv(fdo->DeviceExtension, 0, 200));
		/* the FDO is not a PDO */
		KUNIT_EXPECT_NULL(test, ntcompat_pdo_device(fdo));
		IoDeleteDevice(fdo);
	}
	ntcompat_delete_driver_object(drv);
	KUNIT_EXPECT_EQ(test, ntc_unload_calls, 1);

	drv = (PDRIVER_OBJECT)&st;
	st = ntcompat_create_driver_object("ntc_kunit_fail", ntc_entry_fails, &drv);
	KUNIT_EXPECT_EQ(test, st, STATUS_NO_SUCH_DEVICE);
	KUNIT_EXPECT_NULL(test, drv);
}

/*
 * The WDK declares the variable-length tails as one-element arrays
 * (PartialDescriptors[1], List[1], MessageInfo[1]) and every driver indexes
 * them up to Count. Under UBSAN_BOUNDS_STRICT (-fsanitize=bounds-strict, as
 * Debian's kernels build) that is an "array-index-out-of-bounds" report past
 * index 0 unless wdm.h declares them as flexible arrays; run.sh fails on the
 * UBSAN line. So: index all three past 0 exactly as a START_DEVICE handler
 * does, with no pointer arithmetic that would hide the index.
 */
#define NTC_LOOP_MSGS	6

static void ntc_pdo_driver_array_loops(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, NTC_LOOP_MSGS);
	struct ntcompat_irq_source src = {
		.msg_kind = NTCOMPAT_MSG_MSIX, .nr_msgs = NTC_LOOP_MSGS, .msg_irqs = sim->irq,
	};
	struct ntcompat_pdo_config cfg = { .msi_supported = true };
	struct ntc_probe *pr = ntc_probe_new(test, TRUE);
	ULONG vectors[NTC_LOOP_MSGS];
	KIRQL levels[NTC_LOOP_MSGS];
	PCM_PARTIAL_RESOURCE_LIST list, copy_list;
	PIO_INTERRUPT_MESSAGE_INFO table;
	IO_CONNECT_INTERRUPT_PARAMETERS p;
	PCM_RESOURCE_LIST raw, trans, copy;
	PDEVICE_OBJECT pdo;
	ULONG f, i, n = 0;
	SIZE_T size;

	pdo = ntc_pdo_create(test, &src, &cfg, &raw, &trans);

	/* The START_DEVICE walk, as in sample-driver/driver.c. */
	for (f = 0; f < trans->Count; f++) {
		list = &trans->List[f].PartialResourceList;
		for (i = 0; i < list->Count; i++) {
			PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &list->PartialDescriptors[i];
			PCM_PARTIAL_RESOURCE_DESCRIPTOR r =
				&raw->List[f].PartialResourceList.PartialDescriptors[i];

			if (d->Type != CmResourceTypeInterrupt)
				continue;
			KUNIT_ASSERT_LT(test, n, (ULONG)NTC_LOOP_MSGS);
			KUNIT_EXPECT_TRUE(test, d->Flags & CM_RESOURCE_INTERRUPT_MESSAGE);
			KUNIT_EXPECT_EQ(test, r->Type, d->Type);
			KUNIT_EXPECT_EQ(test, r->u.MessageInterrupt.Raw.MessageCount, 1);
			vectors[n] = d->u.MessageInterrupt.Translated.Vector;
			levels[n] = d->u.MessageInterrupt.Translated.Level;
			KUNIT_EXPECT_EQ(test, vectors[n], sim->irq[n]);
			n++;
		}
	}
	KUNIT_ASSERT_EQ(test, n, (ULONG)NTC_LOOP_MSGS);

	/*
	 * A driver keeping its own copy, sized with the usual WDK arithmetic;
	 * then a two-entry CM_RESOURCE_LIST (one partial descriptor each, so
	 * List[1] is where the WDK layout puts it) walked through List[f].
	 */
	list = &trans->List[0].PartialResourceList;
	size = sizeof(CM_RESOURCE_LIST) +
	       (list->Count - 1) * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR);
	copy = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	RtlCopyMemory(copy, trans, size);
	copy_list = &copy->List[0].PartialResourceList;
	for (i = 0; i < copy_list->Count; i++)
		KUNIT_EXPECT_EQ(test, copy_list->PartialDescriptors[i].u.Interrupt.Vector,
				list->PartialDescriptors[i].u.Interrupt.Vector);

	copy = kunit_kzalloc(test, sizeof(CM_RESOURCE_LIST) + sizeof(CM_FULL_RESOURCE_DESCRIPTOR),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	copy->Count = 2;
	for (f = 0; f < copy->Count; f++) {
		copy->List[f].InterfaceType = PCIBus;
		copy->List[f].BusNumber = f;
		copy->List[f].PartialResourceList.Count = 1;
		copy->List[f].PartialResourceList.PartialDescriptors[0] =
			list->PartialDescriptors[f];
	}
	KUNIT_EXPECT_EQ(test, (size_t)((char *)&copy->List[1] - (char *)copy),
			sizeof(CM_RESOURCE_LIST));
	for (f = 0; f < copy->Count; f++) {
		KUNIT_EXPECT_EQ(test, copy->List[f].BusNumber, f);
		KUNIT_EXPECT_EQ(test, copy->List[f].PartialResourceList.PartialDescriptors[0]
				.u.MessageInterrupt.Translated.Vector, vectors[f]);
	}

	/* CONNECT_MESSAGE_BASED, then the message table walk. */
	RtlZeroMemory(&p, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = pdo;
	p.MessageBased.ConnectionContext.InterruptMessageTable = &pr->msgtable;
	p.MessageBased.MessageServiceRoutine = ntc_msg_isr;
	p.MessageBased.ServiceContext = pr;
	pr->table = &pr->msgtable;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	ntc_track(test, &p);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_MESSAGE_BASED);
	table = pr->msgtable;
	KUNIT_ASSERT_NOT_NULL(test, table);
	KUNIT_ASSERT_EQ(test, table->MessageCount, (ULONG)NTC_LOOP_MSGS);
	for (i = 0; i < table->MessageCount; i++) {
		KUNIT_EXPECT_NOT_NULL(test, table->MessageInfo[i].InterruptObject);
		KUNIT_EXPECT_EQ(test, table->MessageInfo[i].Vector, vectors[i]);
		KUNIT_EXPECT_EQ(test, table->MessageInfo[i].Irql, levels[i]);
		KUNIT_EXPECT_GE(test, table->UnifiedIrql, table->MessageInfo[i].Irql);
	}
}

static struct kunit_case ntc_pdo_cases[] = {
	KUNIT_CASE(ntc_pdo_line_resources),
	KUNIT_CASE(ntc_pdo_message_resources),
	KUNIT_CASE(ntc_pdo_no_interrupts_and_bad_source),
	KUNIT_CASE(ntc_pdo_dirql_stable),
	KUNIT_CASE(ntc_pdo_delete_forgotten_connection),
	KUNIT_CASE(ntc_pdo_disconnect_bad_context),
	KUNIT_CASE(ntc_pdo_driver_and_device),
	KUNIT_CASE(ntc_pdo_driver_array_loops),
	{}
};

static struct kunit_suite ntc_pdo_suite = {
	.name = "ntc_pdo",
	.test_cases = ntc_pdo_cases,
};

kunit_test_suite(ntc_pdo_suite);
