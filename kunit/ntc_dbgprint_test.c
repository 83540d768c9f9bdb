// SPDX-License-Identifier: GPL-2.0
/*
 * DbgPrint's NT format semantics (issue 13, item 4): each NT conversion's
 * output with the argument sizes an NT (LLP64) driver passes, through
 * ntcompat_nt_vsnprintf(), the formatter DbgPrint, DbgPrintEx and
 * vDbgPrintEx print with; then DbgPrint/DbgPrintEx/KdPrint themselves in a
 * thread, an ISR (DIRQL, hard IRQ) and a DPC.
 *
 * On x86_64 every vararg has an 8-byte slot, so reading a 32-bit ULONG as
 * 64-bit shows as a wrong value (a negative LONG's "%ld" turns into
 * 4294967291), and reading a 64-bit one as 32-bit as a truncated one
 * ("%I64x" -> 33333333); on a 32-bit kernel either also shifts every
 * later argument. The mixed cases check both.
 */
#define DBG 1			/* KdPrint/KdPrintEx print, as a checked build */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#include "ntc_test.h"

/* The output of @fmt is @want, and the return value its length. */
static void ntc_expect_fmt(struct kunit *test, const char *want, const char *fmt, ...)
{
	char buf[256];
	va_list args;
	int n;

	va_start(args, fmt);
	n = ntcompat_nt_vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	KUNIT_EXPECT_STREQ_MSG(test, buf, want, "NT format \"%s\"", fmt);
	KUNIT_EXPECT_EQ_MSG(test, n, (int)strlen(want), "NT format \"%s\"", fmt);
}

static void ntc_dbgprint_integers(struct kunit *test)
{
	ULONG ul = 0xdeadbeef;
	LONG l = -5;
	ULONG64 u64 = 0x123456789abcdef0ULL;
	LONG64 s64 = -1234567890123LL;

	/* l, w, I32 and none: 32-bit (LONG, ULONG) */
	ntc_expect_fmt(test, "deadbeef", "%lx", ul);
	ntc_expect_fmt(test, "DEADBEEF", "%lX", ul);
	ntc_expect_fmt(test, "-5", "%ld", l);
	ntc_expect_fmt(test, "-5", "%li", l);
	ntc_expect_fmt(test, "4294967291", "%lu", (ULONG)l);
	ntc_expect_fmt(test, "-5", "%d", (int)l);
	ntc_expect_fmt(test, "4294967295", "%u", 0xffffffffU);
	ntc_expect_fmt(test, "deadbeef", "%I32x", ul);
	ntc_expect_fmt(test, "-5", "%I32d", l);
	ntc_expect_fmt(test, "17", "%lo", (ULONG)15);
	/* I64, ll, L, j: 64-bit */
	ntc_expect_fmt(test, "123456789abcdef0", "%I64x", u64);
	ntc_expect_fmt(test, "123456789ABCDEF0", "%I64X", u64);
	ntc_expect_fmt(test, "-1234567890123", "%I64d", s64);
	ntc_expect_fmt(test, "18446744073709551615", "%I64u", ~0ULL);
	ntc_expect_fmt(test, "123456789abcdef0", "%llx", u64);
	ntc_expect_fmt(test, "-1234567890123", "%lld", s64);
	/* I, z, t: pointer-size (ULONG_PTR, SIZE_T) */
	ntc_expect_fmt(test, sizeof(void *) == 8 ? "ffffffffffffffff" : "ffffffff",
		       "%Ix", (ULONG_PTR)~0UL);
	ntc_expect_fmt(test, "-2", "%Id", (LONG_PTR)-2);
	ntc_expect_fmt(test, "4096", "%Iu", (SIZE_T)4096);
	ntc_expect_fmt(test, "4096", "%zu", (SIZE_T)4096);
	/* h and hh: 16 and 8 bits of the int the caller passed */
	ntc_expect_fmt(test, "-2", "%hd", (SHORT)-2);
	ntc_expect_fmt(test, "fffe", "%hx", (USHORT)0xfffe);
	ntc_expect_fmt(test, "2345", "%hx", 0x12345);
	ntc_expect_fmt(test, "65535", "%hu", 0xffff);
	ntc_expect_fmt(test, "ff", "%hhx", 0x1ff);
	ntc_expect_fmt(test, "-1", "%hhd", 0xff);
}

