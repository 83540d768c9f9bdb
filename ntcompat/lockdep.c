// SPDX-License-Identifier: GPL-2.0
/*
 * lockdep.c - make NT spin locks visible to lockdep (CONFIG_LOCKDEP only).
 *
 * A KSPIN_LOCK is a ULONG_PTR in driver memory (Windows x64 layout): there is
 * no room in it for a struct lockdep_map. The maps live here instead, in a
 * fixed pool hashed by the lock's address:
 *
 *   KeInitializeSpinLock(&l)   wdm.h turns it into ntcompat_init_spin_lock()
 *	with a static NTCOMPAT_LOCK_CLASS of the call site, so every call site
 *	is one lockdep class, named after the argument ("&ext->Lock"), as
 *	spin_lock_init() does for Linux locks. Initialising an address again
 *	re-keys its map: memory freed with a lock and reused for a new one does
 *	not inherit the old lock's class.
 *   through a pointer          &KeInitializeSpinLock is an exported function:
 *	one class for all the locks it initialises (one "call site").
 *   a lock never initialised  (zeroed memory, which Windows permits): a
 *	class of its own address (the pool slot's @fallback key), from the
 *	first time the lock is taken.
 *   the interrupt lock         the KINTERRUPT caches the map at connect time:
 *	the driver's SpinLock's map (the same one KeAcquireSpinLock* sees), or,
 *	for the object's own lock, a map and a dynamic key of the object,
 *	registered at connect and unregistered when the object is freed.
 *
 * Acquire/release annotate like a raw spinlock (ntc_internal.h): exclusive,
 * not a trylock, LD_WAIT_SPIN (the lock spins with preemption or IRQs off,
 * also on PREEMPT_RT). The ISR path only reads the cached map. Nothing here
 * allocates memory: a pool slot is claimed under a raw spinlock, at most once
 * per address, and a full pool means "not tracked" (logged once), never a
 * failure. Entries are never removed (NT has no KeDeleteSpinLock): a slot
 * stays with its address, so memory a driver frees and allocates again (its
 * slab objects) reuses its slots rather than using up the pool. A class key
 * in a driver module goes away with the module, so a module notifier turns
 * such maps back to their slot's own class before lockdep forgets the keys.
 *
 * Known limit: an uninitialised lock placed where a freed lock was uses that
 * lock's class (lockdep cannot see the free); KeInitializeSpinLock avoids it.
 *
 * Locking rules:
 *   ntc_lock_table_lock (raw, IRQs off): claiming a slot, re-keying a map.
 *	Lookups are lockless: a slot is published (release) with its address
 *	and chain link set, and neither changes afterwards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/lockdep.h>
#include <linux/hash.h>
#include <linux/spinlock.h>

#include "ntc_internal.h"

#define NTC_LOCKDEP_SLOTS	1024	/* KSPIN_LOCK addresses tracked */
#define NTC_LOCKDEP_HASH_BITS	8

struct ntc_lock_slot {
	KSPIN_LOCK *addr;
	struct ntc_lock_slot *next;	/* hash chain */
	struct lockdep_map map;
	struct lock_class_key fallback;	/* the address's own class */
};

static struct ntc_lock_slot ntc_lock_pool[NTC_LOCKDEP_SLOTS];
static unsigned int ntc_lock_used;
static struct ntc_lock_slot *ntc_lock_hash[1 << NTC_LOCKDEP_HASH_BITS];
static DEFINE_RAW_SPINLOCK(ntc_lock_table_lock);

static const char ntc_uninit_name[] = "KSPIN_LOCK (own class)";
static NTCOMPAT_LOCK_CLASS ntc_pointer_class;	/* KeInitializeSpinLock() called indirectly */

static_assert(sizeof(NTCOMPAT_LOCK_CLASS) >= sizeof(struct lock_class_key));
static_assert(__alignof__(NTCOMPAT_LOCK_CLASS) >= __alignof__(struct lock_class_key));

static struct ntc_lock_slot **ntc_lock_bucket(KSPIN_LOCK *lock)
{
	return &ntc_lock_hash[hash_ptr(lock, NTC_LOCKDEP_HASH_BITS)];
}

static struct ntc_lock_slot *ntc_lock_find(KSPIN_LOCK *lock)
{
	struct ntc_lock_slot *s;

	/* Pairs with the release that publishes a slot in ntc_lock_get(). */
	for (s = smp_load_acquire(ntc_lock_bucket(lock)); s; s = s->next)
		if (s->addr == lock)
			return s;
	return NULL;
}

static void ntc_lock_set_class(struct ntc_lock_slot *s, struct lock_class_key *key,
			       const char *name)
{
	lockdep_init_map_wait(&s->map, name, key, 0, LD_WAIT_SPIN);
}

/*
 * The slot of @lock, claimed if it has none; @key/@name (re)set its class
 * when @key is given or the slot is new (NULL key: the slot's own class).
 */
