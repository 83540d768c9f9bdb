// SPDX-License-Identifier: GPL-2.0
/*
 * IRPs through a device stack, the way WDM drivers use them: three test
 * drivers (ntcompat_create_driver_object), each with one device object,
 * stacked by IoAttachDeviceToDeviceStack as AddDevice does:
 *
 *   top    "fdo"     forwards down: copy + completion routine, or
 *                    forward-and-wait (MORE_PROCESSING_REQUIRED, or
 *                    IoForwardIrpSynchronously), then completes itself
 *   middle "filter"  skips its location, or copies it and sets a routine
 *   bottom "bus"     completes the IRP: at once, or marks it pending and
 *                    completes it from a DPC
 *
 * The test is the I/O manager: it allocates the IRP (IoAllocateIrp), sets
 * up IRP_MN_START_DEVICE with resource lists, its own completion routine
 * (which frees the IRP and returns STATUS_MORE_PROCESSING_REQUIRED), and
 * sends it to the top. Every routine records itself in fx->trace, so the
 * order, and what each saw (its DeviceObject, PendingReturned), is checked.
 */
#include <linux/completion.h>
#include <linux/string.h>

#include "ntc_test.h"

#define NTC_SPLAT_BEGIN(why)	pr_info("ntc-kunit: expected splat begin: %s\n", why)
#define NTC_SPLAT_END()		pr_info("ntc-kunit: expected splat end\n")

enum ntc_bus_mode { BUS_COMPLETE, BUS_PENDING_DPC, BUS_PENDING_NO_MARK, BUS_COMPLETE_TWICE,
		    BUS_FREE_HELD };
enum ntc_filter_mode { FILTER_SKIP, FILTER_ROUTINE, FILTER_COPY_ONLY };
enum ntc_fdo_mode { FDO_ROUTINE, FDO_WAIT_MPR, FDO_FORWARD_SYNC, FDO_FORWARD_ONLY,
		    FDO_ROUTINE_NO_COPY };

struct ntc_irp_fx {
	struct kunit *test;
	PDRIVER_OBJECT bus_drv, filter_drv, fdo_drv;
	PDEVICE_OBJECT bus, filter, fdo;
	enum ntc_bus_mode bus_mode;
	enum ntc_filter_mode filter_mode;
	enum ntc_fdo_mode fdo_mode;
	NTSTATUS bus_status;
	/* what happened, in order: B bus dispatch, f/F/T routines, C fdo completes */
	char trace[32];
	unsigned int n;
	PDEVICE_OBJECT routine_dev[3];		/* f, F, T */
	BOOLEAN pending_seen[3];
	PCM_RESOURCE_LIST bus_saw_translated;
	NTSTATUS top_status;
	ULONG_PTR top_info;
	BOOLEAN top_free;
	struct completion top_done, lower_done;
	KDPC dpc;
	PIRP dpc_irp;
	CM_RESOURCE_LIST raw, translated;
};

/* Every device extension points back at the fixture and the next lower device. */
struct ntc_irp_ext {
	struct ntc_irp_fx *fx;
	PDEVICE_OBJECT lower;
};

static struct ntc_irp_fx *ntc_irp_fx_of(PDEVICE_OBJECT dev)
{
	return ((struct ntc_irp_ext *)dev->DeviceExtension)->fx;
}

static PDEVICE_OBJECT ntc_irp_lower(PDEVICE_OBJECT dev)
{
	return ((struct ntc_irp_ext *)dev->DeviceExtension)->lower;
}

static void ntc_irp_trace(struct ntc_irp_fx *fx, char c)
{
	if (fx->n < sizeof(fx->trace) - 1)
		fx->trace[fx->n++] = c;
}

/* The bus driver ------------------------------------------------------- */

