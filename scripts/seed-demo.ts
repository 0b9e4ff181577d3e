// npm run seed:demo — the local demo accounts. Local D1 only: this script talks to the database
// under .wrangler/ and no deployed region ever runs it.
import { getPlatformProxy } from 'wrangler';
import { hashPassword } from '../src/auth/password';
import { createUser } from '../src/data/users';
import { createDb } from '../src/db';

export const DEMO_PASSWORD = 'warsztat-demo';
const accounts = [
  { email: 'admin@example.org', name: 'Anna Administratorka', role: 'admin' as const },
  { email: 'trainer@example.org', name: 'Tomasz Trener', role: 'trainer' as const },
];

const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: true });
try {
  const db = createDb(proxy.env.DB);
  for (const account of accounts) {
    const id = await createUser(db, { ...account, passwordHash: await hashPassword(DEMO_PASSWORD) });
    console.log(id === null ? `${account.email} already exists` : `created ${account.email}`);
  }
} finally {
  await proxy.dispose();
}
console.log(`
  Warsztat is starting on http://localhost:8787
  Sign in as ${accounts.map((a) => `${a.email} (${a.role})`).join(' or ')}, password "${DEMO_PASSWORD}".
`);
