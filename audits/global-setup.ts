/**
 * Builds the site once, before parallel workers start, unless the audit
 * targets a deployment given by AUDIT_URL (which needs no local build).
 */
import { ensureBuild } from './support/target.ts';

export default function globalSetup(): void {
  if (!process.env['AUDIT_URL']) ensureBuild();
}
