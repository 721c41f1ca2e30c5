// tools/ without a row in the table.
#include "beta/beta.h"
