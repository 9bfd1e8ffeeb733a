/*
 * Handlers for simd.decode (see that file for the encodings covered).
 */
#include "translate.h"

#include "decode-simd.c.inc"
