/**
 * npm run bench — how fast Warsztat's pages are under `wrangler dev`, compared with a floor.
 *
 *   npm run bench                    reuse the data set in bench/results/state if it is there
 *   npm run bench -- --rebuild       build the data set again
 *   npm run bench -- --duration 8    seconds per measurement (default 6)
 *   npm run bench -- --probe-only    stop before the load: each page probed once (status, size, D1 round trips)
 *   npm run bench -- --plans-only    only the data set, the query plans and the reports' SQLite time
 *
 * Steps: build (or reuse) a region-sized data set in its own D1 state folder; plan the app's real
 * queries with EXPLAIN QUERY PLAN; measure the Worker bundle; start the app (port 8790) and the
 * floor Worker (bench/floor, port 8791) with `wrangler dev`; sign in a bench trainer; drive every
 * page (signed in, and the catalogue and a lesson also as an anonymous visitor) with autocannon at
 * 1 and 16 connections; print the table and write bench/results/latest.md.
 * Timings never fail the process: budgets are reported as met / NOT MET. Both servers are always
 * stopped at the end, also on an error or Ctrl-C.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
// @ts-expect-error autocannon ships no types; the few fields used are typed below.
import autocannon from 'autocannon';
import { type Dataset, ensureDataset, platformProxy, wranglerBin } from './dataset';
import { BIG_TABLES, explainQueries, PLAN, planKey, type QueryPlan, type Skipped, timeQueries } from './explain';

// ---------------------------------------------------------------------------------------------
// Options

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench', 'results');
const stateDir = join(resultsDir, 'state');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const value = inline ? inline.split('=')[1] : i >= 0 ? args[i + 1] : undefined;
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
};
if (args.includes('--help') || args.includes('-h')) {
  console.log('npm run bench [-- --rebuild] [--probe-only | --plans-only] [--duration <s>] [--app-port <p>] [--floor-port <p>]');
  process.exit(0);
}
const REBUILD = args.includes('--rebuild');
const PROBE_ONLY = args.includes('--probe-only');
const PLANS_ONLY = args.includes('--plans-only');
const DURATION = option('duration', 6);
const WARMUP = 1;
const ROUNDS = 3;
const APP_PORT = option('app-port', 8790);
const FLOOR_PORT = option('floor-port', 8791);
const CONCURRENCY = [1, 16] as const;
/** Every page: half the floor's throughput, twice its p99, one D1 round trip (none on a cache hit). */
const BUDGET = { throughputShare: 0.5, p99Factor: 2, roundTrips: 1 };

const app = `http://127.0.0.1:${APP_PORT}`;
const floor = `http://127.0.0.1:${FLOOR_PORT}`;
const log = (s: string) => console.log(s);
const childEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' };

// ---------------------------------------------------------------------------------------------
// Servers: started in their own process groups, always stopped.

type Server = { name: string; child: ChildProcess; logFile: string };
const servers: Server[] = [];

function startServer(name: string, wranglerArgs: string[], port: number, inspectorPort: number): Server {
  const logFile = join(resultsDir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      wranglerBin(root),
      'dev',
      ...wranglerArgs,
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--inspector-port',
      String(inspectorPort),
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    { cwd: root, env: childEnv, detached: true, stdio: ['ignore', out, out] },
  );
  const server = { name, child, logFile };
  servers.push(server);
  return server;
}

