// SPDX-License-Identifier: GPL-2.0
/*
 * devstack.c - device stacks and device object references: attaching a
 * device object on top of another's stack, detaching it, finding the top of
 * a stack, and ObReferenceObject/ObDereferenceObject on device objects.
 *
 * Every device object ntcompat creates (PDOs in pdo.c, IoCreateDevice)
 * carries a struct _DEVOBJ_EXTENSION (DeviceObject->DeviceObjectExtension,
 * as on Windows) with the object manager's pointer count: 1 for the
 * creation, +1 per ObReferenceObject, and +1 held by an upper device object
 * attached to it until it detaches (Windows takes no reference for an
 * attachment; here it keeps a lower device object whose driver deleted it
 * too early from being freed under the upper one, which still points at
 * it). Deleting a device object drops the creation reference; the memory
 * goes with the last reference. DeviceObject->ReferenceCount is the I/O
 * manager's open count, a different thing, and is not touched here.
 *
 * This file calls nothing of pdo.c or irp.c; they call it.
 *
 * Locking rules:
 *   ntc_devstack_lock (a raw spinlock, IRQs off: taken at DISPATCH_LEVEL by
 *	IoGetAttachedDeviceReference and under ntcompat's emulated IRQLs, so it
 *	must not sleep on PREEMPT_RT): every AttachedDevice and AttachedTo
 *	link and the delete-pending flag. The pointer count is atomic.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "ntc_internal.h"

/*
 * Functions returning a device object spell its type struct _DEVICE_OBJECT *
 * here: genksyms (modversions) does not take PDEVICE_OBJECT, whose typedef
 * carries an alignment attribute, for a type name, and loses the export
 * after such a definition.
 */

static DEFINE_RAW_SPINLOCK(ntc_devstack_lock);

/* The extension of a device object ntcompat made, or NULL (logged by the caller). */
static struct _DEVOBJ_EXTENSION *ntc_doe(PVOID object)
{
	PDEVICE_OBJECT d = object;
	struct _DEVOBJ_EXTENSION *doe;

	if (!d || d->Type != IO_TYPE_DEVICE)
		return NULL;
	doe = d->DeviceObjectExtension;
	if (!doe || doe->magic != NTC_DOE_MAGIC || doe->DeviceObject != d)
		return NULL;
	return doe;
}

/**
 * ntc_devobj_init() - give a new device object its extension and first reference
 * @d: the device object, zeroed
 * @doe: its extension, zeroed, in the same allocation
 * @alloc: what kfree() frees at the last reference
 */
void ntc_devobj_init(PDEVICE_OBJECT d, struct _DEVOBJ_EXTENSION *doe, void *alloc)
{
	doe->Type = NTC_IO_TYPE_DEVOBJ_EXTENSION;
	doe->Size = sizeof(*doe);
	doe->DeviceObject = d;
	doe->magic = NTC_DOE_MAGIC;
	atomic_long_set(&doe->refs, 1);
	doe->alloc = alloc;
	d->DeviceObjectExtension = doe;
}

static void ntc_devobj_free(struct _DEVOBJ_EXTENSION *doe)
{
	doe->magic = 0;
	kfree(doe->alloc);
}

/* Drop one reference; the last one frees a deleted device object. */
static LONG_PTR ntc_devobj_put(struct _DEVOBJ_EXTENSION *doe)
{
	long n = atomic_long_dec_if_positive(&doe->refs);

	if (n < 0) {
		pr_err("ObDereferenceObject: device object %p has no reference left (REFERENCE_BY_POINTER, bug check 0x18, on Windows); ignored\n",
		       doe->DeviceObject);
		dump_stack();
		return 0;
	}
	if (n)
		return n;
	if (!READ_ONCE(doe->deleted)) {
		/* Keep it: the driver will still delete it. */
		pr_err("ObDereferenceObject: the last reference to device object %p is gone before IoDeleteDevice (REFERENCE_BY_POINTER, bug check 0x18, on Windows); kept\n",
		       doe->DeviceObject);
		dump_stack();
		atomic_long_set(&doe->refs, 1);
		return 0;
	}
	ntc_devobj_free(doe);
	return 0;
}

/**
 * ntc_devobj_delete() - the deletion of a device object (IoDeleteDevice, PDOs)
 * @d: the device object
 *
 * Marks it deleted (no device can attach to it any more), detaches it from
 * the device below if its driver did not (logged: IoDetachDevice comes
 * first), logs a device still attached on top of it, and drops the creation
 * reference: the memory goes with the last reference.
 *
 * Context: PASSIVE_LEVEL.
 */
