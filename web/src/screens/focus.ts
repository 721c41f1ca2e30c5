// Focus an element when its screen appears. (The autofocus attribute is honoured only on page
// load, not when a screen replaces another.)
import { useEffect, useRef } from "preact/hooks";

export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