static void ntc_bus_dpc(PKDPC dpc, PVOID context, PVOID a1, PVOID a2)
{
	struct ntc_irp_fx *fx = context;
	PIRP irp = fx->dpc_irp;

	irp->IoStatus.Status = fx->bus_status;
	irp->IoStatus.Information = 7;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static NTSTATUS ntc_bus_dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
	struct ntc_irp_fx *fx = ntc_irp_fx_of(dev);
	PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
	NTSTATUS status = fx->bus_status;

	ntc_irp_trace(fx, 'B');
	KUNIT_EXPECT_PTR_EQ(fx->test, sp->DeviceObject, dev);
	if (sp->MajorFunction == IRP_MJ_PNP && sp->MinorFunction == IRP_MN_START_DEVICE)
		fx->bus_saw_translated = sp->Parameters.StartDevice.AllocatedResourcesTranslated;
	switch (fx->bus_mode) {
	case BUS_PENDING_DPC:
		IoMarkIrpPending(irp);
		fallthrough;
	case BUS_PENDING_NO_MARK:
		fx->dpc_irp = irp;
		KeInsertQueueDpc(&fx->dpc, NULL, NULL);
		return STATUS_PENDING;
	case BUS_FREE_HELD:
		IoFreeIrp(irp);		/* a driver that does not own it: refused */
		fallthrough;
	default:
		irp->IoStatus.Status = status;
		irp->IoStatus.Information = 7;
		IoCompleteRequest(irp, IO_NO_INCREMENT);
		if (fx->bus_mode == BUS_COMPLETE_TWICE)
			IoCompleteRequest(irp, IO_NO_INCREMENT);	/* refused */
		return status;
	}
}

/* The filter ----------------------------------------------------------- */

static NTSTATUS ntc_filter_done(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_irp_fx *fx = context;

	ntc_irp_trace(fx, 'f');
	fx->routine_dev[0] = dev;
	fx->pending_seen[0] = irp->PendingReturned;
	if (irp->PendingReturned)
		IoMarkIrpPending(irp);
	return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS ntc_filter_dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
	struct ntc_irp_fx *fx = ntc_irp_fx_of(dev);

	if (fx->filter_mode == FILTER_SKIP) {
		IoSkipCurrentIrpStackLocation(irp);
	} else if (fx->filter_mode == FILTER_COPY_ONLY) {
		IoCopyCurrentIrpStackLocationToNext(irp);	/* no routine */
	} else {
		IoCopyCurrentIrpStackLocationToNext(irp);
		IoSetCompletionRoutine(irp, ntc_filter_done, fx, TRUE, TRUE, TRUE);
	}
	return IoCallDriver(ntc_irp_lower(dev), irp);
}

/* The FDO -------------------------------------------------------------- */

static NTSTATUS ntc_fdo_done(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_irp_fx *fx = context;

	ntc_irp_trace(fx, 'F');
	fx->routine_dev[1] = dev;
	fx->pending_seen[1] = irp->PendingReturned;
	if (irp->PendingReturned)
		IoMarkIrpPending(irp);
	return STATUS_CONTINUE_COMPLETION;
}

