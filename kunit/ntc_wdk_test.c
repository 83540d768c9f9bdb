// SPDX-License-Identifier: GPL-2.0
/*
 * The WDK calls ported drivers use around their interrupt paths that are not
 * interrupt objects themselves (issue 13): the Interlocked family (results
 * and widths, LONG 32-bit), ExInterlocked lists shared by an ISR, a DPC and
 * a thread, HalGetInterruptVector feeding IoConnectInterrupt, the register
 * buffer calls (on plain memory standing in for registers: UML has no MMIO,
 * and the accessors are plain loads and stores there as on x86), and the
 * run-time library's memory calls. Port I/O (READ/WRITE_PORT_BUFFER_*) has
 * no port to talk to here: tests/headers compiles it.
 *
 * Under lockdep (kunit/run.sh) the ISR/DPC/thread list test also proves the
 * ExInterlocked calls disable interrupts around their KSPIN_LOCK: a lock
 * taken in hard-IRQ context and, elsewhere, with interrupts on is an
 * "inconsistent lock state" report, which fails the run.
 */
#include <linux/irqflags.h>
#include <linux/slab.h>

#include "ntc_test.h"

/* ---------------------------------------------------------------------- */
/* Interlocked: results, widths, orderings.                                 */

static void ntc_wdk_interlocked_long(struct kunit *test)
{
	LONG volatile v = 5;
	LONG volatile bits[2] = { 0, 0 };

	KUNIT_EXPECT_EQ(test, InterlockedIncrement(&v), 6);
	KUNIT_EXPECT_EQ(test, InterlockedDecrement(&v), 5);
	KUNIT_EXPECT_EQ(test, InterlockedExchangeAdd(&v, 10), 5);	/* old */
	KUNIT_EXPECT_EQ(test, InterlockedAdd(&v, 10), 25);		/* new */
	KUNIT_EXPECT_EQ(test, InterlockedExchange(&v, 0x0f), 25);
	KUNIT_EXPECT_EQ(test, InterlockedOr(&v, 0xf0), 0x0f);		/* old */
	KUNIT_EXPECT_EQ(test, v, 0xff);
	KUNIT_EXPECT_EQ(test, InterlockedAnd(&v, 0x3c), 0xff);
	KUNIT_EXPECT_EQ(test, v, 0x3c);
	KUNIT_EXPECT_EQ(test, InterlockedXor(&v, 0x0f), 0x3c);
	KUNIT_EXPECT_EQ(test, v, 0x33);
	/* CompareExchange: the previous value; stores only on a match. */
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&v, 7, 0), 0x33);
	KUNIT_EXPECT_EQ(test, v, 0x33);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&v, 7, 0x33), 0x33);
	KUNIT_EXPECT_EQ(test, v, 7);
	/* The ordered forms compute the same. */
	KUNIT_EXPECT_EQ(test, InterlockedIncrementAcquire(&v), 8);
	KUNIT_EXPECT_EQ(test, InterlockedDecrementRelease(&v), 7);
	KUNIT_EXPECT_EQ(test, InterlockedIncrementNoFence(&v), 8);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchangeAcquire(&v, 1, 8), 8);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchangeRelease(&v, 2, 8), 1);
	KUNIT_EXPECT_EQ(test, v, 1);
	KUNIT_EXPECT_EQ(test, InterlockedOrAcquire(&v, 2), 1);
	KUNIT_EXPECT_EQ(test, InterlockedAndRelease(&v, 2), 3);
	KUNIT_EXPECT_EQ(test, InterlockedXorNoFence(&v, 3), 2);
	KUNIT_EXPECT_EQ(test, ReadAcquire(&v), 1);
	WriteRelease(&v, 4);
	KUNIT_EXPECT_EQ(test, ReadNoFence(&v), 4);

	/* LONG is 32-bit (LLP64): it wraps where Windows' does. */
	KUNIT_EXPECT_EQ(test, sizeof(LONG), 4UL);
	v = MAXLONG;
	KUNIT_EXPECT_EQ(test, InterlockedIncrement(&v), (LONG)MINLONG);
	KUNIT_EXPECT_LT(test, v, 0);

	/* Bit strings: bit 33 is bit 1 of the second LONG. */
	KUNIT_EXPECT_FALSE(test, InterlockedBitTestAndSet(bits, 33));
	KUNIT_EXPECT_EQ(test, bits[0], 0);
	KUNIT_EXPECT_EQ(test, bits[1], 2);
	KUNIT_EXPECT_TRUE(test, InterlockedBitTestAndSet(bits, 33));
	KUNIT_EXPECT_TRUE(test, InterlockedBitTestAndReset(bits, 33));
	KUNIT_EXPECT_FALSE(test, InterlockedBitTestAndComplement(bits, 31));
	KUNIT_EXPECT_EQ(test, bits[0], (LONG)MINLONG);
	KUNIT_EXPECT_EQ(test, bits[1], 0);
}

