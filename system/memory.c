/*
 * The system address space: a flat, sorted array of non-overlapping
 * regions found by binary search. Mappings change only during machine
 * setup, so lookups take no lock.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "system/memory.h"
#include "util/error.h"

static GPtrArray *map;   /* MemoryRegion *, sorted by addr */
static void (*ram_write_notifier)(hwaddr addr, uint64_t len);

void memory_set_ram_write_notifier(void (*fn)(hwaddr addr, uint64_t len))
{
    ram_write_notifier = fn;
}

bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size, GError **err)
{
    memset(mr, 0, sizeof(*mr));
    /*
     * Anonymous mmap: zero-filled and committed lazily, like QEMU's RAM.
     * As QEMU (ram_block_add): 2 MiB aligned and MADV_HUGEPAGE, so the
     * host backs it with transparent huge pages where it can (fewer page
     * faults when the guest or an incoming migration first touches RAM,
     * fewer host TLB misses).
     */
    const uint64_t align = 2u << 20;
    void *p = size ? mmap(NULL, size + align, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                   : MAP_FAILED;
    if (p == MAP_FAILED) {
        error_setg(err, "cannot set up guest memory '%s': %s", name,
                   g_strerror(size ? errno : EINVAL));
        return false;
    }
    uintptr_t base = ((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1);
    if (base > (uintptr_t)p) {
        munmap(p, base - (uintptr_t)p);
    }
    munmap((void *)(base + size), (uintptr_t)p + align - base);
    p = (void *)base;
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);    /* advice only: failure changes nothing */
#endif
    mr->name = g_strdup(name);
    mr->size = size;
    mr->ram = p;
    mr->dirty = g_new0(uint64_t, memory_region_dirty_words(mr));
    mr->touched = g_new0(uint64_t, memory_region_dirty_words(mr));
    return true;
}

/* ------------------------------------------------- migration dirty log */

size_t memory_region_dirty_words(const MemoryRegion *mr)
{
    uint64_t pages = (mr->size + MEMORY_DIRTY_PAGE_SIZE - 1) / MEMORY_DIRTY_PAGE_SIZE;
    return (size_t)((pages + 63) / 64);
}

void memory_region_set_dirty(MemoryRegion *mr, hwaddr off, uint64_t len)
{
    if (!mr->dirty || !len || off >= mr->size) {
        return;
    }
    uint64_t first = off / MEMORY_DIRTY_PAGE_SIZE;
    uint64_t last = MIN(off + len - 1, mr->size - 1) / MEMORY_DIRTY_PAGE_SIZE;
    for (uint64_t p = first; p <= last; p++) {
        uint64_t bit = 1ull << (p % 64);
        /* test first: most writes hit pages already marked */
        if (!(__atomic_load_n(&mr->dirty[p / 64], __ATOMIC_RELAXED) & bit)) {
            __atomic_fetch_or(&mr->dirty[p / 64], bit, __ATOMIC_SEQ_CST);
        }
        if (!(__atomic_load_n(&mr->touched[p / 64], __ATOMIC_RELAXED) & bit)) {
            __atomic_fetch_or(&mr->touched[p / 64], bit, __ATOMIC_SEQ_CST);
        }
    }
}

void memory_set_dirty(hwaddr addr, uint64_t len)
{
    MemoryRegion *mr = memory_find(addr);
    if (mr && mr->ram) {
        memory_region_set_dirty(mr, addr - mr->addr, len);
    }
}

bool memory_region_page_touched(const MemoryRegion *mr, hwaddr off)
{
    uint64_t p = off / MEMORY_DIRTY_PAGE_SIZE;
    return !mr->touched || (__atomic_load_n(&mr->touched[p / 64], __ATOMIC_SEQ_CST) >> (p % 64)) & 1;
}

void memory_region_dirty_fetch_and_clear(MemoryRegion *mr, uint64_t *out)
{
    size_t n = memory_region_dirty_words(mr);
    for (size_t i = 0; i < n; i++) {
        out[i] = mr->dirty ? __atomic_exchange_n(&mr->dirty[i], 0, __ATOMIC_SEQ_CST) : 0;
    }
}

void memory_region_init_io(MemoryRegion *mr, const char *name, const MemoryRegionOps *ops,
                           void *opaque, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->name = g_strdup(name);
    mr->size = size;
    mr->ops = ops;
    mr->opaque = opaque;
}

void memory_region_destroy(MemoryRegion *mr)
{
    if (mr->mapped) {
        memory_unmap(mr);
    }
    if (mr->ram) {
        munmap(mr->ram, mr->size);
        mr->ram = NULL;
    }
    g_clear_pointer(&mr->dirty, g_free);
    g_clear_pointer(&mr->touched, g_free);
    g_clear_pointer(&mr->name, g_free);
}

/* Index of the first region whose end is above addr. */
static unsigned lower_bound(hwaddr addr)
{
    unsigned lo = 0, hi = map ? map->len : 0;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        MemoryRegion *mr = g_ptr_array_index(map, mid);
        if (mr->addr + mr->size - 1 < addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

bool memory_map(MemoryRegion *mr, hwaddr addr, GError **err)
{
    if (!map) {
        map = g_ptr_array_new();
    }
    if (mr->size == 0 || addr + mr->size - 1 < addr) {
        error_setg(err, "memory region '%s' does not fit at 0x%" G_GINT64_MODIFIER "x",
                   mr->name, addr);
        return false;
    }
    unsigned i = lower_bound(addr);
    if (i < map->len) {
        MemoryRegion *next = g_ptr_array_index(map, i);
        if (next->addr <= addr + mr->size - 1) {
            error_setg(err, "memory region '%s' at 0x%" G_GINT64_MODIFIER "x overlaps '%s'",
                       mr->name, addr, next->name);
            return false;
        }
    }
    mr->addr = addr;
    mr->mapped = true;
    g_ptr_array_insert(map, i, mr);
    return true;
}

void memory_unmap(MemoryRegion *mr)
{
    if (map && mr->mapped) {
        g_ptr_array_remove(map, mr);
        mr->mapped = false;
    }
}

void memory_reset_map(void)
{
    while (map && map->len) {
        memory_unmap(g_ptr_array_index(map, map->len - 1));
    }
}

MemoryRegion *memory_find(hwaddr addr)
{
    unsigned i = lower_bound(addr);
    if (map && i < map->len) {
        MemoryRegion *mr = g_ptr_array_index(map, i);
        if (mr->addr <= addr) {
            return mr;
        }
    }
    return NULL;
}

unsigned memory_region_count(void)
{
    return map ? map->len : 0;
}

MemoryRegion *memory_region_nth(unsigned i)
{
    return g_ptr_array_index(map, i);
}

void *memory_ram_ptr(hwaddr addr, uint64_t len)
{
    MemoryRegion *mr = memory_find(addr);
    if (!mr || !mr->ram || len > mr->size || addr - mr->addr > mr->size - len) {
        return NULL;
    }
    return mr->ram + (addr - mr->addr);
}

static unsigned access_min(const MemoryRegionOps *ops)
{
    return ops->min_access_size ? ops->min_access_size : 1;
}

static unsigned access_max(const MemoryRegionOps *ops)
{
    return ops->max_access_size ? ops->max_access_size : 8;
}

/*
 * A device access of 'size' bytes: split into the largest accesses the
 * device takes, or widened to its minimum and the bytes extracted, as
 * QEMU's access_with_adjusted_size does.
 */
static uint64_t mmio_read(MemoryRegion *mr, hwaddr off, unsigned size)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned amin = access_min(ops), amax = access_max(ops);
    if (!ops->read) {
        return 0;
    }
    if (size < amin) {
        hwaddr base = off & ~(hwaddr)(amin - 1);
        uint64_t v = ops->read(mr->opaque, base, amin);
        v >>= 8 * (off - base);
        return size == 8 ? v : v & ((1ULL << (8 * size)) - 1);
    }
    if (size > amax) {
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i += amax) {
            v |= mmio_read(mr, off + i, amax) << (8 * i);
        }
        return v;
    }
    return ops->read(mr->opaque, off, size);
}

static void mmio_write(MemoryRegion *mr, hwaddr off, uint64_t val, unsigned size)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned amin = access_min(ops), amax = access_max(ops);
    if (!ops->write) {
        return;
    }
    if (size < amin) {
        /* narrower than the device allows: widen, keeping the other bytes zero */
        hwaddr base = off & ~(hwaddr)(amin - 1);
        ops->write(mr->opaque, base, val << (8 * (off - base)), amin);
        return;
    }
    if (size > amax) {
        for (unsigned i = 0; i < size; i += amax) {
            mmio_write(mr, off + i, val >> (8 * i), amax);
        }
        return;
    }
    ops->write(mr->opaque, off, val, size);
}

