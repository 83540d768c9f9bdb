// SPDX-License-Identifier: GPL-2.0
/*
 * DbgPrint, DbgPrintEx and vDbgPrintEx with NT format semantics.
 *
 * NT is LLP64: a ported driver passes a 32-bit ULONG for "%lx", a 64-bit
 * value for "%I64x"/"%llx" and a pointer-sized one for "%Ix". Handing its
 * format string to Linux's printf would read 64 bits for "%lx" and shift
 * every later argument. ntcompat_nt_vsnprintf() walks the NT format
 * instead, fetches each argument with va_arg() of the type NT passes (int
 * for 8/16/32-bit conversions, long long for 64-bit, long for pointer-size,
 * pointers), and formats each conversion on its own with Linux's snprintf()
 * (a format string it builds, holding that one conversion) or by itself
 * (strings, characters).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/*
 * DPFLTR_INFO_LEVEL and above print with pr_debug(): DEBUG makes it print
 * (KERN_DEBUG) by default, also without dynamic debug; with it, those
 * messages can be switched off per call site, the way NT's debug filter
 * masks switch a component's levels.
 */
#define DEBUG

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#include "ntc_internal.h"

/*
 * NT's DbgPrint transmits at most 512 bytes of one call ("any single call
 * to DbgPrint will only transmit 512 bytes of information"); longer
 * messages are cut there, as on NT.
 */
#define NTC_DBGPRINT_MAX	512

/*
 * Widths and precisions are clamped before they reach Linux's vsnprintf
 * (which warns above 2^23); beyond the 512-byte buffer they change nothing
 * DbgPrint prints.
 */
#define NTC_FMT_MAX_WIDTH	4096

enum ntc_fmt_size {
	NTC_SZ_DEFAULT,		/* int: 32-bit */
	NTC_SZ_HH,		/* char */
	NTC_SZ_H,		/* short */
	NTC_SZ_L,		/* l, w, I32: 32-bit on NT (LLP64) */
	NTC_SZ_64,		/* ll, L, I64, j */
	NTC_SZ_PTR,		/* I, z, t: pointer-size */
};

struct ntc_out {
	char *buf;
	size_t size;
	size_t len;		/* what the whole output needs, as vsnprintf */
};

static void ntc_putc(struct ntc_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void ntc_puts(struct ntc_out *o, const char *s, size_t n)
{
	while (n--)
		ntc_putc(o, *s++);
}

/* One conversion through Linux's snprintf, straight into the output. */
static __printf(2, 3) void ntc_emitf(struct ntc_out *o, const char *spec, ...)
{
	size_t room = o->size > o->len ? o->size - o->len : 0;
	va_list args;
	int n;

	va_start(args, spec);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, spec, args);
	va_end(args);
	o->len += n;
}

struct ntc_spec {
	char flags[8];		/* "-+ #0", each at most once, NUL-terminated */
	int width;		/* -1: none */
	int prec;		/* -1: none */
	bool left;
	enum ntc_fmt_size size;
	bool wide;		/* w, l (and ll) on c, s and Z */
	bool narrow;		/* h on c, C, s, S */
};

/* "%<flags><width>.<prec><len><conv>" for one Linux conversion. */
static void ntc_linux_spec(char *dst, size_t n, const struct ntc_spec *s,
			   const char *len, char conv)
{
	char w[16] = "", p[16] = "";

	if (s->width >= 0)
		snprintf(w, sizeof(w), "%d", s->width);
	if (s->prec >= 0)
		snprintf(p, sizeof(p), ".%d", s->prec);
	snprintf(dst, n, "%%%s%s%s%s%c", s->flags, w, p, len, conv);
}

/*
 * A string argument: narrow bytes (copied as they are) or UTF-16LE code
 * units (PCWSTR, UNICODE_STRING; written as UTF-8, a lone surrogate as
 * '?'). @units bounds a counted string (Length), SIZE_MAX a NUL-terminated
 * one; a NUL ends either. The precision counts characters read (bytes or
 * UTF-16 units, as NT), the width characters written.
 */