static void ntc_wdk_interlocked_other_widths(struct kunit *test)
{
	LONG64 volatile q = 0xffffffffLL;
	SHORT volatile s = MAXSHORT;
	CHAR volatile c = 0x0f;
	LONG64 volatile qbits = 0;
	SIZE_T volatile size = 3;

	/* 64-bit: carries past bit 31. */
	KUNIT_EXPECT_EQ(test, InterlockedIncrement64(&q), 0x100000000LL);
	KUNIT_EXPECT_EQ(test, InterlockedDecrement64(&q), 0xffffffffLL);
	KUNIT_EXPECT_EQ(test, InterlockedExchangeAdd64(&q, 1), 0xffffffffLL);
	KUNIT_EXPECT_EQ(test, InterlockedAdd64(&q, 0x100000000LL), 0x200000000LL);
	KUNIT_EXPECT_EQ(test, InterlockedExchange64(&q, 1), 0x200000000LL);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange64(&q, 0x300000000LL, 1), 1LL);
	KUNIT_EXPECT_EQ(test, q, 0x300000000LL);
	KUNIT_EXPECT_EQ(test, InterlockedOr64(&q, 1), 0x300000000LL);
	KUNIT_EXPECT_EQ(test, InterlockedAnd64(&q, 0x100000001LL), 0x300000001LL);
	KUNIT_EXPECT_EQ(test, InterlockedXor64(&q, 0x100000000LL), 0x100000001LL);
	KUNIT_EXPECT_EQ(test, q, 1LL);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchangeAcquire64(&q, 2, 1), 1LL);
	KUNIT_EXPECT_EQ(test, InterlockedOr64Release(&q, 4), 2LL);
	KUNIT_EXPECT_FALSE(test, InterlockedBitTestAndSet64(&qbits, 40));
	KUNIT_EXPECT_EQ(test, qbits, 1LL << 40);
	KUNIT_EXPECT_TRUE(test, InterlockedBitTestAndReset64(&qbits, 40));
	KUNIT_EXPECT_EQ(test, InterlockedIncrementSizeT(&size), 4UL);
	KUNIT_EXPECT_EQ(test, InterlockedExchangeAddSizeT(&size, 4), 4UL);
	KUNIT_EXPECT_EQ(test, size, 8UL);

	/* 16 and 8 bits wrap at their width. */
	KUNIT_EXPECT_EQ(test, InterlockedIncrement16(&s), (SHORT)MINSHORT);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange16(&s, 1, (SHORT)MINSHORT),
			(SHORT)MINSHORT);
	KUNIT_EXPECT_EQ(test, s, 1);
	KUNIT_EXPECT_EQ(test, InterlockedOr8(&c, 0x70), 0x0f);
	KUNIT_EXPECT_EQ(test, InterlockedExchange8(&c, 1), 0x7f);
	KUNIT_EXPECT_EQ(test, c, 1);
}