/* Forward-and-wait: stop the completion here, hand the IRP back. */
static NTSTATUS ntc_fdo_mpr(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_irp_fx *fx = context;

	ntc_irp_trace(fx, 'F');
	fx->routine_dev[1] = dev;
	fx->pending_seen[1] = irp->PendingReturned;
	complete(&fx->lower_done);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS ntc_fdo_dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
	struct ntc_irp_fx *fx = ntc_irp_fx_of(dev);
	PDEVICE_OBJECT lower = ntc_irp_lower(dev);
	NTSTATUS status;

	switch (fx->fdo_mode) {
	case FDO_ROUTINE:
		IoCopyCurrentIrpStackLocationToNext(irp);
		IoSetCompletionRoutine(irp, ntc_fdo_done, fx, TRUE, TRUE, TRUE);
		return IoCallDriver(lower, irp);
	case FDO_FORWARD_ONLY:
		IoSkipCurrentIrpStackLocation(irp);
		return IoCallDriver(lower, irp);
	case FDO_ROUTINE_NO_COPY:
		/* Leaves the next location as it is (zeroed): MajorFunction 0. */
		IoSetCompletionRoutine(irp, ntc_fdo_done, fx, TRUE, TRUE, TRUE);
		return IoCallDriver(lower, irp);
	case FDO_WAIT_MPR:
		IoCopyCurrentIrpStackLocationToNext(irp);
		IoSetCompletionRoutine(irp, ntc_fdo_mpr, fx, TRUE, TRUE, TRUE);
		status = IoCallDriver(lower, irp);
		if (status == STATUS_PENDING)
			wait_for_completion(&fx->lower_done);	/* KeWaitForSingleObject */
		break;
	case FDO_FORWARD_SYNC:
		KUNIT_EXPECT_TRUE(fx->test, IoForwardIrpSynchronously(lower, irp));
		break;
	}
	/* The IRP is the FDO's again: START_DEVICE's own work, then complete it. */
	KUNIT_EXPECT_PTR_EQ(fx->test, IoGetCurrentIrpStackLocation(irp)->DeviceObject, dev);
	KUNIT_EXPECT_PTR_EQ(fx->test,
			    IoGetCurrentIrpStackLocation(irp)->
			    Parameters.StartDevice.AllocatedResourcesTranslated, &fx->translated);
	ntc_irp_trace(fx, 'C');
	status = irp->IoStatus.Status;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	return status;
}

static NTSTATUS ntc_irp_bus_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	driver->MajorFunction[IRP_MJ_PNP] = ntc_bus_dispatch;
	driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ntc_bus_dispatch;
	return STATUS_SUCCESS;
}

static NTSTATUS ntc_irp_filter_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	driver->MajorFunction[IRP_MJ_PNP] = ntc_filter_dispatch;
	driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ntc_filter_dispatch;
	return STATUS_SUCCESS;
}

static NTSTATUS ntc_irp_fdo_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
{
	driver->MajorFunction[IRP_MJ_PNP] = ntc_fdo_dispatch;
	return STATUS_SUCCESS;
}

/* The I/O manager ------------------------------------------------------ */

static NTSTATUS ntc_top_done(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_irp_fx *fx = context;

	ntc_irp_trace(fx, 'T');
	fx->routine_dev[2] = dev;
	fx->pending_seen[2] = irp->PendingReturned;
	fx->top_status = irp->IoStatus.Status;
	fx->top_info = irp->IoStatus.Information;
	if (fx->top_free)
		IoFreeIrp(irp);
	complete(&fx->top_done);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static void ntc_irp_drv_delete(void *data)
{
	ntcompat_delete_driver_object(data);
}

static void ntc_irp_detach(void *data)
{
	PDEVICE_OBJECT d = data;

	if (d->AttachedDevice)
		IoDetachDevice(d);
}

static PDEVICE_OBJECT ntc_irp_add_device(struct kunit *test, struct ntc_irp_fx *fx,
					 const char *name, PDRIVER_INITIALIZE entry,
					 PDRIVER_OBJECT *drv, PDEVICE_OBJECT below)
{
	struct ntc_irp_ext *ext;
	PDEVICE_OBJECT dev;

	KUNIT_ASSERT_EQ(test, ntcompat_create_driver_object(name, entry, drv), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_irp_drv_delete, *drv), 0);
	/* AddDevice */
	KUNIT_ASSERT_EQ(test, IoCreateDevice(*drv, sizeof(*ext), NULL, FILE_DEVICE_UNKNOWN, 0,
					     FALSE, &dev), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, dev->StackSize, 1);
	ext = dev->DeviceExtension;
	ext->fx = fx;
	if (below) {
		PDEVICE_OBJECT top = IoGetAttachedDevice(below);

		/* on top of the stack @below is in, whichever device that is */
		ext->lower = IoAttachDeviceToDeviceStack(dev, below);
		KUNIT_ASSERT_PTR_EQ(test, ext->lower, top);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ntc_irp_detach, top), 0);
		KUNIT_EXPECT_EQ(test, dev->StackSize, top->StackSize + 1);
	}
	dev->Flags &= ~DO_DEVICE_INITIALIZING;
	return dev;
}

