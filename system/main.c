/* qemu-system-aarch64: everything happens in qemu_main (system/vl.c). */
#include "system/system.h"

int main(int argc, char **argv)
{
    return qemu_main(argc, argv);
}
