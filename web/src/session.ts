// The logged-in user, shared by every screen: undefined while the first GET /auth/me is under
// way, null when nobody is logged in. And when the session ends unless renewed: every answer
// of the server says how many seconds are left (X-Esep-Session-Seconds), and any request renews
// it, so the deadline moves with use.
import { signal } from "@preact/signals";

import { me, setSessionSecondsListener, type Me } from "./api";

export const session = signal<Me | null | undefined>(undefined);

// Whether the last session ended under the user (a request refused with 401 while logged in):
// the login screen then says so, instead of appearing without a word.
export const sessionEnded = signal(false);

// When the session ends (milliseconds since the epoch, by this browser's clock), or null.
export const sessionEnds = signal<number | null>(null);

setSessionSecondsListener((seconds) => {
  sessionEnds.value = Date.now() + seconds * 1000;
});

export async function loadSession(): Promise<void> {
  try {
    session.value = await me();
  } catch {
    session.value = null;
  }
}
