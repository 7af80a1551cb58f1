/**
 * Remakes the two shipped decode fixtures that no npm package here can write:
 * HEIC (x265) and JPEG XL with an orientation. Needs Debian's libheif-examples
 * and libjxl-tools; run with `npx vite-node scripts/make-decode-fixtures.ts`.
 * Everything else is made at test time by tests/support/image-fixtures.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orientedPhoto, uprightImage } from '../tests/support/image-fixtures.ts';

const out = join(import.meta.dirname, '..', 'tests', 'fixtures', 'decode');
const work = mkdtempSync(join(tmpdir(), 'imglio-fixtures-'));
try {
  writeFileSync(join(work, 'oriented.jpg'), await orientedPhoto('jpeg'));
  writeFileSync(join(work, 'upright.png'), await uprightImage().png().toBuffer());
  execFileSync('heif-enc', ['-q', '60', '-o', join(out, 'oriented.heic'), join(work, 'oriented.jpg')], { stdio: 'inherit' });
  execFileSync('cjxl', [join(work, 'oriented.jpg'), join(out, 'oriented.jxl')], { stdio: 'inherit' });
  execFileSync('cjxl', ['-d', '0', join(work, 'upright.png'), join(out, 'upright.jxl')], { stdio: 'inherit' });
} finally {
  rmSync(work, { recursive: true, force: true });
}
