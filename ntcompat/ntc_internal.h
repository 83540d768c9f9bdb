/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntc_internal.h - private definitions of ntcompat.ko.
 *
 * Naming: NT names outside (wdm.h), ntc_ inside, ntcompat_ for what is
 * visible outside the module (glue API, parameters).
 */
#ifndef _NTC_INTERNAL_H_
#define _NTC_INTERNAL_H_

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/atomic.h>
#include <linux/processor.h>
#include <linux/lockdep.h>
#include <linux/ktime.h>

#include <ntcompat/ntcompat.h>

#define NTC_KINTERRUPT_MAGIC	0x4e54494eu	/* "NTIN" */

/* Synthetic DIRQLs handed out in translated descriptors (see pdo.c). */
#define NTC_DIRQL_MIN		3
#define NTC_DIRQL_MAX		11

/*
 * State of an interrupt object, read by the Linux handler under the
 * interrupt lock. Only ACTIVE reaches the NT ISR.
 */
enum ntc_int_state {
	NTC_INT_CONNECTING = 0,	/* request_irq in progress: not connected yet */
	NTC_INT_ACTIVE,
	NTC_INT_INACTIVE,	/* IoReportInterruptInactive */
	NTC_INT_DISCONNECTING,	/* IoDisconnectInterruptEx has begun */
};

struct ntc_pdo;
struct ntc_conn;

/*
 * struct _KINTERRUPT - the NT interrupt object; opaque to drivers.
 *
 * @lock points at the interrupt spin lock: the driver's KSPIN_LOCK word when
 * it passed one (shared across connections, reference section 2.2), else
 * @own_lock. It is the NT word lock of irql.c, not a spinlock_t: a driver's
 * KSPIN_LOCK is a ULONG_PTR in driver memory that the driver may also take
 * with KeAcquireSpinLockAtDpcLevel, and a spinlock_t does not fit in it
 * (prior-art section 1). Passive interrupts use @passive_lock instead.
 */
struct _KINTERRUPT {
	u32 magic;
	enum ntc_int_state state;
	KSPIN_LOCK *lock;
	KSPIN_LOCK own_lock;
	union {
		PKSERVICE_ROUTINE isr;
		PKMESSAGE_SERVICE_ROUTINE msg_isr;
	};
	void *context;
	unsigned int irq;
	ULONG message_id;
	KIRQL irql;		/* DIRQL of the vector */
	KIRQL sync_irql;	/* what the ISR and sync routines run at */
	KIRQL saved_irql;	/* KeAcquireInterruptSpinLock, while held */
	bool passive;
	bool floating_save;
	bool message;
	bool shared;
	bool requested;		/* the Linux IRQ is requested */
	bool pinned;		/* ProcessorEnableMask applied, IRQ_NO_BALANCING set */
	USHORT group;
	KINTERRUPT_MODE mode;
	KAFFINITY affinity;
	struct ntc_conn *conn;

	/* Counters, updated under the interrupt lock. */
	unsigned long calls;
	unsigned long claimed;
	unsigned long gated;

	/* KeAcquireInterruptSpinLock's IRQ flags, valid while the lock is held. */
	unsigned long saved_flags;

	/* The interrupt lock of a passive ISR, instead of @lock (ntc_conn.mutexes). */
	struct mutex *passive_lock;

#ifdef CONFIG_LOCKDEP
	/* lockdep.c: what lockdep sees for *@lock (NULL: not tracked) */
	struct lockdep_map *dep_map;
	struct lockdep_map own_map;	/* @own_lock's, with a class per object */
	struct lock_class_key own_key;
	bool own_key_registered;
#endif
};

/*
 * struct ntc_conn - one successful IoConnectInterruptEx (or IoConnectInterrupt).
 * @version: the Version returned to the driver.
 * @info: the message table handed out for MESSAGE_BASED; its entries point
 *	into @kint. Allocated with the connection; freed on disconnect.
 * @mutexes: the passive interrupt locks, one per object; only for passive
 *	connections, so a DIRQL object carries no mutex.
 */