static size_t ntc_walk_str(struct ntc_out *o, const void *p, bool wide,
			   size_t units, int prec)
{
	size_t max = prec >= 0 ? min_t(size_t, units, prec) : units;
	const unsigned char *c8 = p;
	const u16 *c16 = p;
	size_t i, chars = 0;

	for (i = 0; i < max; i++, chars++) {
		u32 cp;

		if (!wide) {
			if (!c8[i])
				break;
			if (o)
				ntc_putc(o, c8[i]);
			continue;
		}
		cp = c16[i];
		if (!cp)
			break;
		if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < max &&
		    c16[i + 1] >= 0xdc00 && c16[i + 1] < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (c16[i + 1] - 0xdc00);
			i++;
		} else if (cp >= 0xd800 && cp < 0xe000) {
			cp = '?';
		}
		if (!o)
			continue;
		if (cp < 0x80) {
			ntc_putc(o, cp);
		} else if (cp < 0x800) {
			ntc_putc(o, 0xc0 | (cp >> 6));
			ntc_putc(o, 0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			ntc_putc(o, 0xe0 | (cp >> 12));
			ntc_putc(o, 0x80 | ((cp >> 6) & 0x3f));
			ntc_putc(o, 0x80 | (cp & 0x3f));
		} else {
			ntc_putc(o, 0xf0 | (cp >> 18));
			ntc_putc(o, 0x80 | ((cp >> 12) & 0x3f));
			ntc_putc(o, 0x80 | ((cp >> 6) & 0x3f));
			ntc_putc(o, 0x80 | (cp & 0x3f));
		}
	}
	return chars;
}

static void ntc_emit_str(struct ntc_out *o, const struct ntc_spec *s,
			 const void *p, bool wide, size_t units)
{
	size_t chars;
	int pad;

	if (!p) {		/* NT prints "(null)" for a NULL string */
		p = "(null)";
		wide = false;
		units = SIZE_MAX;
	}
	chars = ntc_walk_str(NULL, p, wide, units, s->prec);
	pad = s->width > 0 && (size_t)s->width > chars ? s->width - chars : 0;
	if (!s->left)
		while (pad-- > 0)
			ntc_putc(o, ' ');
	ntc_walk_str(o, p, wide, units, s->prec);
	if (s->left)
		while (pad-- > 0)
			ntc_putc(o, ' ');
}

/* A NUL character prints nothing (NT's output would end there anyway). */
static void ntc_emit_char(struct ntc_out *o, const struct ntc_spec *s,
			  unsigned int c, bool wide)
{
	u16 w[2] = { c, 0 };
	unsigned char n[2] = { c, 0 };
	struct ntc_spec one = *s;

	one.prec = -1;
	if (wide)
		ntc_emit_str(o, &one, w, true, 1);
	else
		ntc_emit_str(o, &one, n, false, 1);
}

/* d i u o x X with NT's argument sizes. */
static void ntc_emit_int(struct ntc_out *o, const struct ntc_spec *s, char conv,
			 va_list *args)
{
	bool is_signed = conv == 'd' || conv == 'i';
	char spec[48];
	u64 v;

	switch (s->size) {
	case NTC_SZ_HH:
		v = va_arg(*args, unsigned int);
		v = is_signed ? (u64)(s64)(s8)v : (u8)v;
		break;
	case NTC_SZ_H:
		v = va_arg(*args, unsigned int);
		v = is_signed ? (u64)(s64)(s16)v : (u16)v;
		break;
	case NTC_SZ_64:
		v = va_arg(*args, unsigned long long);
		break;
	case NTC_SZ_PTR:
		v = va_arg(*args, unsigned long);
		v = is_signed ? (u64)(s64)(long)v : v;
		break;
	default:		/* 32-bit: int, LONG, ULONG */
		v = va_arg(*args, unsigned int);
		v = is_signed ? (u64)(s64)(s32)v : (u32)v;
		break;
	}
	ntc_linux_spec(spec, sizeof(spec), s, "ll", conv);
	if (is_signed)
		ntc_emitf(o, spec, (long long)v);
	else
		ntc_emitf(o, spec, (unsigned long long)v);
}

