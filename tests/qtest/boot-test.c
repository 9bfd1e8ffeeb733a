/*
 * Direct kernel boot on virt, read back over qtest: the AArch64
 * bootloader stub at RAM base, where arm64 Images (with and without
 * text_offset, gzip-compressed), raw binaries and ELF files land, the
 * initrd, and the DTB (magic, /memory, /chosen bootargs and initrd
 * properties) at the address the stub passes in x0. Placement rules are
 * QEMU 7.2's hw/arm/boot.c; runs against Armlet and Debian's QEMU alike.
 */
#include <elf.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>
#include <zlib.h>

#include "libqtest.h"

#define RAM_BASE 0x40000000ull
#define MiB (1ull << 20)

static char *tmpdir;

static char *write_file(const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    g_assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = v >> (8 * i);
    }
}

/* An arm64 Image: 64-byte header, then payload bytes 0x100 + i. */
#define PAYLOAD 256
static GByteArray *make_image(uint64_t text_offset, uint64_t image_size, bool magic)
{
    GByteArray *b = g_byte_array_new();
    uint8_t hdr[64] = { 0 };

    hdr[0] = 0x10; hdr[3] = 0x14;               /* b +0x40 */
    put_le64(hdr + 8, text_offset);
    put_le64(hdr + 16, image_size);
    if (magic) {
        memcpy(hdr + 56, "ARM\x64", 4);
    }
    g_byte_array_append(b, hdr, sizeof(hdr));
    for (int i = 0; i < PAYLOAD; i++) {
        uint8_t c = i * 7 + 1;
        g_byte_array_append(b, &c, 1);
    }
    return b;
}

static GByteArray *gzip_bytes(const GByteArray *in)
{
    z_stream zs = { 0 };
    GByteArray *out = g_byte_array_sized_new(in->len + 128);

    g_byte_array_set_size(out, in->len + 128);
    g_assert_cmpint(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
    zs.next_in = in->data;
    zs.avail_in = in->len;
    zs.next_out = out->data;
    zs.avail_out = out->len;
    g_assert_cmpint(deflate(&zs, Z_FINISH), ==, Z_STREAM_END);
    g_byte_array_set_size(out, zs.total_out);
    deflateEnd(&zs);
    return out;
}

typedef struct Boot {
    uint32_t words[10];
    uint64_t dtb, entry;
} Boot;

static Boot read_bootloader(QTestState *s)
{
    static const uint32_t code[6] = {
        0x580000c0, 0xaa1f03e1, 0xaa1f03e2, 0xaa1f03e3, 0x58000084, 0xd61f0080,
    };
    Boot b;

    for (int i = 0; i < 10; i++) {
        b.words[i] = qtest_readl(s, RAM_BASE + 4 * i);
    }
    for (int i = 0; i < 6; i++) {
        g_assert_cmphex(b.words[i], ==, code[i]);
    }
    b.dtb = b.words[6] | (uint64_t)b.words[7] << 32;
    b.entry = b.words[8] | (uint64_t)b.words[9] << 32;
    return b;
}

/* The used part of the DTB at addr (totalsize trimmed), g_free. */
static void *read_dtb(QTestState *s, uint64_t addr)
{
    struct fdt_header h;

    qtest_bufread(s, addr, &h, sizeof(h));
    g_assert_cmphex(fdt32_to_cpu(h.magic), ==, FDT_MAGIC);
    uint32_t used = fdt32_to_cpu(h.off_dt_strings) + fdt32_to_cpu(h.size_dt_strings);
    void *fdt = g_malloc(used);
    qtest_bufread(s, addr, fdt, used);
    fdt_set_totalsize(fdt, used);
    g_assert_cmpint(fdt_check_header(fdt), ==, 0);
    return fdt;
}

static void assert_payload(QTestState *s, uint64_t addr, const GByteArray *img)
{
    g_autofree uint8_t *buf = g_malloc(img->len);
    qtest_bufread(s, addr, buf, img->len);
    g_assert_cmpmem(buf, img->len, img->data, img->len);
}

static uint32_t chosen_u32(const void *fdt, const char *name)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), name, &len);
    g_assert_nonnull(p);
    g_assert_cmpint(len, ==, 4);   /* QEMU 7.2 writes one cell */
    return fdt32_to_cpu(*p);
}

