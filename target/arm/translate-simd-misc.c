/*
 * Handlers for simd-misc.decode (see that file for the encodings covered).
 */
#include "translate.h"

#include "decode-simd-misc.c.inc"