/*
 * %p: NT prints a pointer as pointer-width, zero-padded, upper-case hex
 * without "0x". ntcompat prints it with Linux's plain %p, which has that
 * shape (pointer-width zero-padded hex) but is the per-boot hash of the
 * address, not the address: Linux does not put kernel addresses in the log
 * (Documentation/core-api/printk-formats.rst), and a driver's %p identifies
 * an object, which the hash does as well (same pointer, same hash). NULL
 * and ERR_PTR values print unhashed, as on NT; booting with
 * no_hash_pointers prints raw addresses, NT's exact output. The hex is
 * upper-cased, as NT's. Only "%p" is passed, so the characters after it
 * in an NT format ("%ps") stay text, never Linux's %p extensions.
 */
static void ntc_emit_ptr(struct ntc_out *o, const struct ntc_spec *s, void *p)
{
	size_t start = o->len, i, end;
	char spec[48];

	ntc_linux_spec(spec, sizeof(spec), s, "", 'p');
	ntc_emitf(o, spec, p);
	end = min(o->len, o->size ? o->size - 1 : 0);
	for (i = start; i < end; i++)
		if (!isxdigit(o->buf[i]) && o->buf[i] != ' ')
			return;		/* "(____ptrval____)" stays as it is */
	for (i = start; i < end; i++)
		o->buf[i] = toupper(o->buf[i]);
}

static int ntc_clamp(int v)
{
	return min(v, NTC_FMT_MAX_WIDTH);
}

/* Flags, width, precision and size of the conversion at @f; returns past them. */
static const char *ntc_parse_spec(const char *f, struct ntc_spec *s, va_list *args)
{
	size_t nflags = 0;

	memset(s, 0, sizeof(*s));
	s->width = -1;
	s->prec = -1;
	while (*f && strchr("-+ #0", *f)) {
		if (!strchr(s->flags, *f) && nflags < sizeof(s->flags) - 1)
			s->flags[nflags++] = *f;
		f++;
	}
	if (*f == '*') {
		int w = va_arg(*args, int);

		if (w < 0) {
			w = w == INT_MIN ? INT_MAX : -w;
			if (!strchr(s->flags, '-') && nflags < sizeof(s->flags) - 1)
				s->flags[nflags++] = '-';
		}
		s->width = ntc_clamp(w);
		f++;
	} else if (isdigit(*f)) {
		int w = 0;

		while (isdigit(*f))
			w = min(w * 10 + (*f++ - '0'), NTC_FMT_MAX_WIDTH);
		s->width = w;
	}
	s->left = strchr(s->flags, '-');
	if (*f == '.') {
		f++;
		if (*f == '*') {
			int p = va_arg(*args, int);

			s->prec = p < 0 ? -1 : ntc_clamp(p);
			f++;
		} else {
			int p = 0;

			while (isdigit(*f))
				p = min(p * 10 + (*f++ - '0'), NTC_FMT_MAX_WIDTH);
			s->prec = p;
		}
	}
	switch (*f) {
	case 'h':
		f++;
		s->narrow = true;
		s->size = NTC_SZ_H;
		if (*f == 'h') {
			f++;
			s->size = NTC_SZ_HH;
		}
		break;
	case 'l':
		f++;
		s->wide = true;
		s->size = NTC_SZ_L;
		if (*f == 'l') {
			f++;
			s->size = NTC_SZ_64;
		}
		break;
	case 'w':
		f++;
		s->wide = true;
		s->size = NTC_SZ_L;
		break;
	case 'L':
	case 'j':
		f++;
		s->size = NTC_SZ_64;
		break;
	case 'z':
	case 't':
		f++;
		s->size = NTC_SZ_PTR;
		break;
	case 'I':
		f++;
		if (f[0] == '6' && f[1] == '4') {
			f += 2;
			s->size = NTC_SZ_64;
		} else if (f[0] == '3' && f[1] == '2') {
			f += 2;
			s->size = NTC_SZ_L;
		} else {
			s->size = NTC_SZ_PTR;
		}
		break;
	}
	return f;
}

