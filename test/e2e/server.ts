// Starts the app the way `npm start` does (setup, then wrangler dev), or uses E2E_BASE_URL.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export type App = { baseUrl: string; stop: () => Promise<void> };

const root = join(import.meta.dirname, '..', '..');
const logDir = join(root, 'test-results');
const READY_TIMEOUT_MS = 120_000;

export async function startApp(): Promise<App> {
  if (process.env.E2E_BASE_URL) {
    const baseUrl = process.env.E2E_BASE_URL.replace(/\/+$/, '');
    console.log(`Using the running app at ${baseUrl}`);
    return { baseUrl, stop: async () => {} };
  }
  const port = Number(process.env.E2E_PORT ?? 8787);
  if (await isListening(port)) {
    throw new Error(
      `Port ${port} is already taken (is \`npm start\` running?). Set E2E_PORT to a free port, or E2E_BASE_URL to use that app.`,
    );
  }
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
  mkdirSync(logDir, { recursive: true });

  console.log('npm run setup …');
  const setup = spawnSync('npm', ['run', 'setup'], { cwd: root, env, encoding: 'utf8' });
  if (setup.status !== 0) {
    throw new Error(`npm run setup failed (exit ${setup.status}):\n${setup.stdout}\n${setup.stderr}`);
  }

  const logPath = join(logDir, 'e2e-wrangler.log');
  const log = createWriteStream(logPath);
  console.log(`wrangler dev on port ${port} (log: ${logPath}) …`);
  // Its own process group, so stopping it also stops workerd and the other children it starts.
  const child = spawn(
    join(root, 'node_modules', '.bin', 'wrangler'),
    ['dev', '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false'],
    { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = () => stopProcessGroup(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, child);
  } catch (error) {
    await stop();
    const tail = readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${(error as Error).message}\nLast lines of ${logPath}:\n${tail}`);
  }
  console.log(`App ready at ${baseUrl}`);
  return { baseUrl, stop };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/courses`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not answer ${baseUrl}/courses within ${READY_TIMEOUT_MS / 1000} s`);
}

async function stopProcessGroup(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
