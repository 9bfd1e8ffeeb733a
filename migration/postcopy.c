/*
 * Postcopy, destination side: missing pages through userfaultfd (the
 * kernel's uffd API, MISSING mode), page requests on the return path and
 * atomic placement of the pages that arrive (docs/devel/migration.md).
 *
 * A page is *received* when its content on this side is current: every
 * page is, except those the source listed as stale at the switch-over
 * (postcopy_discard, which drops them with MADV_DONTNEED so they are
 * missing again). A fault on a received page that was never populated
 * (untouched RAM the source sent as zero) is served here with a zero
 * page; a fault on any other page becomes one request, and the page is
 * placed when it arrives. The received bit is set only after the page
 * is in place, so a fault never zero-fills a page still on its way.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "migration/channel.h"
#include "migration/postcopy.h"
#include "migration/ram.h"
#include "system/memory.h"
#include "util/be.h"
#include "util/error.h"

typedef struct PcRegion {
    MemoryRegion *mr;
    uint64_t npages;
    uint64_t *received;     /* bit per page, atomic */
    uint64_t *requested;    /* asked for and not yet placed (pc->lock) */
} PcRegion;

struct PostcopyIncoming {
    GArray *regions;        /* PcRegion */
    int uffd;
    int quit_fd;            /* eventfd: stops the fault thread */
    GThread *fault_thread;
    GMutex lock;            /* rp_fd and the requested bitmaps */
    int rp_fd;
    bool registered;
};