/* The ISR -> dispatch hand-off: a pointer claimed exactly once. */
static void ntc_wdk_interlocked_pointer(struct kunit *test)
{
	int a, b;
	PVOID volatile slot = NULL;

	KUNIT_EXPECT_NULL(test, InterlockedCompareExchangePointer(&slot, &a, NULL));
	KUNIT_EXPECT_PTR_EQ(test, slot, (PVOID)&a);
	/* A second producer loses and sees the first one's pointer. */
	KUNIT_EXPECT_PTR_EQ(test, InterlockedCompareExchangePointer(&slot, &b, NULL),
			    (PVOID)&a);
	KUNIT_EXPECT_PTR_EQ(test, slot, (PVOID)&a);
	/* The consumer takes it and leaves NULL behind. */
	KUNIT_EXPECT_PTR_EQ(test, InterlockedExchangePointer(&slot, NULL), (PVOID)&a);
	KUNIT_EXPECT_NULL(test, InterlockedExchangePointer(&slot, NULL));
	KUNIT_EXPECT_NULL(test, InterlockedCompareExchangePointerAcquire(&slot, &b, NULL));
	KUNIT_EXPECT_PTR_EQ(test, InterlockedCompareExchangePointerRelease(&slot, NULL, &b),
			    (PVOID)&b);
	KUNIT_EXPECT_NULL(test, InterlockedExchangePointerAcquire(&slot, &a));
	KUNIT_EXPECT_PTR_EQ(test, ReadPointerAcquire(&slot), (PVOID)&a);
}

/* ---------------------------------------------------------------------- */
/* ExInterlocked lists.                                                     */

struct ntc_wdk_item {
	LIST_ENTRY Link;
	SINGLE_LIST_ENTRY Single;
	int seq;
};

static void ntc_wdk_exlist_results(struct kunit *test)
{
	struct ntc_wdk_item it[3] = { { .seq = 0 }, { .seq = 1 }, { .seq = 2 } };
	SINGLE_LIST_ENTRY stack = { NULL };
	LIST_ENTRY head;
	KSPIN_LOCK lock;
	unsigned long flags;

	KeInitializeSpinLock(&lock);
	InitializeListHead(&head);
	local_save_flags(flags);

	KUNIT_EXPECT_NULL(test, ExInterlockedRemoveHeadList(&head, &lock));
	/* Insert returns the entry that was first/last, NULL on an empty list. */
	KUNIT_EXPECT_NULL(test, ExInterlockedInsertTailList(&head, &it[1].Link, &lock));
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedInsertHeadList(&head, &it[0].Link, &lock),
			    &it[1].Link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedInsertTailList(&head, &it[2].Link, &lock),
			    &it[1].Link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &it[0].Link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &it[1].Link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &it[2].Link);
	KUNIT_EXPECT_NULL(test, ExInterlockedRemoveHeadList(&head, &lock));
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));
	KUNIT_EXPECT_NULL(test, ExInterlockedInsertHeadList(&head, &it[0].Link, &lock));
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &it[0].Link);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));

	/* Push returns the previous top; Pop the entry, NULL when empty (LIFO). */
	KUNIT_EXPECT_NULL(test, ExInterlockedPopEntryList(&stack, &lock));
	KUNIT_EXPECT_NULL(test, ExInterlockedPushEntryList(&stack, &it[0].Single, &lock));
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPushEntryList(&stack, &it[1].Single, &lock),
			    &it[0].Single);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPopEntryList(&stack, &lock), &it[1].Single);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPopEntryList(&stack, &lock), &it[0].Single);
	KUNIT_EXPECT_NULL(test, ExInterlockedPopEntryList(&stack, &lock));
	KUNIT_EXPECT_NULL(test, stack.Next);

	/* The lock is free and the caller's interrupt state is back. */
	KUNIT_EXPECT_EQ(test, lock, 0UL);
	KUNIT_EXPECT_EQ(test, irqs_disabled_flags(flags), irqs_disabled());
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

#define NTC_WDK_ROUNDS	8

/*
 * A driver's ISR queueing work on a list it shares with its DPC and its
 * dispatch routines (the i8042prt/serial pattern): the ISR adds an entry
 * and queues the DPC; the DPC drains both lists; a thread adds entries of
 * its own between interrupts.
 */
struct ntc_wdk_shared {
	LIST_ENTRY queue;
	SINGLE_LIST_ENTRY stack;
	KSPIN_LOCK lock;		/* used only through ExInterlocked calls */
	KDPC dpc;
	PKINTERRUPT kint;
	LONG isr_next;
	struct ntc_wdk_item isr_items[NTC_WDK_ROUNDS];
	struct ntc_wdk_item thread_items[NTC_WDK_ROUNDS];
	/* what the DPC drained, in order */
	int drained[2 * NTC_WDK_ROUNDS];
	int ndrained;
	int popped;
	KIRQL isr_irql;
	bool bad;
	struct completion dpc_done;
};

