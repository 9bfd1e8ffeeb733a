/*
 * Direct kernel boot for AArch64, with the placement rules of QEMU 7.2's
 * hw/arm/boot.c (our code; addresses checked against Debian's QEMU with
 * qtest reads of RAM):
 * - ELF (EM_AARCH64): PT_LOAD segments at p_paddr, entered at e_entry
 *   with no bootloader; the DTB goes at RAM base if the image leaves room
 *   below it (or lies entirely below RAM base); no initrd.
 * - otherwise an arm64 Image, possibly gzip-compressed: "ARM\x64" at 56,
 *   text_offset at 8, image_size at 16. Loaded at RAM base + text_offset
 *   (+2 MiB if text_offset < 4 KiB, the bootloader's room); when
 *   image_size is 0 (or no magic: a raw binary) at RAM base + 0x80000.
 * - initrd at RAM base + min(RAM/2, 128 MiB), moved above the kernel's
 *   end and page-aligned; DTB after the initrd, 2 MiB aligned.
 * - bootloader stub at RAM base: x0 = DTB, x1..x3 = 0, branch to kernel.
 * Everything written to RAM is kept as a "ROM" blob and copied again on
 * system reset, as QEMU's rom_reset does.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include <libfdt.h>

#include "hw/core/loader.h"
#include "util/error.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

#define KERNEL64_LOAD_ADDR      0x80000       /* default Image offset */
#define BOOTLOADER_MAX_SIZE     (4 * KiB)
#define ARM64_TEXT_OFFSET_OFFSET 8
#define ARM64_MAGIC_OFFSET      56
#define LOAD_IMAGE_MAX_GUNZIP_BYTES (256 * MiB)
#define TARGET_PAGE_SIZE        4096ULL

#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

/* ---------------------------------------------------------------- ROMs */

typedef struct Rom {
    char *name;
    hwaddr addr;
    uint8_t *data;
    uint64_t datasize;
    uint64_t romsize;      /* >= datasize; the rest is zero-filled */
    bool is_dtb;
} Rom;

static GPtrArray *roms;

static void rom_free(gpointer p)
{
    Rom *rom = p;
    g_free(rom->name);
    g_free(rom->data);
    g_free(rom);
}

static void roms_clear(void)
{
    if (roms) {
        g_ptr_array_set_size(roms, 0);
    } else {
        roms = g_ptr_array_new_with_free_func(rom_free);
    }
}

static void rom_copy(const Rom *rom)
{
    uint8_t *p = memory_ram_ptr(rom->addr, rom->romsize);

    if (p) {
        if (rom->datasize) {            /* a bss-only ELF segment has no data */
            memcpy(p, rom->data, rom->datasize);
        }
        memset(p + rom->datasize, 0, rom->romsize - rom->datasize);
    }
}

/* Copy data into RAM at addr now and on every reset. */
static Rom *rom_add(const char *name, hwaddr addr, const void *data, uint64_t datasize,
                    uint64_t romsize)
{
    if (romsize && !memory_ram_ptr(addr, romsize)) {
        return NULL;
    }
    Rom *rom = g_new0(Rom, 1);
    rom->name = g_strdup(name);
    rom->addr = addr;
    rom->data = g_memdup2(data, datasize);
    rom->datasize = datasize;
    rom->romsize = romsize;
    g_ptr_array_add(roms, rom);
    rom_copy(rom);
    return rom;
}

bool load_image_targphys(const char *path, hwaddr addr, uint64_t limit, uint64_t *size, GError **err)
{
    g_autofree char *data = NULL;
    gsize len;

    if (!g_file_get_contents(path, &data, &len, NULL) ||
        (limit && (addr >= limit || len > limit - addr)) ||
        !rom_add(path, addr, data, len, len)) {
        error_setg(err, "could not load '%s'", path);
        return false;
    }
    if (size) {
        *size = len;
    }
    return true;
}

/* ---------------------------------------------------- device tree edits */

static bool dt_ok(DtEdit *e, int ret, const char *path, const char *prop)
{
    if (ret < 0 && !e->err) {
        e->err = ret;
        e->where = prop ? g_strdup_printf("%s/%s", path, prop) : g_strdup(path);
    }
    return ret >= 0;
}

