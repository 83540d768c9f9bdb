# SPDX-License-Identifier: GPL-2.0
#
# ntcompat.mk - include from the Makefile of a driver ported with ntcompat.
#
# Installed as /usr/src/ntcompat-<version>/ntcompat.mk by the ntcompat-dkms
# package and by `make dkms-install`; see examples/ported-driver/Makefile.
#
# In (optional): KDIR     kernel build directory (default: running kernel)
#                NTCOMPAT_SYMVERS  override the Module.symvers to link against
# Out: NTCOMPAT_VERSION   ntcompat version (from META)
#      NTCOMPAT_INCLUDE   public headers: <wdm.h>, <ntddk.h>, <ntcompat/ntcompat.h>
#      NTCOMPAT_SYMVERS   the Module.symvers that DKMS kept for this kernel's
#                         ntcompat build (dkms.conf POST_BUILD), so modpost
#                         resolves and CRC-checks the NT symbols
#      NTCOMPAT_KBUILD_ARGS  pass to `make -C $(KDIR) M=... modules`
#      ntcompat_check     $(call ntcompat_check) in a recipe: stop with advice
#                         if ntcompat is not built for this kernel

NTCOMPAT_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
NTCOMPAT_VERSION := $(shell sed -n 's/^Version:[[:space:]]*//p' $(NTCOMPAT_DIR)/META)
NTCOMPAT_INCLUDE := $(NTCOMPAT_DIR)/ntcompat/include

KDIR ?= /lib/modules/$(shell uname -r)/build
# The release of the kernel in KDIR (not of the running one). UTS_RELEASE,
# because Debian 6.1 headers' include/config/kernel.release says "6.1.192"
# where the kernel (and DKMS) say "6.1.0-56-amd64".
NTCOMPAT_KERNELRELEASE := $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
NTCOMPAT_ARCH ?= $(shell uname -m)
NTCOMPAT_SYMVERS ?= /var/lib/dkms/ntcompat/$(NTCOMPAT_VERSION)/$(NTCOMPAT_KERNELRELEASE)/$(NTCOMPAT_ARCH)/module/Module.symvers

NTCOMPAT_KBUILD_ARGS = KBUILD_EXTRA_SYMBOLS=$(NTCOMPAT_SYMVERS) NTCOMPAT_INCLUDE=$(NTCOMPAT_INCLUDE)

ntcompat_check = $(if $(NTCOMPAT_KERNELRELEASE),,$(error no kernel build directory at KDIR=$(KDIR): install linux-headers-<version>))$(if $(wildcard $(NTCOMPAT_SYMVERS)),,$(error ntcompat $(NTCOMPAT_VERSION) is not built for $(NTCOMPAT_KERNELRELEASE): run "dkms install ntcompat/$(NTCOMPAT_VERSION) -k $(NTCOMPAT_KERNELRELEASE)"))