static void check_memory_node(const void *fdt)
{
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@40000000"), "reg", &len);
    g_assert_nonnull(reg);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(fdt32_to_cpu(reg[1]), ==, RAM_BASE);
    g_assert_cmphex(fdt32_to_cpu(reg[3]), ==, 128 * MiB);
}

/* Boot file as -kernel and check the stub, the image and the DTB. */
static void check_image_boot(const char *file, const GByteArray *img, uint64_t expect_entry)
{
    QTestState *s = qtest_initf("-M virt -cpu max -S -kernel %s", file);
    Boot b = read_bootloader(s);

    g_assert_cmphex(b.entry, ==, expect_entry);
    g_assert_cmphex(b.dtb, ==, RAM_BASE + 64 * MiB + 0);   /* after the (empty) initrd */
    assert_payload(s, b.entry, img);
    g_autofree void *fdt = read_dtb(s, b.dtb);
    check_memory_node(fdt);
    g_assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL));
    g_assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-start", NULL));
    qtest_quit(s);
}

static void test_image_text_offset(void)
{
    g_autoptr(GByteArray) img = make_image(0x80000, 1 * MiB, true);
    g_autofree char *f = write_file("Image", img->data, img->len);
    check_image_boot(f, img, RAM_BASE + 0x80000);
    g_unlink(f);
}

static void test_image_low_offset(void)
{
    /* an offset inside the bootloader's first 4 KiB moves up by 2 MiB */
    g_autoptr(GByteArray) img = make_image(0, 1 * MiB, true);
    g_autofree char *f = write_file("Image0", img->data, img->len);
    check_image_boot(f, img, RAM_BASE + 2 * MiB);
    g_unlink(f);

    g_autoptr(GByteArray) img2 = make_image(0x1000, 1 * MiB, true);
    g_autofree char *f2 = write_file("Image1000", img2->data, img2->len);
    check_image_boot(f2, img2, RAM_BASE + 0x1000);
    g_unlink(f2);
}

static void test_image_size_zero(void)
{
    /* pre-3.17 kernels: image_size 0, text_offset ignored */
    g_autoptr(GByteArray) img = make_image(0x123000, 0, true);
    g_autofree char *f = write_file("ImageOld", img->data, img->len);
    check_image_boot(f, img, RAM_BASE + 0x80000);
    g_unlink(f);
}

static void test_raw(void)
{
    g_autoptr(GByteArray) img = make_image(0x200000, 1 * MiB, false);
    g_autofree char *f = write_file("raw.bin", img->data, img->len);
    check_image_boot(f, img, RAM_BASE + 0x80000);
    g_unlink(f);
}

static void test_gzip(void)
{
    g_autoptr(GByteArray) img = make_image(0x80000, 1 * MiB, true);
    g_autoptr(GByteArray) gz = gzip_bytes(img);
    g_autofree char *f = write_file("Image.gz", gz->data, gz->len);
    check_image_boot(f, img, RAM_BASE + 0x80000);
    g_unlink(f);
}

