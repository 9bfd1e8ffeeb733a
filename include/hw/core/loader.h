/*
 * Kernel, initrd and DTB loading for -kernel/-initrd/-dtb, as QEMU's
 * hw/arm/boot.c does it for AArch64 virt: ELF at its addresses; an arm64
 * Image at RAM base + text_offset (+2 MiB if that would overlap the
 * bootloader); a raw binary at RAM base + 0x80000; a bootloader stub at
 * RAM base loading x0 = DTB address and jumping to the kernel.
 */
#ifndef HW_CORE_LOADER_H
#define HW_CORE_LOADER_H

#include <glib.h>
#include <stdbool.h>

#include "hw/core/boards.h"

/*
 * Load ms->kernel_filename, ms->initrd_filename and ms->fdt (already built,
 * possibly replaced by -dtb) into RAM and fill ms->boot. Errors use QEMU's
 * messages ("could not load kernel 'F'").
 */
bool arm_load_kernel(MachineState *ms, GError **err);

/* Read a whole file into RAM at addr; fails if it does not fit below limit. */
bool load_image_targphys(const char *path, hwaddr addr, uint64_t limit, uint64_t *size, GError **err);

#endif