/* A wrong argument size would show in the value or shift the ones after. */
static void ntc_dbgprint_mixed_sizes(struct kunit *test)
{
	ntc_expect_fmt(test, "11111111 2222222233333333 44444444", "%lx %I64x %lx",
		       (ULONG)0x11111111, (ULONG64)0x2222222233333333ULL,
		       (ULONG)0x44444444);
	ntc_expect_fmt(test, "-1 -2 -3 x", "%ld %I64d %ld %s", (LONG)-1, (LONG64)-2,
		       (LONG)-3, "x");
	ntc_expect_fmt(test, "-7 8 5555555566666666 abc -9", "%hd %hhu %llx %ws %d",
		       (SHORT)-7, (UCHAR)8, 0x5555555566666666ULL, u"abc", -9);
	ntc_expect_fmt(test, "7 ffffffff 3", "%Iu %lx %lu", (SIZE_T)7, (ULONG)~0U,
		       (ULONG)3);
}

static void ntc_dbgprint_strings(struct kunit *test)
{
	static const WCHAR ustr_buf[] = u"abcde";
	static const char astr_buf[] = "xyz";
	UNICODE_STRING us = { 6, sizeof(ustr_buf), (PWSTR)ustr_buf };
	UNICODE_STRING us_null = { 0, 0, NULL };
	ANSI_STRING as = { 2, sizeof(astr_buf), (PCHAR)astr_buf };

	ntc_expect_fmt(test, "abc", "%s", "abc");
	ntc_expect_fmt(test, "abc", "%hs", "abc");
	ntc_expect_fmt(test, "wide", "%ws", u"wide");
	ntc_expect_fmt(test, "wide", "%S", u"wide");
	ntc_expect_fmt(test, "wide", "%ls", u"wide");
	ntc_expect_fmt(test, "narrow", "%hS", "narrow");
	/* counted: Length bytes, the rest of the buffer not printed */
	ntc_expect_fmt(test, "[abc]", "[%wZ]", &us);
	ntc_expect_fmt(test, "[xy]", "[%Z]", &as);
	ntc_expect_fmt(test, "[ abc]", "[%4wZ]", &us);
	/* width, precision, '-' */
	ntc_expect_fmt(test, "[  abc]", "[%5s]", "abc");
	ntc_expect_fmt(test, "[abc  ]", "[%-5s]", "abc");
	ntc_expect_fmt(test, "[ab]", "[%.2s]", "abcdef");
	ntc_expect_fmt(test, "[ab]", "[%.2ws]", u"abcdef");
	ntc_expect_fmt(test, "[   ab]", "[%5.*ws]", 2, u"abcdef");
	/* NULL pointers, as NT prints them */
	ntc_expect_fmt(test, "(null)", "%s", (char *)NULL);
	ntc_expect_fmt(test, "(null)", "%ws", (PCWSTR)NULL);
	ntc_expect_fmt(test, "(null)", "%S", (PCWSTR)NULL);
	ntc_expect_fmt(test, "(null)", "%wZ", (PUNICODE_STRING)NULL);
	ntc_expect_fmt(test, "(null)", "%wZ", &us_null);
	ntc_expect_fmt(test, "(null)", "%Z", (PANSI_STRING)NULL);
	/* UTF-16 beyond ASCII: UTF-8; a lone surrogate is '?' */
	ntc_expect_fmt(test, "caf\xc3\xa9", "%ws", u"caf\u00e9");
	ntc_expect_fmt(test, "\xe2\x82\xac", "%ws", u"\u20ac");
	ntc_expect_fmt(test, "\xf0\x9f\x98\x80", "%ws", u"\U0001F600");
	{
		static const WCHAR lone[] = { 'a', 0xd800, 'b', 0 };

		ntc_expect_fmt(test, "a?b", "%ws", lone);
	}
}

static void ntc_dbgprint_chars(struct kunit *test)
{
	ntc_expect_fmt(test, "A", "%c", 'A');
	ntc_expect_fmt(test, "A", "%hc", 'A');
	ntc_expect_fmt(test, "B", "%wc", (WCHAR)'B');
	ntc_expect_fmt(test, "B", "%lc", (WCHAR)'B');
	ntc_expect_fmt(test, "\xc3\xa9", "%C", (WCHAR)0xe9);
	ntc_expect_fmt(test, "A", "%hC", 'A');
	ntc_expect_fmt(test, "[  A]", "[%3c]", 'A');
	ntc_expect_fmt(test, "[A  ]", "[%-3c]", 'A');
	ntc_expect_fmt(test, "a1b2", "%c%d%C%u", 'a', 1, (WCHAR)'b', 2U);
}