/**
 * ntcompat_nt_vsnprintf() - format an NT (DbgPrint) format string
 * @buf: output, NUL-terminated unless @size is 0
 * @size: size of @buf in bytes
 * @fmt: format string with NT (Windows x64, LLP64) semantics
 * @args: the arguments, as an NT caller passes them
 *
 * The conversions of NT's DbgPrint: d i u o x X with the sizes hh and h
 * (8/16-bit), none, l, w and I32 (32-bit: LONG, ULONG), ll, L, I64 and j
 * (64-bit) and I, z and t (pointer-size); c and C (C, wc, lc: a WCHAR),
 * s and S (S, ws, ls: a NUL-terminated PCWSTR, written as UTF-8; hs a
 * narrow string), Z (a PANSI_STRING/PSTRING; wZ a PUNICODE_STRING; Length
 * bytes, not NUL-terminated), p (see below), %% and flags, width,
 * precision and '*'. A NULL string prints "(null)", as on NT. %n takes
 * its pointer and writes nothing (a log call must not write memory; the
 * Windows CRT disables %n by default as well); the floating
 * conversions (e E f g G a A) are copied as text, since kernel code cannot
 * pass a double; an unknown conversion is copied as text.
 *
 * %p prints Linux's hashed pointer (upper-case hex, pointer width, no
 * "0x"), not the raw address, so the kernel log does not leak addresses;
 * boot with no_hash_pointers for NT's raw value.
 *
 * Context: any IRQL; does not allocate or sleep.
 * Return: the length the whole output needs, excluding the NUL (as
 * vsnprintf): @buf holds a truncated string when it is >= @size.
 */