uint64_t memory_region_dispatch_read(MemoryRegion *mr, hwaddr off, unsigned size)
{
    uint64_t v = mmio_read(mr, off, size);
    return size == 8 ? v : v & ((1ULL << (8 * size)) - 1);
}

void memory_region_dispatch_write(MemoryRegion *mr, hwaddr off, uint64_t val, unsigned size)
{
    mmio_write(mr, off, val, size);
}

MemTxResult memory_load(hwaddr addr, unsigned size, uint64_t *val)
{
    MemoryRegion *mr = memory_find(addr);
    *val = 0;
    if (!mr || addr - mr->addr > mr->size - size) {
        return MEMTX_DECODE_ERROR;
    }
    hwaddr off = addr - mr->addr;
    if (mr->ram) {
        uint64_t v = 0;
        memcpy(&v, mr->ram + off, size);   /* host is little-endian */
        *val = v;
        return MEMTX_OK;
    }
    *val = mmio_read(mr, off, size);
    return MEMTX_OK;
}

MemTxResult memory_store(hwaddr addr, unsigned size, uint64_t val)
{
    MemoryRegion *mr = memory_find(addr);
    if (!mr || addr - mr->addr > mr->size - size) {
        return MEMTX_DECODE_ERROR;
    }
    hwaddr off = addr - mr->addr;
    if (mr->ram) {
        memcpy(mr->ram + off, &val, size);
        memory_region_set_dirty(mr, off, size);
        if (ram_write_notifier) {
            ram_write_notifier(addr, size);
        }
        return MEMTX_OK;
    }
    mmio_write(mr, off, val, size);
    return MEMTX_OK;
}

