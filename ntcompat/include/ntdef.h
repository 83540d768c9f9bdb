/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntdef.h - NT base types for ported Windows drivers (ntcompat).
 *
 * The NT widths are kept (LLP64 on Windows x64): ULONG and LONG are 32-bit,
 * ULONG_PTR, KAFFINITY and KSPIN_LOCK are pointer-sized. This header includes
 * no Linux header, so an NT translation unit that includes only <wdm.h> sees
 * nothing but NT names; glue code may include it next to Linux headers.
 *
 * ntcompat is a source-level layer: drivers are rebuilt with the kernel's
 * compiler, so NTAPI and friends are empty and callbacks use the Linux ABI
 * (nt-interrupt-reference.md section 0).
 */
#ifndef _NTCOMPAT_NTDEF_H_
#define _NTCOMPAT_NTDEF_H_

#ifndef VOID
#define VOID void
#endif

typedef char CHAR;
typedef signed char CCHAR;
typedef unsigned char UCHAR;
typedef short SHORT;
typedef short CSHORT;
typedef unsigned short USHORT;
typedef int LONG;
typedef unsigned int ULONG;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef unsigned long long ULONG64;
typedef long LONG_PTR;			/* Linux: long is pointer-sized */
typedef unsigned long ULONG_PTR;
typedef ULONG_PTR SIZE_T;
typedef unsigned short WCHAR;
typedef UCHAR BOOLEAN;
typedef LONG NTSTATUS;

typedef void *PVOID;
typedef CHAR *PCHAR;
typedef const CHAR *PCSTR;
typedef UCHAR *PUCHAR;
typedef USHORT *PUSHORT;
typedef ULONG *PULONG;
typedef LONG *PLONG;
typedef BOOLEAN *PBOOLEAN;
typedef WCHAR *PWSTR;
typedef unsigned long *PULONG_PTR;	/* ULONG_PTR * */
typedef SIZE_T *PSIZE_T;

typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	};
	struct {
		ULONG LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LIST_ENTRY {
	struct _LIST_ENTRY *Flink;
	struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
	struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct _UNICODE_STRING {
	USHORT Length;
	USHORT MaximumLength;
	PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif

#define NTAPI
#define NTKERNELAPI
#define NTHALAPI
#define NTSYSAPI
#define FASTCALL
#define DECLSPEC_IMPORT
#define RESTRICTED_POINTER
#define FORCEINLINE static inline __attribute__((__always_inline__))

#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif

/* The SAL annotations WDK sources are written with; static analysis only. */
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _In_reads_bytes_(s)
#define _Out_writes_bytes_(s)
#define _Use_decl_annotations_
#define _Function_class_(x)
#define _IRQL_requires_(x)
#define _IRQL_requires_max_(x)
#define _IRQL_requires_min_(x)
#define _IRQL_requires_same_
#define _IRQL_raises_(x)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(k, p)
#define _IRQL_restores_global_(k, p)
#define _Must_inspect_result_
#define _Success_(x)
#define _When_(c, a)
#define _Requires_lock_held_(l)
#define _Requires_lock_not_held_(l)
#define _Acquires_lock_(l)
#define _Releases_lock_(l)

#define NT_SUCCESS(Status)	(((NTSTATUS)(Status)) >= 0)

#define FIELD_OFFSET(type, field)	((LONG)__builtin_offsetof(type, field))
#define CONTAINING_RECORD(address, type, field) \
	((type *)((PCHAR)(address) - (ULONG_PTR)__builtin_offsetof(type, field)))
#define UNREFERENCED_PARAMETER(P)	((void)(P))
#define ARGUMENT_PRESENT(ArgumentPointer) \
	((CHAR *)((ULONG_PTR)(ArgumentPointer)) != (CHAR *)NULL)

#define RtlZeroMemory(Destination, Length)	__builtin_memset((Destination), 0, (Length))
#define RtlFillMemory(Destination, Length, Fill) \
	__builtin_memset((Destination), (Fill), (Length))
#define RtlCopyMemory(Destination, Source, Length) \
	__builtin_memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) \
	__builtin_memmove((Destination), (Source), (Length))

#endif /* _NTCOMPAT_NTDEF_H_ */
