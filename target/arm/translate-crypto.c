/*
 * Handlers for crypto.decode (see that file for the encodings covered).
 */
#include "translate.h"

#include "decode-crypto.c.inc"
