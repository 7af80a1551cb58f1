import { useEffect, useState } from 'preact/hooks';
import { nextTheme, parseTheme, THEME_STORAGE_KEY, type ThemeChoice } from '../lib/theme.ts';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Cycles System → Light → Dark; the choice lives in localStorage only. */
export default function ThemeToggle() {
  const [theme, setTheme] = useState<ThemeChoice>('system');
  // Server-rendered markup says "false"; tests and CSS can tell the island is live.
  const [hydrated, setHydrated] = useState(false);

  useEffect(() => {
    setHydrated(true);
    try {
      setTheme(parseTheme(localStorage.getItem(THEME_STORAGE_KEY)));
    } catch {
      // Storage can be disabled; the system theme still applies.
    }
  }, []);

  const choose = (choice: ThemeChoice): void => {
    setTheme(choice);
    const root = document.documentElement;
    if (choice === 'system') delete root.dataset['theme'];
    else root.dataset['theme'] = choice;
    try {
      if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // Not saved, but applied for this page.
    }
  };

  const upcoming = nextTheme(theme);
  return (
    <button
      type="button"
      class="theme-toggle"
      data-hydrated={hydrated ? 'true' : 'false'}
      aria-label={`Theme: ${LABELS[theme]}. Switch to ${LABELS[upcoming]}`}
      onClick={() => choose(upcoming)}
    >
      <span aria-hidden="true" class={`theme-icon theme-icon-${theme}`} />
      <span class="theme-label">{LABELS[theme]}</span>
    </button>
  );
}