static void ntc_dbgprint_flags_width(struct kunit *test)
{
	ntc_expect_fmt(test, "0000beef", "%08lx", (ULONG)0xbeef);
	ntc_expect_fmt(test, "[42   ]", "[%-5d]", 42);
	ntc_expect_fmt(test, "+5", "%+d", 5);
	ntc_expect_fmt(test, " 5", "% d", 5);
	ntc_expect_fmt(test, "0xff", "%#x", 255);
	ntc_expect_fmt(test, "  042", "%5.3d", 42);
	ntc_expect_fmt(test, "[   42]", "[%*d]", 5, 42);
	ntc_expect_fmt(test, "[7   ]", "[%*d]", -4, 7);
	ntc_expect_fmt(test, "[7   ]", "[%-*d]", 4, 7);
	ntc_expect_fmt(test, "[0000000000001234] 9", "[%0*I64x] %d", 16, 0x1234ULL, 9);
	ntc_expect_fmt(test, "100%", "%d%%", 100);
	/* %n writes nothing but takes its pointer; %f can't be passed: text */
	ntc_expect_fmt(test, "ab5", "a%nb%d", (int *)NULL, 5);
	ntc_expect_fmt(test, "%f 3", "%f %d", 3);
	ntc_expect_fmt(test, "50%", "50%");
	ntc_expect_fmt(test, "%y", "%y");
}

static void ntc_dbgprint_pointer(struct kunit *test)
{
	char want[64], got[64];
	void *p = test;
	size_t i;

	/* NULL: pointer-width zeros, no "0x", as NT */
	ntc_expect_fmt(test, sizeof(void *) == 8 ? "0000000000000000" : "00000000",
		       "%p", NULL);
	/*
	 * Otherwise Linux's hashed %p, upper-case like NT's hex; before the
	 * hash key is ready (early boot, as for built-in tests on x86_64)
	 * Linux prints "(____ptrval____)", which stays as it is.
	 */
	snprintf(want, sizeof(want), "%p", p);
	for (i = 0; want[0] != '(' && want[i]; i++)
		if (isxdigit(want[i]))
			want[i] = toupper(want[i]);
	ntc_nt_fmt(got, sizeof(got), "%p", p);
	KUNIT_EXPECT_STREQ(test, got, want);
	/* A following letter is text, never Linux's %pS & co. */
	ntc_nt_fmt(got, sizeof(got), "%ps|%d", p, 3);
	KUNIT_EXPECT_EQ(test, strlen(got), strlen(want) + 3);
	KUNIT_EXPECT_STREQ(test, got + strlen(want), "s|3");
}

static void ntc_dbgprint_truncation(struct kunit *test)
{
	char b[8];
	int n;

	memset(b, 'X', sizeof(b));
	n = ntc_nt_fmt(b, sizeof(b), "%s", "0123456789");
	KUNIT_EXPECT_EQ(test, n, 10);
	KUNIT_EXPECT_STREQ(test, b, "0123456");

	memset(b, 'X', sizeof(b));
	n = ntc_nt_fmt(b, sizeof(b), "%lx%I64x", (ULONG)0xabcdef12, 0x34ULL);
	KUNIT_EXPECT_EQ(test, n, 10);
	KUNIT_EXPECT_STREQ(test, b, "abcdef1");

	memset(b, 'X', sizeof(b));
	n = ntc_nt_fmt(b, sizeof(b), "%ws-%wZ", u"abcdef", (PUNICODE_STRING)NULL);
	KUNIT_EXPECT_EQ(test, n, 13);
	KUNIT_EXPECT_STREQ(test, b, "abcdef-");

	/* Size 0: nothing written, the length still returned. */
	memset(b, 'X', sizeof(b));
	n = ntc_nt_fmt(b, 0, "%d", 12345);
	KUNIT_EXPECT_EQ(test, n, 5);
	KUNIT_EXPECT_EQ(test, b[0], 'X');

	/* DbgPrint cuts a message at NT's 512 bytes and still succeeds. */
	KUNIT_EXPECT_EQ(test, DbgPrint("ntc-kunit: %600s|\n", "long"), (ULONG)STATUS_SUCCESS);
}

static ULONG ntc_vdbg(ULONG component, ULONG level, PCCH fmt, ...)
{
	va_list args;
	ULONG r;

	va_start(args, fmt);
	r = vDbgPrintEx(component, level, fmt, args);
	va_end(args);
	return r;
}

/* Every level, every entry point, NT formats: each returns STATUS_SUCCESS. */
static void ntc_dbgprint_entry_points(struct kunit *test)
{
	UNICODE_STRING us = { 8, 8, (PWSTR)u"dev0" };
	ULONG lvl;

	KUNIT_EXPECT_EQ(test, DbgPrint("ntc-kunit: DbgPrint %lx %I64x %wZ\n", (ULONG)1,
				       2ULL, &us), (ULONG)STATUS_SUCCESS);
	for (lvl = DPFLTR_ERROR_LEVEL; lvl <= DPFLTR_INFO_LEVEL + 1; lvl++)
		KUNIT_EXPECT_EQ(test, DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl,
						 "ntc-kunit: DbgPrintEx level %lu %ws\n",
						 lvl, u"ok"), (ULONG)STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x2,
					 "ntc-kunit: DbgPrintEx mask %hs\n", "warning"),
			(ULONG)STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntc_vdbg(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
				       "ntc-kunit: vDbgPrintEx %ld (expected)\n", (LONG)-1),
			(ULONG)STATUS_SUCCESS);
	KdPrint(("ntc-kunit: KdPrint %I64u\n", 42ULL));
	KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ntc-kunit: KdPrintEx %Iu\n",
		   (SIZE_T)43));
}

