/*
 * Handlers for fp.decode (see that file for the encodings covered).
 */
#include "translate.h"

#include "decode-fp.c.inc"
