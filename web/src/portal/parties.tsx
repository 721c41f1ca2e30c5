// Party colours and patterns. The colours are the Okabe–Ito palette, which stays distinguishable
// with the common colour-vision deficiencies; each party also has a pattern of its own (stripes,
// dots, hatching) drawn over its colour, and every chart labels its parts and has a table, so
// colour never carries the meaning alone. Independents and anything not on the ballot are grey.
import type { Party } from "./snapshot";

const kColours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"];
const kOther = "#8C8C8C";

// A pattern per ballot position: the marks drawn in white (black on the lightest colours) over
// the fill, on a 6-unit tile.
const kMarks: Array<(ink: string) => preact.JSX.Element | null> = [
  () => null,
  (ink) => <path d="M0 6 L6 0" stroke={ink} stroke-width="1.4" />,
  (ink) => <circle cx="3" cy="3" r="1.2" fill={ink} />,
  (ink) => <path d="M0 3 H6" stroke={ink} stroke-width="1.4" />,
  (ink) => <path d="M0 6 L6 0 M0 0 L6 6" stroke={ink} stroke-width="1" />,
  (ink) => <path d="M3 0 V6" stroke={ink} stroke-width="1.4" />,
  (ink) => <path d="M0 0 L6 6" stroke={ink} stroke-width="1.4" />,
  (ink) => <rect x="0" y="0" width="3" height="3" fill={ink} />,
];

export const kPatternCount = kMarks.length + 1; // + the grey of independents and others

// The index of an affiliation, a party's name or short name, among the parties (ballot order);
// kMarks.length for anything else (independents).
export function partyIndex(parties: readonly Party[], name: string): number {
  const index = parties.findIndex((party) => party.name === name || party.short_name === name);
  return index >= 0 && index < kMarks.length ? index : kMarks.length;
}

export function shortName(parties: readonly Party[], name: string): string {
  return parties.find((party) => party.name === name)?.short_name ?? name;
}

export function fillOf(index: number): string {
  return `url(#party-pattern-${index})`;
}

// The patterns, defined once in the page; every chart refers to them by id.
export function PatternDefs() {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" class="pattern-defs">
      <defs>
        {Array.from({ length: kPatternCount }, (_, index) => {
          const colour = kColours[index] ?? kOther;
          const ink = index === 6 || index === 4 ? "#000000" : "#FFFFFF";
          const mark = index < kMarks.length ? kMarks[index]?.(ink) : <path d="M0 6 L6 0" stroke="#FFFFFF" stroke-width="0.8" />;
          return (
            <pattern id={`party-pattern-${index}`} key={index} width="6" height="6" patternUnits="userSpaceOnUse">
              <rect width="6" height="6" fill={index < kColours.length ? colour : kOther} />
              {mark}
            </pattern>
          );
        })}
      </defs>
    </svg>
  );
}

// A small square of the party's colour and pattern, beside its name in a legend or a table.
export function Swatch({ index }: { index: number }) {
  return (
    <svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="15" height="15" fill={fillOf(index)} stroke="#333" />
    </svg>
  );
}
