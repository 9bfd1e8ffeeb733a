/* Entry point of the emulator proper (system/vl.c); main() only calls it. */
#ifndef SYSTEM_SYSTEM_H
#define SYSTEM_SYSTEM_H

int qemu_main(int argc, char **argv);

#endif
