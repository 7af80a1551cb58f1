import { describe, expect, it } from 'vitest';
import { assignUniqueNames, baseName, claimUniqueName, renderFileName, safeFileName, templateProblem } from './filename-template.ts';

const fields = { name: 'holiday', width: 800, height: 600, ext: 'webp', index: 3, format: 'webp' };

describe('file name templates', () => {
  it('fills every field', () => {
    expect(renderFileName('{name}-{width}x{height}.{ext}', fields)).toBe('holiday-800x600.webp');
    expect(renderFileName('{index}_{format}_{name}.{ext}', fields)).toBe('3_webp_holiday.webp');
  });
  it('adds the extension when the template forgets it', () => {
    expect(renderFileName('{name}-small', fields)).toBe('holiday-small.webp');
  });
  it('falls back to the default for a broken template and explains why', () => {
    expect(templateProblem('{nam}.{ext}')).toMatch(/Unknown field \{nam\}/);
    expect(templateProblem('   ')).toMatch(/empty/);
    expect(templateProblem('{width}.{ext}')).toMatch(/\{name\} or \{index\}/);
    expect(templateProblem('{name}.{ext}')).toBeUndefined();
    expect(renderFileName('{nam}.{ext}', fields)).toBe('holiday.webp');
  });
  it('strips the last extension only', () => {
    expect(baseName('photo.final.JPG')).toBe('photo.final');
    expect(baseName('folder/sub/a.png')).toBe('a');
    expect(baseName('.hidden')).toBe('.hidden');
    expect(baseName('noext')).toBe('noext');
  });
});

describe('safe file names', () => {
  it('replaces characters file systems refuse', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j.png')).toBe('a_b_c_d_e_f_g_h_i_j.png');
    expect(safeFileName('tab\there\u0001.png')).toBe('tab_here_.png');
  });
  it('never yields hidden, empty or reserved names', () => {
    expect(safeFileName('..')).toBe('image');
    expect(safeFileName('  ')).toBe('image');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('CON.png')).toBe('_CON.png');
    expect(safeFileName('name. ')).toBe('name');
  });
  it('caps the length but keeps the extension', () => {
    const long = safeFileName(`${'x'.repeat(300)}.jpeg`);
    expect(long.length).toBe(200);
    expect(long.endsWith('.jpeg')).toBe(true);
  });
});

describe('unique names', () => {
  it('numbers duplicates case-insensitively', () => {
    const taken = new Set<string>();
    expect(claimUniqueName('a.png', taken)).toBe('a.png');
    expect(claimUniqueName('A.png', taken)).toBe('A (2).png');
    expect(claimUniqueName('a.png', taken)).toBe('a (3).png');
    expect(claimUniqueName('README', taken)).toBe('README');
    expect(claimUniqueName('README', taken)).toBe('README (2)');
  });
});

describe('assignUniqueNames', () => {
  it('keeps list order, so the first result keeps its name', () => {
    const names = assignUniqueNames([{ id: 5, fileName: 'x.webp' }, { id: 2, fileName: 'x.webp' }, { id: 9, fileName: 'y.webp' }]);
    expect([...names.entries()]).toEqual([[5, 'x.webp'], [2, 'x (2).webp'], [9, 'y.webp']]);
  });
});