static void test_initrd_append(void)
{
    g_autoptr(GByteArray) img = make_image(0x80000, 1 * MiB, true);
    g_autofree char *k = write_file("Image", img->data, img->len);
    uint8_t rd[5000];
    for (unsigned i = 0; i < sizeof(rd); i++) {
        rd[i] = i ^ 0x5a;
    }
    g_autofree char *r = write_file("initrd", rd, sizeof(rd));
    QTestState *s = qtest_initf("-M virt -cpu max -S -kernel %s -initrd %s "
                                "-append 'console=ttyAMA0 earlycon'", k, r);
    Boot b = read_bootloader(s);
    uint8_t back[sizeof(rd)];

    /* initrd at RAM base + min(RAM / 2, 128 MiB); DTB at the next 2 MiB */
    uint64_t initrd = RAM_BASE + 64 * MiB;
    qtest_bufread(s, initrd, back, sizeof(back));
    g_assert_cmpmem(back, sizeof(back), rd, sizeof(rd));
    g_assert_cmphex(b.dtb, ==, initrd + 2 * MiB);
    g_assert_cmphex(b.entry, ==, RAM_BASE + 0x80000);

    g_autofree void *fdt = read_dtb(s, b.dtb);
    int chosen = fdt_path_offset(fdt, "/chosen");
    g_assert_cmpstr(fdt_getprop(fdt, chosen, "bootargs", NULL), ==, "console=ttyAMA0 earlycon");
    g_assert_cmphex(chosen_u32(fdt, "linux,initrd-start"), ==, initrd);
    g_assert_cmphex(chosen_u32(fdt, "linux,initrd-end"), ==, initrd + sizeof(rd));
    g_assert_cmpstr(fdt_getprop(fdt, chosen, "stdout-path", NULL), ==, "/pl011@9000000");
    check_memory_node(fdt);
    qtest_quit(s);
    g_unlink(k);
    g_unlink(r);
}

static void test_big_image(void)
{
    /* image_size 80 MiB: the initrd moves above the kernel, the DTB too */
    g_autoptr(GByteArray) img = make_image(0x80000, 80 * MiB, true);
    g_autofree char *k = write_file("Image", img->data, img->len);
    g_autofree char *r = write_file("initrd", "INITRD", 6);
    QTestState *s = qtest_initf("-M virt -cpu max -S -kernel %s -initrd %s", k, r);
    Boot b = read_bootloader(s);
    uint64_t initrd = RAM_BASE + 0x80000 + 80 * MiB;
    char back[6];

    qtest_bufread(s, initrd, back, sizeof(back));
    g_assert_cmpmem(back, 6, "INITRD", 6);
    g_assert_cmphex(b.dtb, ==, RAM_BASE + 82 * MiB);
    g_autofree void *fdt = read_dtb(s, b.dtb);
    g_assert_cmphex(chosen_u32(fdt, "linux,initrd-start"), ==, initrd);
    qtest_quit(s);
    g_unlink(k);
    g_unlink(r);
}

/* ELF64 AArch64 with a text segment (memsz > filesz) and a data segment. */
static GByteArray *make_elf(uint64_t text, uint64_t data)
{
    static const uint8_t code[16] = { 0x00, 0x00, 0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
    static const uint8_t dat[8] = { 0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xbe };
    Elf64_Ehdr eh = { 0 };
    Elf64_Phdr ph[2] = { 0 };
    GByteArray *b = g_byte_array_new();
    size_t off = sizeof(eh) + sizeof(ph);

    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_AARCH64;
    eh.e_version = EV_CURRENT;
    eh.e_entry = text + 4;
    eh.e_phoff = sizeof(eh);
    eh.e_ehsize = sizeof(eh);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 2;
    ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = off,
                          .p_vaddr = text, .p_paddr = text, .p_filesz = sizeof(code),
                          .p_memsz = 0x100, .p_align = 0x1000 };
    ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
                          .p_offset = off + sizeof(code), .p_vaddr = data, .p_paddr = data,
                          .p_filesz = sizeof(dat), .p_memsz = sizeof(dat), .p_align = 0x1000 };
    g_byte_array_append(b, (uint8_t *)&eh, sizeof(eh));
    g_byte_array_append(b, (uint8_t *)ph, sizeof(ph));
    g_byte_array_append(b, code, sizeof(code));
    g_byte_array_append(b, dat, sizeof(dat));
    return b;
}

