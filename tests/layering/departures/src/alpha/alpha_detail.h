// A header of alpha that alpha includes itself.
#pragma once