void dt_create(DtEdit *e, int size)
{
    memset(e, 0, sizeof(*e));
    e->fdt = g_malloc0(size);
    e->next_phandle = 0x8000;
    dt_ok(e, fdt_create_empty_tree(e->fdt, size), "/", NULL);
}

void dt_attach(DtEdit *e, void *fdt)
{
    memset(e, 0, sizeof(*e));
    e->fdt = fdt;
    e->next_phandle = 0x8000;
}

static int dt_node(DtEdit *e, const char *path)
{
    if (e->err) {
        return -1;
    }
    int off = fdt_path_offset(e->fdt, path);
    dt_ok(e, off, path, NULL);
    return off;
}

void dt_add_node(DtEdit *e, const char *path)
{
    if (e->err || fdt_path_offset(e->fdt, path) >= 0) {
        return;
    }
    const char *slash = strrchr(path, '/');
    g_autofree char *parent = slash == path ? g_strdup("/") : g_strndup(path, slash - path);

    dt_add_node(e, parent);
    int poff = dt_node(e, parent);
    if (poff >= 0) {
        dt_ok(e, fdt_add_subnode(e->fdt, poff, slash + 1), path, NULL);
    }
}

void dt_setprop(DtEdit *e, const char *path, const char *prop, const void *val, int len)
{
    int off = dt_node(e, path);
    if (off >= 0) {
        dt_ok(e, fdt_setprop(e->fdt, off, prop, val, len), path, prop);
    }
}

void dt_setprop_empty(DtEdit *e, const char *path, const char *prop)
{
    dt_setprop(e, path, prop, NULL, 0);
}

void dt_setprop_u32(DtEdit *e, const char *path, const char *prop, uint32_t val)
{
    dt_setprop_cells(e, path, prop, &val, 1);
}

void dt_setprop_string(DtEdit *e, const char *path, const char *prop, const char *s)
{
    dt_setprop(e, path, prop, s, strlen(s) + 1);
}

void dt_setprop_cells(DtEdit *e, const char *path, const char *prop, const uint32_t *cells, unsigned n)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n ? n : 1);
    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    dt_setprop(e, path, prop, be, n * sizeof(fdt32_t));
}

void dt_setprop_sized(DtEdit *e, const char *path, const char *prop, unsigned npairs,
                      const uint64_t *pairs)
{
    g_autofree uint32_t *cells = g_new(uint32_t, npairs * 2 + 1);
    unsigned n = 0;

    for (unsigned i = 0; i < npairs; i++) {
        uint64_t ncells = pairs[2 * i], v = pairs[2 * i + 1];
        if (ncells == 2) {
            cells[n++] = v >> 32;
        } else if (ncells != 1 || v >> 32) {
            dt_ok(e, -FDT_ERR_BADNCELLS, path, prop);
            return;
        }
        cells[n++] = (uint32_t)v;
    }
    dt_setprop_cells(e, path, prop, cells, n);
}

uint32_t dt_alloc_phandle(DtEdit *e)
{
    return e->next_phandle++;
}

bool dt_finish(DtEdit *e, const char *what, GError **err)
{
    if (e->err) {
        error_setg(err, "%s: %s: %s", what, e->where, fdt_strerror(e->err));
    }
    g_clear_pointer(&e->where, g_free);
    return !e->err;
}

/* ------------------------------------------------------------- kernels */

/* QEMU's load_image_gzipped_buffer: NULL if not gzip or it fails. */
static uint8_t *gunzip_image(const char *path, const uint8_t *in, gsize len, gsize *outlen)
{
    if (len < 2 || in[0] != 0x1f || in[1] != 0x8b) {
        return NULL;
    }
    z_stream zs = { 0 };
    gsize cap = MIN(MAX(len * 4, 64 * KiB), LOAD_IMAGE_MAX_GUNZIP_BYTES);
    uint8_t *out = g_malloc(cap);
    int ret;

    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        g_free(out);
        return NULL;
    }
    zs.next_in = (Bytef *)in;
    zs.avail_in = len;
    do {
        if (zs.total_out == cap) {
            if (cap == LOAD_IMAGE_MAX_GUNZIP_BYTES) {
                ret = Z_BUF_ERROR;
                break;
            }
            cap = MIN(cap * 2, LOAD_IMAGE_MAX_GUNZIP_BYTES);
            out = g_realloc(out, cap);
        }
        zs.next_out = out + zs.total_out;
        zs.avail_out = cap - zs.total_out;
        ret = inflate(&zs, Z_NO_FLUSH);
    } while (ret == Z_OK);
    *outlen = zs.total_out;
    inflateEnd(&zs);
    if (ret != Z_STREAM_END) {
        fprintf(stderr, "%s: unable to decompress gzipped kernel file\n", path);
        g_free(out);
        return NULL;
    }
    return out;
}