struct ntc_conn {
	ULONG version;
	struct ntc_pdo *pdo;
	struct list_head node;		/* ntc_pdo.conns, under ntc_pnp_mutex */
	unsigned int count;
	struct _KINTERRUPT *kint;	/* count entries */
	IO_INTERRUPT_MESSAGE_INFO *info;
	struct mutex *mutexes;		/* passive interrupt locks, see above */
	bool legacy;			/* IoConnectInterrupt: owned by the vector */
	char *name;			/* legacy: the IRQ's name (outlives the PDO) */
};

/*
 * struct _DEVOBJ_EXTENSION - DeviceObject->DeviceObjectExtension of every
 * device object ntcompat creates (opaque to drivers, as in the WDK; the
 * first three members are the WDK's). devstack.c.
 * @refs: the object manager's pointer count (creation + ObReferenceObject
 *	+ one per device attached on top); the last one frees @alloc.
 * @deleted: IoDeleteDevice (or ntcompat_delete_pdo) has run.
 * @AttachedTo: the device object this one is attached to, under
 *	ntc_devstack_lock.
 */
#define NTC_DOE_MAGIC			0x4e54444fu	/* "NTDO" */
#define NTC_IO_TYPE_DEVOBJ_EXTENSION	13

struct _DEVOBJ_EXTENSION {
	CSHORT Type;
	USHORT Size;
	PDEVICE_OBJECT DeviceObject;
	u32 magic;
	bool deleted;
	atomic_long_t refs;
	PDEVICE_OBJECT AttachedTo;
	void *alloc;
};

/* struct ntc_pdo - what stands behind a PDO's DEVICE_OBJECT. */
struct ntc_pdo {
	DEVICE_OBJECT devobj;
	struct _DEVOBJ_EXTENSION doe;
	struct device *dev;
	struct pci_dev *pdev;			/* NULL for a simulated source */
	struct ntcompat_pdo_config config;
	struct ntcompat_irq_source source;	/* copy; msg_irqs copied too */
	unsigned int *msg_irqs;
	struct list_head node;			/* ntc_pdos */
	struct list_head conns;
	bool assigned;
	/* What ntcompat_assign_resources gave the device. */
	unsigned int line_irq;			/* 0: none */
	enum ntcompat_msg_kind msg_kind;
	unsigned int nr_msgs;
	const unsigned int *assigned_msgs;
	bool pci_vectors;			/* pci_alloc_irq_vectors succeeded */
	CM_RESOURCE_LIST *raw;
	CM_RESOURCE_LIST *translated;
};

extern struct mutex ntc_pnp_mutex;

/* status.c */
NTSTATUS ntc_status_from_errno(int err);

/* irql.c */
DECLARE_PER_CPU(KIRQL, ntc_cpu_irql);

/*
 * The NT spin lock: a KSPIN_LOCK word, 0 when free, non-zero when held, as
 * on Windows (reference section 0). Callers have preemption or IRQs disabled
 * as the NT rules require; acquire/release ordering as for arch spinlocks.
 */
static __always_inline void ntc_word_acquire(KSPIN_LOCK *lock)
{
	unsigned long old = 0;

	while (unlikely(!try_cmpxchg_acquire(lock, &old, 1UL))) {
		do {
			cpu_relax();
		} while (READ_ONCE(*lock));
		old = 0;
	}
}

static __always_inline void ntc_word_release(KSPIN_LOCK *lock)
{
	/* Pairs with the acquire in ntc_word_acquire(). */
	smp_store_release(lock, 0UL);
}

/*
 * lockdep.c (CONFIG_LOCKDEP): the lockdep map of a KSPIN_LOCK, kept outside
 * the word. Annotated like a raw spinlock, before spinning, so a deadlock is
 * reported before it hangs. Without lockdep the lock is the bare word.
 */