void ntc_devobj_delete(PDEVICE_OBJECT d)
{
	struct _DEVOBJ_EXTENSION *doe = ntc_doe(d), *ldoe = NULL;
	PDEVICE_OBJECT lower, upper;
	unsigned long flags;

	if (WARN_ON(!doe))
		return;
	raw_spin_lock_irqsave(&ntc_devstack_lock, flags);
	WRITE_ONCE(doe->deleted, true);
	upper = d->AttachedDevice;
	lower = doe->AttachedTo;
	if (lower) {
		lower->AttachedDevice = NULL;
		doe->AttachedTo = NULL;
		ldoe = ntc_doe(lower);
	}
	raw_spin_unlock_irqrestore(&ntc_devstack_lock, flags);
	if (upper)
		pr_err("IoDeleteDevice: device object %p still has device object %p attached on top of it: the upper driver must IoDetachDevice first; it stays allocated until then\n",
		       d, upper);
	if (lower) {
		pr_err("IoDeleteDevice: device object %p is still attached to device object %p: IoDetachDevice must come before IoDeleteDevice; detached\n",
		       d, lower);
		if (ldoe)
			ntc_devobj_put(ldoe);
	}
	ntc_devobj_put(doe);
}

/* The Ob calls' object: a device object of ntcompat's, or logged and NULL. */
static struct _DEVOBJ_EXTENSION *ntc_ob_doe(PVOID object, const char *fn)
{
	struct _DEVOBJ_EXTENSION *doe = ntc_doe(object);

	if (!doe)
		pr_err("%s: %p is not a device object of ntcompat's (the only objects it counts); ignored\n",
		       fn, object);
	return doe;
}

/**
 * ObfReferenceObject() - take a reference to a device object
 * @Object: a device object
 *
 * ntcompat counts references to device objects only; any other object is
 * logged and not counted. ObReferenceObject() is the WDK's macro over it.
 *
 * Context: IRQL <= DISPATCH_LEVEL; does not sleep.
 * Return: the new pointer count; 0 if @Object is not a device object.
 */
LONG_PTR ObfReferenceObject(PVOID Object)
{
	struct _DEVOBJ_EXTENSION *doe = ntc_ob_doe(Object, __func__);

	return doe ? atomic_long_inc_return(&doe->refs) : 0;
}
EXPORT_SYMBOL_GPL(ObfReferenceObject);

/**
 * ObfDereferenceObject() - drop a reference to a device object
 * @Object: a device object
 *
 * The last reference to a deleted device object frees it. A dereference
 * below zero, or of the last reference before IoDeleteDevice(), is logged
 * (REFERENCE_BY_POINTER on Windows) and leaves the object as it is.
 *
 * Context: IRQL <= DISPATCH_LEVEL; does not sleep.
 * Return: the new pointer count (0: freed, or not a device object).
 */
LONG_PTR ObfDereferenceObject(PVOID Object)
{
	struct _DEVOBJ_EXTENSION *doe = ntc_ob_doe(Object, __func__);

	return doe ? ntc_devobj_put(doe) : 0;
}
EXPORT_SYMBOL_GPL(ObfDereferenceObject);

static struct _DEVICE_OBJECT *ntc_top_locked(struct _DEVICE_OBJECT *d)
{
	lockdep_assert_held(&ntc_devstack_lock);
	while (d->AttachedDevice)
		d = d->AttachedDevice;
	return d;
}

static struct _DEVICE_OBJECT *ntc_attach(struct _DEVICE_OBJECT *source,
					 struct _DEVICE_OBJECT *target,
					 struct _DEVICE_OBJECT **attached_to)
{
	struct _DEVOBJ_EXTENSION *sdoe = ntc_doe(source), *tdoe;
	PDEVICE_OBJECT top = NULL;
	unsigned long flags;
	const char *why = NULL;

	might_sleep();
	if (!sdoe || !ntc_doe(target)) {
		pr_err("IoAttachDeviceToDeviceStack: %p or %p is not a device object of ntcompat's\n",
		       source, target);
		return NULL;
	}
	raw_spin_lock_irqsave(&ntc_devstack_lock, flags);
	top = ntc_top_locked(target);
	tdoe = ntc_doe(top);
	if (sdoe->AttachedTo || source->AttachedDevice || source == top)
		why = "the source device object is already in a stack";
	else if (READ_ONCE(tdoe->deleted))
		why = "the target device object is being deleted";
	else if (top->Flags & DO_DEVICE_INITIALIZING)
		why = "the top of the target stack still has DO_DEVICE_INITIALIZING set";
	if (why) {
		top = NULL;
	} else {
		/* What the WDK documents, and the sector size as Windows does. */
		source->StackSize = top->StackSize + 1;
		source->AlignmentRequirement = top->AlignmentRequirement;
		source->SectorSize = top->SectorSize;
		sdoe->AttachedTo = top;
		if (attached_to)
			*attached_to = top;
		atomic_long_inc(&tdoe->refs);	/* dropped by IoDetachDevice */
		/* Last: from here IRPs sent to the stack reach @source. */
		smp_store_release(&top->AttachedDevice, source);
	}
	raw_spin_unlock_irqrestore(&ntc_devstack_lock, flags);
	if (why)
		pr_err("IoAttachDeviceToDeviceStack(%p, %p): %s; not attached\n", source, target,
		       why);
	return top;
}

