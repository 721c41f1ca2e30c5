// tools may use all modules.
#include "beta/beta.h"
#include "gamma/inner/inner.h"
#include "helper.h"