static BOOLEAN ntc_wdk_list_isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	struct ntc_wdk_shared *sh = ServiceContext;
	LONG i = InterlockedIncrement(&sh->isr_next) - 1;

	sh->isr_irql = KeGetCurrentIrql();
	if (i >= NTC_WDK_ROUNDS) {
		sh->bad = true;
		return TRUE;
	}
	ExInterlockedInsertTailList(&sh->queue, &sh->isr_items[i].Link, &sh->lock);
	ExInterlockedPushEntryList(&sh->stack, &sh->isr_items[i].Single, &sh->lock);
	KeInsertQueueDpc(&sh->dpc, NULL, NULL);
	return TRUE;
}

static void ntc_wdk_list_dpc(PKDPC Dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct ntc_wdk_shared *sh = ctx;
	PSINGLE_LIST_ENTRY s;
	PLIST_ENTRY e;

	if (KeGetCurrentIrql() != DISPATCH_LEVEL)
		sh->bad = true;
	while ((e = ExInterlockedRemoveHeadList(&sh->queue, &sh->lock))) {
		if (sh->ndrained >= ARRAY_SIZE(sh->drained)) {
			sh->bad = true;
			break;
		}
		sh->drained[sh->ndrained++] = CONTAINING_RECORD(e, struct ntc_wdk_item, Link)->seq;
	}
	while ((s = ExInterlockedPopEntryList(&sh->stack, &sh->lock)))
		sh->popped++;
	complete(&sh->dpc_done);
}

static void ntc_wdk_exlist_isr_dpc_thread(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_wdk_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_FULLY_SPECIFIED };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	int round, i, isr_seen = 0, thread_seen = 0;
	NTSTATUS st;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	InitializeListHead(&sh->queue);
	KeInitializeSpinLock(&sh->lock);
	KeInitializeDpc(&sh->dpc, ntc_wdk_list_dpc, sh);
	for (i = 0; i < NTC_WDK_ROUNDS; i++) {
		sh->isr_items[i].seq = i;
		sh->thread_items[i].seq = 100 + i;
	}
	ntc_line_pdo(test, sim->irq[0], false, &d);
	st = IoConnectInterrupt(&sh->kint, ntc_wdk_list_isr, sh, NULL, d->u.Interrupt.Vector,
				(KIRQL)d->u.Interrupt.Level, (KIRQL)d->u.Interrupt.Level,
				LevelSensitive, TRUE, d->u.Interrupt.Affinity, FALSE);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	p.FullySpecified.InterruptObject = &sh->kint;
	ntc_track(test, &p);

	for (round = 0; round < NTC_WDK_ROUNDS; round++) {
		init_completion(&sh->dpc_done);
		ntc_sim_fire_sync(test, sim, 0);
		/* The thread's own entry, interrupts on, the ISR's line live. */
		ExInterlockedInsertTailList(&sh->queue, &sh->thread_items[round].Link,
					    &sh->lock);
		NTC_WAIT(test, &sh->dpc_done);
	}
	KeFlushQueuedDpcs();
	/* Whatever the last DPC did not see yet. */
	init_completion(&sh->dpc_done);
	KeInsertQueueDpc(&sh->dpc, NULL, NULL);
	NTC_WAIT(test, &sh->dpc_done);
	KeFlushQueuedDpcs();

	KUNIT_EXPECT_FALSE(test, sh->bad);
	KUNIT_EXPECT_EQ(test, sh->isr_next, NTC_WDK_ROUNDS);
	KUNIT_EXPECT_EQ(test, sh->isr_irql, (KIRQL)d->u.Interrupt.Level);
	KUNIT_EXPECT_EQ(test, sh->ndrained, 2 * NTC_WDK_ROUNDS);
	KUNIT_EXPECT_EQ(test, sh->popped, NTC_WDK_ROUNDS);
	/* Every entry drained once, each producer's in its order. */
	for (i = 0; i < sh->ndrained; i++) {
		if (sh->drained[i] < 100)
			KUNIT_EXPECT_EQ(test, sh->drained[i], isr_seen++);
		else
			KUNIT_EXPECT_EQ(test, sh->drained[i], 100 + thread_seen++);
	}
	KUNIT_EXPECT_EQ(test, isr_seen, NTC_WDK_ROUNDS);
	KUNIT_EXPECT_EQ(test, thread_seen, NTC_WDK_ROUNDS);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&sh->queue));
	KUNIT_EXPECT_NULL(test, sh->stack.Next);
	KUNIT_EXPECT_EQ(test, sh->lock, 0UL);
}

