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
#ifndef _NTDEF_
#define _NTDEF_			/* the WDK's guard, which companion headers test */
#define _NTCOMPAT_NTDEF_H_

#ifndef VOID
#define VOID void
#endif

typedef char CHAR;
typedef char CCHAR;			/* plain char, as in the WDK */
typedef unsigned char UCHAR;
typedef short SHORT;
typedef short CSHORT;
typedef unsigned short USHORT;
typedef int LONG;
typedef unsigned int ULONG;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef long LONG_PTR;			/* Linux: long is pointer-sized */
typedef unsigned long ULONG_PTR;
typedef ULONG_PTR SIZE_T;
typedef LONG_PTR SSIZE_T;
typedef unsigned short WCHAR;
typedef UCHAR BOOLEAN;
typedef LONG NTSTATUS;
typedef ULONG LOGICAL;

/* basetsd.h: fixed-width and pointer-width integers (LLP64). */
typedef signed char INT8;
typedef unsigned char UINT8;
typedef short INT16;
typedef unsigned short UINT16;
typedef int INT32;
typedef unsigned int UINT32;
typedef long long INT64;
typedef unsigned long long UINT64;
typedef int LONG32;
typedef unsigned int ULONG32;
typedef unsigned int DWORD32;
typedef long long LONG64;
typedef unsigned long long ULONG64;
typedef unsigned long long DWORD64;
typedef long INT_PTR;
typedef unsigned long UINT_PTR;
typedef unsigned long DWORD_PTR;
typedef int HALF_PTR;
typedef unsigned int UHALF_PTR;

typedef void *PVOID;
typedef void *HANDLE;
typedef HANDLE *PHANDLE;
typedef CHAR *PCHAR;
typedef CCHAR *PCCHAR;
typedef CHAR *PSTR;
typedef const CHAR *PCSTR;
typedef CHAR *PSZ;
typedef const CHAR *PCSZ;
typedef UCHAR *PUCHAR;
typedef SHORT *PSHORT;
typedef USHORT *PUSHORT;
typedef ULONG *PULONG;
typedef LONG *PLONG;
typedef LONGLONG *PLONGLONG;
typedef ULONGLONG *PULONGLONG;
typedef LONG64 *PLONG64;
typedef ULONG64 *PULONG64;
typedef LONG32 *PLONG32;
typedef ULONG32 *PULONG32;
typedef BOOLEAN *PBOOLEAN;
typedef LOGICAL *PLOGICAL;
typedef WCHAR *PWCHAR;
typedef WCHAR *PWSTR;
typedef const WCHAR *PCWSTR;
typedef WCHAR *PWCH;
typedef const WCHAR *PCWCH;
typedef CHAR *PCH;
typedef const CHAR *PCCH;
typedef unsigned long *PULONG_PTR;	/* ULONG_PTR * */
typedef long *PLONG_PTR;		/* LONG_PTR * */
typedef SIZE_T *PSIZE_T;
typedef SSIZE_T *PSSIZE_T;
typedef NTSTATUS *PNTSTATUS;
typedef const void *PCVOID;

/*
 * The WDK's names for anonymous members (ntdef.h): the compiler supports them,
 * so they name nothing, and code that spells them out (u.DUMMYSTRUCTNAME)
 * is written for compilers that do not; see NONAMELESSUNION in the WDK.
 */
#define DUMMYUNIONNAME
#define DUMMYUNIONNAME2
#define DUMMYUNIONNAME3
#define DUMMYUNIONNAME4
#define DUMMYUNIONNAME5
#define DUMMYSTRUCTNAME
#define DUMMYSTRUCTNAME2
#define DUMMYSTRUCTNAME3
#define DUMMYSTRUCTNAME4
#define DUMMYSTRUCTNAME5

/* A one-element array standing for a variable-length tail (winnt.h, ntdef.h). */
#define ANYSIZE_ARRAY 1

typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	} DUMMYSTRUCTNAME;
	struct {
		ULONG LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct {
		ULONG LowPart;
		ULONG HighPart;
	} DUMMYSTRUCTNAME;
	struct {
		ULONG LowPart;
		ULONG HighPart;
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

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
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
	USHORT Length;
	USHORT MaximumLength;
	PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;

/* Limits (ntdef.h, basetsd.h, intsafe.h's subset the WDK headers carry). */
#define MINCHAR		0x80
#define MAXCHAR		0x7f
#define MINSHORT	0x8000
#define MAXSHORT	0x7fff
#define MINLONG		0x80000000
#define MAXLONG		0x7fffffff
#define MAXUCHAR	0xff
#define MAXUSHORT	0xffff
#define MAXULONG	0xffffffff
#define MAXLONGLONG	(0x7fffffffffffffffLL)
#define MINLONGLONG	(-MAXLONGLONG - 1)
#define MAXULONGLONG	(~(ULONGLONG)0)
#define MAXULONG_PTR	(~((ULONG_PTR)0))
#define MAXLONG_PTR	((LONG_PTR)(MAXULONG_PTR >> 1))
#define MINLONG_PTR	(~MAXLONG_PTR)
#define MAXUINT_PTR	(~((UINT_PTR)0))
#define MAXINT_PTR	((INT_PTR)(MAXUINT_PTR >> 1))
#define MININT_PTR	(~MAXINT_PTR)
#define MAXUHALF_PTR	((UHALF_PTR)~0)
#define MAXHALF_PTR	((HALF_PTR)(MAXUHALF_PTR >> 1))
#define MINHALF_PTR	(~MAXHALF_PTR)
#define MAXULONG32	((ULONG32)~((ULONG32)0))
#define MAXLONG32	((LONG32)(MAXULONG32 >> 1))
#define MINLONG32	((LONG32)~MAXLONG32)
#define MAXULONG64	((ULONG64)~((ULONG64)0))
#define MAXLONG64	((LONG64)(MAXULONG64 >> 1))
#define MINLONG64	((LONG64)~MAXLONG64)
#define MAXDWORD32	((DWORD32)~((DWORD32)0))
#define MAXDWORD64	((DWORD64)~((DWORD64)0))
#define MAXSIZE_T	((SIZE_T)~((SIZE_T)0))
#define MAXSSIZE_T	((SSIZE_T)(MAXSIZE_T >> 1))
#define MINSSIZE_T	((SSIZE_T)~MAXSSIZE_T)
#define MAXUINT8	((UINT8)~((UINT8)0))
#define MAXINT8		((INT8)(MAXUINT8 >> 1))
#define MININT8		((INT8)~MAXINT8)
#define MAXUINT16	((UINT16)~((UINT16)0))
#define MAXINT16	((INT16)(MAXUINT16 >> 1))
#define MININT16	((INT16)~MAXINT16)
#define MAXUINT32	((UINT32)~((UINT32)0))
#define MAXINT32	((INT32)(MAXUINT32 >> 1))
#define MININT32	((INT32)~MAXINT32)
#define MAXUINT64	((UINT64)~((UINT64)0))
#define MAXINT64	((INT64)(MAXUINT64 >> 1))
#define MININT64	((INT64)~MAXINT64)

/*
 * basetsd.h's conversions between integers, handles and pointers: 32-bit
 * values widen as on Windows x64 (ULONG zero-extends, LONG sign-extends),
 * pointers truncate to their low 32 bits.
 */
#define HandleToULong(h)	((ULONG)(ULONG_PTR)(h))
#define HandleToUlong(h)	HandleToULong(h)
#define HandleToLong(h)		((LONG)(LONG_PTR)(h))
#define ULongToHandle(ul)	((HANDLE)(ULONG_PTR)(ul))
#define UlongToHandle(ul)	ULongToHandle(ul)
#define LongToHandle(h)		((HANDLE)(LONG_PTR)(h))
#define PtrToUlong(p)		((ULONG)(ULONG_PTR)(p))
#define PtrToLong(p)		((LONG)(LONG_PTR)(p))
#define PtrToUint(p)		((UINT32)(UINT_PTR)(p))
#define PtrToInt(p)		((INT32)(INT_PTR)(p))
#define PtrToUshort(p)		((USHORT)(ULONG_PTR)(p))
#define PtrToShort(p)		((SHORT)(LONG_PTR)(p))
#define PtrToUlong64(p)		((ULONG64)(ULONG_PTR)(p))
#define IntToPtr(i)		((PVOID)(INT_PTR)(i))
#define UIntToPtr(ui)		((PVOID)(UINT_PTR)(ui))
#define LongToPtr(l)		((PVOID)(LONG_PTR)(l))
#define ULongToPtr(ul)		((PVOID)(ULONG_PTR)(ul))
#define UlongToPtr(ul)		ULongToPtr(ul)
#define UintToPtr(ui)		UIntToPtr(ui)
#define Ptr32ToPtr(p)		((PVOID)(ULONG_PTR)(p))
#define PtrToPtr32(p)		((PVOID)(ULONG_PTR)(p))
#define PtrToPtr64(p)		((PVOID)(p))
#define Ptr64ToPtr(p)		((PVOID)(p))
#define HandleToHandle64(h)	PtrToPtr64(h)
#define Handle64ToHandle(h)	Ptr64ToPtr(h)

/* A compile-time assertion, as ntdef.h declares it. */
#define C_ASSERT(e)	typedef char __C_ASSERT__[(e) ? 1 : -1] __attribute__((__unused__))

/*
 * DBG: 1 in a checked (debug) build, 0 in a free one. The WDK's build sets
 * it on the command line; left undefined, 0 as in a free build.
 */
#ifndef DBG
#define DBG 0
#endif

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
#define NTSYSCALLAPI
#define FASTCALL
#define DECLSPEC_IMPORT
#define RESTRICTED_POINTER
#define FORCEINLINE static inline __attribute__((__always_inline__))
#ifndef __forceinline
#define __forceinline inline __attribute__((__always_inline__))
#endif

/*
 * Calling conventions: one ABI here (the kernel's), so they name nothing.
 * Only Windows targets' compilers define them.
 */
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef _stdcall
#define _stdcall __stdcall
#endif
#ifndef _cdecl
#define _cdecl __cdecl
#endif
#ifndef _fastcall
#define _fastcall __fastcall
#endif
#ifndef STDCALL
#define STDCALL __stdcall
#endif
#ifndef CDECL
#define CDECL
#endif
#ifndef NTAPI_INLINE
#define NTAPI_INLINE
#endif
#ifndef CONST
#define CONST const
#endif

#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif

/*
 * The SAL annotations WDK sources are written with (sal.h, driverspecs.h):
 * static analysis only, so every one expands to nothing. A driver that
 * brings its own sal.h (_SAL_VERSION) keeps it.
 */
#ifndef _SAL_VERSION
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_opt_z_
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_nullonfailure_
#define _COM_Outptr_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _Ret_maybenull_z_
#define _Check_return_
#define _Must_inspect_result_
#define _Use_decl_annotations_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Printf_format_string_
#define _Notnull_
#define _Maybenull_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_valid_
#define _Pre_z_
#define _Post_z_
#define _Post_valid_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Post_notnull_
#define _Post_maybenull_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Reserved_
#define _Const_
#define _Literal_
#define _Points_to_data_
#define _Interlocked_
#define _Interlocked_operand_
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_float_used_
#define _Kernel_requires_resource_held_
#define _Kernel_requires_resource_not_held_
#define _IRQL_requires_same_
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_uses_cancel_
#define _IRQL_is_cancel_
#define _Benign_race_begin_
#define _Benign_race_end_
#define _No_competing_thread_begin_
#define _No_competing_thread_end_
#define _Function_ignore_lock_checking_
#define _Requires_no_locks_held_
#define _Out_writes_z_
#define _Deref_out_
#define _Deref_out_opt_
#define _Deref_opt_out_
#define _Deref_opt_out_opt_
#define _Field_z_
#define _Struct_size_bytes_
#define _Ret_
#define __drv_acquiresCancelSpinLock
#define __drv_releasesCancelSpinLock
#define _In_reads_(a0)
#define _In_reads_opt_(a0)
#define _In_reads_bytes_(a0)
#define _In_reads_bytes_opt_(a0)
#define _In_reads_z_(a0)
#define _In_reads_or_z_(a0)
#define _In_reads_to_ptr_(a0)
#define _Out_writes_(a0)
#define _Out_writes_opt_(a0)
#define _Out_writes_bytes_(a0)
#define _Out_writes_bytes_opt_(a0)
#define _Out_writes_to_(a0, a1)
#define _Out_writes_to_opt_(a0, a1)
#define _Out_writes_bytes_to_(a0, a1)
#define _Out_writes_bytes_to_opt_(a0, a1)
#define _Out_writes_all_(a0)
#define _Out_writes_all_opt_(a0)
#define _Out_writes_bytes_all_(a0)
#define _Out_writes_bytes_all_opt_(a0)
#define _Inout_updates_(a0)
#define _Inout_updates_opt_(a0)
#define _Inout_updates_bytes_(a0)
#define _Inout_updates_bytes_opt_(a0)
#define _Inout_updates_to_(a0, a1)
#define _Inout_updates_to_opt_(a0, a1)
#define _Inout_updates_bytes_to_(a0, a1)
#define _Inout_updates_bytes_to_opt_(a0, a1)
#define _Inout_updates_all_(a0)
#define _Inout_updates_bytes_all_(a0)
#define _Outptr_result_buffer_(a0)
#define _Outptr_result_bytebuffer_(a0)
#define _Outptr_opt_result_buffer_(a0)
#define _Outptr_opt_result_bytebuffer_(a0)
#define _Outptr_result_buffer_maybenull_(a0)
#define _Ret_writes_(a0)
#define _Ret_writes_bytes_(a0)
#define _Ret_writes_maybenull_(a0)
#define _Ret_writes_bytes_maybenull_(a0)
#define _Ret_range_(a0, a1)
#define _In_range_(a0, a1)
#define _Out_range_(a0, a1)
#define _Deref_out_range_(a0, a1)
#define _Deref_in_range_(a0, a1)
#define _Field_range_(a0, a1)
#define _Field_size_(a0)
#define _Field_size_opt_(a0)
#define _Field_size_bytes_(a0)
#define _Field_size_bytes_opt_(a0)
#define _Field_size_part_(a0, a1)
#define _Field_size_part_opt_(a0, a1)
#define _Field_size_bytes_part_(a0, a1)
#define _Field_size_bytes_part_opt_(a0, a1)
#define _Field_size_full_(a0)
#define _Field_size_bytes_full_(a0)
#define _Readable_bytes_(a0)
#define _Readable_elements_(a0)
#define _Writable_bytes_(a0)
#define _Writable_elements_(a0)
#define _Post_writable_byte_size_(a0)
#define _Post_readable_byte_size_(a0)
#define _Post_writable_size_(a0)
#define _Post_readable_size_(a0)
#define _Post_equal_to_(a0)
#define _Post_satisfies_(a0)
#define _Pre_satisfies_(a0)
#define _Pre_equal_to_(a0)
#define _Satisfies_(a0)
#define _Unchanged_(a0)
#define _Strict_type_match_
#define _Success_(a0)
#define _Return_type_success_(a0)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _When_(a0, a1)
#define _At_(a0, a1)
#define _At_buffer_(a0, a1, a2, a3)
#define _Always_(a0)
#define _On_failure_(a0)
#define _Group_(a0)
#define _Analysis_assume_(a0)
#define _Analysis_assume_lock_held_(a0)
#define _Analysis_assume_lock_not_held_(a0)
#define _Function_class_(a0)
#define _Dispatch_type_(a0)
#define _Kernel_clear_do_init_(a0)
#define _Kernel_acquires_resource_(a0)
#define _Kernel_releases_resource_(a0)
#define _IRQL_requires_(a0)
#define _IRQL_requires_max_(a0)
#define _IRQL_requires_min_(a0)
#define _IRQL_raises_(a0)
#define _IRQL_always_function_max_(a0)
#define _IRQL_always_function_min_(a0)
#define _IRQL_saves_global_(a0, a1)
#define _IRQL_restores_global_(a0, a1)
#define _Requires_lock_held_(a0)
#define _Requires_lock_not_held_(a0)
#define _Requires_exclusive_lock_held_(a0)
#define _Requires_shared_lock_held_(a0)
#define _Acquires_lock_(a0)
#define _Releases_lock_(a0)
#define _Acquires_exclusive_lock_(a0)
#define _Releases_exclusive_lock_(a0)
#define _Acquires_shared_lock_(a0)
#define _Releases_shared_lock_(a0)
#define _Acquires_nonreentrant_lock_(a0)
#define _Releases_nonreentrant_lock_(a0)
#define _Guarded_by_(a0)
#define _Write_guarded_by_(a0)
#define _Has_lock_kind_(a0)
#define _Has_lock_level_(a0)
#define _Lock_level_order_(a0, a1)
#define _Create_lock_level_(a0)
#define _Post_same_lock_(a0, a1)
#define _Deref_pre_readonly_
#define _Deref_post_maybenull_
#define _Out_writes_bytes_to_ptr_(a0)
#define _Out_writes_to_ptr_(a0)
#define _In_reads_bytes_to_ptr_(a0)
#define _Pre_readable_size_(a0)
#define _Pre_writable_size_(a0)
#define _Pre_readable_byte_size_(a0)
#define _Pre_writable_byte_size_(a0)
#define _Outptr_result_bytebuffer_maybenull_(a0)
#define _Must_inspect_impl_
#define _Out_z_cap_(a0)
#define _In_bytecount_(a0)
#define _In_count_(a0)
#define _Out_bytecap_(a0)
#define _Out_cap_(a0)
#define _Inout_bytecap_(a0)
#define __drv_when(...)
#define __drv_maxIRQL(...)
#define __drv_minIRQL(...)
#define __drv_setsIRQL(...)
#define __drv_requiresIRQL(...)
#define __drv_functionClass(...)
#define __drv_dispatchType(...)
#define __drv_valueIs(...)
#define __drv_strictType(...)
#define __drv_preferredFunction(...)
#define __drv_maxFunctionIRQL(...)
#define __drv_minFunctionIRQL(...)
#define __drv_in(...)
#define __drv_out(...)
#define __drv_at(...)
#define __drv_acquiresResource(...)
#define __drv_releasesResource(...)
#define __drv_mustHold(...)
#define __drv_neverHold(...)
#define __drv_reportError(...)
#define __drv_innerNeverHoldGlobal(...)
#define __drv_innerMustHoldGlobal(...)
#define __drv_acquiresExclusiveResourceGlobal(...)
#define __drv_releasesExclusiveResourceGlobal(...)
#define __drv_strictTypeMatch(...)
#define __drv_allocatesMem(...)
#define __drv_freesMem(...)
#define __drv_aliasesMem(...)
#define __drv_isObjectPointer
#define __drv_interlocked
#define __drv_inTry
#define __drv_floatSaved
#define __drv_floatRestored
#define __drv_floatUsed
#define __drv_useCancelIRQL
#define __drv_clearDoInitStarted
#define __drv_sameIRQL
#define __drv_savesIRQL
#define __drv_restoresIRQL
#endif /* _SAL_VERSION */

#define NT_SUCCESS(Status)	(((NTSTATUS)(Status)) >= 0)

#define FIELD_OFFSET(type, field)	((LONG)__builtin_offsetof(type, field))
#define CONTAINING_RECORD(address, type, field) \
	((type *)((PCHAR)(address) - (ULONG_PTR)__builtin_offsetof(type, field)))
#define UNREFERENCED_PARAMETER(P)	((void)(P))
#define UNREFERENCED_LOCAL_VARIABLE(V)	((void)(V))
#define DBG_UNREFERENCED_PARAMETER(P)	((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V)	((void)(V))
#define RTL_NUMBER_OF(A)		(sizeof(A) / sizeof((A)[0]))
#define RTL_NUMBER_OF_V1(A)		RTL_NUMBER_OF(A)
#define RTL_NUMBER_OF_V2(A)		RTL_NUMBER_OF(A)
#ifndef ARRAYSIZE
#define ARRAYSIZE(A)			RTL_NUMBER_OF(A)
#endif
#define ARGUMENT_PRESENT(ArgumentPointer) \
	((CHAR *)((ULONG_PTR)(ArgumentPointer)) != (CHAR *)NULL)

/*
 * The <string.h> the WDK's wdm.h includes: what drivers call directly. These
 * are the kernel's own functions; declared here only when no <string.h>
 * (the kernel's or the C library's) came first, with the names in
 * parentheses so that a fortified kernel's macros cannot expand them.
 */
#if !defined(_LINUX_STRING_H_) && !defined(_STRING_H) && !defined(__cplusplus)
void *(memcpy)(void *Destination, const void *Source, SIZE_T Length);
void *(memmove)(void *Destination, const void *Source, SIZE_T Length);
void *(memset)(void *Destination, int Fill, SIZE_T Length);
int (memcmp)(const void *Buffer1, const void *Buffer2, SIZE_T Length);
SIZE_T (strlen)(const char *String);
#endif

#define RtlEqualMemory(Destination, Source, Length) \
	(!__builtin_memcmp((Destination), (Source), (Length)))
#define RtlZeroMemory(Destination, Length)	__builtin_memset((Destination), 0, (Length))
#define RtlFillMemory(Destination, Length, Fill) \
	__builtin_memset((Destination), (Fill), (Length))
#define RtlCopyMemory(Destination, Source, Length) \
	__builtin_memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) \
	__builtin_memmove((Destination), (Source), (Length))

#endif /* _NTDEF_ */