static void test_elf(void)
{
    g_autoptr(GByteArray) elf = make_elf(RAM_BASE + 2 * MiB, RAM_BASE + 3 * MiB);
    g_autofree char *k = write_file("kernel.elf", elf->data, elf->len);
    QTestState *s = qtest_initf("-M virt -cpu max -S -kernel %s -append hello", k);
    uint8_t buf[16];

    /* segments at p_paddr, no bootloader: the DTB sits at RAM base */
    qtest_bufread(s, RAM_BASE + 2 * MiB, buf, 16);
    g_assert_cmpmem(buf, 16, elf->data + sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr), 16);
    g_assert_cmphex(qtest_readl(s, RAM_BASE + 2 * MiB + 0x10), ==, 0);   /* memsz > filesz */
    g_assert_cmphex(qtest_readl(s, RAM_BASE + 3 * MiB), ==, 0xefbeadde);
    g_autofree void *fdt = read_dtb(s, RAM_BASE);
    g_assert_cmpstr(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL), ==, "hello");
    check_memory_node(fdt);
    qtest_quit(s);
    g_unlink(k);
}

/* Without -kernel the DTB waits at RAM base for firmware. */
static void test_no_kernel(void)
{
    QTestState *s = qtest_init("-M virt -cpu max -S");
    g_autofree void *fdt = read_dtb(s, RAM_BASE);
    check_memory_node(fdt);
    qtest_quit(s);
}

/* system_reset copies kernel, stub and DTB into RAM again. */
static void test_reset_reloads(void)
{
    g_autoptr(GByteArray) img = make_image(0x80000, 1 * MiB, true);
    g_autofree char *k = write_file("Image", img->data, img->len);
    QTestState *s = qtest_initf("-M virt -cpu max -S -kernel %s", k);
    Boot b = read_bootloader(s);

    qtest_writel(s, RAM_BASE, 0);
    qtest_writel(s, b.entry + 64, 0xffffffff);
    qtest_writel(s, b.dtb, 0);
    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(s, "RESET");
    b = read_bootloader(s);
    assert_payload(s, b.entry, img);
    g_autofree void *fdt = read_dtb(s, b.dtb);
    check_memory_node(fdt);
    qtest_quit(s);
    g_unlink(k);
}

static void expect_failure(const char *args, const char *msg)
{
    g_autofree char *cmd = g_strdup_printf("-M virt -cpu max -display none -S %s", args);
    g_autofree char *out = NULL, *err = NULL;
    int status = qtest_run_binary(cmd, 30, &out, &err);

    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    if (!strstr(err, msg)) {
        g_error("expected '%s' in '%s'", msg, err);
    }
}

static void test_errors(void)
{
    g_autoptr(GByteArray) img = make_image(0x80000, 80 * MiB, true);
    g_autofree char *k = write_file("Image", img->data, img->len);
    g_autofree char *args = NULL;

    expect_failure("-kernel /nonexistent/Image", "could not load kernel '/nonexistent/Image'\n");
    args = g_strdup_printf("-kernel %s -initrd /nonexistent/rd", k);
    expect_failure(args, "could not load initrd '/nonexistent/rd'\n");
    g_free(args);
    args = g_strdup_printf("-kernel %s -m 64M", k);
    expect_failure(args, "is too large to fit in RAM (kernel size 83886080, RAM size 67108864)\n");
    g_free(args);
    args = g_strdup_printf("-kernel %s -dtb /nonexistent/x.dtb", k);
    expect_failure(args, "Couldn't open dtb file /nonexistent/x.dtb\n");
    g_unlink(k);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("boot-test-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/boot/image-text-offset", test_image_text_offset);
    g_test_add_func("/boot/image-low-offset", test_image_low_offset);
    g_test_add_func("/boot/image-size-zero", test_image_size_zero);
    g_test_add_func("/boot/raw", test_raw);
    g_test_add_func("/boot/gzip", test_gzip);
    g_test_add_func("/boot/initrd-append", test_initrd_append);
    g_test_add_func("/boot/big-image", test_big_image);
    g_test_add_func("/boot/elf", test_elf);
    g_test_add_func("/boot/no-kernel", test_no_kernel);
    g_test_add_func("/boot/reset-reloads", test_reset_reloads);
    g_test_add_func("/boot/errors", test_errors);

    int ret = g_test_run();
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