static int ntc_irp_init(struct kunit *test)
{
	struct ntc_irp_fx *fx;

	fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx);
	fx->test = test;
	init_completion(&fx->top_done);
	init_completion(&fx->lower_done);
	KeInitializeDpc(&fx->dpc, ntc_bus_dpc, fx);
	fx->bus_status = STATUS_SUCCESS;
	fx->top_free = TRUE;
	fx->bus = ntc_irp_add_device(test, fx, "ntc_irp_bus", ntc_irp_bus_entry, &fx->bus_drv,
				     NULL);
	fx->filter = ntc_irp_add_device(test, fx, "ntc_irp_filter", ntc_irp_filter_entry,
					&fx->filter_drv, fx->bus);
	fx->fdo = ntc_irp_add_device(test, fx, "ntc_irp_fdo", ntc_irp_fdo_entry, &fx->fdo_drv,
				     fx->bus);	/* attaches on top of the filter */
	test->priv = fx;
	return 0;
}

static void ntc_irp_exit(struct kunit *test)
{
	KeFlushQueuedDpcs();
}

/* IRP_MN_START_DEVICE to the top of the stack; returns IoCallDriver's status. */
static NTSTATUS ntc_irp_start(struct kunit *test, struct ntc_irp_fx *fx, CCHAR stack, PIRP *out)
{
	PIO_STACK_LOCATION sp;
	PIRP irp;

	irp = IoAllocateIrp(stack, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	KUNIT_EXPECT_EQ(test, irp->StackCount, stack);
	KUNIT_EXPECT_EQ(test, irp->CurrentLocation, stack + 1);
	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;	/* as the PnP manager sends it */
	sp = IoGetNextIrpStackLocation(irp);
	sp->MajorFunction = IRP_MJ_PNP;
	sp->MinorFunction = IRP_MN_START_DEVICE;
	sp->Parameters.StartDevice.AllocatedResources = &fx->raw;
	sp->Parameters.StartDevice.AllocatedResourcesTranslated = &fx->translated;
	IoSetCompletionRoutine(irp, ntc_top_done, fx, TRUE, TRUE, TRUE);
	if (out)
		*out = irp;
	return IoCallDriver(fx->fdo, irp);
}

/* Tests ---------------------------------------------------------------- */

/* AddDevice's stack: StackSize, the top, detaching. */
static void ntc_irp_attach(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	PDEVICE_OBJECT extra, busy, to = NULL, top;

	KUNIT_EXPECT_EQ(test, fx->bus->StackSize, 1);
	KUNIT_EXPECT_EQ(test, fx->filter->StackSize, 2);
	KUNIT_EXPECT_EQ(test, fx->fdo->StackSize, 3);
	KUNIT_EXPECT_PTR_EQ(test, ntc_irp_lower(fx->fdo), fx->filter);
	KUNIT_EXPECT_PTR_EQ(test, fx->bus->AttachedDevice, fx->filter);
	KUNIT_EXPECT_PTR_EQ(test, fx->filter->AttachedDevice, fx->fdo);
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(fx->bus), fx->fdo);
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(fx->fdo), fx->fdo);
	top = IoGetAttachedDeviceReference(fx->filter);
	KUNIT_EXPECT_PTR_EQ(test, top, fx->fdo);
	ObDereferenceObject(top);

	/* One more on top, with the alignment of the device below. */
	fx->fdo->AlignmentRequirement = 7;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(fx->fdo_drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &extra), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(fx->fdo_drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &busy), STATUS_SUCCESS);
	/* busy still has DO_DEVICE_INITIALIZING (its AddDevice is not done) */
	KUNIT_EXPECT_NULL(test, IoAttachDeviceToDeviceStack(extra, busy));
	KUNIT_EXPECT_NULL(test, busy->AttachedDevice);
	IoDeleteDevice(busy);
	KUNIT_EXPECT_EQ(test, IoAttachDeviceToDeviceStackSafe(extra, fx->bus, &to),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, to, fx->fdo);
	KUNIT_EXPECT_EQ(test, extra->StackSize, 4);
	KUNIT_EXPECT_EQ(test, extra->AlignmentRequirement, 7U);
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(fx->bus), extra);
	IoDetachDevice(fx->fdo);
	KUNIT_EXPECT_NULL(test, fx->fdo->AttachedDevice);
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(fx->bus), fx->fdo);
	IoDeleteDevice(extra);
}

