import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

/** Privacy policy, terms and the verification guide: Markdown in content/legal. */
const legal = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/legal' }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1),
    updated: z.coerce.date(),
    version: z.string().regex(/^\d+\.\d+$/, 'version is MAJOR.MINOR, e.g. 1.0'),
    /** Order in the footer. */
    order: z.number().int().default(100),
  }),
});

export const collections = { legal };
