import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { describeZodError } from '../../../src-main/profiles/store';

describe('validation messages in words', () => {
  it('never shows zod’s own phrasing', () => {
    const s = z.object({ host: z.string(), port: z.number().int().min(1).max(65535), name: z.string().min(1), mode: z.enum(['tcp', 'ssh']) });
    const r = s.safeParse({ port: 70000, name: '', mode: 'x' });
    expect(r.success).toBe(false);
    const text = describeZodError(r.error!, 10);
    expect(text).toBe('host: required; port: at most 65535; name: required; mode: one of: tcp, ssh');
    expect(text).not.toMatch(/Invalid input|expected|received/);
    const t = s.safeParse({ host: 5, port: 'x', name: 'a', mode: 'tcp' });
    expect(describeZodError(t.error!, 10)).toBe('host: must be text; port: must be a number');
  });
});