/* ---------------------------------------------------------------------- */
/* HalGetInterruptVector / HalTranslateBusAddress.                          */

struct ntc_wdk_isr_probe {
	KIRQL irql;
	atomic_t calls;
	struct completion done;
};

static BOOLEAN ntc_wdk_isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	struct ntc_wdk_isr_probe *pr = ServiceContext;

	pr->irql = KeGetCurrentIrql();
	atomic_inc(&pr->calls);
	complete(&pr->done);
	return TRUE;
}

/* A SCSI-port-style host: raw descriptor -> HalGetInterruptVector -> IoConnectInterrupt. */
static void ntc_wdk_hal_vector_connect(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 2);
	struct ntc_wdk_isr_probe *pr = kunit_kzalloc(test, sizeof(*pr), GFP_KERNEL);
	struct ntcompat_irq_source src = { .line_irq = sim->irq[0] };
	struct ntcompat_pdo_config cfg = { };
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_FULLY_SPECIFIED };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR rd, td;
	PCM_RESOURCE_LIST raw, translated;
	PKINTERRUPT kint = NULL;
	KAFFINITY affinity = 0;
	KIRQL irql = 0;
	ULONG vector;
	NTSTATUS st;

	KUNIT_ASSERT_NOT_NULL(test, pr);
	init_completion(&pr->done);
	ntc_pdo_create(test, &src, &cfg, &raw, &translated);
	rd = ntc_interrupt_desc(raw, 0);
	td = ntc_interrupt_desc(translated, 0);
	KUNIT_ASSERT_NOT_NULL(test, rd);
	KUNIT_ASSERT_NOT_NULL(test, td);

	vector = HalGetInterruptVector(raw->List[0].InterfaceType, raw->List[0].BusNumber,
				       rd->u.Interrupt.Level, rd->u.Interrupt.Vector,
				       &irql, &affinity);
	KUNIT_EXPECT_EQ(test, vector, td->u.Interrupt.Vector);
	KUNIT_EXPECT_EQ(test, irql, (KIRQL)td->u.Interrupt.Level);
	KUNIT_EXPECT_EQ(test, affinity, td->u.Interrupt.Affinity);
	KUNIT_ASSERT_NE(test, vector, 0U);

	st = IoConnectInterrupt(&kint, ntc_wdk_isr, pr, NULL, vector, irql, irql,
				LevelSensitive, TRUE, affinity, FALSE);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	p.FullySpecified.InterruptObject = &kint;
	ntc_track(test, &p);
	ntc_sim_fire(test, sim, 0);
	NTC_WAIT(test, &pr->done);
	ntc_sim_wait_handled(test, sim, 0, kint);
	KUNIT_EXPECT_EQ(test, atomic_read(&pr->calls), 1);
	KUNIT_EXPECT_EQ(test, pr->irql, irql);

	/* No PDO has that level, or that bus: 0, and nothing returned. */
	irql = 7;
	affinity = 7;
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(PCIBus, 0, sim->irq[1], sim->irq[1],
						    &irql, &affinity), 0U);
	KUNIT_EXPECT_EQ(test, irql, 0);
	KUNIT_EXPECT_EQ(test, affinity, 0UL);
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(Isa, 0, rd->u.Interrupt.Level,
						    rd->u.Interrupt.Vector, &irql, &affinity), 0U);
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(PCIBus, 1, rd->u.Interrupt.Level,
						    rd->u.Interrupt.Vector, &irql, &affinity), 0U);
}

/* Message-signalled interrupts have no bus-relative level. */
static void ntc_wdk_hal_vector_messages(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 2);
	KAFFINITY affinity;
	KIRQL irql;

	ntc_msg_pdo(test, sim, 0, 2, NTCOMPAT_MSG_MSIX, 0);
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(PCIBus, 0, sim->irq[0], sim->irq[0],
						    &irql, &affinity), 0U);
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(PCIBus, 0, CM_RESOURCE_INTERRUPT_MESSAGE_TOKEN,
						    CM_RESOURCE_INTERRUPT_MESSAGE_TOKEN,
						    &irql, &affinity), 0U);
}