/* DbgPrint and the formatter at DIRQL in a hard-IRQ ISR, and in a DPC. */
struct ntc_dbg_ctx {
	PKINTERRUPT kint;
	KDPC dpc;
	struct completion isr_done, dpc_done;
	char isr_out[64], dpc_out[64];
	ULONG isr_ret, dpc_ret;
	bool isr_hardirq;
	KIRQL isr_irql, dpc_irql;
};

static void ntc_dbg_dpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
	struct ntc_dbg_ctx *c = Context;

	c->dpc_irql = KeGetCurrentIrql();
	c->dpc_ret = DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL,
				"ntc-kunit: DbgPrintEx from a DPC at IRQL %d, %lx %I64x %lx\n",
				(int)c->dpc_irql, (ULONG)0x11111111, 0x2222222233333333ULL,
				(ULONG)0x44444444);
	ntc_nt_fmt(c->dpc_out, sizeof(c->dpc_out), "%lx %I64x %lx %ws", (ULONG)0x11111111,
		   0x2222222233333333ULL, (ULONG)0x44444444, u"dpc");
	complete(&c->dpc_done);
}

static BOOLEAN ntc_dbg_isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	struct ntc_dbg_ctx *c = ServiceContext;

	c->isr_irql = KeGetCurrentIrql();
	c->isr_hardirq = in_hardirq();
	c->isr_ret = DbgPrint("ntc-kunit: DbgPrint from an ISR at IRQL %d, %ld %I64d %hd\n",
			      (int)c->isr_irql, (LONG)-1, (LONG64)-2, (SHORT)-3);
	ntc_nt_fmt(c->isr_out, sizeof(c->isr_out), "%ld %I64d %hd %ws", (LONG)-1,
		   (LONG64)-2, (SHORT)-3, u"isr");
	KeInsertQueueDpc(&c->dpc, NULL, NULL);
	complete(&c->isr_done);
	return TRUE;
}

static void ntc_dbgprint_isr_dpc(struct kunit *test)
{
	struct ntc_sim *sim = ntc_sim_create(test, 1);
	struct ntc_dbg_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_FULLY_SPECIFIED };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	NTSTATUS st;

	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->isr_done);
	init_completion(&c->dpc_done);
	KeInitializeDpc(&c->dpc, ntc_dbg_dpc, c);
	ntc_line_pdo(test, sim->irq[0], false, &d);
	st = IoConnectInterrupt(&c->kint, ntc_dbg_isr, c, NULL, d->u.Interrupt.Vector,
				(KIRQL)d->u.Interrupt.Level, (KIRQL)d->u.Interrupt.Level,
				LevelSensitive, TRUE, d->u.Interrupt.Affinity, FALSE);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	p.FullySpecified.InterruptObject = &c->kint;
	ntc_track(test, &p);

	ntc_sim_fire_sync(test, sim, 0);
	NTC_WAIT(test, &c->isr_done);
	NTC_WAIT(test, &c->dpc_done);
	KeFlushQueuedDpcs();

	KUNIT_EXPECT_TRUE(test, c->isr_hardirq);
	KUNIT_EXPECT_EQ(test, c->isr_irql, (KIRQL)d->u.Interrupt.Level);
	KUNIT_EXPECT_EQ(test, c->isr_ret, (ULONG)STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, c->isr_out, "-1 -2 -3 isr");
	KUNIT_EXPECT_EQ(test, c->dpc_irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, c->dpc_ret, (ULONG)STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, c->dpc_out, "11111111 2222222233333333 44444444 dpc");
}

static struct kunit_case ntc_dbgprint_cases[] = {
	KUNIT_CASE(ntc_dbgprint_integers),
	KUNIT_CASE(ntc_dbgprint_mixed_sizes),
	KUNIT_CASE(ntc_dbgprint_strings),
	KUNIT_CASE(ntc_dbgprint_chars),
	KUNIT_CASE(ntc_dbgprint_flags_width),
	KUNIT_CASE(ntc_dbgprint_pointer),
	KUNIT_CASE(ntc_dbgprint_truncation),
	KUNIT_CASE(ntc_dbgprint_entry_points),
	KUNIT_CASE(ntc_dbgprint_isr_dpc),
	{}
};

static struct kunit_suite ntc_dbgprint_suite = {
	.name = "ntc_dbgprint",
	.test_cases = ntc_dbgprint_cases,
};

kunit_test_suite(ntc_dbgprint_suite);