#ifdef CONFIG_LOCKDEP
struct lockdep_map *ntc_lockdep_map(KSPIN_LOCK *lock);
struct lockdep_map *ntc_lockdep_find(KSPIN_LOCK *lock);
void ntc_lockdep_kint_init(struct _KINTERRUPT *kint);
void ntc_lockdep_kint_fini(struct _KINTERRUPT *kint);
int ntc_lockdep_init(void);
void ntc_lockdep_exit(void);

static __always_inline void ntc_dep_acquire(struct lockdep_map *map, unsigned long ip)
{
	if (map)
		lock_acquire_exclusive(map, 0, 0, NULL, ip);
}

static __always_inline void ntc_dep_release(struct lockdep_map *map, unsigned long ip)
{
	if (map)
		lock_release(map, ip);
}
#else
static inline void ntc_lockdep_kint_init(struct _KINTERRUPT *kint) { }
static inline void ntc_lockdep_kint_fini(struct _KINTERRUPT *kint) { }
static inline int ntc_lockdep_init(void) { return 0; }
static inline void ntc_lockdep_exit(void) { }
#endif

/* A driver's KSPIN_LOCK (KeAcquireSpinLock*): its map is found by address. */
static __always_inline void ntc_spin_acquire(KSPIN_LOCK *lock)
{
#ifdef CONFIG_LOCKDEP
	ntc_dep_acquire(ntc_lockdep_map(lock), _RET_IP_);
#endif
	ntc_word_acquire(lock);
}

static __always_inline void ntc_spin_release(KSPIN_LOCK *lock)
{
#ifdef CONFIG_LOCKDEP
	ntc_dep_release(ntc_lockdep_find(lock), _RET_IP_);
#endif
	ntc_word_release(lock);
}

/* The interrupt lock: its map was cached at connect, the ISR looks up nothing. */
static __always_inline void ntc_kint_lock(struct _KINTERRUPT *kint)
{
#ifdef CONFIG_LOCKDEP
	ntc_dep_acquire(kint->dep_map, _RET_IP_);
#endif
	ntc_word_acquire(kint->lock);
}

static __always_inline void ntc_kint_unlock(struct _KINTERRUPT *kint)
{
#ifdef CONFIG_LOCKDEP
	ntc_dep_release(kint->dep_map, _RET_IP_);
#endif
	ntc_word_release(kint->lock);
}

/*
 * ntc_irql_swap() - set this CPU's emulated IRQL, return the previous raw one.
 * Callers have preemption (usually IRQs) disabled; this is the hot-path form
 * used by the ISR trampoline, KeSynchronizeExecution and the DPC runner.
 */
static __always_inline KIRQL ntc_irql_swap(KIRQL irql)
{
	KIRQL old = this_cpu_read(ntc_cpu_irql);

	this_cpu_write(ntc_cpu_irql, irql);
	return old;
}

/* Put back the IRQL an ntc_irql_swap() returned. */
static __always_inline void ntc_irql_set(KIRQL irql)
{
	this_cpu_write(ntc_cpu_irql, irql);
}

/*
 * The current IRQL (KeGetCurrentIrql()): this CPU's emulated IRQL when
 * ntcompat raised it, else derived from the Linux context (irql.c).
 */
static __always_inline KIRQL ntc_current_irql(void)
{
	KIRQL irql = this_cpu_read(ntc_cpu_irql);

	if (irql != PASSIVE_LEVEL)
		return irql;
	if (irqs_disabled())
		return HIGH_LEVEL;
	if (!in_task())
		return DISPATCH_LEVEL;
#ifdef CONFIG_PREEMPT_COUNT
	if (!preemptible())
		return DISPATCH_LEVEL;
#endif
	return PASSIVE_LEVEL;
}

/*
 * Where a routine that waits (PASSIVE_LEVEL only) was called from a context
 * that cannot wait for what it waits for: above PASSIVE_LEVEL; in a threaded
 * DPC (it must be written to run at DISPATCH_LEVEL, as Windows runs threaded
 * DPCs as normal ones when they are disabled [K21], and it would wait for its
 * own queue); in a passive ISR (disconnect waits for the ISR thread, and
 * connect/PnP calls take the lock its disconnect holds). Logs the rule and
 * returns true: the caller then fails the call instead of hanging.
 */
