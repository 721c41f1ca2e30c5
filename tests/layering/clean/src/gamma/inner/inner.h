// A nested module of the fixture.
#pragma once
