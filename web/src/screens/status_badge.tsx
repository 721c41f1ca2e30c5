// A protocol's status as a badge: a text label always (colour is never the only signal), on a
// colour of the Okabe–Ito palette, which stays distinguishable with the common colour-vision
// deficiencies. The colours are in styles.css (.status-<group>).
import { progressGroup, type EntryStatus, type ProgressGroup } from "../api";
import { t, type MessageKey } from "../i18n";

export function statusLabel(status: EntryStatus): string {
  return t(`status.${status}` as MessageKey);
}

export function groupLabel(group: ProgressGroup): string {
  return t(`progress.${group}` as MessageKey);
}

export function StatusBadge({ status }: { status: EntryStatus }) {
  return <span class={`status status-${progressGroup(status)}`}>{statusLabel(status)}</span>;
}
