/*
 * ArmMemOps over the system address space (include/system/memory.h):
 * RAM pages go to the soft TLB as host pointers, everything else is a
 * single MMIO access. Callbacks run on the vCPU thread.
 */
#include "target/arm/cpu.h"
#include "system/main-loop.h"
#include "system/memory.h"

static void *sysmem_ram_page(void *opaque, uint64_t addr)
{
    return memory_ram_ptr(addr, ARM_PAGE_SIZE);
}

static void sysmem_page_written(void *opaque, uint64_t addr)
{
    memory_set_dirty(addr, ARM_PAGE_SIZE);
}

/* Allocation Tags of RAM with tag storage (-M mte=on): a byte per 32 bytes */
static uint8_t *sysmem_tag_ptr(void *opaque, uint64_t addr, bool write)
{
    MemoryRegion *mr = memory_find(addr);
    uint64_t off;
    if (!mr || !mr->ram || !mr->tags) {
        return NULL;
    }
    off = (addr - mr->addr) / 32;
    if (write) {
        memory_region_set_dirty(mr->tags, off, 1);
    }
    return mr->tags->ram + off;
}

/* Devices are touched only under the BQL (the vCPU thread does not hold it). */
static bool sysmem_load(void *opaque, uint64_t addr, unsigned size, uint64_t *val)
{
    bool locked = bql_locked();
    if (!locked) {
        bql_lock();
    }
    bool ok = memory_load(addr, size, val) == MEMTX_OK;
    if (!locked) {
        bql_unlock();
    }
    return ok;
}

static bool sysmem_store(void *opaque, uint64_t addr, unsigned size, uint64_t val)
{
    bool locked = bql_locked();
    if (!locked) {
        bql_lock();
    }
    bool ok = memory_store(addr, size, val) == MEMTX_OK;
    if (!locked) {
        bql_unlock();
    }
    return ok;
}

/* Generic timer output changes from the vCPU thread: under the BQL, like
 * device accesses (the timer callbacks run with it in the main loop). */
static bool sysmem_io_begin(void *opaque)
{
    if (bql_locked()) {
        return false;
    }
    bql_lock();
    return true;
}

static void sysmem_io_end(void *opaque, bool taken)
{
    if (taken) {
        bql_unlock();
    }
}

const ArmMemOps arm_sysmem_ops = {
    .ram_page = sysmem_ram_page,
    .load = sysmem_load,
    .store = sysmem_store,
    .page_written = sysmem_page_written,
    .tag_ptr = sysmem_tag_ptr,
    .io_begin = sysmem_io_begin,
    .io_end = sysmem_io_end,
};
