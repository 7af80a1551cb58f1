import { describe, expect, it } from 'vitest';
import { tools, validateRegistry } from './registry.ts';
import type { ToolMeta } from './types.ts';

const tool = (slug: string): ToolMeta => ({ slug, title: 'T', description: 'D', accepts: ['png'], status: 'coming-soon' });

describe('tool registry', () => {
  it('declares each tool once with a valid slug', () => {
    const slugs = tools.map((t) => t.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).toEqual(expect.arrayContaining(['compress', 'convert', 'resize', 'metadata']));
  });
  it('rejects duplicates, reserved and malformed slugs', () => {
    expect(() => validateRegistry([tool('a'), tool('a')])).toThrow(/twice/);
    expect(() => validateRegistry([tool('privacy')])).toThrow(/reserved/);
    expect(() => validateRegistry([tool('Bad Slug')])).toThrow(/lower-case/);
    expect(() => validateRegistry([{ ...tool('x'), accepts: [] }])).toThrow(/accept/);
    expect(() => validateRegistry([{ ...tool('x'), status: 'available' }])).toThrow(/island/);
  });
  it('makes the four image tools available with their settings panels', () => {
    for (const slug of ['compress', 'convert', 'resize', 'metadata']) {
      const meta = tools.find((t) => t.slug === slug);
      expect(meta?.status).toBe('available');
      expect(meta?.island?.archiveName).toMatch(/^imglio-/);
    }
    expect(tools.find((t) => t.slug === 'compress')?.island?.panels).toEqual(expect.arrayContaining(['format', 'quality', 'smart']));
    expect(tools.find((t) => t.slug === 'resize')?.island?.panels).toContain('resize');
    expect(tools.find((t) => t.slug === 'metadata')?.island?.mode).toBe('metadata');
    expect(tools.find((t) => t.slug === 'edit')?.island?.mode).toBe('edit');
  });
});
