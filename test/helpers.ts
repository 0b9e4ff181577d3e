import { env, exports } from 'cloudflare:workers';
import { hashPassword } from '../src/auth/password';
import { parseBundles, type BundleFile } from '../src/content/bundle';
import { importCourses } from '../src/content/import';
import { createDb } from '../src/db';
import { createUser } from '../src/data/users';
import type { Role } from '../src/data/schema';
import { fixtureFiles } from './fixtures/course';

export const ORIGIN = 'http://localhost';
export const PASSWORD = 'a-long-password';

export const db = () => createDb(env.DB);

export async function importFixture(files: BundleFile[] = fixtureFiles) {
  const parsed = parseBundles(files);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return importCourses(db(), parsed.courses);
}

let counter = 0;
// One hash for all test users: PBKDF2 at 100k iterations is deliberately slow.
let passwordHash: Promise<string> | undefined;

export async function createAccount(role: Role = 'trainer', name = 'Test Trainer') {
  const email = `user${++counter}-${crypto.randomUUID().slice(0, 8)}@example.org`;
  passwordHash ??= hashPassword(PASSWORD);
  const id = await createUser(db(), { email, name, role, passwordHash: await passwordHash });
  return { id: id!, email };
}

type RequestOptions = {
  method?: string;
  form?: Record<string, string | string[]>;
  cookie?: string;
  htmx?: boolean;
  headers?: Record<string, string>;
};

/** Calls the Worker as a browser on our own origin would (Origin header for CSRF, no redirects followed). */
export async function request(path: string, options: RequestOptions = {}) {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set('Cookie', options.cookie);
  if (options.htmx) headers.set('HX-Request', 'true');
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) {
      for (const v of [value].flat()) body.append(name, v);
    }
    if (!headers.has('Origin')) headers.set('Origin', ORIGIN);
  }
  const method = options.method ?? (options.form ? 'POST' : 'GET');
  if (method !== 'GET' && !headers.has('Origin')) headers.set('Origin', ORIGIN);
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body, redirect: 'manual' }));
}

/** Signs in through the real form and returns the session cookie for later requests. */
export async function signIn(email: string, password = PASSWORD): Promise<string> {
  const response = await request('/sign-in', { form: { email, password } });
  const setCookie = response.headers.get('Set-Cookie') ?? '';
  const match = /warsztat_session=([^;]+)/.exec(setCookie);
  if (response.status !== 303 || !match) throw new Error(`sign-in failed: ${response.status}`);
  return `warsztat_session=${match[1]}`;
}

export async function trainerSession(role: Role = 'trainer') {
  const account = await createAccount(role);
  return { ...account, cookie: await signIn(account.email) };
}

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql).bind(...params).first<{ n: number }>();
  return row?.n ?? 0;
}