/**
 * IoAttachDeviceToDeviceStack() - attach a device object to the top of a stack
 * @SourceDevice: the caller's device object (an FDO or filter DO)
 * @TargetDevice: any device object of the stack (usually the PDO)
 *
 * @SourceDevice goes on top of the stack @TargetDevice is in; its StackSize
 * becomes the old top's plus one, its AlignmentRequirement (and SectorSize)
 * the old top's.
 *
 * Context: PASSIVE_LEVEL.
 * Return: the device object @SourceDevice was attached to (the old top), to
 * which the driver sends IRPs on; NULL (logged) if the top is being deleted
 * or still initializing, or the source already is in a stack.
 */
struct _DEVICE_OBJECT *IoAttachDeviceToDeviceStack(struct _DEVICE_OBJECT *SourceDevice,
						   struct _DEVICE_OBJECT *TargetDevice)
{
	return ntc_attach(SourceDevice, TargetDevice, NULL);
}
EXPORT_SYMBOL_GPL(IoAttachDeviceToDeviceStack);

/**
 * IoAttachDeviceToDeviceStackSafe() - attach, storing the lower device first
 * @SourceDevice: the caller's device object
 * @TargetDevice: any device object of the stack
 * @AttachedToDeviceObject: receives the device attached to, before an IRP
 *	can reach @SourceDevice (typically the device extension's
 *	NextLowerDevice)
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_NO_SUCH_DEVICE (logged), with
 * *@AttachedToDeviceObject NULL, where IoAttachDeviceToDeviceStack() returns
 * NULL; STATUS_INVALID_PARAMETER for a NULL @AttachedToDeviceObject.
 */
NTSTATUS IoAttachDeviceToDeviceStackSafe(PDEVICE_OBJECT SourceDevice,
					 PDEVICE_OBJECT TargetDevice,
					 PDEVICE_OBJECT *AttachedToDeviceObject)
{
	if (!AttachedToDeviceObject)
		return STATUS_INVALID_PARAMETER;
	*AttachedToDeviceObject = NULL;
	return ntc_attach(SourceDevice, TargetDevice, AttachedToDeviceObject) ?
	       STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}
EXPORT_SYMBOL_GPL(IoAttachDeviceToDeviceStackSafe);

/**
 * IoDetachDevice() - detach the device attached on top of a device object
 * @TargetDevice: the device object returned by IoAttachDeviceToDeviceStack()
 *	(the one below the caller's)
 *
 * Context: PASSIVE_LEVEL.
 */
void IoDetachDevice(PDEVICE_OBJECT TargetDevice)
{
	struct _DEVOBJ_EXTENSION *tdoe = ntc_doe(TargetDevice), *udoe = NULL;
	PDEVICE_OBJECT upper;
	unsigned long flags;

	might_sleep();
	if (!tdoe) {
		pr_err("%s: %p is not a device object of ntcompat's\n", __func__, TargetDevice);
		return;
	}
	raw_spin_lock_irqsave(&ntc_devstack_lock, flags);
	upper = TargetDevice->AttachedDevice;
	if (upper) {
		udoe = ntc_doe(upper);
		if (udoe)
			udoe->AttachedTo = NULL;
		TargetDevice->AttachedDevice = NULL;
	}
	raw_spin_unlock_irqrestore(&ntc_devstack_lock, flags);
	if (!upper) {
		pr_err("%s: nothing is attached to device object %p\n", __func__, TargetDevice);
		return;
	}
	ntc_devobj_put(tdoe);
}
EXPORT_SYMBOL_GPL(IoDetachDevice);

/**
 * IoGetAttachedDevice() - the top of a device object's stack
 * @DeviceObject: any device object of the stack
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: the highest device object attached above @DeviceObject, or
 * @DeviceObject itself; not referenced.
 */
struct _DEVICE_OBJECT *IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject)
{
	unsigned long flags;
	PDEVICE_OBJECT top;

	if (!DeviceObject)
		return NULL;
	raw_spin_lock_irqsave(&ntc_devstack_lock, flags);
	top = ntc_top_locked(DeviceObject);
	raw_spin_unlock_irqrestore(&ntc_devstack_lock, flags);
	return top;
}
EXPORT_SYMBOL_GPL(IoGetAttachedDevice);

/**
 * IoGetAttachedDeviceReference() - the top of a stack, referenced
 * @DeviceObject: any device object of the stack
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: the top device object, with a reference the caller drops with
 * ObDereferenceObject().
 */
struct _DEVICE_OBJECT *IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject)
{
	struct _DEVOBJ_EXTENSION *doe;
	unsigned long flags;
	PDEVICE_OBJECT top;

	if (!DeviceObject)
		return NULL;
	raw_spin_lock_irqsave(&ntc_devstack_lock, flags);
	top = ntc_top_locked(DeviceObject);
	doe = ntc_doe(top);
	if (doe)
		atomic_long_inc(&doe->refs);
	raw_spin_unlock_irqrestore(&ntc_devstack_lock, flags);
	if (!doe)
		pr_err("%s: %p is not a device object of ntcompat's; not referenced\n",
		       __func__, top);
	return top;
}
EXPORT_SYMBOL_GPL(IoGetAttachedDeviceReference);
