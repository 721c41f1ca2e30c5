// Int128: the 128-bit integer used to compare quotients by cross-multiplication.
//
// GCC and Clang provide __int128 as an extension; __extension__ keeps -Wpedantic quiet about
// it in this one place.

#pragma once

namespace esep {

__extension__ typedef __int128 Int128;  // NOLINT(modernize-use-using): __extension__ needs typedef

}  // namespace esep
