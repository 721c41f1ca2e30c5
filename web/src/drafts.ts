// What a typist has typed into an entry and the server has not acknowledged yet, kept outside
// the form so that it survives the form being closed: a session that ends mid-entry shows the
// log-in screen, and after logging in again the form reopens with every figure as typed and
// saves it. Kept in this tab only (memory, and sessionStorage for a reload), under the user's id:
// never in localStorage, where the other typist of the same computer could read the first
// entry and break the independence of double entry.

interface Draft {
  texts: Record<string, string>;
  acknowledged: string[];
}

const memory = new Map<string, Draft>();

function key(user: string, protocol: string, entry: number): string {
  return `esep.draft.${user}.${protocol}.${entry}`;
}

export function saveDraft(user: string, protocol: string, entry: number, draft: Draft): void {
  const name = key(user, protocol, entry);
  memory.set(name, draft);
  try {
    globalThis.sessionStorage?.setItem(name, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the copy in memory still covers a new login.
  }
}

export function loadDraft(user: string, protocol: string, entry: number): Draft | null {
  const name = key(user, protocol, entry);
  const held = memory.get(name);
  if (held !== undefined) return held;
  try {
    const text = globalThis.sessionStorage?.getItem(name);
    if (text) {
      const parsed = JSON.parse(text) as Draft;
      if (typeof parsed.texts === "object" && Array.isArray(parsed.acknowledged)) return parsed;
    }
  } catch {
    // An unreadable copy is no draft.
  }
  return null;
}

export function clearDraft(user: string, protocol: string, entry: number): void {
  const name = key(user, protocol, entry);
  memory.delete(name);
  try {
    globalThis.sessionStorage?.removeItem(name);
  } catch {
    // Nothing to remove.
  }
}
