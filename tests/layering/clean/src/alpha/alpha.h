// The bottom layer of the fixture: includes only third-party and its own headers.
#pragma once

#include <string>

#include "alpha/alpha_detail.h"
#include "fmt/format.h"