bool ntc_dpc_in_threaded(void);
bool ntc_in_passive_isr(void);
bool ntc_refuse_wait(const char *fn, bool from_passive_isr);

/* 100 ns intervals from 1601-01-01 to 1970-01-01 (UTC): NT system time. */
#define NTC_EPOCH_DELTA		116444736000000000ULL

/*
 * wait.c: the dispatcher. timer.c signals and resets its KTIMERs through
 * these (under ntc_timer_lock; wait.c never calls timer.c).
 */
void ntc_dispatcher_signal(PDISPATCHER_HEADER h);
void ntc_dispatcher_reset(PDISPATCHER_HEADER h);
ktime_t ntc_due_ktime(LONGLONG due);
bool ntc_first_at(unsigned long ip);

/* timer.c */
void ntc_timer_init(void);
void ntc_timer_exit(void);
void ntc_io_timer_free(PDEVICE_OBJECT devobj);

/* devstack.c */
void ntc_devobj_init(PDEVICE_OBJECT d, struct _DEVOBJ_EXTENSION *doe, void *alloc);
void ntc_devobj_delete(PDEVICE_OBJECT d);

/* pdo.c */
int ntc_pdo_init(void);
void ntc_pdo_exit(void);
struct ntc_pdo *ntc_pdo_lookup(PDEVICE_OBJECT devobj);
KIRQL ntc_dirql(unsigned int irq);
bool ntc_pdo_has_vector(struct ntc_pdo *pdo, unsigned int irq);
struct ntc_pdo *ntc_pdo_by_vector(ULONG vector, struct ntc_pdo *except);
struct ntc_conn *ntc_conn_lookup(ULONG version, void *ctx);

/* interrupt.c */
struct ntc_conn *ntc_conn_alloc(struct ntc_pdo *pdo, unsigned int count, bool table,
				bool passive);
void ntc_conn_free(struct ntc_conn *conn);
void ntc_kint_init(struct _KINTERRUPT *kint, struct ntc_conn *conn, unsigned int irq,
		   KSPIN_LOCK *lock, KIRQL irql, KIRQL sync_irql, bool passive);
int ntc_kint_request(struct _KINTERRUPT *kint, bool shared);
void ntc_kint_release(struct _KINTERRUPT *kint);
void ntc_conn_disconnect(struct ntc_conn *conn);
void ntc_conn_activate(struct ntc_conn *conn);
void ntc_conn_log(struct ntc_conn *conn, ULONG asked);
NTSTATUS ntc_connect_line(struct ntc_pdo *pdo, PKINTERRUPT *out, PKSERVICE_ROUTINE isr,
			  void *ctx, KSPIN_LOCK *lock, KIRQL sync_irql, bool floating_save,
			  bool want_passive, ULONG asked);

/* msi.c */
NTSTATUS ntc_connect_message(PIO_CONNECT_INTERRUPT_PARAMETERS params);

/* dpc.c */
int ntc_dpc_init(void);
void ntc_dpc_exit(void);

/* pci.c (CONFIG_PCI) */
#ifdef CONFIG_PCI
int ntc_pci_assign_irqs(struct ntc_pdo *pdo);
void ntc_pci_release_irqs(struct ntc_pdo *pdo);
int ntc_pdo_watch_unbind(struct device *dev);	/* pdo.c */
int ntc_pci_add_bars(struct ntc_pdo *pdo, CM_PARTIAL_RESOURCE_DESCRIPTOR *raw,
		     CM_PARTIAL_RESOURCE_DESCRIPTOR *trans, unsigned int max);
void ntc_pci_msg_address(unsigned int irq, PHYSICAL_ADDRESS *addr, ULONG *data);
#endif

#endif /* _NTC_INTERNAL_H_ */
