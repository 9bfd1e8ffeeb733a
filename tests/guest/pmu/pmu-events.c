#include "pmu.h"
int main(void) { return 0; }