int ntcompat_nt_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct ntc_out o = { .buf = buf, .size = size };
	const char *f = fmt, *start;
	struct ntc_spec s;
	va_list ap;

	va_copy(ap, args);
	while (*f) {
		char conv;

		if (*f != '%') {
			ntc_putc(&o, *f++);
			continue;
		}
		start = f++;
		f = ntc_parse_spec(f, &s, &ap);
		conv = *f;
		if (!conv) {		/* a trailing '%...': text */
			ntc_puts(&o, start, f - start);
			break;
		}
		f++;
		switch (conv) {
		case '%':
			ntc_putc(&o, '%');
			break;
		case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
			ntc_emit_int(&o, &s, conv, &ap);
			break;
		case 'c':
			ntc_emit_char(&o, &s, va_arg(ap, unsigned int), s.wide);
			break;
		case 'C':
			ntc_emit_char(&o, &s, va_arg(ap, unsigned int), !s.narrow);
			break;
		case 's':
			ntc_emit_str(&o, &s, va_arg(ap, const void *), s.wide, SIZE_MAX);
			break;
		case 'S':
			ntc_emit_str(&o, &s, va_arg(ap, const void *), !s.narrow, SIZE_MAX);
			break;
		case 'Z':
			if (s.wide) {
				PCUNICODE_STRING us = va_arg(ap, PCUNICODE_STRING);

				ntc_emit_str(&o, &s, us ? us->Buffer : NULL, true,
					     us ? us->Length / sizeof(WCHAR) : 0);
			} else {
				PCANSI_STRING as = va_arg(ap, PCANSI_STRING);

				ntc_emit_str(&o, &s, as ? as->Buffer : NULL, false,
					     as ? as->Length : 0);
			}
			break;
		case 'p':
			ntc_emit_ptr(&o, &s, va_arg(ap, void *));
			break;
		case 'n':
			(void)va_arg(ap, void *);
			break;
		default:
			ntc_puts(&o, start, f - start);
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[min(o.len, size - 1)] = '\0';
	return min_t(size_t, o.len, INT_MAX);
}
EXPORT_SYMBOL_GPL(ntcompat_nt_vsnprintf);

/**
 * vDbgPrintEx() - print an NT-format message with a va_list
 * @ComponentId: DPFLTR_TYPE of the caller (DPFLTR_IHVDRIVER_ID, ...)
 * @Level: DPFLTR_ERROR_LEVEL (0), _WARNING_ (1), _TRACE_ (2), _INFO_ (3),
 *	another number up to 31, or DPFLTR_MASK | bits
 * @Format: format string with NT semantics (ntcompat_nt_vsnprintf())
 * @arglist: its arguments
 *
 * Formatted into a 512-byte buffer on the stack (NT's DbgPrint limit; a
 * longer message is cut there, as on NT) and printed as one printk
 * record with ntcompat's prefix. The stack, not a per-CPU buffer: an ISR
 * (or NMI) can interrupt a DbgPrint on the same CPU, and an on-stack buffer
 * needs no interrupt disabling or lock for that; 512 bytes fit the IRQ and
 * task stacks' budget (W=1's frame limit is 2048 on 64-bit).
 *
 * Levels become Linux log levels instead of NT's per-component filter
 * masks (which Linux's console loglevel and dmesg --level replace):
 * ERROR is KERN_ERR, WARNING KERN_WARNING, TRACE KERN_INFO, INFO and the
 * higher numbers KERN_DEBUG (pr_debug, on by default; dynamic debug can
 * turn it off). A DPFLTR_MASK level is mapped by its lowest set bit. The
 * ComponentId is not printed and filters nothing.
 *
 * Context: any IRQL, including an ISR; does not allocate or sleep.
 * Return: STATUS_SUCCESS.
 */
ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist)
{
	char buf[NTC_DBGPRINT_MAX];
	ULONG lvl = Level;

	ntcompat_nt_vsnprintf(buf, sizeof(buf), Format, arglist);
	if (Level & DPFLTR_MASK)
		lvl = (Level & ~DPFLTR_MASK) ? __ffs(Level & ~DPFLTR_MASK) : 31;
	switch (lvl) {
	case DPFLTR_ERROR_LEVEL:
		pr_err("%s", buf);
		break;
	case DPFLTR_WARNING_LEVEL:
		pr_warn("%s", buf);
		break;
	case DPFLTR_TRACE_LEVEL:
		pr_info("%s", buf);
		break;
	default:	/* KERN_DEBUG; DEBUG above keeps it compiled in */
		pr_debug("%s", buf);
		break;
	}
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(vDbgPrintEx);

/**
 * DbgPrintEx() - print an NT-format message at a DPFLTR level
 * @ComponentId: DPFLTR_TYPE of the caller
 * @Level: DPFLTR level or mask (see vDbgPrintEx())
 * @Format: format string with NT semantics (ntcompat_nt_vsnprintf())
 *
 * Context: any IRQL, including an ISR; does not allocate or sleep.
 * Return: STATUS_SUCCESS.
 */
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
	va_list args;

	va_start(args, Format);
	vDbgPrintEx(ComponentId, Level, Format, args);
	va_end(args);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(DbgPrintEx);

/**
 * DbgPrint() - print an NT-format message to the kernel log
 * @Format: format string with NT semantics (ntcompat_nt_vsnprintf())
 *
 * Printed at KERN_INFO (DPFLTR_TRACE_LEVEL's mapping: NT shows DbgPrint
 * output by default, and so does dmesg), cut at 512 bytes as on NT.
 *
 * Context: any IRQL, including an ISR; does not allocate or sleep.
 * Return: STATUS_SUCCESS.
 */
ULONG DbgPrint(PCSTR Format, ...)
{
	va_list args;

	va_start(args, Format);
	vDbgPrintEx(DPFLTR_DEFAULT_ID, DPFLTR_TRACE_LEVEL, Format, args);
	va_end(args);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(DbgPrint);