static void ntc_wdk_hal_translate(struct kunit *test)
{
	PHYSICAL_ADDRESS bus = { .QuadPart = 0x3f8 }, cpu = { .QuadPart = 0 };
	ULONG space = 1;

	/* Legacy ISA ports are the CPU's own on x86 (the x86 HAL's answer). */
	KUNIT_EXPECT_EQ(test, HalTranslateBusAddress(Isa, 0, bus, &space, &cpu),
			(BOOLEAN)IS_ENABLED(CONFIG_X86));
	if (IS_ENABLED(CONFIG_X86)) {
		KUNIT_EXPECT_EQ(test, cpu.QuadPart, 0x3f8LL);
		KUNIT_EXPECT_EQ(test, space, 1U);
	}
	/* A PCI address in no PDO's resources (no BARs here): not translated. */
	bus.QuadPart = 0xfebf0000LL;
	space = 0;
	KUNIT_EXPECT_FALSE(test, HalTranslateBusAddress(PCIBus, 0, bus, &space, &cpu));
	space = 2;	/* no such address space */
	KUNIT_EXPECT_FALSE(test, HalTranslateBusAddress(Isa, 0, bus, &space, &cpu));
}

/* ---------------------------------------------------------------------- */
/* Register buffers and 64-bit registers, on memory.                        */

static void ntc_wdk_register_buffers(struct kunit *test)
{
	ULONG *regs = kunit_kzalloc(test, 64, GFP_KERNEL);
	ULONG lbuf[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
	USHORT sbuf[3] = { 0xaaaa, 0xbbbb, 0xcccc };
	UCHAR cbuf[5] = { 1, 2, 3, 4, 5 };
	ULONG64 qbuf[2] = { 0x0102030405060708ULL, 0x1112131415161718ULL };
	ULONG lout[4] = { };
	USHORT sout[3] = { };
	UCHAR cout[5] = { };
	ULONG64 qout[2] = { };

	KUNIT_ASSERT_NOT_NULL(test, regs);
	/* Advancing addresses: each value lands in its own register. */
	WRITE_REGISTER_BUFFER_ULONG(regs, lbuf, 4);
	KUNIT_EXPECT_EQ(test, regs[0], 0x11111111U);
	KUNIT_EXPECT_EQ(test, regs[3], 0x44444444U);
	KUNIT_EXPECT_EQ(test, regs[4], 0U);		/* Count respected */
	READ_REGISTER_BUFFER_ULONG(regs + 1, lout, 3);
	KUNIT_EXPECT_EQ(test, lout[0], 0x22222222U);
	KUNIT_EXPECT_EQ(test, lout[2], 0x44444444U);
	KUNIT_EXPECT_EQ(test, lout[3], 0U);

	WRITE_REGISTER_BUFFER_USHORT((PUSHORT)(regs + 8), sbuf, 3);
	READ_REGISTER_BUFFER_USHORT((PUSHORT)(regs + 8), sout, 3);
	KUNIT_EXPECT_EQ(test, memcmp(sbuf, sout, sizeof(sbuf)), 0);
	KUNIT_EXPECT_EQ(test, ((USHORT *)(regs + 8))[3], 0);

	WRITE_REGISTER_BUFFER_UCHAR((PUCHAR)(regs + 10), cbuf, 5);
	READ_REGISTER_BUFFER_UCHAR((PUCHAR)(regs + 10), cout, 5);
	KUNIT_EXPECT_EQ(test, memcmp(cbuf, cout, sizeof(cbuf)), 0);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_UCHAR((PUCHAR)(regs + 10) + 4), 5);

	/* 64-bit registers: one access, both halves. */
	WRITE_REGISTER_ULONG64((PULONG64)(regs + 12), 0xfedcba9876543210ULL);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG64((PULONG64)(regs + 12)),
			0xfedcba9876543210ULL);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG(regs + 12), 0x76543210U);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG(regs + 13), 0xfedcba98U);
	WRITE_REGISTER_BUFFER_ULONG64((PULONG64)(regs + 12), qbuf, 2);
	READ_REGISTER_BUFFER_ULONG64((PULONG64)(regs + 12), qout, 2);
	KUNIT_EXPECT_EQ(test, qout[0], qbuf[0]);
	KUNIT_EXPECT_EQ(test, qout[1], qbuf[1]);
}

