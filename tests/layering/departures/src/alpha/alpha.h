// The bottom layer includes the middle one: alpha -> beta is not in the table.
#pragma once

#include "alpha/alpha_detail.h"
#include "beta/beta.h"
