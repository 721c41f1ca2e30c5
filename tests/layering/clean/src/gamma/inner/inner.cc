// gamma/inner is a nested module: it may use alpha and beta.
#include "gamma/inner/inner.h"

#include "alpha/alpha.h"
#include "beta/beta.h"