typedef struct KernelImage {
    uint64_t entry;
    uint64_t low, high;     /* extent of the loaded image */
    int64_t size;           /* QEMU's kernel_size */
    bool is_linux;
} KernelImage;

static uint16_t rd16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/*
 * ELF64 little-endian EM_AARCH64 only. Any other file with a full ELF
 * header is an error: QEMU exits with status 1 without a message there;
 * we say "could not load kernel".
 */
static bool load_elf_kernel(const char *path, const uint8_t *f, gsize len, KernelImage *k)
{
    if (f[EI_CLASS] != ELFCLASS64 || f[EI_DATA] != ELFDATA2LSB ||
        rd16(f + offsetof(Elf64_Ehdr, e_machine)) != EM_AARCH64) {
        return false;
    }
    uint64_t phoff = rd64(f + offsetof(Elf64_Ehdr, e_phoff));
    unsigned phentsize = rd16(f + offsetof(Elf64_Ehdr, e_phentsize));
    unsigned phnum = rd16(f + offsetof(Elf64_Ehdr, e_phnum));

    if (phentsize < sizeof(Elf64_Phdr) || phoff > len || (uint64_t)phnum * phentsize > len - phoff) {
        return false;
    }
    k->entry = rd64(f + offsetof(Elf64_Ehdr, e_entry));
    k->low = UINT64_MAX;
    k->high = 0;
    k->size = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + (uint64_t)i * phentsize;
        uint64_t off = rd64(ph + offsetof(Elf64_Phdr, p_offset));
        uint64_t paddr = rd64(ph + offsetof(Elf64_Phdr, p_paddr));
        uint64_t filesz = rd64(ph + offsetof(Elf64_Phdr, p_filesz));
        uint64_t memsz = rd64(ph + offsetof(Elf64_Phdr, p_memsz));

        if (rd32(ph) != PT_LOAD || memsz == 0) {
            continue;   /* QEMU ignores zero-sized segments too */
        }
        if (filesz > memsz || off > len || filesz > len - off ||
            !rom_add(path, paddr, f + off, filesz, memsz)) {
            return false;
        }
        k->low = MIN(k->low, paddr);
        k->high = MAX(k->high, paddr + memsz);
        k->size += memsz;
    }
    if (k->low == UINT64_MAX) {
        k->low = 0;
    }
    k->is_linux = false;
    return true;
}

/* QEMU's load_aarch64_image: returns the bytes to place at k->entry. */
static uint8_t *parse_aarch64_image(const char *path, uint8_t *file, gsize flen, hwaddr mem_base,
                                    KernelImage *k, gsize *size)
{
    gsize len;
    uint8_t *buf = gunzip_image(path, file, flen, &len);
    uint64_t offset = KERNEL64_LOAD_ADDR, ksize = 0;

    if (!buf) {
        buf = g_memdup2(file, flen);
        len = flen;
    }
    if (len > ARM64_MAGIC_OFFSET + 4 && !memcmp(buf + ARM64_MAGIC_OFFSET, "ARM\x64", 4)) {
        /* text_offset is only meaningful when image_size is set (Linux >= 3.17) */
        ksize = rd64(buf + ARM64_TEXT_OFFSET_OFFSET + 8);
        if (ksize) {
            offset = rd64(buf + ARM64_TEXT_OFFSET_OFFSET);
            if (offset < BOOTLOADER_MAX_SIZE) {
                offset += 2 * MiB;   /* keep clear of the bootloader stub */
            }
        }
    }
    k->size = ksize ? ksize : len;
    k->entry = mem_base + offset;
    k->low = k->entry;
    k->high = k->low + k->size;
    k->is_linux = true;
    *size = len;
    return buf;
}

/* The AArch64 stub at RAM base: x0 = DTB, x1..x3 = 0, br to the kernel. */
static const uint32_t bootloader_aarch64[] = {
    0x580000c0,   /* ldr x0, arg       */
    0xaa1f03e1,   /* mov x1, xzr       */
    0xaa1f03e2,   /* mov x2, xzr       */
    0xaa1f03e3,   /* mov x3, xzr       */
    0x58000084,   /* ldr x4, entry     */
    0xd61f0080,   /* br x4             */
    /* arg: DTB address (lo, hi); entry: kernel entry (lo, hi) */
};

