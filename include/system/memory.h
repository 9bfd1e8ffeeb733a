/*
 * Guest physical memory: RAM blocks backed by host memory and MMIO
 * regions with read/write callbacks, mapped into one address space
 * (the system bus) and found by binary search over a sorted flat map.
 */
#ifndef SYSTEM_MEMORY_H
#define SYSTEM_MEMORY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint64_t hwaddr;

typedef enum {
    MEMTX_OK = 0,
    MEMTX_ERROR = 1,         /* device returned an error: external abort */
    MEMTX_DECODE_ERROR = 2,  /* nothing mapped there */
} MemTxResult;

typedef struct MemoryRegionOps {
    /* size is 1, 2, 4 or 8; offset relative to the region start */
    uint64_t (*read)(void *opaque, hwaddr offset, unsigned size);
    void (*write)(void *opaque, hwaddr offset, uint64_t value, unsigned size);
    /* accepted access sizes; 0 means 1..8 */
    unsigned min_access_size, max_access_size;
} MemoryRegionOps;

typedef struct MemoryRegion {
    char *name;
    uint64_t size;
    hwaddr addr;              /* where mapped, once mapped */
    bool mapped;
    uint8_t *ram;             /* host memory for RAM regions, else NULL */
    const MemoryRegionOps *ops;
    void *opaque;
    uint64_t *dirty;          /* RAM: migration dirty log, a bit per 4 KiB page */
    uint64_t *touched;        /* RAM: pages ever written (others are still zero) */
    struct MemoryRegion *tags; /* RAM with MTE: its Allocation Tags, 2 granules a byte */
} MemoryRegion;

bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size, GError **err);
void memory_region_init_io(MemoryRegion *mr, const char *name, const MemoryRegionOps *ops,
                           void *opaque, uint64_t size);
void memory_region_destroy(MemoryRegion *mr);

/* Map into the system address space; overlapping an existing region is an error. */
bool memory_map(MemoryRegion *mr, hwaddr addr, GError **err);
void memory_unmap(MemoryRegion *mr);
/* Drop every mapping (tests). */
void memory_reset_map(void);

/* Region containing addr, or NULL. */
MemoryRegion *memory_find(hwaddr addr);
/* Iterate mapped regions in address order. */
unsigned memory_region_count(void);
MemoryRegion *memory_region_nth(unsigned i);

/*
 * One access to an MMIO region that is not in the system map itself (a
 * PCI BAR behind a host bridge window), split or widened to the sizes its
 * ops take as for mapped regions; the value read is masked to size bytes.
 */
uint64_t memory_region_dispatch_read(MemoryRegion *mr, hwaddr off, unsigned size);
void memory_region_dispatch_write(MemoryRegion *mr, hwaddr off, uint64_t val, unsigned size);

/*
 * Host pointer for [addr, addr+len) if it lies within one RAM region,
 * else NULL.
 */
void *memory_ram_ptr(hwaddr addr, uint64_t len);

/* Accesses as a bus master (qtest, loaders, DMA), little-endian. */
MemTxResult memory_read(hwaddr addr, void *buf, uint64_t len);
MemTxResult memory_write(hwaddr addr, const void *buf, uint64_t len);
/* A single access of 1/2/4/8 bytes, as a CPU load/store would do it. */
MemTxResult memory_load(hwaddr addr, unsigned size, uint64_t *val);
MemTxResult memory_store(hwaddr addr, unsigned size, uint64_t val);

/*
 * Called after every write to RAM that does not come from a CPU's fast
 * path (qtest, loaders, DMA), so translated code there is dropped.
 */
void memory_set_ram_write_notifier(void (*fn)(hwaddr addr, uint64_t len));

/*
 * Migration dirty log: every write to RAM sets its page's bit (CPU stores
 * through the soft TLB's page_written hook, memory_write/store here).
 * Bits are only cleared by the fetch: a page written after it is marked
 * again, so no write is lost between two fetches. Lock-free.
 */
#define MEMORY_DIRTY_PAGE_SIZE 4096u
size_t memory_region_dirty_words(const MemoryRegion *mr);       /* uint64_t words */
void memory_region_set_dirty(MemoryRegion *mr, hwaddr off, uint64_t len);
void memory_set_dirty(hwaddr addr, uint64_t len);               /* system address */
/*
 * Whether the page at off was ever written since the region was created:
 * if not, it is still zero and migration need not read it.
 */
bool memory_region_page_touched(const MemoryRegion *mr, hwaddr off);
/* Copy the region's bitmap to out (memory_region_dirty_words() words) and clear it. */
void memory_region_dirty_fetch_and_clear(MemoryRegion *mr, uint64_t *out);

#endif
