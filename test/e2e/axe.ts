/**
 * axe-core accessibility scan of the current page state, injected through the DevTools protocol
 * (page.evaluate is not subject to the page's CSP, so the app's policy stays as shipped; no network).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Serious and critical violations (WCAG 2.x A/AA rules plus best practices) of what is on screen. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const has = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!has) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => String(n.target.join(' '))) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