static bool write_bootloader(hwaddr base, uint64_t dtb, uint64_t entry)
{
    uint8_t code[sizeof(bootloader_aarch64) + 16];
    uint32_t words[G_N_ELEMENTS(bootloader_aarch64) + 4];
    unsigned n = G_N_ELEMENTS(bootloader_aarch64);

    memcpy(words, bootloader_aarch64, sizeof(bootloader_aarch64));
    words[n++] = (uint32_t)dtb;
    words[n++] = dtb >> 32;
    words[n++] = (uint32_t)entry;
    words[n++] = entry >> 32;
    for (unsigned i = 0; i < n; i++) {
        code[4 * i] = words[i];
        code[4 * i + 1] = words[i] >> 8;
        code[4 * i + 2] = words[i] >> 16;
        code[4 * i + 3] = words[i] >> 24;
    }
    return rom_add("bootloader", base, code, sizeof(code), sizeof(code)) != NULL;
}

static bool load_kernel(MachineState *ms, hwaddr *dtb_start, hwaddr *dtb_limit, GError **err)
{
    const char *path = ms->kernel_filename;
    BootInfo *bi = &ms->boot;
    hwaddr loader_start = ms->ram.addr;
    uint64_t ram_size = ms->ram.size, ram_end = loader_start + ram_size;
    g_autofree uint8_t *file = NULL;
    gsize flen;
    KernelImage k = { 0 };

    if (!g_file_get_contents(path, (char **)&file, &flen, NULL)) {
        error_setg(err, "could not load kernel '%s'", path);
        return false;
    }
    if (flen >= sizeof(Elf64_Ehdr) && !memcmp(file, ELFMAG, SELFMAG)) {
        if (!load_elf_kernel(path, file, flen, &k)) {
            error_setg(err, "could not load kernel '%s'", path);
            return false;
        }
        /* Room left at the base of RAM: put the DTB there, below the image. */
        if (k.size > 0 && (k.low > loader_start || k.high < loader_start)) {
            *dtb_start = loader_start;
            *dtb_limit = k.low < loader_start ? 0 : k.low;
        }
    } else {
        gsize len;
        g_autofree uint8_t *buf = parse_aarch64_image(path, file, flen, loader_start, &k, &len);

        if ((uint64_t)k.size <= ram_size && !rom_add(path, k.entry, buf, len, len)) {
            error_setg(err, "could not load kernel '%s'", path);
            return false;
        }
    }
    if ((uint64_t)k.size > ram_size) {
        error_setg(err, "kernel '%s' is too large to fit in RAM (kernel size %" PRId64
                   ", RAM size %" PRIu64 ")", path, k.size, ram_size);
        return false;
    }

    bi->loaded = true;
    bi->is_linux = k.is_linux;
    bi->kernel_entry = k.entry;
    bi->kernel_base = k.low;
    bi->kernel_size = k.size;
    bi->entry = k.is_linux ? loader_start : k.entry;
    if (!k.is_linux) {
        return true;   /* no initrd, no bootloader for ELF images */
    }

    /*
     * initrd: halfway into small RAMs, at 128 MiB in large ones, never
     * over the kernel we know the size of.
     */
    uint64_t initrd_start = loader_start + MIN(ram_size / 2, 128 * MiB);
    uint64_t initrd_size = 0;
    if (k.high) {
        initrd_start = MAX(initrd_start, k.high);
    }
    initrd_start = ALIGN_UP(initrd_start, TARGET_PAGE_SIZE);
    if (ms->initrd_filename) {
        g_autofree char *data = NULL;
        gsize len;

        if (initrd_start >= ram_end) {
            error_setg(err, "not enough space after kernel to load initrd");
            return false;
        }
        if (!g_file_get_contents(ms->initrd_filename, &data, &len, NULL) ||
            len > ram_end - initrd_start ||
            !rom_add(ms->initrd_filename, initrd_start, data, len, len)) {
            error_setg(err, "could not load initrd '%s'", ms->initrd_filename);
            return false;
        }
        initrd_size = len;
    }
    bi->initrd_base = initrd_start;
    bi->initrd_size = initrd_size;

    /* Early arm64 kernels map the DTB's 2 MiB block: align it to 2 MiB. */
    *dtb_start = ALIGN_UP(initrd_start + initrd_size, 2 * MiB);
    *dtb_limit = 0;
    if (*dtb_start >= ram_end) {
        error_setg(err, "Not enough space for DTB after kernel/initrd");
        return false;
    }
    if (!write_bootloader(loader_start, *dtb_start, k.entry)) {
        error_setg(err, "could not load kernel '%s'", path);
        return false;
    }
    return true;
}

