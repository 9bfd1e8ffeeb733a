/*
 * Handlers for simd-fp.decode (see that file for the encodings covered).
 */
#include "translate.h"

#include "decode-simd-fp.c.inc"
