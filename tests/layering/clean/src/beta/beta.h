// The middle layer of the fixture.
#pragma once
