import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRegion, deployCommands, type RegionConfig } from '../../scripts/regions/rules';

/** Runs a region script on a copy of wrangler.toml; nothing here reaches Cloudflare. */
function script(name: string, args: string[], config: string) {
  const result = spawnSync('npx', ['tsx', `scripts/${name}.ts`, ...args, '--config', config], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_API_TOKEN: '' },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

function copyOfConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warsztat-regions-'));
  const path = join(dir, 'wrangler.toml');
  // migrations_dir and main are relative to the file: point them back at the repository.
  const text = readFileSync('wrangler.toml', 'utf8')
    .replaceAll('migrations_dir = "migrations"', `migrations_dir = "${join(process.cwd(), 'migrations')}"`)
    .replace('main = "src/index.tsx"', `main = "${join(process.cwd(), 'src/index.tsx')}"`)
    .replace('directory = "public"', `directory = "${join(process.cwd(), 'public')}"`);
  writeFileSync(path, text);
  return path;
}

const good: RegionConfig = {
  name: 'warsztat-test',
  vars: {
    DEFAULT_LANGUAGE: 'pl',
    SIGNUP_OPEN: 'false',
    SITE_NAME: 'Warsztat Test',
    RATE_LIMIT_STORE: 'binding',
    MAIL_TRANSPORT: 'binding',
    MAIL_FROM: 'warsztat@region.pl',
    INVITATION_DAYS: '14',
  },
  d1_databases: [
    { binding: 'DB', database_name: 'warsztat-test', database_id: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', migrations_dir: 'migrations' },
  ],
  r2_buckets: [{ binding: 'MEDIA', bucket_name: 'warsztat-media-test', jurisdiction: 'eu' }],
  ratelimits: [{ name: 'SIGNIN_LIMITER', namespace_id: '1001' }],
  send_email: [{ name: 'EMAIL' }],
};

describe('checkRegion', () => {
  it('finds nothing in a complete region', () => {
    expect(checkRegion('test', good, {})).toEqual([]);
  });

  it('names every binding a region forgot to repeat', () => {
    const bare = { ...good, d1_databases: [], r2_buckets: [], ratelimits: [], send_email: [] };
    const messages = checkRegion('test', bare, {}).map((f) => f.message);
    for (const binding of ['"DB"', '"MEDIA"', '"SIGNIN_LIMITER"', '"EMAIL"']) {
      expect(messages.some((m) => m.includes(binding))).toBe(true);
    }
  });

  it('refuses local-only settings and data outside the EU', () => {
    const local = {
      ...good,
      vars: { ...good.vars, MAIL_TRANSPORT: 'outbox', RATE_LIMIT_STORE: 'd1', MAIL_FROM: 'warsztat@localhost' },
      r2_buckets: [{ binding: 'MEDIA', bucket_name: 'b' }],
    };
    const messages = checkRegion('test', local, {}).map((f) => `${f.level}: ${f.message}`);
    expect(messages).toEqual([
      expect.stringContaining('error: r2_buckets: MEDIA needs jurisdiction = "eu"'),
      expect.stringContaining('error: vars: RATE_LIMIT_STORE'),
      expect.stringContaining('error: vars: MAIL_TRANSPORT'),
      expect.stringContaining('error: vars: MAIL_FROM'),
    ]);
  });

  it('refuses two regions sharing a Worker, a database or a bucket', () => {
    const messages = checkRegion('test', good, { other: good }).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringContaining('also region other'),
      expect.stringContaining('also region other'),
      expect.stringContaining('also region other'),
      expect.stringContaining('also region other'),
    ]);
  });

  it('reports a placeholder database id as a step still to do, with the command that creates it in the EU', () => {
    const placeholder = { ...good, d1_databases: [{ ...good.d1_databases[0]!, database_id: 'create-with-wrangler-d1-create-test' }] };
    expect(checkRegion('test', placeholder, {})).toEqual([
      { level: 'todo', message: expect.stringContaining('npx wrangler d1 create warsztat-test --jurisdiction eu') },
    ]);
  });
});

describe('npm run region:add, region:check, region:deploy', () => {
  it('adds a complete region that region:check accepts, and refuses a second one of that name', () => {
    const config = copyOfConfig();
    const added = script('region-add', ['lubuskie', '--language', 'en'], config);
    expect(added.status, added.out).toBe(0);
    expect(added.out).toContain('npx wrangler d1 create warsztat-lubuskie --jurisdiction eu');
    expect(readFileSync(config, 'utf8')).toContain('[env.lubuskie]');
    const checked = script('region-check', ['lubuskie', '--no-build'], config);
    expect(checked.status, checked.out).toBe(0);
    expect(checked.out).toContain('✓ lubuskie');
    expect(checked.out).toContain('to do: the D1 database is not created yet');
    expect(script('region-add', ['lubuskie'], config).status).toBe(1);
    expect(script('region-add', ['Bad Name'], config).status).toBe(1);
  });

  it('fails region:check on a region with a binding missing, and --strict fails on steps still to do', () => {
    const config = copyOfConfig();
    writeFileSync(config, readFileSync(config, 'utf8').replace(/\[\[env\.podlaskie\.send_email\]\]\nname = "EMAIL"\n/, ''));
    const checked = script('region-check', ['podlaskie', '--no-build'], config);
    expect(checked.status).toBe(1);
    expect(checked.out).toContain('[[env.podlaskie.send_email]] named "EMAIL" is missing');
    expect(script('region-check', ['pomorskie', '--no-build', '--strict'], config).status).toBe(1);
    expect(script('region-check', ['nowhere', '--no-build'], config).status).toBe(1);
  });

  it('region:deploy --dry-run prints the migrations, then the deploy, and runs nothing', () => {
    const config = copyOfConfig();
    const planned = script('region-deploy', ['podlaskie', '--dry-run'], config);
    expect(planned.status, planned.out).toBe(0);
    const commands = planned.out.split('\n').filter((line) => line.startsWith('npx '));
    expect(commands).toEqual(deployCommands('podlaskie', config).map((c) => c.join(' ')));
    expect(commands[0]).toContain('d1 migrations apply DB --remote --env podlaskie');
    expect(commands[1]).toContain('wrangler deploy --env podlaskie');
  });

  it('region:deploy refuses a region with steps still to do, before running anything', () => {
    const config = copyOfConfig();
    const refused = script('region-deploy', ['podlaskie'], config);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('Not deploying podlaskie');
    expect(refused.out).not.toContain('→ npx wrangler');
  });

  it('every region in the repository passes region:check (without building: CI builds them in npm run check)', () => {
    const checked = execFileSync('npx', ['tsx', 'scripts/region-check.ts', '--no-build'], { encoding: 'utf8' });
    expect(checked).toContain('4 region(s) configured correctly');
  });
});
