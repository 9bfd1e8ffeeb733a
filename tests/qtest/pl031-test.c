/*
 * virt's PL031 RTC at 0x09010000 (SPI 2, INTID 34): ID registers, a count
 * that starts at the host's UTC time and ticks once a second, RTCLR
 * moving it, RTCCR reading 1, and the match interrupt (at once when MR
 * equals the count, else when the count reaches MR) through the GIC.
 * Runs against Armlet and QEMU 7.2 alike.
 */
#include <time.h>

#include <glib.h>

#include "libqtest.h"

#define RTC          0x09010000ull
#define RTC_INTID    (32 + 2)
#define GICD_ISPENDR 0x08000200ull

enum { DR = 0x00, MR = 0x04, LR = 0x08, CR = 0x0c, IMSC = 0x10, RIS = 0x14, MIS = 0x18, ICR = 0x1c };

static bool rtc_pending(QTestState *qts)
{
    return (qtest_readl(qts, GICD_ISPENDR + 4 * (RTC_INTID / 32)) >> (RTC_INTID % 32)) & 1;
}

static void test_id_and_count(void)
{
    static const uint8_t id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    QTestState *qts = qtest_init("-M virt -cpu max -S -nodefaults");

    for (unsigned i = 0; i < 8; i++) {
        g_assert_cmphex(qtest_readl(qts, RTC + 0xfe0 + 4 * i), ==, id[i]);
    }
    g_assert_cmpuint(qtest_readl(qts, RTC + CR), ==, 1);
    int64_t now = time(NULL);
    int64_t dr = qtest_readl(qts, RTC + DR);
    g_assert_cmpint(dr, >=, now - 2);
    g_assert_cmpint(dr, <=, now + 2);

    /* the count ticks with host seconds, also with the VM stopped (-S) */
    g_usleep(1100 * 1000);
    g_assert_cmpint((int64_t)qtest_readl(qts, RTC + DR), >, dr);

    /* RTCLR sets the count */
    qtest_writel(qts, RTC + LR, 1000);
    g_assert_cmpuint(qtest_readl(qts, RTC + LR), ==, 1000);
    uint32_t c = qtest_readl(qts, RTC + DR);
    g_assert_cmpuint(c, >=, 1000);
    g_assert_cmpuint(c, <=, 1001);
    qtest_quit(qts);
}

static void test_match_interrupt(void)
{
    QTestState *qts = qtest_init("-M virt -cpu max -S -nodefaults");

    g_assert_cmpuint(qtest_readl(qts, RTC + RIS), ==, 0);
    qtest_writel(qts, RTC + LR, 5000);
    /* masked: RIS shows the match, MIS and the line do not */
    qtest_writel(qts, RTC + MR, qtest_readl(qts, RTC + DR));
    g_assert_cmpuint(qtest_readl(qts, RTC + RIS), ==, 1);
    g_assert_cmpuint(qtest_readl(qts, RTC + MIS), ==, 0);
    g_assert_false(rtc_pending(qts));
    qtest_writel(qts, RTC + IMSC, 1);
    g_assert_cmpuint(qtest_readl(qts, RTC + MIS), ==, 1);
    g_assert_true(rtc_pending(qts));
    qtest_writel(qts, RTC + ICR, 1);
    g_assert_cmpuint(qtest_readl(qts, RTC + RIS), ==, 0);
    g_assert_false(rtc_pending(qts));

    /* a match one second ahead fires within about a second */
    qtest_writel(qts, RTC + MR, qtest_readl(qts, RTC + DR) + 1);
    g_assert_cmpuint(qtest_readl(qts, RTC + RIS), ==, 0);
    for (int i = 0; i < 40 && !qtest_readl(qts, RTC + RIS); i++) {
        g_usleep(100 * 1000);
    }
    g_assert_cmpuint(qtest_readl(qts, RTC + RIS), ==, 1);
    g_assert_true(rtc_pending(qts));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pl031/id-and-count", test_id_and_count);
    g_test_add_func("/pl031/match-interrupt", test_match_interrupt);
    return g_test_run();
}
