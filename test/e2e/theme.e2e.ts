/** Light and dark theme: follows the OS while "system" is chosen, remembers an explicit choice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchApp, type AppHarness } from './harness';
import { MemorySecretStore } from '../helpers/memory-secrets';

describe.runIf(haveChromium())('theme', () => {
  let app: AppHarness;
  const theme = () => app.page.evaluate(() => document.documentElement.dataset.theme);
  const bg = () => app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  beforeAll(async () => {
    app = await launchApp({ secrets: new MemorySecretStore() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('follows the OS preference while "system" is chosen, live', async () => {
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await app.page.reload();
    await app.page.getByTestId('theme-toggle').waitFor();
    expect(await app.page.getByTestId('theme-toggle').innerText()).toContain('system');
    expect(await theme()).toBe('dark');
    const darkBg = await bg();
    await app.page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(theme).toBe('light');
    expect(await bg()).not.toBe(darkBg);
  });

  it('cycles system → light → dark and remembers the choice across a reload', async () => {
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.page.getByTestId('theme-toggle').click();
    expect(await app.page.getByTestId('theme-toggle').innerText()).toContain('light');
    await app.page.getByTestId('theme-toggle').click();
    expect(await theme()).toBe('dark');
    await app.page.reload();
    await app.page.getByTestId('theme-toggle').waitFor();
    expect(await theme()).toBe('dark'); // chosen explicitly, although the OS says light
    await app.page.getByTestId('theme-toggle').click(); // back to system → light
    expect(await theme()).toBe('light');
  });
});
