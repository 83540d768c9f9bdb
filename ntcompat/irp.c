// SPDX-License-Identifier: GPL-2.0
/*
 * irp.c - IRPs: allocation, IoCallDriver, IoCompleteRequest and the calls
 * built on them, as ntoskrnl's I/O manager does them.
 *
 * An IRP is followed in its allocation by StackCount IO_STACK_LOCATIONs; the
 * first (right after the IRP) is the lowest driver's. CurrentLocation counts
 * from StackCount + 1 (no driver has the IRP: its allocator owns it) down
 * to 1; Tail.Overlay.CurrentStackLocation points at location
 * CurrentLocation (one past the array while no driver has it). The WDK's
 * inline helpers (IoGetNextIrpStackLocation, IoSetCompletionRoutine, ...)
 * in wdm.h work on these two fields; this file keeps them consistent.
 *
 * IofCompleteRequest walks up from the current location: each location's
 * completion routine (set by the driver above it) runs with the device
 * object of the location above (the caller's own device; NULL for the
 * allocator's routine at the top), when its SL_INVOKE_ON_* bit matches the
 * status or Cancel; a routine returning STATUS_MORE_PROCESSING_REQUIRED
 * stops the walk (the IRP is that driver's again, to complete again or to
 * free). Irp->PendingReturned is the SL_PENDING_RETURNED bit of the location
 * just left; with no routine to propagate it, the location above is marked
 * pending, as Windows does.
 *
 * Where Windows bug-checks, ntcompat logs the rule with a stack and leaves
 * the IRP to its owner:
 *   - IoCallDriver with no stack location left (NO_MORE_IRP_STACK_LOCATIONS,
 *     0x35): the IRP is not dispatched; it is failed with
 *     STATUS_INVALID_DEVICE_REQUEST and completed from the caller's location
 *     (so the IRP goes back up, as if the caller had failed it), or, for an
 *     IRP no driver holds yet, only returned to its allocator;
 *   - IoCompleteRequest of an IRP no driver holds (completed already, or
 *     never sent: MULTIPLE_IRP_COMPLETE_REQUESTS, 0x44): nothing is done;
 *   - IoFreeIrp/IoReuseIrp of an IRP a driver still holds: nothing is done.
 * As Driver Verifier does, a dispatch routine returning STATUS_PENDING
 * without IoMarkIrpPending (or marking it and returning something else) is
 * logged: IofCallDriver keeps a record of each dispatch on its stack, which
 * the completion walk updates as it passes the location, so the check never
 * touches an IRP that may be gone. A pass-through driver whose completion
 * routine marks the IRP pending later (if Irp->PendingReturned) is judged
 * when the IRP was completed before its dispatch routine returned, not
 * otherwise.
 *
 * Not provided: cancellation (IoCancelIrp, IoSetCancelRoutine), associated
 * IRPs, MDLs, and the IRPs the I/O manager builds with a thread and an event
 * (IoBuildSynchronousFsdRequest & co.). An IRP completed past its top
 * location has nobody to go to (Windows would queue an APC to its thread):
 * its UserIosb is filled, and the rest is logged.
 *
 * Locking rules:
 *   ntc_irp_calls_lock (a raw spinlock, IRQs off; calls and completions
 *	run up to DISPATCH_LEVEL under ntcompat's emulated IRQL): the records
 *	of dispatches in progress. Nothing else is locked here: an IRP belongs
 *	to one driver at a time, as on Windows.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "ntc_internal.h"

/* AllocationFlags bit of an IRP from IoAllocateIrp (IoFreeIrp may kfree it). */
#define NTC_IRP_ALLOCATED	0x80

/* A dispatch in progress (IofCallDriver's stack): see the file comment. */
struct ntc_irp_call {
	struct hlist_node node;
	PIRP irp;
	CHAR location;
	bool completed;		/* the completion walk passed the location */
	bool pending;		/* ... and found SL_PENDING_RETURNED there */
	bool unwinding;		/* the walk passed the location below */
};

