/*
 * IEEE 754 binary16/32/64 arithmetic with the Arm architecture's rules
 * (include/fpu/softfloat.h says which).
 */
#include "fpu/softfloat.h"