/* A PDO's stack starts at StackSize 1; an FDO on it gets 2. */
static void ntc_irp_attach_pdo(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	PDEVICE_OBJECT pdo, fdo;

	struct ntc_sim *sim = ntc_sim_create(test, 1);

	pdo = ntc_line_pdo(test, sim->irq[0], false, NULL);
	KUNIT_ASSERT_NOT_NULL(test, pdo);
	KUNIT_EXPECT_EQ(test, pdo->StackSize, 1);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(fx->fdo_drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &fdo), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, IoAttachDeviceToDeviceStack(fdo, pdo), pdo);
	KUNIT_EXPECT_EQ(test, fdo->StackSize, 2);
	IoDetachDevice(pdo);
	IoDeleteDevice(fdo);
}

/* Completion routines run bottom-up, each with its own device object. */
static void ntc_irp_completion_order(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;

	fx->filter_mode = FILTER_ROUTINE;
	fx->fdo_mode = FDO_ROUTINE;
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, NULL), STATUS_SUCCESS);
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_STREQ(test, fx->trace, "BfFT");
	KUNIT_EXPECT_PTR_EQ(test, fx->routine_dev[0], fx->filter);
	KUNIT_EXPECT_PTR_EQ(test, fx->routine_dev[1], fx->fdo);
	KUNIT_EXPECT_NULL(test, fx->routine_dev[2]);	/* the allocator's: no location */
	KUNIT_EXPECT_PTR_EQ(test, fx->bus_saw_translated, &fx->translated);
	KUNIT_EXPECT_EQ(test, fx->top_status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fx->top_info, 7UL);
	KUNIT_EXPECT_FALSE(test, fx->pending_seen[0] || fx->pending_seen[1] ||
			   fx->pending_seen[2]);
}

/* An error status reaches the routines set to run on errors only. */
static NTSTATUS ntc_irp_never(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_irp_fx *fx = context;

	ntc_irp_trace(fx, 'X');
	return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS ntc_irp_set_error_only(PDEVICE_OBJECT dev, PIRP irp)
{
	struct ntc_irp_fx *fx = ntc_irp_fx_of(dev);

	IoCopyCurrentIrpStackLocationToNext(irp);
	IoSetCompletionRoutine(irp, ntc_irp_never, fx, TRUE, FALSE, FALSE);
	return IoCallDriver(ntc_irp_lower(dev), irp);
}

static void ntc_irp_invoke_on(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;

	fx->bus_status = STATUS_INSUFFICIENT_RESOURCES;
	fx->filter_drv->MajorFunction[IRP_MJ_PNP] = ntc_irp_set_error_only;
	fx->fdo_mode = FDO_ROUTINE;
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, NULL),
			STATUS_INSUFFICIENT_RESOURCES);
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_STREQ(test, fx->trace, "BFT");	/* no X: success only */
	KUNIT_EXPECT_EQ(test, fx->top_status, STATUS_INSUFFICIENT_RESOURCES);
}

