/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntc_trace.h - ntcompat's trace events (the "ntcompat" trace system).
 *
 * What a porter asks first (does my interrupt arrive, does my ISR claim it,
 * did the DPC run, on which CPU, how late, who holds my interrupt lock)
 * answered with the kernel's own tools: trace-cmd, perf trace, bpftrace,
 * tracefs (README: "Tracing"). A disabled event is a static branch: the hot
 * paths pay a not-taken jump (bench/README.md measures it).
 *
 * Interrupt objects, DPCs and routines are printed as hashed pointers (%p),
 * stable within a boot, so an ISR's entry and exit and a DPC's queue, entry
 * and exit can be matched; routines also as symbols (%ps). Events record
 * values, never dereference them later: a DPC may be freed by its routine.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ntcompat

#if !defined(_NTC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NTC_TRACE_H

#include <linux/tracepoint.h>

#define NTC_TRACE_DEV_LEN	64

/* IoConnectInterruptEx / IoConnectInterrupt: every call, failed ones too (dev "?", kint 0). */
TRACE_EVENT(ntc_connect,
	    TP_PROTO(const char *dev, u32 version_asked, u32 version, const void *kint,
		     unsigned int irq, unsigned int count, s32 status),
	    TP_ARGS(dev, version_asked, version, kint, irq, count, status),
	    TP_STRUCT__entry(__array(char, dev, NTC_TRACE_DEV_LEN)
			     __field(u32, version_asked)
			     __field(u32, version)
			     __field(const void *, kint)
			     __field(unsigned int, irq)
			     __field(unsigned int, count)
			     __field(s32, status)),
	    TP_fast_assign(strscpy(__entry->dev, dev ? dev : "?", NTC_TRACE_DEV_LEN);
			   __entry->version_asked = version_asked;
			   __entry->version = version;
			   __entry->kint = kint;
			   __entry->irq = irq;
			   __entry->count = count;
			   __entry->status = status;),
	    TP_printk("dev=%s version_asked=%u version=%u kint=%p irq=%u count=%u status=0x%08x",
		      __entry->dev, __entry->version_asked, __entry->version, __entry->kint,
		      __entry->irq, __entry->count, (u32)__entry->status)
);

/* IoDisconnectInterruptEx / IoDisconnectInterrupt. */
TRACE_EVENT(ntc_disconnect,
	    TP_PROTO(const char *dev, u32 version, const void *kint, unsigned int irq,
		     unsigned int count),
	    TP_ARGS(dev, version, kint, irq, count),
	    TP_STRUCT__entry(__array(char, dev, NTC_TRACE_DEV_LEN)
			     __field(u32, version)
			     __field(const void *, kint)
			     __field(unsigned int, irq)
			     __field(unsigned int, count)),
	    TP_fast_assign(strscpy(__entry->dev, dev ? dev : "?", NTC_TRACE_DEV_LEN);
			   __entry->version = version;
			   __entry->kint = kint;
			   __entry->irq = irq;
			   __entry->count = count;),
	    TP_printk("dev=%s version=%u kint=%p irq=%u count=%u", __entry->dev, __entry->version,
		      __entry->kint, __entry->irq, __entry->count)
);

/* The NT ISR is about to run (interrupt lock held, at SynchronizeIrql). */
TRACE_EVENT(ntc_isr_entry,
	    TP_PROTO(const void *kint, unsigned int irq, u32 message_id, u8 irql),
	    TP_ARGS(kint, irq, message_id, irql),
	    TP_STRUCT__entry(__field(const void *, kint)
			     __field(unsigned int, irq)
			     __field(u32, message_id)
			     __field(u8, irql)),
	    TP_fast_assign(__entry->kint = kint;
			   __entry->irq = irq;
			   __entry->message_id = message_id;
			   __entry->irql = irql;),
	    TP_printk("kint=%p irq=%u message_id=%u irql=%u", __entry->kint, __entry->irq,
		      __entry->message_id, __entry->irql)
);

/* The NT ISR returned; gated: not called (the object is connecting or disconnecting). */
TRACE_EVENT(ntc_isr_exit,
	    TP_PROTO(const void *kint, unsigned int irq, u32 message_id, bool claimed, bool gated),
	    TP_ARGS(kint, irq, message_id, claimed, gated),
	    TP_STRUCT__entry(__field(const void *, kint)
			     __field(unsigned int, irq)
			     __field(u32, message_id)
			     __field(bool, claimed)
			     __field(bool, gated)),
	    TP_fast_assign(__entry->kint = kint;
			   __entry->irq = irq;
			   __entry->message_id = message_id;
			   __entry->claimed = claimed;
			   __entry->gated = gated;),
	    TP_printk("kint=%p irq=%u message_id=%u claimed=%d gated=%d", __entry->kint,
		      __entry->irq, __entry->message_id, __entry->claimed, __entry->gated)
);

