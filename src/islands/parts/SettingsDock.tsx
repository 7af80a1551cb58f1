/**
 * Where the settings live: beside the list on wide screens, as a disclosure that keeps its state for
 * the visit (collapsed, the list gets the room); on narrow screens in a bottom sheet (a modal dialog:
 * focus stays inside, Escape closes it) opened by a "Settings" button.
 */
import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import { ChevronIcon, SlidersIcon } from './icons.tsx';

interface Props {
  readonly narrow: boolean;
  readonly children: ComponentChildren;
}

const FOCUSABLE = 'button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes to the first and back: the sheet is modal. */
function trapTab(event: KeyboardEvent, container: HTMLElement): void {
  if (event.key !== 'Tab') return;
  // checkVisibility also skips the contents of closed <details> (laid out, but content-visibility: hidden).
  const shown = (el: HTMLElement) => (typeof el.checkVisibility === 'function' ? el.checkVisibility() : el.getClientRects().length > 0);
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.matches(':disabled') && shown(el));
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

export function SettingsDock({ narrow, children }: Props) {
  const id = useId();
  const [expanded, setExpanded] = useState(true);
  const sheet = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  if (narrow) {
    return (
      <div class="settings-launcher">
        <button ref={opener} type="button" class="button settings-open" aria-haspopup="dialog" onClick={() => sheet.current?.showModal()}>
          <SlidersIcon />Settings
        </button>
        <dialog ref={sheet} class="settings-sheet" aria-labelledby={`${id}-title`}
          onKeyDown={(e) => trapTab(e, e.currentTarget)} onClose={() => opener.current?.focus()}>
          <div class="sheet-header">
            <h2 class="tool-heading" id={`${id}-title`}>Settings</h2>
            <button type="button" class="button" onClick={() => sheet.current?.close()}>Done</button>
          </div>
          <div class="sheet-body">{children}</div>
        </dialog>
      </div>
    );
  }
  return (
    <aside class={`tool-settings${expanded ? '' : ' tool-settings-collapsed'}`} aria-labelledby={`${id}-title`}>
      <h2 class="tool-heading" id={`${id}-title`}>
        <button type="button" class="settings-toggle" aria-expanded={expanded} aria-controls={`${id}-body`} onClick={() => setExpanded(!expanded)}>
          Settings<ChevronIcon />
        </button>
      </h2>
      <div class="tool-settings-body" id={`${id}-body`} hidden={!expanded}>{children}</div>
    </aside>
  );
}
