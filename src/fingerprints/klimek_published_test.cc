#include "fingerprints/klimek_published.h"

#include <gtest/gtest.h>