/* ----------------------------------------------------------------- DTB */

/* QEMU's load_device_tree: room for edits is 2 * (size + 10000). */
static void *load_device_tree(const char *path, GError **err)
{
    g_autofree char *data = NULL;
    gsize len;

    if (!g_file_get_contents(path, &data, &len, NULL)) {
        error_setg(err, "Couldn't open dtb file %s", path);
        return NULL;
    }
    if (len > G_MAXINT / 2 - 10000) {
        error_setg(err, "Device tree file '%s' is too large\nCouldn't open dtb file %s", path, path);
        return NULL;
    }
    int size = (len + 10000) * 2;
    void *fdt = g_malloc0(size);
    memcpy(fdt, data, len);
    int ret = fdt_open_into(fdt, fdt, size);
    if (ret) {
        error_setg(err, "load_device_tree: Unable to copy device tree into memory: %s\n"
                   "Couldn't open dtb file %s", fdt_strerror(ret), path);
        g_free(fdt);
        return NULL;
    }
    if (fdt_check_header(fdt)) {
        error_setg(err, "Device tree file loaded into memory is invalid: %s\n"
                   "Couldn't open dtb file %s", path, path);
        g_free(fdt);
        return NULL;
    }
    return fdt;
}

static bool fdt_root_cells(void *fdt, const char *name, uint32_t *out, GError **err)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, 0, name, &len);

    if (!p || len != 4) {
        error_setg(err, "Couldn't get property '%s' at '/': %s", name,
                   fdt_strerror(p ? -FDT_ERR_BADVALUE : len));
        return false;
    }
    *out = fdt32_to_cpu(*p);
    return true;
}

/*
 * /psci as QEMU writes it for -cpu max (PSCI 1.1, SMC64 function IDs)
 * without EL2/EL3: conduit "hvc". A /psci from -dtb is replaced.
 */
static void add_psci_node(DtEdit *e)
{
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    int off = fdt_path_offset(e->fdt, "/psci");

    if (off >= 0) {
        dt_ok(e, fdt_nop_node(e->fdt, off), "/psci", NULL);   /* NOP'd in place, as QEMU */
    }
    dt_add_node(e, "/psci");
    dt_setprop(e, "/psci", "compatible", compat, sizeof(compat));
    dt_setprop_string(e, "/psci", "method", "hvc");
    dt_setprop_u32(e, "/psci", "cpu_suspend", 0xc4000001);   /* PSCI 0.2 FN64_CPU_SUSPEND */
    dt_setprop_u32(e, "/psci", "cpu_off", 0x84000002);       /* FN_CPU_OFF */
    dt_setprop_u32(e, "/psci", "cpu_on", 0xc4000003);        /* FN64_CPU_ON */
    dt_setprop_u32(e, "/psci", "migrate", 0xc4000005);       /* FN64_MIGRATE */
}