/* A skipping filter has no routine: the FDO's runs right after the bus. */
static void ntc_irp_skip(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;

	fx->filter_mode = FILTER_SKIP;
	fx->fdo_mode = FDO_ROUTINE;
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, NULL), STATUS_SUCCESS);
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_STREQ(test, fx->trace, "BFT");
	KUNIT_EXPECT_PTR_EQ(test, fx->routine_dev[1], fx->fdo);
}

/*
 * The bus marks the IRP pending and completes it from a DPC: STATUS_PENDING
 * comes back up, PendingReturned reaches every routine: through a skipping
 * filter (same location), and through a filter that copied its location
 * without a routine (the I/O manager marks the location above).
 */
static void ntc_irp_pending_dpc(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	unsigned int skip;

	static const enum ntc_filter_mode modes[] = { FILTER_ROUTINE, FILTER_SKIP,
						      FILTER_COPY_ONLY };
	static const char *const traces[] = { "BfFT", "BFT", "BFT" };

	for (skip = 0; skip < ARRAY_SIZE(modes); skip++) {
		reinit_completion(&fx->top_done);
		memset(fx->trace, 0, sizeof(fx->trace));
		memset(fx->pending_seen, 0, sizeof(fx->pending_seen));
		fx->n = 0;
		fx->bus_mode = BUS_PENDING_DPC;
		fx->bus_status = STATUS_SUCCESS;
		fx->filter_mode = modes[skip];
		fx->fdo_mode = FDO_ROUTINE;
		KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, NULL),
				STATUS_PENDING);
		NTC_WAIT(test, &fx->top_done);
		KUNIT_EXPECT_STREQ(test, fx->trace, traces[skip]);
		if (modes[skip] == FILTER_ROUTINE)
			KUNIT_EXPECT_TRUE(test, fx->pending_seen[0]);
		/* FILTER_COPY_ONLY: no routine, the I/O manager marks its location */
		KUNIT_EXPECT_TRUE(test, fx->pending_seen[1]);
		KUNIT_EXPECT_TRUE(test, fx->pending_seen[2]);
		KUNIT_EXPECT_EQ(test, fx->top_info, 7UL);
	}
}

/* Forward-and-wait: MORE_PROCESSING_REQUIRED, then the FDO completes again. */
static void ntc_irp_more_processing(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	int pending;

	for (pending = 0; pending < 2; pending++) {
		reinit_completion(&fx->top_done);
		reinit_completion(&fx->lower_done);
		memset(fx->trace, 0, sizeof(fx->trace));
		fx->n = 0;
		fx->bus_mode = pending ? BUS_PENDING_DPC : BUS_COMPLETE;
		fx->filter_mode = FILTER_ROUTINE;
		fx->fdo_mode = FDO_WAIT_MPR;
		KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, NULL),
				STATUS_SUCCESS);
		NTC_WAIT(test, &fx->top_done);
		KUNIT_EXPECT_STREQ(test, fx->trace, "BfFCT");
		KUNIT_EXPECT_EQ(test, fx->pending_seen[1], (BOOLEAN)pending);
		/* The FDO's own location was not marked pending: it returned the status. */
		KUNIT_EXPECT_FALSE(test, fx->pending_seen[2]);
		KUNIT_EXPECT_EQ(test, fx->top_status, STATUS_SUCCESS);
	}
}

/* IoForwardIrpSynchronously, with the bus completing from a DPC. */
static void ntc_irp_forward_sync(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;

	fx->bus_mode = BUS_PENDING_DPC;
	fx->bus_status = STATUS_DEVICE_BUSY;
	fx->filter_mode = FILTER_ROUTINE;
	fx->fdo_mode = FDO_FORWARD_SYNC;
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, NULL),
			STATUS_DEVICE_BUSY);
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_STREQ(test, fx->trace, "BfCT");
	KUNIT_EXPECT_EQ(test, fx->top_status, STATUS_DEVICE_BUSY);
	KUNIT_EXPECT_EQ(test, fx->top_info, 7UL);
}

