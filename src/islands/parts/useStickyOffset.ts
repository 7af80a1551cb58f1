/**
 * Keeps `--sticky-offset` on the root element at the height of a sticky bar (set through CSSOM: the
 * CSP forbids style attributes in markup, not this), so html's scroll-padding keeps focused and
 * scrolled-to rows out from under the bar.
 */
import { useEffect, type MutableRef } from 'preact/hooks';

export function useStickyOffset(ref: MutableRef<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    const bar = ref.current;
    const root = document.documentElement;
    if (!active || !bar) return undefined;
    const observer = new ResizeObserver(() => root.style.setProperty('--sticky-offset', `${Math.ceil(bar.getBoundingClientRect().height)}px`));
    observer.observe(bar);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--sticky-offset');
    };
  }, [ref, active]);
}
