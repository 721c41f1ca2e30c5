// beta includes gamma, a module without a row.
#pragma once

#include "alpha/alpha.h"
#include "gamma/gamma.h"
