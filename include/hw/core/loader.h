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
 *
 * The DTB is patched as QEMU's arm_load_dtb does: memory nodes replaced by
 * memory@<RAM base>, /chosen bootargs and linux,initrd-start/-end, /psci
 * recreated. On return ms->fdt/ms->fdt_size hold the final DTB (what
 * -machine dumpdtb writes). Everything copied to RAM is remembered and
 * copied again by arm_boot_reset().
 */
bool arm_load_kernel(MachineState *ms, GError **err);

/*
 * System reset: copy the kernel, initrd, bootloader and DTB into RAM
 * again, with fresh /chosen rng-seed and kaslr-seed values (QEMU's ROM
 * blobs and qemu_fdt_randomize_seeds). (Addition.)
 */
void arm_boot_reset(MachineState *ms);

/*
 * Read a whole file into RAM at addr; fails if [addr, addr + size) does
 * not lie in RAM below limit (an exclusive end address; 0: no limit).
 */
bool load_image_targphys(const char *path, hwaddr addr, uint64_t limit, uint64_t *size, GError **err);

/*
 * Device tree editing by node path, after QEMU's qemu_fdt_* helpers.
 * (Addition.) Errors are sticky: after the first failure every call does
 * nothing, and dt_finish() reports it. Nodes are created like libfdt
 * does (a new property or subnode goes first), so the call order of
 * QEMU's board code gives the same blob order.
 */
typedef struct DtEdit {
    void *fdt;
    int err;             /* first libfdt error, 0 if none */
    char *where;         /* path/property of the first error */
    uint32_t next_phandle;
} DtEdit;

/* A fresh empty tree of size bytes (QEMU's create_device_tree: 1 MiB). */
void dt_create(DtEdit *e, int size);
/* Edit an existing blob (not owned). */
void dt_attach(DtEdit *e, void *fdt);
/* Add path, creating missing parents (qemu_fdt_add_path). */
void dt_add_node(DtEdit *e, const char *path);
void dt_setprop(DtEdit *e, const char *path, const char *prop, const void *val, int len);
void dt_setprop_empty(DtEdit *e, const char *path, const char *prop);
void dt_setprop_u32(DtEdit *e, const char *path, const char *prop, uint32_t val);
void dt_setprop_string(DtEdit *e, const char *path, const char *prop, const char *s);
/* n 32-bit cells, converted to big-endian. */
void dt_setprop_cells(DtEdit *e, const char *path, const char *prop, const uint32_t *cells, unsigned n);
/* Pairs (cells per value, value), as qemu_fdt_setprop_sized_cells. */
void dt_setprop_sized(DtEdit *e, const char *path, const char *prop, unsigned npairs,
                      const uint64_t *pairs);
/* Next phandle (QEMU allocates from 0x8000 upwards). */
uint32_t dt_alloc_phandle(DtEdit *e);
/* Report the first error as "<what>: <path>: <libfdt error>". */
bool dt_finish(DtEdit *e, const char *what, GError **err);

#endif