static int uffd_open(GError **err)
{
    int fd = (int)syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
    struct uffdio_api api = { .api = UFFD_API };
    if (fd < 0) {
        error_setg(err, "Userfault is not available on this host: userfaultfd: %s",
                   g_strerror(errno));
        return -1;
    }
    if (ioctl(fd, UFFDIO_API, &api) < 0 || !(api.ioctls & (1ull << _UFFDIO_REGISTER))) {
        error_setg(err, "Userfault is not available on this host: UFFDIO_API: %s",
                   g_strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

bool postcopy_supported(GError **err)
{
    int fd = uffd_open(err);
    if (fd < 0) {
        return false;
    }
    close(fd);
    return true;
}

PostcopyIncoming *postcopy_incoming_new(void)
{
    PostcopyIncoming *pc = g_new0(PostcopyIncoming, 1);
    pc->regions = g_array_new(false, true, sizeof(PcRegion));
    pc->uffd = -1;
    pc->quit_fd = -1;
    pc->rp_fd = -1;
    g_mutex_init(&pc->lock);
    for (unsigned i = 0; i < memory_region_count(); i++) {
        MemoryRegion *mr = memory_region_nth(i);
        if (!mr->ram) {
            continue;
        }
        PcRegion r = { .mr = mr, .npages = (mr->size + RAM_PAGE_SIZE - 1) / RAM_PAGE_SIZE };
        size_t words = (r.npages + 63) / 64;
        r.received = g_new(uint64_t, words);
        r.requested = g_new0(uint64_t, words);
        memset(r.received, 0xff, words * 8);
        g_array_append_val(pc->regions, r);
    }
    return pc;
}

static PcRegion *region_of(PostcopyIncoming *pc, uint64_t addr, uint64_t *page)
{
    for (unsigned i = 0; i < pc->regions->len; i++) {
        PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
        if (addr >= r->mr->addr && addr - r->mr->addr < r->npages * RAM_PAGE_SIZE) {
            *page = (addr - r->mr->addr) / RAM_PAGE_SIZE;
            return r;
        }
    }
    return NULL;
}

/* The same for a host address inside guest RAM (a fault). */
static PcRegion *region_of_host(PostcopyIncoming *pc, uintptr_t host, uint64_t *page)
{
    for (unsigned i = 0; i < pc->regions->len; i++) {
        PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
        uintptr_t base = (uintptr_t)r->mr->ram;
        if (host >= base && host - base < r->npages * RAM_PAGE_SIZE) {
            *page = (host - base) / RAM_PAGE_SIZE;
            return r;
        }
    }
    return NULL;
}

static bool bit_get(const uint64_t *map, uint64_t n)
{
    return (__atomic_load_n(&map[n / 64], __ATOMIC_ACQUIRE) >> (n % 64)) & 1;
}

bool postcopy_discard(PostcopyIncoming *pc, uint64_t addr, uint64_t len, GError **err)
{
    uint64_t first = 0, last = 0;
    PcRegion *r = region_of(pc, addr, &first);
    if (!r || !len || addr % RAM_PAGE_SIZE || len % RAM_PAGE_SIZE ||
        region_of(pc, addr + len - 1, &last) != r || pc->registered) {
        error_setg(err, "bad postcopy discard of 0x%" G_GINT64_MODIFIER "x bytes at 0x%"
                   G_GINT64_MODIFIER "x", len, addr);
        return false;
    }
    for (uint64_t p = first; p <= last; p++) {
        r->received[p / 64] &= ~(1ull << (p % 64));
    }
    if (madvise(r->mr->ram + first * RAM_PAGE_SIZE, len, MADV_DONTNEED) < 0) {
        error_setg(err, "postcopy discard: madvise: %s", g_strerror(errno));
        return false;
    }
    return true;
}

/* pc->lock held. A broken return path is dropped: the reader sees the
 * channel fail too, and requests wait for the recovery. */
static void send_request_locked(PostcopyIncoming *pc, uint64_t addr)
{
    uint8_t m[13] = { MIG_RP_REQUEST };
    be_store(m + 1, addr, 8);
    be_store(m + 9, 1, 4);
    if (pc->rp_fd >= 0 && !mig_send_all(pc->rp_fd, m, sizeof(m))) {
        pc->rp_fd = -1;
    }
}

static void uffd_zero(PostcopyIncoming *pc, uintptr_t host)
{
    struct uffdio_zeropage z = { .range = { .start = host, .len = RAM_PAGE_SIZE } };
    if (ioctl(pc->uffd, UFFDIO_ZEROPAGE, &z) < 0 && errno == EEXIST) {
        struct uffdio_range w = { .start = host, .len = RAM_PAGE_SIZE };
        ioctl(pc->uffd, UFFDIO_WAKE, &w);
    }
}

static void handle_fault(PostcopyIncoming *pc, uintptr_t host)
{
    uint64_t page;
    host &= ~(uintptr_t)(RAM_PAGE_SIZE - 1);
    PcRegion *r = region_of_host(pc, host, &page);
    if (!r) {
        return;
    }
    if (bit_get(r->received, page)) {
        uffd_zero(pc, host);    /* received as zero, never populated */
        return;
    }
    g_mutex_lock(&pc->lock);
    if (!bit_get(r->received, page) && !(r->requested[page / 64] & (1ull << (page % 64)))) {
        r->requested[page / 64] |= 1ull << (page % 64);
        send_request_locked(pc, r->mr->addr + page * RAM_PAGE_SIZE);
    }
    g_mutex_unlock(&pc->lock);
    /* placed meanwhile (between the check and the request): wake anyway */
    if (bit_get(r->received, page)) {
        struct uffdio_range w = { .start = host, .len = RAM_PAGE_SIZE };
        ioctl(pc->uffd, UFFDIO_WAKE, &w);
    }
}

static gpointer fault_thread(gpointer opaque)
{
    PostcopyIncoming *pc = opaque;
    struct uffd_msg msgs[16];
    for (;;) {
        struct pollfd p[2] = { { .fd = pc->uffd, .events = POLLIN },
                               { .fd = pc->quit_fd, .events = POLLIN } };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (p[1].revents) {
            break;
        }
        ssize_t n = read(pc->uffd, msgs, sizeof(msgs));
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                continue;
            }
            break;
        }
        for (size_t i = 0; i < (size_t)n / sizeof(msgs[0]); i++) {
            if (msgs[i].event == UFFD_EVENT_PAGEFAULT) {
                handle_fault(pc, (uintptr_t)msgs[i].arg.pagefault.address);
            }
        }
    }
    return NULL;
}

bool postcopy_listen(PostcopyIncoming *pc, int rp_fd, GError **err)
{
    GError *local = NULL;
    pc->uffd = uffd_open(err);
    if (pc->uffd < 0) {
        return false;
    }
    for (unsigned i = 0; i < pc->regions->len; i++) {
        PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
        struct uffdio_register reg = {
            .range = { .start = (uintptr_t)r->mr->ram, .len = r->npages * RAM_PAGE_SIZE },
            .mode = UFFDIO_REGISTER_MODE_MISSING,
        };
        uint64_t need = (1ull << _UFFDIO_COPY) | (1ull << _UFFDIO_ZEROPAGE);
        if (ioctl(pc->uffd, UFFDIO_REGISTER, &reg) < 0 || (reg.ioctls & need) != need) {
            error_setg(err, "cannot register guest RAM for postcopy: UFFDIO_REGISTER: %s",
                       g_strerror(errno));
            return false;
        }
    }
    pc->registered = true;
    pc->rp_fd = rp_fd;
    pc->quit_fd = eventfd(0, EFD_CLOEXEC);
    if (pc->quit_fd < 0) {
        error_setg(err, "postcopy: eventfd: %s", g_strerror(errno));
        return false;
    }
    pc->fault_thread = g_thread_try_new("mig/dst/fault", fault_thread, pc, &local);
    if (!pc->fault_thread) {
        error_setg(err, "failed to create the postcopy fault thread: %s", local->message);
        g_error_free(local);
        return false;
    }
    return true;
}

bool postcopy_place_pages(PostcopyIncoming *pc, uint64_t addr, const uint8_t *data,
                          uint32_t npages, GError **err)
{
    uint64_t page, last;
    PcRegion *r = region_of(pc, addr, &page);
    if (!r || addr % RAM_PAGE_SIZE || !npages ||
        region_of(pc, addr + (uint64_t)npages * RAM_PAGE_SIZE - 1, &last) != r) {
        error_setg(err, "postcopy page at 0x%" G_GINT64_MODIFIER "x is outside guest RAM", addr);
        return false;
    }
    uintptr_t host = (uintptr_t)(r->mr->ram + page * RAM_PAGE_SIZE);
    uint64_t len = (uint64_t)npages * RAM_PAGE_SIZE, done = 0;
    bool fresh = true;
    for (uint64_t p = page; p <= last && fresh; p++) {
        fresh = !bit_get(r->received, p);
    }
    /* a run none of which is here yet goes in one ioctl, else page by page
     * (a page sent twice, on request and by the background pass, is kept) */
    while (done < len) {
        uint64_t n = fresh ? len - done : RAM_PAGE_SIZE;
        int rc = 0;
        if (!fresh && bit_get(r->received, page + done / RAM_PAGE_SIZE)) {
            done += RAM_PAGE_SIZE;
            continue;
        }
        if (data) {
            struct uffdio_copy c = { .dst = host + done, .src = (uintptr_t)data + done, .len = n };
            rc = ioctl(pc->uffd, UFFDIO_COPY, &c);
        } else {
            struct uffdio_zeropage z = { .range = { .start = host + done, .len = n } };
            rc = ioctl(pc->uffd, UFFDIO_ZEROPAGE, &z);
        }
        if (rc < 0 && errno == EEXIST && fresh) {
            fresh = false;      /* placed meanwhile: go page by page from here */
            continue;
        }
        if (rc < 0 && errno != EEXIST) {
            error_setg(err, "cannot place postcopy page at 0x%" G_GINT64_MODIFIER "x: %s",
                       addr + done, g_strerror(errno));
            return false;
        }
        done += n;
    }
    if (data) {
        memory_region_set_dirty(r->mr, page * RAM_PAGE_SIZE, len);
    }
    g_mutex_lock(&pc->lock);
    for (uint64_t p = page; p <= last; p++) {
        __atomic_fetch_or(&r->received[p / 64], 1ull << (p % 64), __ATOMIC_RELEASE);
        r->requested[p / 64] &= ~(1ull << (p % 64));
    }
    g_mutex_unlock(&pc->lock);
    return true;
}

bool postcopy_set_return_path(PostcopyIncoming *pc, int fd, GError **err)
{
    bool ok = true;
    g_mutex_lock(&pc->lock);
    pc->rp_fd = fd;
    if (fd >= 0) {
        g_autoptr(GByteArray) m = g_byte_array_new();
        uint8_t b[16] = { MIG_RP_BITMAP };
        be_store(b + 1, pc->regions->len, 4);
        g_byte_array_append(m, b, 5);
        for (unsigned i = 0; i < pc->regions->len; i++) {
            PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
            be_store(b, r->mr->addr, 8);
            be_store(b + 8, r->npages, 8);
            g_byte_array_append(m, b, 16);
            for (uint64_t w = 0; w < (r->npages + 63) / 64; w++) {
                be_store(b, __atomic_load_n(&r->received[w], __ATOMIC_ACQUIRE), 8);
                g_byte_array_append(m, b, 8);
            }
        }
        ok = mig_send_all(fd, m->data, m->len);
        /* the requests the broken channel lost */
        for (unsigned i = 0; ok && i < pc->regions->len; i++) {
            PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
            for (uint64_t p = 0; p < r->npages && pc->rp_fd >= 0; p++) {
                if ((r->requested[p / 64] >> (p % 64)) & 1 && !bit_get(r->received, p)) {
                    send_request_locked(pc, r->mr->addr + p * RAM_PAGE_SIZE);
                }
            }
        }
        if (!ok || pc->rp_fd < 0) {
            pc->rp_fd = -1;
            error_setg(err, "cannot send the received-page bitmap to the source: %s",
                       g_strerror(errno));
            ok = false;
        }
    }
    g_mutex_unlock(&pc->lock);
    return ok;
}

uint64_t postcopy_missing_pages(PostcopyIncoming *pc)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < pc->regions->len; i++) {
        PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
        for (uint64_t p = 0; p < r->npages; p++) {
            n += !bit_get(r->received, p);
        }
    }
    return n;
}

void postcopy_incoming_free(PostcopyIncoming *pc)
{
    if (!pc) {
        return;
    }
    if (pc->fault_thread) {
        uint64_t one = 1;
        if (write(pc->quit_fd, &one, sizeof(one)) == sizeof(one)) {
            g_thread_join(pc->fault_thread);
        }
    }
    if (pc->uffd >= 0) {
        for (unsigned i = 0; pc->registered && i < pc->regions->len; i++) {
            PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
            struct uffdio_range rg = { .start = (uintptr_t)r->mr->ram,
                                       .len = r->npages * RAM_PAGE_SIZE };
            ioctl(pc->uffd, UFFDIO_UNREGISTER, &rg);
        }
        /* closing also wakes any thread still waiting on a missing page */
        close(pc->uffd);
    }
    if (pc->quit_fd >= 0) {
        close(pc->quit_fd);
    }
    for (unsigned i = 0; i < pc->regions->len; i++) {
        PcRegion *r = &g_array_index(pc->regions, PcRegion, i);
        g_free(r->received);
        g_free(r->requested);
    }
    g_array_free(pc->regions, true);
    g_mutex_clear(&pc->lock);
    g_free(pc);
}