static DEFINE_HASHTABLE(ntc_irp_calls, 6);
static DEFINE_RAW_SPINLOCK(ntc_irp_calls_lock);

static PIO_STACK_LOCATION ntc_irp_location(PIRP irp, CHAR location)
{
	return (PIO_STACK_LOCATION)(irp + 1) + (location - 1);
}

/* A rule of the I/O manager's broken: the log line and a stack. */
#define ntc_irp_err(fmt, ...)						\
	do {								\
		pr_err(fmt, ##__VA_ARGS__);				\
		dump_stack();						\
	} while (0)

static bool ntc_irp_valid(const char *fn, PIRP irp)
{
	if (irp && irp->Type == IO_TYPE_IRP)
		return true;
	ntc_irp_err("%s: %p is not an IRP\n", fn, irp);
	return false;
}

static void ntc_irp_check_irql(const char *fn)
{
	KIRQL irql = KeGetCurrentIrql();

	if (irql > DISPATCH_LEVEL)
		ntc_irp_err("%s called at IRQL %u, above DISPATCH_LEVEL (IRQL_NOT_LESS_OR_EQUAL, bug check 0xA, on Windows)\n",
			    fn, irql);
}

/**
 * IoInitializeIrp() - initialize an IRP in memory the caller allocated
 * @Irp: the IRP
 * @PacketSize: the bytes at @Irp: at least IoSizeOfIrp(@StackSize)
 * @StackSize: its number of stack locations
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
	if (!Irp || StackSize < 1 || PacketSize < IoSizeOfIrp(StackSize)) {
		ntc_irp_err("%s(%p, %u, %d): not room for %d stack locations\n",
			    __func__, Irp, PacketSize, StackSize, StackSize);
		return;
	}
	memset(Irp, 0, PacketSize);
	Irp->Type = IO_TYPE_IRP;
	Irp->Size = PacketSize;
	Irp->StackCount = StackSize;
	Irp->CurrentLocation = StackSize + 1;
	InitializeListHead(&Irp->ThreadListEntry);
	Irp->Tail.Overlay.CurrentStackLocation = ntc_irp_location(Irp, StackSize + 1);
}
EXPORT_SYMBOL_GPL(IoInitializeIrp);

/**
 * IoAllocateIrp() - allocate and initialize an IRP
 * @StackSize: stack locations: at least the target's StackSize (one per
 *	driver below the caller); the caller's own completion routine goes in
 *	the first location it sets up, so it needs none of its own
 * @ChargeQuota: ignored (no process quotas)
 *
 * Context: IRQL <= DISPATCH_LEVEL (GFP_ATOMIC).
 * Return: the IRP, or NULL if out of memory or @StackSize is below 1.
 */
PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
	USHORT size;
	PIRP irp;

	ntc_irp_check_irql(__func__);
	if (StackSize < 1) {
		pr_err("%s: StackSize %d\n", __func__, StackSize);
		return NULL;
	}
	size = IoSizeOfIrp(StackSize);
	irp = kzalloc(size, GFP_ATOMIC);
	if (!irp)
		return NULL;
	IoInitializeIrp(irp, size, StackSize);
	irp->AllocationFlags = NTC_IRP_ALLOCATED;
	return irp;
}
EXPORT_SYMBOL_GPL(IoAllocateIrp);

/* A driver holds @irp: it was sent down and not completed past the top. */
static bool ntc_irp_held(PIRP irp)
{
	return irp->CurrentLocation <= irp->StackCount;
}

