// The logged-in user, shared by every screen: undefined while the first GET /auth/me is under
// way, null when nobody is logged in.
import { signal } from "@preact/signals";

import { me, type Me } from "./api";

export const session = signal<Me | null | undefined>(undefined);

export async function loadSession(): Promise<void> {
  try {
    session.value = await me();
  } catch {
    session.value = null;
  }
}
