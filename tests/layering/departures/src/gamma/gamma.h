// A module that is missing from the table.
#pragma once

#include "alpha/alpha.h"