/**
 * IoFreeIrp() - free an IRP from IoAllocateIrp()
 * @Irp: the IRP; not held by any driver (completed up to its allocator, or
 *	never sent). Typically called from the allocator's completion
 *	routine, which then returns STATUS_MORE_PROCESSING_REQUIRED.
 *
 * An IRP still held by a driver, or not from IoAllocateIrp(), is logged and
 * not freed.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void IoFreeIrp(PIRP Irp)
{
	if (!ntc_irp_valid(__func__, Irp))
		return;
	if (ntc_irp_held(Irp)) {
		ntc_irp_err("%s: IRP %p is still in flight (at stack location %d of %d, not completed to its allocator); not freed\n",
			    __func__, Irp, Irp->CurrentLocation, Irp->StackCount);
		return;
	}
	if (!(Irp->AllocationFlags & NTC_IRP_ALLOCATED)) {
		ntc_irp_err("%s: IRP %p was not allocated by IoAllocateIrp; not freed\n",
			    __func__, Irp);
		return;
	}
	Irp->Type = 0;
	kfree(Irp);
}
EXPORT_SYMBOL_GPL(IoFreeIrp);

/**
 * IoReuseIrp() - make a completed IRP ready to be sent again
 * @Irp: the IRP, not held by any driver
 * @Iostatus: its new IoStatus.Status
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 */
void IoReuseIrp(PIRP Irp, NTSTATUS Iostatus)
{
	UCHAR flags;

	if (!ntc_irp_valid(__func__, Irp))
		return;
	if (ntc_irp_held(Irp)) {
		ntc_irp_err("%s: IRP %p is still in flight (at stack location %d of %d); not reinitialized\n",
			    __func__, Irp, Irp->CurrentLocation, Irp->StackCount);
		return;
	}
	flags = Irp->AllocationFlags;
	IoInitializeIrp(Irp, Irp->Size, Irp->StackCount);
	Irp->IoStatus.Status = Iostatus;
	Irp->AllocationFlags = flags;
}
EXPORT_SYMBOL_GPL(IoReuseIrp);

/* The completion walk passes @location: update the records of its dispatches. */
static void ntc_irp_calls_passed(PIRP irp, CHAR location, bool pending)
{
	struct ntc_irp_call *c;
	unsigned long flags;

	raw_spin_lock_irqsave(&ntc_irp_calls_lock, flags);
	hash_for_each_possible(ntc_irp_calls, c, node, (unsigned long)irp) {
		if (c->irp != irp || c->completed)
			continue;
		if (c->location == location) {
			c->completed = true;
			c->pending = pending;
		} else if (c->location == location + 1) {
			/* its routine may still mark the location above */
			c->unwinding = true;
		}
	}
	raw_spin_unlock_irqrestore(&ntc_irp_calls_lock, flags);
}

static void ntc_clear_location(PIO_STACK_LOCATION sp)
{
	sp->MinorFunction = 0;
	sp->Flags = 0;
	sp->Control = 0;
	sp->Parameters.Others.Argument1 = NULL;
	sp->Parameters.Others.Argument2 = NULL;
	sp->Parameters.Others.Argument3 = NULL;
	sp->FileObject = NULL;
}

/**
 * IofCompleteRequest() - complete an IRP (IoCompleteRequest)
 * @Irp: the IRP, with IoStatus set; held by the caller's driver
 * @PriorityBoost: ignored (IO_NO_INCREMENT & co.: no thread priorities)
 *
 * Runs the completion routines of the locations from the caller's up (see
 * the file comment). After this call the IRP may be gone: the caller must
 * not touch it. Completing an IRP no driver holds is logged and does
 * nothing (MULTIPLE_IRP_COMPLETE_REQUESTS on Windows).
 *
 * Context: IRQL <= DISPATCH_LEVEL; completion routines run in the caller's
 * context.
 */
void IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
	PIO_STACK_LOCATION sp;
	PDEVICE_OBJECT dev;
	NTSTATUS status;
	bool call;

	ntc_irp_check_irql(__func__);
	if (!ntc_irp_valid(__func__, Irp))
		return;
	if (Irp->CurrentLocation > Irp->StackCount || Irp->CurrentLocation < 1) {
		ntc_irp_err("IoCompleteRequest: IRP %p is held by no driver (stack location %d of %d): completed twice, or never sent (MULTIPLE_IRP_COMPLETE_REQUESTS, bug check 0x44, on Windows); ignored\n",
			    Irp, Irp->CurrentLocation, Irp->StackCount);
		return;
	}
	if (Irp->IoStatus.Status == STATUS_PENDING)
		ntc_irp_err("IoCompleteRequest: IRP %p completed with IoStatus.Status STATUS_PENDING (Driver Verifier: DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0xC9)\n",
			    Irp);

	for (sp = IoGetCurrentIrpStackLocation(Irp); Irp->CurrentLocation <= Irp->StackCount;
	     sp++) {
		/* Move to the location above: the completion routine's driver's. */
		ntc_irp_calls_passed(Irp, Irp->CurrentLocation,
				     sp->Control & SL_PENDING_RETURNED);
		Irp->CurrentLocation++;
		Irp->Tail.Overlay.CurrentStackLocation++;
		Irp->PendingReturned = sp->Control & SL_PENDING_RETURNED;

		status = Irp->IoStatus.Status;
		call = sp->CompletionRoutine &&
		       ((NT_SUCCESS(status) && (sp->Control & SL_INVOKE_ON_SUCCESS)) ||
			(!NT_SUCCESS(status) && (sp->Control & SL_INVOKE_ON_ERROR)) ||
			(Irp->Cancel && (sp->Control & SL_INVOKE_ON_CANCEL)));
		if (!call) {
			if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount)
				IoMarkIrpPending(Irp);
			ntc_clear_location(sp);
			continue;
		}
		ntc_clear_location(sp);
		dev = Irp->CurrentLocation <= Irp->StackCount ?
		      IoGetCurrentIrpStackLocation(Irp)->DeviceObject : NULL;
		/* The routine may free or reuse the IRP: read nothing after. */
		if (sp->CompletionRoutine(dev, Irp, sp->Context) == STATUS_MORE_PROCESSING_REQUIRED)
			return;
	}

	/* Past the top: Windows hands the IRP to its thread (an APC). */
	Irp->CurrentLocation++;
	Irp->Tail.Overlay.CurrentStackLocation++;
	if (Irp->UserIosb)
		*Irp->UserIosb = Irp->IoStatus;
	if (!Irp->UserIosb || Irp->UserEvent || Irp->Tail.Overlay.Thread)
		ntc_irp_err("IoCompleteRequest: IRP %p completed past its top stack location with no owner to take it: the driver that allocated it must return STATUS_MORE_PROCESSING_REQUIRED from its completion routine (and free or reuse it); left as it is\n",
			    Irp);
}
EXPORT_SYMBOL_GPL(IofCompleteRequest);

/* IoCallDriver with no location left: see the file comment. */
static NTSTATUS ntc_irp_no_location(PDEVICE_OBJECT dev, PIRP irp)
{
	ntc_irp_err("IoCallDriver(%p, IRP %p): no stack location left for the device (StackCount %d, the IRP needs the target's StackSize %d) (NO_MORE_IRP_STACK_LOCATIONS, bug check 0x35, on Windows); not sent, failed with STATUS_INVALID_DEVICE_REQUEST\n",
		    dev, irp, irp->StackCount, dev->StackSize);
	/*
	 * The caller's IoSetCompletionRoutine/IoCopyCurrentIrpStackLocationToNext
	 * wrote the "next" location, which for location 1 is the IRP's own tail:
	 * put the current location back.
	 */
	irp->Tail.Overlay.CurrentStackLocation = ntc_irp_location(irp, irp->CurrentLocation);
	irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
	irp->IoStatus.Information = 0;
	if (ntc_irp_held(irp) && irp->CurrentLocation >= 1)
		IofCompleteRequest(irp, IO_NO_INCREMENT);
	return STATUS_INVALID_DEVICE_REQUEST;
}

