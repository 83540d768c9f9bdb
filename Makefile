# SPDX-License-Identifier: GPL-2.0
#
# ntcompat: the Windows NT interrupt API on Linux.
#
#   make [KDIR=/lib/modules/<ver>/build]   build ntcompat.ko and the sample driver
#   make check                              the whole test suite (sets itself up)
#   make kunit / make kunit-smp             KUnit on UML / on x86_64 QEMU -smp 2
#   make kunit-torture                      a long torture run, x86_64 QEMU -smp 2
#   make demo                               boot a VM and show every interrupt kind
#   make qemu-test                          every QEMU scenario on every Debian kernel
#                                           (6.1 ... sid's 7.x; make check boots the
#                                           others with a quick set)
#   make bench                              ntcompat against native Linux
#   make dkms-install / dkms-remove         install from this checkout via DKMS
#   make deb                                build the ntcompat-dkms Debian package

ifneq ($(KERNELRELEASE),)
include $(src)/Kbuild
else

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
INSTALL_MOD_DIR ?= extra

.PHONY: all modules install clean check demo kunit kunit-smp kunit-torture qemu-test bench dkms-install dkms-remove deb

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -f ntcompat/ntc_config.h

check:
	./scripts/check.sh

demo:
	./tests/qemu/demo.sh

kunit:
	./kunit/run.sh

kunit-smp:
	NTC_KUNIT_ARCH=x86_64 ./kunit/run.sh

# NTC_TORTURE_OPS random operations per worker (make check's quick run: 600).
NTC_TORTURE_OPS ?= 20000
kunit-torture:
	NTC_KUNIT_ARCH=x86_64 NTC_KUNIT_FILTER='ntc_torture*' \
		NTC_KUNIT_ARGS=ntcompat_kunit.torture_ops=$(NTC_TORTURE_OPS) ./kunit/run.sh

qemu-test:
	./tests/qemu/run.sh -a

bench:
	./bench/run.sh

dkms-install:
	./scripts/dkms.sh install

dkms-remove:
	./scripts/dkms.sh remove

deb:
	./scripts/build-deb.sh

endif
