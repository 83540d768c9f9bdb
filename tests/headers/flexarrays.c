// SPDX-License-Identifier: GPL-2.0
/*
 * The WDK's variable-length tails - CM_PARTIAL_RESOURCE_LIST.PartialDescriptors[1],
 * CM_RESOURCE_LIST.List[1], IO_INTERRUPT_MESSAGE_INFO.MessageInfo[1] - indexed
 * up to Count the way every WDM driver does. run.sh compiles this with the
 * kernel's array-bounds flags (-O2 -Warray-bounds=2 -fsanitize=bounds-strict,
 * and -fstrict-flex-arrays=3 where the compiler has it) and -Werror, then
 * links and runs it with -fno-sanitize-recover: with one-element arrays
 * declared as such, the first index past 0 aborts, as UBSAN_BOUNDS_STRICT
 * reports it in the kernel. Uses the Windows sizes (sizeof(CM_RESOURCE_LIST)
 * + (n - 1) * sizeof(descriptor)), so it checks they still add up.
 * No C library: the NT headers are all a driver's NT part sees.
 */
#include <wdm.h>

#define NDESC	5
#define NMSG	4

/* A translated list with NDESC descriptors, as ntcompat allocates it. */
static union {
	CM_RESOURCE_LIST List;
	UCHAR Bytes[sizeof(CM_RESOURCE_LIST) +
		    (NDESC - 1) * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR)];
} Resources;

/* Two full descriptors of one partial descriptor each. */
static union {
	CM_RESOURCE_LIST List;
	UCHAR Bytes[sizeof(CM_RESOURCE_LIST) + sizeof(CM_FULL_RESOURCE_DESCRIPTOR)];
} TwoBuses;

/* A message table with NMSG entries. */
static union {
	IO_INTERRUPT_MESSAGE_INFO Info;
	UCHAR Bytes[sizeof(IO_INTERRUPT_MESSAGE_INFO) +
		    (NMSG - 1) * sizeof(IO_INTERRUPT_MESSAGE_INFO_ENTRY)];
} Table;

_Static_assert(sizeof(Resources) == 40 + (NDESC - 1) * 20, "WDK sizes");
_Static_assert(sizeof(TwoBuses) == 2 * 36 + 4, "WDK sizes");
_Static_assert(sizeof(Table) == 8 + NMSG * 48, "WDK sizes");

/* START_DEVICE: every interrupt vector in the translated resources. */
__attribute__((noinline)) ULONG SumVectors(PCM_RESOURCE_LIST Translated);
__attribute__((noinline)) ULONG SumVectors(PCM_RESOURCE_LIST Translated)
{
	ULONG f, i, sum = 0;

	for (f = 0; f < Translated->Count; f++) {
		PCM_PARTIAL_RESOURCE_LIST list = &Translated->List[f].PartialResourceList;

		for (i = 0; i < list->Count; i++) {
			PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &list->PartialDescriptors[i];

			if (d->Type == CmResourceTypeInterrupt)
				sum += list->PartialDescriptors[i].u.Interrupt.Vector;
		}
	}
	return sum;
}

/* After CONNECT_MESSAGE_BASED: every message's vector. */
__attribute__((noinline)) ULONG SumMessages(PIO_INTERRUPT_MESSAGE_INFO Info);
__attribute__((noinline)) ULONG SumMessages(PIO_INTERRUPT_MESSAGE_INFO Info)
{
	ULONG i, sum = 0;

	for (i = 0; i < Info->MessageCount; i++)
		sum += Info->MessageInfo[i].Vector;
	return sum;
}

/* A driver filling its own list (a bus driver, a copy). */
__attribute__((noinline)) VOID FillList(PCM_RESOURCE_LIST List, ULONG Full, ULONG Partial,
					ULONG Base);
__attribute__((noinline)) VOID FillList(PCM_RESOURCE_LIST List, ULONG Full, ULONG Partial,
					ULONG Base)
{
	ULONG f, i;

	List->Count = Full;
	for (f = 0; f < Full; f++) {
		PCM_FULL_RESOURCE_DESCRIPTOR full = &List->List[f];

		full->InterfaceType = PCIBus;
		full->BusNumber = f;
		full->PartialResourceList.Version = 1;
		full->PartialResourceList.Revision = 1;
		full->PartialResourceList.Count = Partial;
		for (i = 0; i < Partial; i++) {
			full->PartialResourceList.PartialDescriptors[i].Type =
				CmResourceTypeInterrupt;
			full->PartialResourceList.PartialDescriptors[i].u.Interrupt.Vector =
				Base + f * Partial + i;
		}
	}
}

int main(void);
int main(void)
{
	ULONG i, n;

	FillList(&Resources.List, 1, NDESC, 1);		/* vectors 1..5 */
	FillList(&TwoBuses.List, 2, 1, 10);		/* vectors 10, 11 */
	Table.Info.MessageCount = NMSG;
	for (i = 0; i < NMSG; i++)
		Table.Info.MessageInfo[i].Vector = 100 + i;	/* 100..103 */

	n = SumVectors(&Resources.List) != 15;
	n += SumVectors(&TwoBuses.List) != 21;
	n += SumMessages(&Table.Info) != 406;
	/* The tails start where the WDK puts them. */
	n += (PUCHAR)&TwoBuses.List.List[1] != TwoBuses.Bytes + sizeof(CM_RESOURCE_LIST);
	n += (PUCHAR)&Table.Info.MessageInfo[1] != Table.Bytes + sizeof(IO_INTERRUPT_MESSAGE_INFO);
	return (int)n;
}
