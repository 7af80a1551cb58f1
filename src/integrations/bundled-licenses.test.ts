import { describe, expect, it } from 'vitest';
import { packageNameFromModuleId } from './bundled-licenses.ts';

describe('packageNameFromModuleId', () => {
  it('finds plain and scoped packages, using the innermost node_modules', () => {
    expect(packageNameFromModuleId('/app/node_modules/preact/dist/preact.mjs')).toBe('preact');
    expect(packageNameFromModuleId('/app/node_modules/@jsquash/webp/encode.js?worker')).toBe('@jsquash/webp');
    expect(packageNameFromModuleId('/app/node_modules/a/node_modules/b/index.js')).toBe('b');
    expect(packageNameFromModuleId('\0/app/node_modules/preact/hooks/dist/hooks.mjs')).toBe('preact');
  });
  it('ignores project files', () => {
    expect(packageNameFromModuleId('/app/src/islands/ThemeToggle.tsx')).toBeNull();
  });
});
