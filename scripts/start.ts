// npm start [-- --region <name>] [--port 8787]
//
// Without a region: the local copy everyone starts with — migrations, the starter courses, the
// demo accounts (npm run setup), then `wrangler dev`.
//
// With a region: that region's configuration from wrangler.toml ([env.<name>]) on this computer,
// to rehearse its set-up: its own local D1 (kept apart by its database id) migrated and empty, no
// demo accounts, its settings, and a SETUP_TOKEN in .dev.vars.<name> (made here if missing) for
// the first admin at /setup. One thing differs from the deployed region, on purpose: mail goes to
// the local outbox (/dev/outbox) instead of Cloudflare, so invitations can be read and followed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { regionNames } from './regions/config';

const { values } = parseArgs({ options: { region: { type: 'string' }, port: { type: 'string', default: '8787' } } });
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
const step = (command: string[]) => {
  const [program = 'npx', ...args] = command;
  const result = spawnSync(program, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\nStopped: \`${command.join(' ')}\` failed (above).`);
    process.exit(1);
  }
};
const dev = ['wrangler', 'dev', '--port', values.port, '--ip', '127.0.0.1', '--show-interactive-dev-session=false'];

const region = values.region;
if (!region) {
  step(['npm', 'run', 'setup']);
} else {
  if (!regionNames().includes(region)) {
    console.error(
      `No [env.${region}] in wrangler.toml. Regions: ${regionNames().join(', ')}. Add one with npm run region:add -- ${region}`,
    );
    process.exit(1);
  }
  step(['npm', 'run', 'prepare-assets']);
  step(['npx', 'wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--env', region]);
  const token = ensureSetupToken(region);
  dev.push('--env', region, '--var', 'MAIL_TRANSPORT:outbox');
  console.log(`
  Region ${region} is starting on http://localhost:${values.port}
  Create its first admin at http://localhost:${values.port}/setup with the setup secret
  ${token}   (from .dev.vars.${region}; in the deployed region: npx wrangler secret put SETUP_TOKEN --env ${region})
  Mail goes to http://localhost:${values.port}/dev/outbox on this computer.
`);
}
const child = spawn('npx', dev, { stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 0));

/** The region's local SETUP_TOKEN: kept in .dev.vars.<region> (git-ignored), made once. */
function ensureSetupToken(name: string): string {
  const path = `.dev.vars.${name}`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const found = /^SETUP_TOKEN\s*=\s*"?([^"\n]+)"?/m.exec(text)?.[1];
  if (found) return found;
  const token = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  writeFileSync(path, `${text}${text && !text.endsWith('\n') ? '\n' : ''}SETUP_TOKEN="${token}"\n`);
  return token;
}