/* QEMU's arm_load_dtb: patch memory, /chosen and /psci, then copy to RAM. */
static bool load_dtb(MachineState *ms, hwaddr addr, hwaddr limit, GError **err)
{
    BootInfo *bi = &ms->boot;
    hwaddr loader_start = ms->ram.addr;
    uint64_t ram_size = ms->ram.size;
    uint32_t acells, scells;

    if (ms->dtb_filename) {
        void *fdt = load_device_tree(ms->dtb_filename, err);
        if (!fdt) {
            return false;
        }
        g_free(ms->fdt);
        ms->fdt = fdt;
    }
    if (!ms->fdt) {
        return true;
    }
    void *fdt = ms->fdt;
    if (!fdt_root_cells(fdt, "#address-cells", &acells, err) ||
        !fdt_root_cells(fdt, "#size-cells", &scells, err)) {
        return false;
    }
    if (acells == 0 || scells == 0) {
        error_setg(err, "dtb file invalid (#address-cells or #size-cells 0)");
        return false;
    }
    if (scells < 2 && ram_size >= 4 * GiB) {
        error_setg(err, "qemu: dtb file not compatible with RAM size > 4GB");
        return false;
    }

    /* Every node named memory or memory@... is NOP'd, then ours added. */
    g_autoptr(GArray) mem = g_array_new(FALSE, FALSE, sizeof(int));
    for (int off = fdt_next_node(fdt, -1, NULL); off >= 0; off = fdt_next_node(fdt, off, NULL)) {
        const char *name = fdt_get_name(fdt, off, NULL);
        if (name && (!strcmp(name, "memory") || g_str_has_prefix(name, "memory@"))) {
            g_array_append_val(mem, off);
        }
    }
    for (unsigned i = 0; i < mem->len; i++) {
        fdt_nop_node(fdt, g_array_index(mem, int, i));
    }

    DtEdit e;
    dt_attach(&e, fdt);
    g_autofree char *mempath = g_strdup_printf("/memory@%" PRIx64, loader_start);
    uint64_t reg[] = { acells, loader_start, scells, ram_size };
    dt_add_node(&e, mempath);
    dt_setprop_string(&e, mempath, "device_type", "memory");
    dt_setprop_sized(&e, mempath, "reg", 2, reg);

    dt_add_node(&e, "/chosen");
    if (ms->kernel_cmdline && *ms->kernel_cmdline) {
        dt_setprop_string(&e, "/chosen", "bootargs", ms->kernel_cmdline);
    }
    if (bi->initrd_size) {
        /* one 32-bit cell each, as QEMU 7.2 writes them */
        dt_setprop_u32(&e, "/chosen", "linux,initrd-start", bi->initrd_base);
        dt_setprop_u32(&e, "/chosen", "linux,initrd-end", bi->initrd_base + bi->initrd_size);
    }
    add_psci_node(&e);
    if (!dt_finish(&e, "Unable to patch the device tree", err)) {
        return false;
    }
    ms->fdt_size = fdt_totalsize(fdt);

    /*
     * QEMU silently skips a DTB that would cross the limit (an ELF image
     * above RAM base), and an address of 0 is its flash, which we lack.
     */
    if ((limit > addr && (uint64_t)ms->fdt_size > limit - addr) || !addr) {
        return true;
    }
    Rom *rom = rom_add("dtb", addr, fdt, ms->fdt_size, ms->fdt_size);
    if (!rom) {
        error_setg(err, "Not enough space for DTB after kernel/initrd");
        return false;
    }
    rom->is_dtb = true;
    bi->dtb_addr = addr;
    bi->dtb_size = ms->fdt_size;
    return true;
}

bool arm_load_kernel(MachineState *ms, GError **err)
{
    hwaddr dtb_start = 0, dtb_limit = 0;

    memset(&ms->boot, 0, sizeof(ms->boot));
    roms_clear();
    if (ms->kernel_filename) {
        if (!load_kernel(ms, &dtb_start, &dtb_limit, err)) {
            return false;
        }
    } else {
        /* firmware boot: the DTB waits at RAM base, the CPU starts at 0 */
        dtb_start = ms->ram.addr;
    }
    return load_dtb(ms, dtb_start, dtb_limit, err);
}

/* QEMU's qemu_fdt_randomize_seeds: fresh rng-seed/kaslr-seed bytes in place. */
static void fdt_randomize_seeds(void *fdt)
{
    for (int off = fdt_next_node(fdt, -1, NULL); off >= 0; off = fdt_next_node(fdt, off, NULL)) {
        static const char *const names[] = { "rng-seed", "kaslr-seed" };
        for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
            int len;
            const void *p = fdt_getprop(fdt, off, names[i], &len);
            if (p && len > 0) {
                g_autofree uint8_t *seed = g_malloc(len);
                for (int j = 0; j < len; j++) {
                    seed[j] = g_random_int();
                }
                fdt_setprop_inplace(fdt, off, names[i], seed, len);
            }
        }
    }
}

void arm_boot_reset(MachineState *ms)
{
    for (unsigned i = 0; roms && i < roms->len; i++) {
        Rom *rom = g_ptr_array_index(roms, i);
        if (rom->is_dtb) {
            fdt_randomize_seeds(rom->data);
        }
        rom_copy(rom);
    }
}
