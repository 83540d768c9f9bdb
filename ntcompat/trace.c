// SPDX-License-Identifier: GPL-2.0
/*
 * trace.c - the one place ntcompat's trace events are instantiated
 * (ntc_trace.h describes them; the other files only call trace_ntc_*()).
 */
#include <linux/string.h>

#define CREATE_TRACE_POINTS
#include "ntc_trace.h"