let stopping: Promise<void> | null = null;
function stopServers(): Promise<void> {
  stopping ??= Promise.all(
    servers.map(
      ({ child }) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null || !child.pid) return done();
          const kill = (signal: NodeJS.Signals) => {
            try {
              process.kill(-child.pid!, signal); // the group of the wrangler we started
            } catch {
              /* already gone */
            }
          };
          const force = setTimeout(() => kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(force);
            kill('SIGKILL'); // workerd children that outlived wrangler, same group
            done();
          });
          kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the servers …`);
    void stopServers().then(() => process.exit(130));
  });
}
process.on('exit', () => {
  // Last resort if something skipped the finally block: synchronous kills only.
  for (const { child } of servers) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
});

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
      .once('error', () => done(false))
      .once('listening', () => probe.close(() => done(true)))
      .listen(port, '127.0.0.1');
  });
}

async function waitUntilUp(server: Server, url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`${server.name} exited early (code ${server.child.exitCode}):\n${tail(server.logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${server.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${tail(server.logFile)}`);
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

type Target = {
  name: string;
  path: string;
  base: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Measured and shown, but no budget: it explains the others. */
  diagnostic?: boolean;
  /** The group in bench/explain.ts whose query plans this page sends (a signed-in page also the session's). */
  plan?: string;
};

type Probe = { status: number; bytes: number; roundTrips: number | null };
/** One side of a paired measurement: every 2xx latency (ms, float) and how long it ran. */
type Sample = { latencies: number[]; failed: number; seconds: number };
type Stats = { rps: number; p50: number; p99: number; requests: number; failed: number };
type Pair = { page: Stats; floor: Stats };

async function probe(t: Target): Promise<Probe> {
  const res = await fetch(t.base + t.path, { method: t.method ?? 'GET', headers: t.headers, body: t.body, redirect: 'manual' });
  const body = Buffer.from(await res.arrayBuffer());
  const timing = res.headers.get('server-timing') ?? '';
  const m = /d1;desc="(\d+) round trips?"/.exec(timing);
  return { status: res.status, bytes: body.length, roundTrips: m ? Number(m[1]) : null };
}

type Instance = PromiseLike<{ duration: number; errors: number; timeouts: number }> & {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};

async function slice(t: Target, connections: number, seconds: number, sample?: Sample) {
  const instance = autocannon({
    url: t.base + t.path,
    method: t.method ?? 'GET',
    headers: t.headers,
    body: t.body,
    connections,
    duration: seconds,
    timeout: 10,
  }) as Instance;
  if (sample) {
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) sample.latencies.push(ms);
      else sample.failed++;
    });
  }
  const result = await instance;
  if (sample) {
    sample.seconds += result.duration;
    sample.failed += result.errors + result.timeouts;
  }
}

function stats(sample: Sample): Stats {
  const sorted = Float64Array.from(sample.latencies).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
  return { rps: sorted.length / sample.seconds, p50: at(0.5), p99: at(0.99), requests: sorted.length, failed: sample.failed };
}

/**
 * A page and the floor, measured in alternating slices (floor, page, page, floor, floor, page)
 * so that both see the same background load: the machine is shared, and a floor measured a
 * minute earlier is not a fair reference.
 */
async function measurePair(t: Target, floorTarget: Target, connections: number): Promise<Pair> {
  await slice(floorTarget, connections, WARMUP);
  await slice(t, connections, WARMUP);
  const page: Sample = { latencies: [], failed: 0, seconds: 0 };
  const floor: Sample = { latencies: [], failed: 0, seconds: 0 };
  const each = DURATION / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    const order: [Target, Sample][] = [
      [floorTarget, floor],
      [t, page],
    ];
    if (round % 2 === 1) order.reverse();
    for (const [target, sample] of order) await slice(target, connections, each, sample);
  }
  const pair = { page: stats(page), floor: stats(floor) };
  const failed = pair.page.failed ? `  (${pair.page.failed} failed)` : '';
  log(
    `  ${t.name.padEnd(20)} c${String(connections).padEnd(3)} ${pair.page.rps.toFixed(1).padStart(6)} req/s  p50 ${ms(pair.page.p50).padStart(8)}  p99 ${ms(pair.page.p99).padStart(8)}` +
      `   | floor ${pair.floor.rps.toFixed(1).padStart(6)} req/s  p99 ${ms(pair.floor.p99).padStart(8)}${failed}`,
  );
  return pair;
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : '–');

// ---------------------------------------------------------------------------------------------
// Worker size

function workerSize(): { file: string; raw: number; gzip: number } | { error: string } {
  const out = mkdtempSync(join(tmpdir(), 'warsztat-bench-bundle-'));
  try {
    const r = spawnSync(process.execPath, [wranglerBin(root), 'deploy', '--dry-run', '--outdir', out], {
      cwd: root,
      env: childEnv,
      encoding: 'utf8',
    });
    if (r.status !== 0) return { error: `wrangler deploy --dry-run failed: ${(r.stderr || r.stdout).trim().slice(-800)}` };
    const files = readdirSync(out).filter((f) => f.endsWith('.js'));
    if (files.length === 0) return { error: `no .js in ${out}` };
    const main = files.includes('index.js') ? 'index.js' : files[0]!;
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const bytes = readFileSync(join(out, f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { file: files.length === 1 ? main : `${files.length} modules`, raw, gzip };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const verdict = (ok: boolean) => (ok ? 'met' : '**NOT MET**');

function tableOf(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

type PageResult = { target: Target; probe: Probe; runs: Record<number, Pair> };

function report(args: {
  data: Dataset;
  pages: PageResult[];
  floorBytes: number;
  plans: QueryPlan[];
  skipped: Skipped[];
  timings: Map<string, number>;
  size: ReturnType<typeof workerSize>;
  started: number;
}): string {
  const { data, pages, floorBytes, plans, skipped, timings, size } = args;
  const out: string[] = [];
  const cpu = cpus();
  out.push(`# Warsztat benchmark — ${new Date().toISOString()}`);
  out.push('');
  out.push(
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1/5/15 min) at the end; Node ${process.version}, wrangler ${wranglerVersion()}. ` +
      'autocannon over loopback against `wrangler dev` (local workerd, local D1).',
  );
  out.push(
    `Each page and concurrency: ${WARMUP} s warm-up of page and floor, then ${ROUNDS} rounds of ${fmt(DURATION / ROUNDS)} s page and ` +
      `${fmt(DURATION / ROUNDS)} s floor in alternating order (${DURATION} s of each), so a page and its floor see the same background load. ` +
      'Percentiles are computed from every 2xx response.',
  );
  out.push(
    `Data set (bench/results/state): ${Object.entries(data.counts)
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(', ')}.`,
  );
  out.push(
    `Pages are requested as the signed-in trainer ${data.user.email} (${data.user.enrolments} enrolments), language pl. ` +
      `Course: ${data.course.slug} (${data.course.lessons} lessons); lesson: ${data.lesson.key} (${data.lesson.kind}). ` +
      'Rows marked "anonymous" send no cookie: what a visitor gets, from the Workers Cache once the first request filled it. ' +
      'Mark complete is the htmx request (HX-Request: true, 200 fragment); the lesson is already complete, so it is the idempotent path.',
  );
  out.push(
    `Floor: bench/floor, a Worker under \`wrangler dev\` that returns ${floorBytes.toLocaleString('en')} bytes of HTML ` +
      "(the lesson page's size) and does nothing else.",
  );
  out.push('');
  out.push('## Pages');
  out.push('');
  const rows: string[][] = [];
  for (const p of pages) {
    for (const c of CONCURRENCY) {
      const { page, floor } = p.runs[c]!;
      rows.push([
        p.target.diagnostic ? `${p.target.name} *` : p.target.name,
        String(c),
        fmt(page.rps) + (page.failed ? ` (${page.failed} failed)` : ''),
        ms(page.p50),
        ms(page.p99),
        fmt(floor.rps),
        ms(floor.p99),
        `${fmt((100 * page.rps) / floor.rps, 0)}%`,
        `${fmt(page.p99 / floor.p99, 2)}×`,
        String(p.probe.roundTrips ?? '?'),
        p.probe.bytes.toLocaleString('en'),
      ]);
    }
  }
  out.push(
    tableOf(
      ['Page', 'conn', 'req/s', 'p50', 'p99', 'floor req/s', 'floor p99', 'req/s vs floor', 'p99 vs floor', 'D1 trips', 'HTML bytes'],
      rows,
    ),
  );
  out.push('');
  out.push(
    '\\* diagnostic, no budget: GET /certificates (the code form) runs the same Hono middleware, secure headers and JSX layout as every page; ' +
      'anonymous it sends no D1 query, with the session cookie it sends exactly one batch (the session read and renewal, by primary key). ' +
      'The gap between the floor and "no D1" is the framework and rendering; the gap between "no D1" and "1 D1" is the cost of one local D1 round trip.',
  );
  const none = pages.find((p) => p.target.name === 'check form (no D1)');
  const one = pages.find((p) => p.target.name === 'check form (1 D1)');
  if (none && one) {
    const extra = (r: Pair) => r.page.p50 - r.floor.p50;
    out.push('');
    out.push(
      `At 1 connection, one local D1 round trip adds about ${fmt(extra(one.runs[1]!) - extra(none.runs[1]!))} ms to the p50 ` +
        `("1 D1" minus "no D1", each taken over its own paired floor's p50); the framework and layout add ${fmt(extra(none.runs[1]!))} ms over the floor.`,
    );
  }
  out.push('');
  out.push('## Budgets');
  out.push('');
  const groupMisses = (group: string) => plans.filter((q) => q.group === group).flatMap((q) => q.lines.filter((l) => l.verdict === 'MISS'));
  const budgetRows = pages
    .filter((p) => !p.target.diagnostic)
    .map((p) => {
      const cells = [p.target.name];
      for (const c of CONCURRENCY) {
        const { page, floor } = p.runs[c]!;
        cells.push(`${verdict(page.rps >= BUDGET.throughputShare * floor.rps)} (${fmt((100 * page.rps) / floor.rps, 0)}%)`);
      }
      for (const c of CONCURRENCY) {
        const { page, floor } = p.runs[c]!;
        cells.push(`${verdict(page.p99 <= BUDGET.p99Factor * floor.p99)} (${fmt(page.p99 / floor.p99, 2)}×)`);
      }
      const trips = p.probe.roundTrips;
      cells.push(`${verdict(trips !== null && trips <= BUDGET.roundTrips)} (${trips ?? '?'})`);
      const groups = planGroups(p.target);
      const misses = groups.flatMap(groupMisses).length;
      const unchecked = skipped.some((x) => groups.includes(x.group));
      cells.push(unchecked ? 'not checked' : verdict(misses === 0));
      return cells;
    });
  out.push(
    tableOf(
      [
        'Page',
        'req/s ≥ 50% of floor, c1',
        'req/s ≥ 50% of floor, c16',
        'p99 ≤ 2× floor, c1',
        'p99 ≤ 2× floor, c16',
        `≤ ${BUDGET.roundTrips} D1 trip`,
        'indexed queries',
      ],
      budgetRows,
    ),
  );
  out.push('');
  const benchPlans = plans.filter((q) => q.benchmarked);
  const allMisses = plans.flatMap((q) => q.lines.filter((l) => l.verdict === 'MISS').map((l) => ({ q, l })));
  const benchMisses = benchPlans.flatMap((q) => q.lines.filter((l) => l.verdict === 'MISS'));
  out.push(
    `Index budget, benchmarked pages (${benchPlans.length} statements): ${verdict(benchMisses.length === 0)}. ` +
      `All data functions checked (${plans.length} statements): ${verdict(allMisses.length === 0)}.`,
  );
  for (const x of skipped) out.push(`- not checked, ${x.group}: ${x.reason}.`);
  const slowKeys = new Set<string>();
  for (const q of plans) {
    const key = planKey(q);
    const t = timings.get(key) ?? 0;
    if (t <= SLOW_MS || slowKeys.has(key)) continue;
    slowKeys.add(key);
    const groups = [...new Set(plans.filter((o) => planKey(o) === key).map((o) => o.group))].join('; ');
    const sql = q.sql.length > 300 ? `${q.sql.slice(0, 300)} …` : q.sql;
    out.push(
      `- slow (over ${SLOW_MS} ms of SQLite time), ${groups}: ${t.toFixed(2)} ms. Query: \`${sql}\` with ${JSON.stringify(q.params)}`,
    );
  }
  for (const { q, l } of allMisses) {
    out.push(`- MISS, ${q.group}${q.benchmarked ? '' : ' (not benchmarked)'}: \`${l.detail.trim()}\` (${l.why}). Query: \`${q.sql}\``);
  }
  const seen = new Set<string>();
  for (const q of plans) {
    for (const l of q.lines.filter((x) => x.verdict === 'note')) {
      const key = `${l.detail.trim()}|${q.sql}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const groups = [...new Set(plans.filter((o) => o.sql === q.sql).map((o) => o.group))].join('; ');
      out.push(`- note, ${groups}: \`${l.detail.trim()}\` (${l.why}).`);
    }
  }
  out.push('');
  const reports = reportTimes(plans, timings);
  if (reports.length) out.push(...reports, '');
  out.push('## Worker size');
  out.push('');
  if ('error' in size) out.push(size.error);
  else
    out.push(
      `\`wrangler deploy --dry-run\` bundle (${size.file}): ${kb(size.raw)} raw, **${kb(size.gzip)} gzipped** ` +
        '(Workers limit: 3 MiB gzipped on Free, 10 MiB on Paid).',
    );
  out.push('');
  out.push('## Query plans (EXPLAIN QUERY PLAN on the bench data set)');
  out.push('');
  out.push(
    'Every statement the data functions send, with its real parameters. Time: mean of 50 runs of the statement on the D1 database file ' +
      "with node:sqlite, i.e. SQLite's own work without D1's plumbing (reads only; writes are planned but not run). " +
      `MISS = full table scan or automatic index on a table that grows with trainers (${BIG_TABLES.join(', ')}); ` +
      'note = a whole index of such a table is walked, all rows of a content table over 1,000 rows are walked, or an automatic index is built.',
  );
  let group = '';
  for (const q of plans) {
    if (q.group !== group) {
      group = q.group;
      out.push('');
      out.push(`### ${group}${q.benchmarked ? '' : ' (not benchmarked)'}`);
    }
    const t = timings.get(planKey(q));
    out.push('');
    out.push(`\`${q.sql.length > 240 ? `${q.sql.slice(0, 240)} …` : q.sql}\`${t !== undefined ? ` — ${t.toFixed(3)} ms` : ''}`);
    out.push('');
    out.push('```');
    for (const l of q.lines) {
      out.push(`${l.verdict === 'ok' ? '    ' : l.verdict.padEnd(4)} ${l.detail}${l.why && l.verdict !== 'ok' ? `   <- ${l.why}` : ''}`);
    }
    out.push('```');
  }
  out.push('');
  out.push(`Total bench time: ${((Date.now() - args.started) / 1000).toFixed(0)} s.`);
  return out.join('\n');
}

/** Issue 11: every report reads in under this much SQLite time on the bench data set. */
const REPORT_BUDGET_MS = 50;

/**
 * The reports' SQLite time: per plan group of a report (admin-only pages, not benchmarked under
 * load, so this is their budget), the sum of its statements' mean times, against the budget.
 */
function reportTimes(plans: QueryPlan[], timings: Map<string, number>): string[] {
  const totals = new Map<string, number>();
  for (const q of plans) {
    if (!/report|indicators/.test(q.group)) continue;
    totals.set(q.group, (totals.get(q.group) ?? 0) + (timings.get(planKey(q)) ?? 0));
  }
  if (totals.size === 0) return [];
  return [
    `Reports, SQLite time per read (budget ${REPORT_BUDGET_MS} ms):`,
    ...[...totals].map(([group, ms]) => `  ${ms.toFixed(1).padStart(7)} ms  ${verdict(ms <= REPORT_BUDGET_MS)}  ${group}`),
  ];
}

/** A read taking longer than this in SQLite alone is listed under the budgets. */
const SLOW_MS = 0.5;

/** The query-plan groups of a page: its own, and the session check when it is signed in. */
function planGroups(target: Target): string[] {
  return [...(target.headers.Cookie ? [PLAN.session] : []), ...(target.plan ? [target.plan] : [])];
}

function wranglerVersion(): string {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'wrangler', 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const started = Date.now();
  mkdirSync(resultsDir, { recursive: true });

  // A fresh checkout has no generated asset list yet; the layout imports it.
  if (!existsSync(join(root, 'src', 'generated', 'assets.ts'))) {
    log('Preparing assets (scripts/prepare-assets.mjs) …');
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'prepare-assets.mjs')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('prepare-assets failed');
  }

  for (const [port, what] of [
    [APP_PORT, 'app'],
    [FLOOR_PORT, 'floor'],
  ] as const) {
    if (!(await portFree(port))) throw new Error(`port ${port} (${what}) is in use; pass --${what}-port <free port>`);
  }

  const data = await ensureDataset(root, stateDir, REBUILD, log);

  log("Planning the app's queries (EXPLAIN QUERY PLAN) …");
  let plans: QueryPlan[];
  let skipped: Skipped[];
  const proxy = await platformProxy(root, stateDir);
  try {
    ({ plans, skipped } = await explainQueries(proxy.env.DB, data));
  } finally {
    await proxy.dispose();
  }
  const timings = (await timeQueries(stateDir, plans)) ?? new Map<string, number>();
  log(`  ${plans.length} statements planned, ${plans.flatMap((q) => q.lines).filter((l) => l.verdict === 'MISS').length} misses`);
  for (const s of skipped) log(`  not checked: ${s.group}: ${s.reason}`);
  log(reportTimes(plans, timings).join('\n'));
  if (PLANS_ONLY) return;

  log('Measuring the Worker bundle (wrangler deploy --dry-run) …');
  const size = workerSize();
  log('error' in size ? `  ${size.error}` : `  ${kb(size.raw)} raw, ${kb(size.gzip)} gzipped`);

  log(`Starting the app on ${app} and the floor on ${floor} (logs in bench/results/*.log) …`);
  const appServer = startServer('app', ['--persist-to', stateDir], APP_PORT, option('app-inspector-port', 9290));
  const floorServer = startServer(
    'floor',
    ['-c', join('bench', 'floor', 'wrangler.toml'), '--persist-to', join(resultsDir, 'floor-state')],
    FLOOR_PORT,
    option('floor-inspector-port', 9291),
  );
  await Promise.all([waitUntilUp(appServer, `${app}/courses`), waitUntilUp(floorServer, `${floor}/?bytes=100`)]);
  log('  both answer');

  // Sign in the bench trainer.
  const signIn = await fetch(`${app}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: app, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: data.user.email, password: data.user.password, next: '/learning' }).toString(),
  });
  await signIn.arrayBuffer();
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('__Host-warsztat_session='));
  if (signIn.status !== 303 || !cookie) throw new Error(`sign-in failed: HTTP ${signIn.status}, no __Host-warsztat_session cookie`);
  log(`  signed in as ${data.user.email}`);

  const auth = { Cookie: cookie };
  const lessonPath = `/courses/${data.course.slug}/lessons/${data.lesson.key}`;
  const targets: Target[] = [
    // The certificate check form for a visitor: Hono, middleware, secure headers and JSX, but no D1 at all.
    { name: 'check form (no D1)', path: '/certificates', base: app, headers: {}, diagnostic: true },
    // The same form with the session cookie: exactly one D1 round trip (the session read and renewal).
    { name: 'check form (1 D1)', path: '/certificates', base: app, headers: auth, diagnostic: true },
    // A visitor without a cookie: the public pages, served from the Workers Cache once warm.
    { name: 'catalogue, anonymous', path: '/courses', base: app, headers: {}, plan: PLAN.anonymousCatalogue },
    { name: 'lesson, anonymous', path: lessonPath, base: app, headers: {}, plan: PLAN.anonymousLesson },
    { name: 'catalogue', path: '/courses', base: app, headers: auth, plan: PLAN.catalogue },
    { name: 'course page', path: `/courses/${data.course.slug}`, base: app, headers: auth, plan: PLAN.course },
    { name: 'lesson page', path: lessonPath, base: app, headers: auth, plan: PLAN.lesson },
    { name: 'dashboard', path: '/learning', base: app, headers: auth, plan: PLAN.dashboard },
    {
      name: 'mark complete',
      path: `${lessonPath}/complete`,
      base: app,
      method: 'POST',
      headers: { ...auth, Origin: app, 'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true' },
      body: '',
      plan: PLAN.markComplete,
    },
  ];

  // Two requests each, and the second one counts: it is what the load sees. Mark complete is then
  // the idempotent path every later request takes, and an anonymous page a cache hit.
  const probes = new Map<Target, Probe>();
  for (const t of targets) {
    await probe(t);
    const p = await probe(t);
    if (p.status !== 200) throw new Error(`${t.name} ${t.method ?? 'GET'} ${t.path} answered HTTP ${p.status}, expected 200`);
    probes.set(t, p);
    log(`  ${t.name.padEnd(20)} ${t.path}: ${p.bytes} bytes, ${p.roundTrips ?? '?'} D1 round trips`);
  }
  if (PROBE_ONLY) return;
  const floorBytes = probes.get(targets.find((t) => t.name === 'lesson page')!)!.bytes;
  const floorTarget: Target = { name: 'floor', path: `/?bytes=${floorBytes}`, base: floor, headers: {} };
  const floorProbe = await probe(floorTarget);
  if (floorProbe.status !== 200 || floorProbe.bytes !== floorBytes) {
    throw new Error(`floor answered HTTP ${floorProbe.status} with ${floorProbe.bytes} bytes, expected ${floorBytes}`);
  }

  const seconds = targets.length * CONCURRENCY.length * 2 * (DURATION + WARMUP);
  log(`Load: each page against the floor, ${DURATION} s of each per concurrency (about ${Math.ceil(seconds / 60)} min) …`);
  const pages: PageResult[] = [];
  for (const t of targets) {
    const runs: Record<number, Pair> = {};
    for (const c of CONCURRENCY) runs[c] = await measurePair(t, floorTarget, c);
    pages.push({ target: t, probe: probes.get(t)!, runs });
  }

  const text = report({ data, pages, floorBytes, plans, skipped, timings, size, started });
  writeFileSync(join(resultsDir, 'latest.md'), `${text}\n`);
  writeFileSync(
    join(resultsDir, 'latest.json'),
    JSON.stringify({ data, floorBytes, pages: pages.map((p) => ({ ...p.target, ...p.probe, runs: p.runs })), size, plans }, null, 2),
  );
  log('');
  log(text);
  log('');
  log(`Written to ${join('bench', 'results', 'latest.md')} (and latest.json).`);
}

try {
  await main();
} catch (err) {
  console.error(`\nbench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await stopServers();
}
// Nothing may keep the bench alive once the servers are down.
process.exit(process.exitCode ?? 0);
