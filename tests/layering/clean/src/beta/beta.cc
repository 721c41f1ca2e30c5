// beta may use alpha.
#include "beta/beta.h"

#include "alpha/alpha.h"