/**
 * IofCallDriver() - send an IRP to a driver (IoCallDriver)
 * @DeviceObject: the device object to send it to (the one below the caller's)
 * @Irp: the IRP, its next stack location set up by the caller
 *
 * Moves the IRP to its next stack location, stores @DeviceObject there and
 * calls the driver's MajorFunction for the location's MajorFunction. A
 * driver with no routine for it completes the IRP with
 * STATUS_INVALID_DEVICE_REQUEST, as Windows' default dispatch does. With no
 * location left the IRP is failed (see the file comment).
 *
 * Context: IRQL <= DISPATCH_LEVEL; the dispatch routine runs in the
 * caller's context.
 * Return: what the dispatch routine returned (STATUS_PENDING: the IRP will
 * be completed later); STATUS_INVALID_DEVICE_REQUEST or
 * STATUS_INVALID_PARAMETER (NULL arguments) if it was not dispatched.
 */
NTSTATUS IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct ntc_irp_call call = { };
	PDRIVER_DISPATCH dispatch = NULL;
	PIO_STACK_LOCATION sp;
	unsigned long flags;
	bool pending, judge;
	NTSTATUS status;

	ntc_irp_check_irql(__func__);
	if (!ntc_irp_valid(__func__, Irp))
		return STATUS_INVALID_PARAMETER;
	if (!DeviceObject) {
		ntc_irp_err("IoCallDriver: IRP %p sent to no device object\n", Irp);
		return STATUS_INVALID_PARAMETER;
	}
	if (Irp->CurrentLocation <= 1 || Irp->CurrentLocation > Irp->StackCount + 1)
		return ntc_irp_no_location(DeviceObject, Irp);

	Irp->CurrentLocation--;
	sp = --Irp->Tail.Overlay.CurrentStackLocation;
	sp->DeviceObject = DeviceObject;
	if (DeviceObject->DriverObject && sp->MajorFunction <= IRP_MJ_MAXIMUM_FUNCTION)
		dispatch = DeviceObject->DriverObject->MajorFunction[sp->MajorFunction];
	if (!dispatch) {
		Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
		Irp->IoStatus.Information = 0;
		IofCompleteRequest(Irp, IO_NO_INCREMENT);
		return STATUS_INVALID_DEVICE_REQUEST;
	}

	call.irp = Irp;
	call.location = Irp->CurrentLocation;
	raw_spin_lock_irqsave(&ntc_irp_calls_lock, flags);
	hash_add(ntc_irp_calls, &call.node, (unsigned long)Irp);
	raw_spin_unlock_irqrestore(&ntc_irp_calls_lock, flags);

	status = dispatch(DeviceObject, Irp);

	raw_spin_lock_irqsave(&ntc_irp_calls_lock, flags);
	hash_del(&call.node);
	/*
	 * Completed through this location: its pending bit is final. Not yet,
	 * and no driver below holds it (the dispatch routine queued it): the
	 * bit must be set now. Otherwise a lower driver holds it, or the walk
	 * is below this location: a routine may still set the bit (the
	 * pass-through pattern), so there is nothing to judge.
	 */
	judge = call.completed || (!call.unwinding && Irp->CurrentLocation == call.location);
	pending = call.completed ? call.pending : sp->Control & SL_PENDING_RETURNED;
	raw_spin_unlock_irqrestore(&ntc_irp_calls_lock, flags);
	if (judge && status == STATUS_PENDING && !pending)
		ntc_irp_err("IoCallDriver: %ps returned STATUS_PENDING for IRP %p without IoMarkIrpPending (Driver Verifier: DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0xC9)\n",
			    dispatch, Irp);
	else if (call.completed && status != STATUS_PENDING && pending)
		ntc_irp_err("IoCallDriver: %ps marked IRP %p pending but returned %#x, not STATUS_PENDING (Driver Verifier: DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0xC9)\n",
			    dispatch, Irp, status);
	return status;
}
EXPORT_SYMBOL_GPL(IofCallDriver);

struct ntc_completion_ex {
	PIO_COMPLETION_ROUTINE routine;
	PVOID context;
	PDEVICE_OBJECT device;
};

static NTSTATUS ntc_completion_ex(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	struct ntc_completion_ex c = *(struct ntc_completion_ex *)context;
	NTSTATUS status;

	kfree(context);
	status = c.routine(dev, irp, c.context);
	ObDereferenceObject(c.device);
	return status;
}