/* KeInsertQueueDpc (and IoRequestDpc): inserted=0 means it was already queued. */
TRACE_EVENT(ntc_dpc_queue,
	    TP_PROTO(const void *dpc, const void *routine, int from_cpu, int to_cpu, bool threaded,
		     bool inserted),
	    TP_ARGS(dpc, routine, from_cpu, to_cpu, threaded, inserted),
	    TP_STRUCT__entry(__field(const void *, dpc)
			     __field(const void *, routine)
			     __field(int, from_cpu)
			     __field(int, to_cpu)
			     __field(bool, threaded)
			     __field(bool, inserted)),
	    TP_fast_assign(__entry->dpc = dpc;
			   __entry->routine = routine;
			   __entry->from_cpu = from_cpu;
			   __entry->to_cpu = to_cpu;
			   __entry->threaded = threaded;
			   __entry->inserted = inserted;),
	    TP_printk("dpc=%p routine=%ps from_cpu=%d to_cpu=%d threaded=%d inserted=%d",
		      __entry->dpc, __entry->routine, __entry->from_cpu, __entry->to_cpu,
		      __entry->threaded, __entry->inserted)
);

/* A DPC routine is called / has returned (the DPC may be freed by then: not read). */
DECLARE_EVENT_CLASS(ntc_dpc_run,
		    TP_PROTO(const void *dpc, const void *routine, bool threaded),
		    TP_ARGS(dpc, routine, threaded),
		    TP_STRUCT__entry(__field(const void *, dpc)
				     __field(const void *, routine)
				     __field(bool, threaded)),
		    TP_fast_assign(__entry->dpc = dpc;
				   __entry->routine = routine;
				   __entry->threaded = threaded;),
		    TP_printk("dpc=%p routine=%ps threaded=%d", __entry->dpc, __entry->routine,
			      __entry->threaded)
);

DEFINE_EVENT(ntc_dpc_run, ntc_dpc_entry,
	     TP_PROTO(const void *dpc, const void *routine, bool threaded),
	     TP_ARGS(dpc, routine, threaded));
DEFINE_EVENT(ntc_dpc_run, ntc_dpc_exit,
	     TP_PROTO(const void *dpc, const void *routine, bool threaded),
	     TP_ARGS(dpc, routine, threaded));

/*
 * The interrupt lock taken / dropped outside the ISR: by KeSynchronizeExecution
 * (routine = the SynchCritSection routine) or KeAcquire/ReleaseInterruptSpinLock
 * (routine = NULL); caller = the driver code that called.
 */
DECLARE_EVENT_CLASS(ntc_intlock,
		    TP_PROTO(const void *kint, unsigned int irq, const void *routine,
			     unsigned long caller),
		    TP_ARGS(kint, irq, routine, caller),
		    TP_STRUCT__entry(__field(const void *, kint)
				     __field(unsigned int, irq)
				     __field(const void *, routine)
				     __field(unsigned long, caller)),
		    TP_fast_assign(__entry->kint = kint;
				   __entry->irq = irq;
				   __entry->routine = routine;
				   __entry->caller = caller;),
		    TP_printk("kint=%p irq=%u routine=%ps caller=%pS", __entry->kint, __entry->irq,
			      __entry->routine, (void *)__entry->caller)
);

DEFINE_EVENT(ntc_intlock, ntc_intlock_acquire,
	     TP_PROTO(const void *kint, unsigned int irq, const void *routine,
		      unsigned long caller),
	     TP_ARGS(kint, irq, routine, caller));
DEFINE_EVENT(ntc_intlock, ntc_intlock_release,
	     TP_PROTO(const void *kint, unsigned int irq, const void *routine,
		      unsigned long caller),
	     TP_ARGS(kint, irq, routine, caller));

/* KeRaiseIrql / KeLowerIrql, and KeAcquire/ReleaseSpinLock, when the IRQL changes. */
TRACE_EVENT(ntc_irql,
	    TP_PROTO(u8 old_irql, u8 new_irql, unsigned long caller),
	    TP_ARGS(old_irql, new_irql, caller),
	    TP_STRUCT__entry(__field(u8, old_irql)
			     __field(u8, new_irql)
			     __field(unsigned long, caller)),
	    TP_fast_assign(__entry->old_irql = old_irql;
			   __entry->new_irql = new_irql;
			   __entry->caller = caller;),
	    TP_printk("%u -> %u caller=%pS", __entry->old_irql, __entry->new_irql,
		      (void *)__entry->caller)
);

#endif /* _NTC_TRACE_H */

/* Out of tree: define_trace.h finds this file through -I$(src) (Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE ntc_trace
#include <trace/define_trace.h>
