// A test of beta that builds its input with a higher module: allowed by the "tests may also
// use" column only.
#include "beta/beta.h"

#include "gamma/inner/inner.h"