/**
 * IoSetCompletionRoutineEx() - IoSetCompletionRoutine, keeping a device object
 * @DeviceObject: the caller's device object, referenced until the routine
 *	has returned (so it, and its driver, outlive the routine)
 * @Irp: the IRP
 * @CompletionRoutine: the routine
 * @Context: its context
 * @InvokeOnSuccess: call it for a success status
 * @InvokeOnError: for an error status
 * @InvokeOnCancel: for a cancelled IRP
 *
 * Context: IRQL <= DISPATCH_LEVEL (GFP_ATOMIC).
 * Return: STATUS_SUCCESS; STATUS_INSUFFICIENT_RESOURCES (no routine set);
 * STATUS_INVALID_PARAMETER for a NULL argument.
 */
NTSTATUS IoSetCompletionRoutineEx(PDEVICE_OBJECT DeviceObject, PIRP Irp,
				  PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID Context,
				  BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError,
				  BOOLEAN InvokeOnCancel)
{
	struct ntc_completion_ex *c;

	if (!DeviceObject || !ntc_irp_valid(__func__, Irp) || !CompletionRoutine)
		return STATUS_INVALID_PARAMETER;
	c = kmalloc(sizeof(*c), GFP_ATOMIC);
	if (!c)
		return STATUS_INSUFFICIENT_RESOURCES;
	c->routine = CompletionRoutine;
	c->context = Context;
	c->device = DeviceObject;
	if (!ObReferenceObject(DeviceObject)) {
		kfree(c);
		return STATUS_INVALID_PARAMETER;
	}
	IoSetCompletionRoutine(Irp, ntc_completion_ex, c, InvokeOnSuccess, InvokeOnError,
			       InvokeOnCancel);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoSetCompletionRoutineEx);

static NTSTATUS ntc_forward_done(PDEVICE_OBJECT dev, PIRP irp, PVOID context)
{
	complete(context);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/**
 * IoForwardIrpSynchronously() - send an IRP down and wait for its completion
 * @DeviceObject: the device object below the caller's
 * @Irp: the IRP the caller's dispatch routine holds
 *
 * Copies the current stack location to the next, sets a completion routine
 * that stops the completion there, sends the IRP and waits until it is
 * completed: on return the IRP is the caller's again, IoStatus set by the
 * lower drivers, to be completed by the caller.
 *
 * Context: PASSIVE_LEVEL; sleeps (a Linux completion; Windows waits on a
 * KEVENT). Elsewhere refused (logged).
 * Return: TRUE if the IRP was sent and completed; FALSE if not sent: no
 * stack location left, or not at PASSIVE_LEVEL.
 */
BOOLEAN IoForwardIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	DECLARE_COMPLETION_ONSTACK(done);
	NTSTATUS status;

	if (!ntc_irp_valid(__func__, Irp) || !DeviceObject)
		return FALSE;
	if (ntc_refuse_wait(__func__, true))
		return FALSE;
	if (Irp->CurrentLocation <= 1 || !ntc_irp_held(Irp)) {
		pr_warn("%s: IRP %p has no stack location left (location %d of %d); not sent\n",
			__func__, Irp, Irp->CurrentLocation, Irp->StackCount);
		return FALSE;
	}
	IoCopyCurrentIrpStackLocationToNext(Irp);
	IoSetCompletionRoutine(Irp, ntc_forward_done, &done, TRUE, TRUE, TRUE);
	status = IofCallDriver(DeviceObject, Irp);
	/*
	 * Completed already unless STATUS_PENDING; a lower driver that returned
	 * something else without completing it is waited for all the same.
	 */
	if (status != STATUS_PENDING && !completion_done(&done))
		pr_err("%s: %p returned %#x for IRP %p without completing it; waiting for the completion\n",
		       __func__, DeviceObject, status, Irp);
	wait_for_completion(&done);
	return TRUE;
}
EXPORT_SYMBOL_GPL(IoForwardIrpSynchronously);