/* ---------------------------------------------------------------------- */
/* Run-time library vocabulary.                                             */

static int ntc_wdk_side_effects;

static int ntc_wdk_count(void)
{
	return ++ntc_wdk_side_effects;
}

static void ntc_wdk_rtl_memory(struct kunit *test)
{
	UCHAR a[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, b[8];
	ULARGE_INTEGER u;
	LARGE_INTEGER l;

	RtlCopyMemory(b, a, sizeof(b));
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, sizeof(a)), sizeof(a));
	KUNIT_EXPECT_TRUE(test, RtlEqualMemory(a, b, sizeof(a)));
	b[5] = 0;
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, sizeof(a)), 5UL);
	KUNIT_EXPECT_FALSE(test, RtlEqualMemory(a, b, sizeof(a)));
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, 0), 0UL);
	RtlFillMemory(b, 4, 0xab);
	KUNIT_EXPECT_EQ(test, b[3], 0xab);
	KUNIT_EXPECT_EQ(test, b[4], 5);
	RtlZeroMemory(b, sizeof(b));
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, sizeof(a)), 0UL);

	/* The halves of the 64-bit integers, little-endian as on x64. */
	u.QuadPart = 0xfffffffe00000001ULL;
	KUNIT_EXPECT_EQ(test, u.LowPart, 1U);
	KUNIT_EXPECT_EQ(test, u.HighPart, 0xfffffffeU);
	KUNIT_EXPECT_EQ(test, u.u.HighPart, 0xfffffffeU);
	l.QuadPart = -2;
	KUNIT_EXPECT_EQ(test, l.HighPart, -1);
	KUNIT_EXPECT_EQ(test, l.LowPart, 0xfffffffeU);

	/* basetsd.h conversions: ULONG zero-extends, LONG sign-extends. */
	KUNIT_EXPECT_EQ(test, (ULONG_PTR)ULongToPtr(0x80000000U), 0x80000000UL);
	KUNIT_EXPECT_EQ(test, (LONG_PTR)LongToPtr(-1), -1L);
	KUNIT_EXPECT_EQ(test, PtrToUlong((PVOID)0x1234567890UL), 0x34567890U);

	/* A free build (DBG 0): ASSERT and PAGED_CODE evaluate nothing. */
	KUNIT_EXPECT_EQ(test, DBG, 0);
	ntc_wdk_side_effects = 0;
	ASSERT(ntc_wdk_count() == 42);
	NT_ASSERT(ntc_wdk_count() == 42);
	KUNIT_EXPECT_EQ(test, ntc_wdk_side_effects, 0);
	/* NT_VERIFY always evaluates and returns the result. */
	KUNIT_EXPECT_TRUE(test, NT_VERIFY(ntc_wdk_count() == 1));
	KUNIT_EXPECT_EQ(test, ntc_wdk_side_effects, 1);
}

static struct kunit_case ntc_wdk_cases[] = {
	KUNIT_CASE(ntc_wdk_interlocked_long),
	KUNIT_CASE(ntc_wdk_interlocked_other_widths),
	KUNIT_CASE(ntc_wdk_interlocked_pointer),
	KUNIT_CASE(ntc_wdk_exlist_results),
	KUNIT_CASE(ntc_wdk_exlist_isr_dpc_thread),
	KUNIT_CASE(ntc_wdk_hal_vector_connect),
	KUNIT_CASE(ntc_wdk_hal_vector_messages),
	KUNIT_CASE(ntc_wdk_hal_translate),
	KUNIT_CASE(ntc_wdk_register_buffers),
	KUNIT_CASE(ntc_wdk_rtl_memory),
	{}
};

static struct kunit_suite ntc_wdk_suite = {
	.name = "ntc_wdk",
	.test_cases = ntc_wdk_cases,
};

kunit_test_suite(ntc_wdk_suite);