/*
 * The allocator's IRP, freed in its own completion routine (KASAN: nothing
 * touches it after); reused first. IoFreeIrp by a driver that holds it is
 * refused.
 */
static void ntc_irp_allocated(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	PIRP irp;

	fx->top_free = FALSE;
	fx->fdo_mode = FDO_FORWARD_ONLY;
	fx->filter_mode = FILTER_SKIP;
	fx->bus_mode = BUS_FREE_HELD;
	NTC_SPLAT_BEGIN("IoFreeIrp of an IRP still in flight");
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, &irp), STATUS_SUCCESS);
	NTC_SPLAT_END();
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_EQ(test, irp->Type, IO_TYPE_IRP);	/* not freed */
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, 7UL);

	IoReuseIrp(irp, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, irp->CurrentLocation, irp->StackCount + 1);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, 0UL);
	reinit_completion(&fx->top_done);
	fx->top_free = TRUE;
	fx->bus_mode = BUS_PENDING_DPC;
	IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_PNP;
	IoSetCompletionRoutine(irp, ntc_top_done, fx, TRUE, TRUE, TRUE);
	KUNIT_EXPECT_EQ(test, IoCallDriver(fx->fdo, irp), STATUS_PENDING);
	NTC_WAIT(test, &fx->top_done);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_STREQ(test, fx->trace, "BTBT");
}

/*
 * An IRP with fewer locations than the stack: the FDO's IoCallDriver finds
 * none left (its IoSetCompletionRoutine wrote the IRP's own tail, as on
 * Windows); the IRP is failed from the FDO's location, no lower driver sees
 * it, the allocator's routine gets STATUS_INVALID_DEVICE_REQUEST. (A
 * IoCopyCurrentIrpStackLocationToNext at location 1 would overwrite
 * Tail.Overlay.CurrentStackLocation with a NULL FileObject and crash in the
 * driver's own inline code, on Windows too.)
 */
static void ntc_irp_stack_too_small(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;

	fx->fdo_mode = FDO_ROUTINE_NO_COPY;
	NTC_SPLAT_BEGIN("IoCallDriver with no stack location left");
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, 1, NULL), STATUS_INVALID_DEVICE_REQUEST);
	NTC_SPLAT_END();
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_STREQ(test, fx->trace, "T");
	KUNIT_EXPECT_EQ(test, fx->top_status, STATUS_INVALID_DEVICE_REQUEST);
}

/* The bus completes twice: the second is refused, the routines ran once. */
static void ntc_irp_double_completion(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	PIRP irp;

	fx->top_free = FALSE;	/* the second completion must find the IRP */
	fx->bus_mode = BUS_COMPLETE_TWICE;
	fx->filter_mode = FILTER_ROUTINE;
	fx->fdo_mode = FDO_ROUTINE;
	NTC_SPLAT_BEGIN("an IRP completed twice");
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, &irp), STATUS_SUCCESS);
	NTC_SPLAT_END();
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_STREQ(test, fx->trace, "BfFT");
	KUNIT_EXPECT_EQ(test, irp->CurrentLocation, irp->StackCount + 1);
	IoFreeIrp(irp);
}

/* STATUS_PENDING without IoMarkIrpPending: logged, and the IRP still completes. */
static void ntc_irp_pending_unmarked(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;

	fx->bus_mode = BUS_PENDING_NO_MARK;
	fx->filter_mode = FILTER_SKIP;
	fx->fdo_mode = FDO_FORWARD_ONLY;
	NTC_SPLAT_BEGIN("STATUS_PENDING without IoMarkIrpPending");
	KUNIT_EXPECT_EQ(test, ntc_irp_start(test, fx, fx->fdo->StackSize, NULL), STATUS_PENDING);
	NTC_WAIT(test, &fx->top_done);
	KeFlushQueuedDpcs();
	NTC_SPLAT_END();
	KUNIT_EXPECT_STREQ(test, fx->trace, "BT");
	KUNIT_EXPECT_FALSE(test, fx->pending_seen[2]);	/* nobody marked it */
}

