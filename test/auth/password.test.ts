import { describe, expect, it } from 'vitest';
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from '../../src/auth/password';

describe('password hashing', () => {
  it('stays within the production PBKDF2 cap of 100,000 iterations', async () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000);
    const stored = await hashPassword('correct horse battery');
    expect(Number(stored.split('$')[1])).toBeLessThanOrEqual(100_000);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterz', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password 1')).not.toBe(await hashPassword('same password 1'));
  });

  it('refuses a stored hash that asks for more iterations than production allows', async () => {
    const stored = await hashPassword('correct horse battery');
    const inflated = stored.replace(/\$\d+\$/, '$200000$');
    expect(await verifyPassword('correct horse battery', inflated)).toBe(false);
  });
});