/* Largest naturally aligned power-of-two chunk at addr, at most 8 bytes. */
static unsigned chunk_size(hwaddr addr, uint64_t len)
{
    unsigned n = 8;
    while (n > 1 && ((addr & (n - 1)) || n > len)) {
        n >>= 1;
    }
    return n;
}

static MemTxResult memory_rw(hwaddr addr, uint8_t *buf, uint64_t len, bool is_write)
{
    MemTxResult res = MEMTX_OK;
    while (len) {
        MemoryRegion *mr = memory_find(addr);
        if (!mr) {
            /* unassigned: reads as zero, writes ignored (QEMU's unassigned_mem_ops) */
            if (!is_write) {
                *buf = 0;
            }
            res = MEMTX_DECODE_ERROR;
            addr++, buf++, len--;
            continue;
        }
        uint64_t n = MIN(len, mr->addr + mr->size - addr);
        if (mr->ram) {
            if (is_write) {
                memcpy(mr->ram + (addr - mr->addr), buf, n);
                memory_region_set_dirty(mr, addr - mr->addr, n);
                if (ram_write_notifier) {
                    ram_write_notifier(addr, n);
                }
            } else {
                memcpy(buf, mr->ram + (addr - mr->addr), n);
            }
        } else {
            n = chunk_size(addr, n);
            uint64_t v = 0;
            if (is_write) {
                memcpy(&v, buf, n);
                mmio_write(mr, addr - mr->addr, v, n);
            } else {
                v = mmio_read(mr, addr - mr->addr, n);
                memcpy(buf, &v, n);
            }
        }
        addr += n, buf += n, len -= n;
    }
    return res;
}

MemTxResult memory_read(hwaddr addr, void *buf, uint64_t len)
{
    return memory_rw(addr, buf, len, false);
}

MemTxResult memory_write(hwaddr addr, const void *buf, uint64_t len)
{
    return memory_rw(addr, (uint8_t *)buf, len, true);
}