static struct ntc_lock_slot *ntc_lock_get(KSPIN_LOCK *lock, struct lock_class_key *key,
					  const char *name, bool rekey)
{
	struct ntc_lock_slot **bucket = ntc_lock_bucket(lock);
	struct ntc_lock_slot *s;
	unsigned long flags;
	bool new = false;

	raw_spin_lock_irqsave(&ntc_lock_table_lock, flags);
	s = ntc_lock_find(lock);
	if (!s) {
		if (ntc_lock_used == NTC_LOCKDEP_SLOTS) {
			raw_spin_unlock_irqrestore(&ntc_lock_table_lock, flags);
			pr_warn_once("%u KSPIN_LOCK addresses tracked, not tracking more\n",
				     NTC_LOCKDEP_SLOTS);
			return NULL;
		}
		s = &ntc_lock_pool[ntc_lock_used++];
		s->addr = lock;
		s->next = *bucket;
		new = true;
	}
	if (new || rekey)
		ntc_lock_set_class(s, key ? key : &s->fallback, key ? name : ntc_uninit_name);
	if (new)
		smp_store_release(bucket, s);	/* published fully set up */
	raw_spin_unlock_irqrestore(&ntc_lock_table_lock, flags);
	return s;
}

/**
 * ntcompat_init_spin_lock() - KeInitializeSpinLock() under lockdep
 * @SpinLock: the lock word, set to 0 (free)
 * @Class: a static object of the call site (its lockdep class), or NULL for
 *	a class of this address only
 * @Name: the name lockdep reports, the macro's argument as written
 *
 * What wdm.h's KeInitializeSpinLock() expands to when the kernel has
 * CONFIG_LOCKDEP. Re-initialising an address re-keys its map. When the pool
 * is full the lock works, untracked.
 *
 * Context: any IRQL <= DISPATCH_LEVEL (any Linux context); allocates nothing.
 */
void ntcompat_init_spin_lock(PKSPIN_LOCK SpinLock, NTCOMPAT_LOCK_CLASS *Class, PCSTR Name)
{
	*SpinLock = 0;
	ntc_lock_get(SpinLock, (struct lock_class_key *)Class, Name, true);
}
EXPORT_SYMBOL_GPL(ntcompat_init_spin_lock);

#undef KeInitializeSpinLock
/**
 * KeInitializeSpinLock() - the function behind a pointer to KeInitializeSpinLock
 * @SpinLock: the lock word, set to 0 (free)
 *
 * Under lockdep, a direct call is wdm.h's macro; this is what a driver's
 * function pointer reaches: one lockdep class for every lock initialised
 * this way, as if they had one call site.
 *
 * Context: any IRQL <= DISPATCH_LEVEL (any Linux context); allocates nothing.
 */
void KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
	ntcompat_init_spin_lock(SpinLock, &ntc_pointer_class, __func__);
}
EXPORT_SYMBOL_GPL(KeInitializeSpinLock);

/*
 * The map of @lock: looked up, or created with the address's own class for
 * a lock never given to KeInitializeSpinLock. NULL: not tracked.
 */
struct lockdep_map *ntc_lockdep_map(KSPIN_LOCK *lock)
{
	struct ntc_lock_slot *s = ntc_lock_find(lock);

	if (likely(s))
		return &s->map;
	s = ntc_lock_get(lock, NULL, NULL, false);
	return s ? &s->map : NULL;
}

/* The map of @lock if it has one; never creates one (release paths). */
struct lockdep_map *ntc_lockdep_find(KSPIN_LOCK *lock)
{
	struct ntc_lock_slot *s = ntc_lock_find(lock);

	return s ? &s->map : NULL;
}

/* Connect time (may sleep): the map the interrupt lock's users annotate. */
void ntc_lockdep_kint_init(PKINTERRUPT kint)
{
	if (kint->passive)
		return;		/* a mutex: lockdep knows it */
	if (kint->lock != &kint->own_lock) {
		kint->dep_map = ntc_lockdep_map(kint->lock);
		return;
	}
	lockdep_register_key(&kint->own_key);
	kint->own_key_registered = true;
	lockdep_init_map_wait(&kint->own_map, "KINTERRUPT own lock", &kint->own_key, 0,
			      LD_WAIT_SPIN);
	kint->dep_map = &kint->own_map;
}

/* Before the object's memory is freed (may sleep). */
void ntc_lockdep_kint_fini(PKINTERRUPT kint)
{
	kint->dep_map = NULL;
	if (kint->own_key_registered) {
		lockdep_unregister_key(&kint->own_key);
		kint->own_key_registered = false;
	}
}

#ifdef CONFIG_MODULES
/*
 * A driver going away takes its NTCOMPAT_LOCK_CLASS keys and names with it:
 * give the maps keyed by them their slot's own class again.
 */
static int ntc_lockdep_module_notify(struct notifier_block *nb, unsigned long action,
				     void *data)
{
	struct module *mod = data;
	unsigned long flags;
	unsigned int i;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	raw_spin_lock_irqsave(&ntc_lock_table_lock, flags);
	for (i = 0; i < ntc_lock_used; i++) {
		struct ntc_lock_slot *s = &ntc_lock_pool[i];

		if (within_module((unsigned long)s->map.key, mod) ||
		    within_module((unsigned long)s->map.name, mod))
			ntc_lock_set_class(s, &s->fallback, ntc_uninit_name);
	}
	raw_spin_unlock_irqrestore(&ntc_lock_table_lock, flags);
	return NOTIFY_OK;
}

static struct notifier_block ntc_lockdep_nb = {
	.notifier_call = ntc_lockdep_module_notify,
};

int ntc_lockdep_init(void)
{
	return register_module_notifier(&ntc_lockdep_nb);
}

void ntc_lockdep_exit(void)
{
	unregister_module_notifier(&ntc_lockdep_nb);
}
#else
int ntc_lockdep_init(void)
{
	return 0;
}

void ntc_lockdep_exit(void)
{
}
#endif
