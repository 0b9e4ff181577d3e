import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { hashPassword } from '../src/auth/password';
import { SESSION_COOKIE } from '../src/auth/session';
import { type BundleFile, parseBundles } from '../src/content/bundle';
import { importCourses } from '../src/content/import';
import type { Role } from '../src/data/schema';
import { createUser } from '../src/data/users';
import { createDb } from '../src/db';
import { forgetContentVersion } from '../src/http/page-cache';
import { app } from '../src/index';
import { listOutbox, type OutboxMessage, outboxMessage } from '../src/mail/outbox';
import { attemptsUrl, completeUrl, enrolUrl, reflectionUrl } from '../src/urls';
import { fixtureFiles } from './fixtures/course';

export const ORIGIN = 'http://localhost';
export const PASSWORD = 'a-long-password';

export const db = () => createDb(env.DB);

/** Imports as the command line does, then forgets the cached content version as the Studio does. */
export async function importFixture(files: BundleFile[] = fixtureFiles) {
  const parsed = parseBundles(files);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const summary = await importCourses(db(), parsed.courses);
  await forgetContentVersion();
  return summary;
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
  /** Settings this request sees instead of wrangler.toml's (e.g. MAIL_TRANSPORT = "binding"). */
  env?: Partial<Cloudflare.Env>;
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
  const req = new Request(`${ORIGIN}${path}`, { method, headers, body, redirect: 'manual' });
  if (options.env) return app.fetch(req, { ...env, ...options.env }, createExecutionContext());
  return exports.default.fetch(req);
}

let clients = 0;

/**
 * A distinct client address per call. Sign-in is rate-limited per email AND per address, and in
 * tests every request would otherwise come from the same address, so a file that signs in more
 * than ten trainers within a minute would be throttled.
 */
export function clientAddress(): string {
  clients++;
  return `10.0.${(clients >> 8) & 255}.${clients & 255}`;
}

/** Signs in through the real form and returns the session cookie for later requests. */
export async function signIn(email: string, password = PASSWORD): Promise<string> {
  const response = await request('/sign-in', {
    form: { email, password },
    headers: { 'CF-Connecting-IP': clientAddress() },
  });
  const setCookie = response.headers.get('Set-Cookie') ?? '';
  const match = /__Host-warsztat_session=([^;]+)/.exec(setCookie);
  if (response.status !== 303 || !match) throw new Error(`sign-in failed: ${response.status}`);
  return `${SESSION_COOKIE}=${match[1]}`;
}

export async function trainerSession(role: Role = 'trainer') {
  const account = await createAccount(role);
  return { ...account, cookie: await signIn(account.email) };
}

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** A signed-in trainer enrolled in `slug` (the fixture course by default). */
export async function enrolledTrainer(slug = 'test-course') {
  const trainer = await trainerSession();
  const response = await request(enrolUrl(slug), { form: {}, cookie: trainer.cookie });
  if (response.status !== 303) throw new Error(`enrol failed: ${response.status}`);
  return trainer;
}

/** The N of the `Server-Timing: d1;desc="N round trips"` header (see src/d1-counter.ts). */
export function roundTrips(response: Response): number {
  const match = /d1;desc="(\d+) round trips"/.exec(response.headers.get('Server-Timing') ?? '');
  if (!match) throw new Error(`no D1 Server-Timing header: ${response.headers.get('Server-Timing')}`);
  return Number(match[1]);
}

/** Every table a request could write to, with its row count: compare before and after. */
export async function tableCounts(): Promise<Record<string, number>> {
  const tables = [
    'users',
    'sessions',
    'courses',
    'course_texts',
    'modules',
    'module_texts',
    'lessons',
    'lesson_texts',
    'quiz_questions',
    'quiz_options',
    'quiz_texts',
    'enrolments',
    'lesson_progress',
    'quiz_attempts',
    'reflections',
    'certificates',
    'draft_courses',
    'draft_modules',
    'draft_lessons',
    'course_versions',
    'audit_log',
    'cohorts',
    'waitlist',
    'invitations',
    'account_tokens',
    'participant_profiles',
    'settings',
  ];
  const rows = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT count(*) AS n FROM ${t}`)));
  return Object.fromEntries(tables.map((t, i) => [t, (rows[i]!.results[0] as { n: number }).n]));
}

/** The fixture with some files replaced (by path), added, or removed (`null`). */
export function fixtureWith(changes: Record<string, string | null>, base: BundleFile[] = fixtureFiles): BundleFile[] {
  const files = base
    .filter((f) => changes[f.path] !== null)
    .map((f) => (typeof changes[f.path] === 'string' ? { path: f.path, text: changes[f.path]! } : f));
  for (const [path, text] of Object.entries(changes)) {
    if (text !== null && !base.some((f) => f.path === path)) files.push({ path, text });
  }
  return files;
}

/** The text of one fixture file, to edit in a test. */
export function fixtureText(path: string): string {
  const file = fixtureFiles.find((f) => f.path === path);
  if (!file) throw new Error(`no fixture file ${path}`);
  return file.text;
}

/** A text as hono/jsx writes it into HTML, to look for UI strings in a page. */
export function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export const EN = { 'Accept-Language': 'en' } as const;

/** The session cookie's token. */
export const tokenOf = (cookie: string) => cookie.slice(`${SESSION_COOKIE}=`.length);

/** Completes every required lesson of the fixture course (not the optional `extra`). */
export async function completeFixtureCourse(cookie: string) {
  const slug = 'test-course';
  // One after another, as a trainer would: each request starts only when the last has answered.
  const steps: [string, Record<string, string | string[]>][] = [
    [completeUrl(slug, 'first-page'), {}],
    [completeUrl(slug, 'second-page'), {}],
    [attemptsUrl(slug, 'check'), { 'q.colour': '0', 'q.even': ['0', '2'] }],
    [reflectionUrl(slug, 'reflect'), { body: 'What I take away.' }],
  ];
  for (const [path, form] of steps) {
    const response = await request(path, { form, cookie });
    if (response.status !== 303) throw new Error(`a completion step failed (${path}): ${response.status}`);
  }
}

/** The answer an anonymous visitor gets: 303 to sign-in, coming back to `back` afterwards. */
export function expectSignInRedirect(response: Response, back: string) {
  expect(response.status).toBe(303);
  expect(response.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(back)}`);
}

/** The newest message in the local outbox to `to` (src/mail/outbox.ts), or null. */
export async function lastMailTo(to: string): Promise<OutboxMessage | null> {
  const entry = (await listOutbox(env.MEDIA)).find((m) => m.to === to);
  return entry ? outboxMessage(env.MEDIA, entry.id) : null;
}

/** The first link in a message's text that starts with `path` on our origin, as a path. */
export function linkIn(message: OutboxMessage, path: string): string {
  const match = message.text
    .match(/https?:\/\/\S+/g)
    ?.map((url) => new URL(url))
    .find((url) => url.pathname.startsWith(path));
  if (!match) throw new Error(`no link to ${path} in: ${message.text}`);
  return match.pathname + match.search;
}
