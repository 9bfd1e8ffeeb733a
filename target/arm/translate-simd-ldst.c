/*
 * Handlers for simd-ldst.decode (see that file for the encodings covered).
 */
#include "translate.h"

#include "decode-simd-ldst.c.inc"
