// Loading snapshot files for a screen: the value, or the error, or neither while loading. A
// screen re-renders when the load settles; a newer load replaces an older one (the route moved).
import { useEffect, useState } from "preact/hooks";

export type Loaded<T> = { state: "loading" } | { state: "done"; value: T } | { state: "failed"; error: unknown };

export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    let live = true;
    setLoaded({ state: "loading" });
    load().then(
      (value) => live && setLoaded({ state: "done", value }),
      (error: unknown) => live && setLoaded({ state: "failed", error }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return loaded;
}
