// Forward declarations of the base module's types.

#pragma once

namespace esep {

class Status;
template <typename T>
class Result;
class Fraction;

}  // namespace esep