/* A major function the driver has no routine for: STATUS_INVALID_DEVICE_REQUEST. */
static void ntc_irp_no_dispatch(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	PIRP irp;

	irp = IoAllocateIrp(1, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_READ;
	IoSetCompletionRoutine(irp, ntc_top_done, fx, TRUE, TRUE, TRUE);
	KUNIT_EXPECT_EQ(test, IoCallDriver(fx->bus, irp), STATUS_INVALID_DEVICE_REQUEST);
	NTC_WAIT(test, &fx->top_done);
	KUNIT_EXPECT_STREQ(test, fx->trace, "T");
	KUNIT_EXPECT_EQ(test, fx->top_status, STATUS_INVALID_DEVICE_REQUEST);
}

/*
 * A device object deleted while referenced stays until the last reference
 * (KASAN checks the reads in between), and one with a device attached on
 * top stays until that one detaches.
 */
static void ntc_irp_references(struct kunit *test)
{
	struct ntc_irp_fx *fx = test->priv;
	PDEVICE_OBJECT dev, upper;

	KUNIT_ASSERT_EQ(test, IoCreateDevice(fx->fdo_drv, 64, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &dev), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ObReferenceObject(dev), 2);
	IoDeleteDevice(dev);
	KUNIT_EXPECT_EQ(test, dev->DeviceType, (DEVICE_TYPE)FILE_DEVICE_UNKNOWN);
	memset(dev->DeviceExtension, 0x5a, 64);
	KUNIT_EXPECT_EQ(test, ObReferenceObject(dev), 2);
	KUNIT_EXPECT_EQ(test, ObDereferenceObject(dev), 1);
	KUNIT_EXPECT_EQ(test, ObDereferenceObject(dev), 0);	/* freed */

	KUNIT_ASSERT_EQ(test, IoCreateDevice(fx->fdo_drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &dev), STATUS_SUCCESS);
	dev->Flags &= ~DO_DEVICE_INITIALIZING;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(fx->fdo_drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &upper), STATUS_SUCCESS);
	KUNIT_ASSERT_PTR_EQ(test, IoAttachDeviceToDeviceStack(upper, dev), dev);
	NTC_SPLAT_BEGIN("IoDeleteDevice of a device with a device attached");
	IoDeleteDevice(dev);
	NTC_SPLAT_END();
	KUNIT_EXPECT_PTR_EQ(test, dev->AttachedDevice, upper);	/* still there */
	/* Deleted: nothing attaches to it any more. */
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(dev), upper);
	IoDetachDevice(dev);					/* frees it */
	IoDeleteDevice(upper);
}

static struct kunit_case ntc_irp_cases[] = {
	KUNIT_CASE(ntc_irp_attach),
	KUNIT_CASE(ntc_irp_attach_pdo),
	KUNIT_CASE(ntc_irp_completion_order),
	KUNIT_CASE(ntc_irp_invoke_on),
	KUNIT_CASE(ntc_irp_skip),
	KUNIT_CASE(ntc_irp_pending_dpc),
	KUNIT_CASE(ntc_irp_more_processing),
	KUNIT_CASE(ntc_irp_forward_sync),
	KUNIT_CASE(ntc_irp_allocated),
	KUNIT_CASE(ntc_irp_stack_too_small),
	KUNIT_CASE(ntc_irp_double_completion),
	KUNIT_CASE(ntc_irp_pending_unmarked),
	KUNIT_CASE(ntc_irp_no_dispatch),
	KUNIT_CASE(ntc_irp_references),
	{}
};

static struct kunit_suite ntc_irp_suite = {
	.name = "ntc_irp",
	.init = ntc_irp_init,
	.exit = ntc_irp_exit,
	.test_cases = ntc_irp_cases,
};

kunit_test_suite(ntc_irp_suite);
