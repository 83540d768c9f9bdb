/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by ntcompat's KUnit suites.
 *
 * A test backs a PDO with irq_sim interrupts (ntc_sim_create), has resources
 * assigned to it as the PnP manager would (ntc_pdo_create), and then uses the
 * NT API exactly as a driver does. Every acquisition registers its cleanup
 * with kunit_add_action_or_reset, so a failing assertion leaks nothing.
 *
 * Firing: ntc_sim_fire() makes the simulated interrupt pending; irq_sim
 * delivers it from irq_work (hard interrupt context, at the next tick on UML).
 * Tests wait for the effect on a completion with NTC_WAIT() (bounded, fails
 * the test on timeout), or with ntc_sim_fire_sync(), which returns once the
 * interrupt was delivered and every handler, threaded ones included, is done.
 * A completion only says the ISR ran: on SMP the dispatch may still be
 * finishing on another CPU, so a test that then looks at the counters or the
 * lock, or fires the line again, first calls ntc_sim_wait_handled().
 */
#ifndef _NTC_TEST_H_
#define _NTC_TEST_H_

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>

#include <wdm.h>
#include <ntddk.h>
#include <ntcompat/ntcompat.h>

/* Upper bound for anything the tests wait for; reaching it fails the test. */
#define NTC_WAIT_MS	5000
#define NTC_SIM_MAX	8

#define NTC_WAIT(test, comp)						\
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(comp,	\
			    msecs_to_jiffies(NTC_WAIT_MS)), 0UL,		\
			    "timed out after %d ms waiting for %s",		\
			    NTC_WAIT_MS, #comp)

/* A set of simulated Linux interrupts (one irq_sim domain). */
struct ntc_sim {
	struct kunit *test;
	struct irq_domain *domain;
	unsigned int nr;
	unsigned int irq[NTC_SIM_MAX];
	/* called from request_irq's irq_request_resources, first requester */
	void (*on_request)(struct ntc_sim *sim, unsigned int index);
	/*
	 * called from free_irq's irq_release_resources, last handler gone
	 * (process context, may sleep; genirq's request_mutex is held)
	 */
	void (*on_release)(struct ntc_sim *sim, unsigned int index);
	void *priv;
	atomic_t requested[NTC_SIM_MAX];
};

struct ntc_sim *ntc_sim_create(struct kunit *test, unsigned int nr);
void ntc_sim_fire(struct kunit *test, struct ntc_sim *sim, unsigned int index);
void ntc_sim_fire_sync(struct kunit *test, struct ntc_sim *sim, unsigned int index);
void ntc_sim_wait_handled(struct kunit *test, struct ntc_sim *sim, unsigned int index,
			  PKINTERRUPT kint);
void ntc_expect_irq_free(struct kunit *test, unsigned int irq);

/* PDOs: created, resources assigned, deleted at test end. */
PDEVICE_OBJECT ntc_pdo_create(struct kunit *test, const struct ntcompat_irq_source *src,
			      const struct ntcompat_pdo_config *cfg,
			      PCM_RESOURCE_LIST *raw, PCM_RESOURCE_LIST *translated);
PDEVICE_OBJECT ntc_line_pdo(struct kunit *test, unsigned int irq, bool passive,
			    PCM_PARTIAL_RESOURCE_DESCRIPTOR *desc);
PDEVICE_OBJECT ntc_msg_pdo(struct kunit *test, struct ntc_sim *sim, unsigned int first,
			   unsigned int nr, enum ntcompat_msg_kind kind, unsigned int line_irq);
PCM_PARTIAL_RESOURCE_DESCRIPTOR ntc_interrupt_desc(PCM_RESOURCE_LIST list, unsigned int n);
unsigned int ntc_count_type(PCM_RESOURCE_LIST list, UCHAR type);

/* Connections: disconnected at test end unless the test does it first. */
struct ntc_conn {
	ULONG version;
	PVOID context;
};

struct ntc_conn *ntc_track(struct kunit *test, const IO_CONNECT_INTERRUPT_PARAMETERS *p);
void ntc_disconnect(struct kunit *test, struct ntc_conn *conn);
void ntc_fully_params(IO_CONNECT_INTERRUPT_PARAMETERS *p, ULONG version, PDEVICE_OBJECT pdo,
		      const CM_PARTIAL_RESOURCE_DESCRIPTOR *d, PKINTERRUPT *out,
		      PKSERVICE_ROUTINE isr, PVOID ctx);
PCM_PARTIAL_RESOURCE_DESCRIPTOR ntc_fully_line(struct kunit *test,
					       IO_CONNECT_INTERRUPT_PARAMETERS *p,
					       ULONG version, unsigned int irq, PKINTERRUPT *out,
					       PKSERVICE_ROUTINE isr, PVOID ctx);

/* What an ISR (or a routine) saw; shared by the suites. */
struct ntc_probe {
	atomic_t calls;
	BOOLEAN ret;			/* what the ISR returns */
	bool sleep;			/* msleep(1) inside (passive ISRs) */
	PKSPIN_LOCK lock;		/* driver lock word to look at, or NULL */
	PKINTERRUPT *out;		/* the driver's OUT variable, or NULL */
	PIO_INTERRUPT_MESSAGE_INFO *table;	/* message table OUT variable */
	/* the driver's OUT variables (live as long as the probe) */
	PKINTERRUPT intobj;
	PIO_INTERRUPT_MESSAGE_INFO msgtable;
	/* last call */
	PKINTERRUPT interrupt;
	PKINTERRUPT out_seen;		/* *out when the ISR ran */
	KIRQL irql;
	bool hardirq, task, irqs_off, lock_held, bad;
	atomic_t msg_calls[NTC_SIM_MAX];
	struct completion done;		/* completed once per call */
};

struct ntc_probe *ntc_probe_new(struct kunit *test, BOOLEAN ret);
KSERVICE_ROUTINE ntc_isr;
KMESSAGE_SERVICE_ROUTINE ntc_msg_isr;

/* A native Linux handler sharing a line (counts, says "not mine"). */
struct ntc_native {
	atomic_t calls;
	irqreturn_t ret;
	struct completion done;
};

/*
 * Memory an ISR, a handler or ntcompat may touch until the connection is gone
 * (probes, lock words) comes from kunit_kzalloc before the connection, so it
 * is freed after the disconnect that the connection's cleanup performs.
 */
struct ntc_native *ntc_native_request(struct kunit *test, unsigned int irq,
				      unsigned long flags, int *err);
PKSPIN_LOCK ntc_lock_alloc(struct kunit *test);

/*
 * A driver lock word, KeInitializeSpinLock'ed where the macro is used: under
 * lockdep every call site is a lock class of its own, as a driver's are.
 */
#define ntc_lock_new(test)						\
	({								\
		PKSPIN_LOCK __ntc_lock = ntc_lock_alloc(test);		\
		KeInitializeSpinLock(__ntc_lock);			\
		__ntc_lock;						\
	})

/*
 * ntcompat_nt_vsnprintf() with variadic arguments. No format attribute: the
 * formats are NT's, gcc would check them as Linux's.
 */
int ntc_nt_fmt(char *buf, size_t size, const char *fmt, ...);

#endif /* _NTC_TEST_H_ */
