// "N of M protocols" as a share that never overstates or understates progress: rounded to one
// decimal, but never "100 %" before the last protocol is in and never "0 %" once the first is.
// Between the ends a rounded value that would cross them is written as a bound: "> 99.9 %",
// "< 0.1 %", which is what is known.
export interface Share {
  bound: "" | "<" | ">"; // the value is an upper ("<") or lower (">") bound
  value: number; // percent, with `digits` decimals
  digits: 0 | 1;
}

export function progressShare(done: number, total: number): Share {
  if (total <= 0 || done <= 0) return { bound: "", value: 0, digits: 0 };
  if (done >= total) return { bound: "", value: 100, digits: 0 };
  const rounded = Math.round((done * 1000) / total) / 10;
  if (rounded >= 100) return { bound: ">", value: 99.9, digits: 1 };
  if (rounded <= 0) return { bound: "<", value: 0.1, digits: 1 };
  return { bound: "", value: rounded, digits: 1 };
}
