/**
 * What a region's block in wrangler.toml must hold, as pure functions over the configuration that
 * wrangler itself resolves for `--env <region>` (scripts/region-check.ts reads it). No file or
 * network access here, so the rules are unit-tested inside workerd (test/regions.test.ts).
 *
 * Why each rule: bindings are not inherited by `[env.<region>]` blocks, so a region that forgets one
 * deploys a Worker that fails on its first request; two regions sharing a Worker name, database or
 * bucket overwrite each other's data; a region must send real mail and count sign-in attempts with
 * the platform's rate limiter; and its data must stay in the EU.
 */

/** The part of wrangler's resolved configuration the rules read. */
export type RegionConfig = {
  name?: string;
  vars: Record<string, unknown>;
  d1_databases: { binding: string; database_name?: string; database_id?: string; migrations_dir?: string }[];
  r2_buckets: { binding: string; bucket_name?: string; jurisdiction?: string }[];
  ratelimits: { name: string; namespace_id: string }[];
  send_email: { name: string }[];
};

export type Finding = {
  /** "error" stops region:check; "todo" is a step the region's people have not done yet (region:deploy stops on it). */
  level: 'error' | 'todo';
  message: string;
};

export const REGION_NAME = /^[a-z][a-z0-9-]{1,30}$/;
export const LANGUAGES = ['pl', 'en'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Placeholders region:add writes until the database exists: one per region, so local copies stay apart. */
export const placeholderDatabaseId = (region: string) => `create-with-wrangler-d1-create-${region}`;

export function checkRegion(region: string, config: RegionConfig, others: Record<string, RegionConfig>): Finding[] {
  const findings: Finding[] = [];
  const error = (message: string) => findings.push({ level: 'error', message });
  const todo = (message: string) => findings.push({ level: 'todo', message });

  if (!REGION_NAME.test(region)) error(`the region's name "${region}" must be lower-case letters, digits and hyphens`);
  const name = config.name;
  if (!name || name === 'warsztat') error(`name: set a Worker name of its own, e.g. name = "warsztat-${region}"`);
  for (const [other, otherConfig] of Object.entries(others)) {
    if (name && otherConfig.name === name) error(`name "${name}" is also region ${other}'s: deploying one would replace the other`);
  }

  const db = config.d1_databases.find((d) => d.binding === 'DB');
  if (!db) {
    error(`[[env.${region}.d1_databases]] with binding = "DB" is missing (bindings are not inherited from the top level)`);
  } else {
    if (!db.database_name) error('d1_databases: database_name is missing');
    if (db.migrations_dir !== 'migrations') error('d1_databases: migrations_dir must be "migrations"');
    if (!db.database_id || !UUID.test(db.database_id)) {
      todo(
        `the D1 database is not created yet: run \`npx wrangler d1 create ${db.database_name ?? `warsztat-${region}`} --jurisdiction eu\` and put the id it prints into database_id`,
      );
    }
    for (const [other, otherConfig] of Object.entries(others)) {
      const theirs = otherConfig.d1_databases.find((d) => d.binding === 'DB');
      if (theirs && db.database_id && theirs.database_id === db.database_id)
        error(`database_id is also region ${other}'s: each region has its own database`);
      if (theirs && db.database_name && theirs.database_name === db.database_name)
        error(`database_name "${db.database_name}" is also region ${other}'s`);
    }
  }

  const media = config.r2_buckets.find((b) => b.binding === 'MEDIA');
  if (!media) {
    error(`[[env.${region}.r2_buckets]] with binding = "MEDIA" is missing`);
  } else {
    if (media.jurisdiction !== 'eu') error('r2_buckets: MEDIA needs jurisdiction = "eu" (and the bucket created with --jurisdiction eu)');
    for (const [other, otherConfig] of Object.entries(others)) {
      if (otherConfig.r2_buckets.some((b) => b.binding === 'MEDIA' && b.bucket_name === media.bucket_name)) {
        error(`bucket "${media.bucket_name}" is also region ${other}'s`);
      }
    }
  }
  for (const extra of config.r2_buckets.filter((b) => b.binding !== 'MEDIA')) error(`r2_buckets: unexpected binding ${extra.binding}`);

  if (!config.ratelimits.some((r) => r.name === 'SIGNIN_LIMITER')) error(`[[env.${region}.ratelimits]] named "SIGNIN_LIMITER" is missing`);
  if (!config.send_email.some((s) => s.name === 'EMAIL')) error(`[[env.${region}.send_email]] named "EMAIL" is missing`);

  const vars = config.vars;
  const text = (key: string) => (typeof vars[key] === 'string' ? (vars[key] as string) : undefined);
  if (!LANGUAGES.includes(text('DEFAULT_LANGUAGE') ?? '')) error(`vars: DEFAULT_LANGUAGE must be one of ${LANGUAGES.join(', ')}`);
  if (!text('SITE_NAME')?.trim()) error('vars: SITE_NAME is missing');
  if (!['true', 'false'].includes(text('SIGNUP_OPEN') ?? '')) error('vars: SIGNUP_OPEN must be "true" or "false"');
  if (text('RATE_LIMIT_STORE') !== 'binding') error('vars: RATE_LIMIT_STORE must be "binding" (the D1 counter is for local use)');
  if (text('MAIL_TRANSPORT') !== 'binding')
    error('vars: MAIL_TRANSPORT must be "binding": "outbox" keeps mail on this machine and sends nothing');
  const from = text('MAIL_FROM') ?? '';
  if (!EMAIL.test(from) || from.endsWith('@localhost')) error('vars: MAIL_FROM must be an address on your sending domain');
  else if (/@example\.(org|com|net)$/.test(from))
    todo(`vars: MAIL_FROM is still ${from}: use an address on the domain you onboarded to Cloudflare Email Sending`);
  const days = Number(text('INVITATION_DAYS'));
  if (!Number.isInteger(days) || days < 1 || days > 90) error('vars: INVITATION_DAYS must be a whole number of days from 1 to 90');
  return findings;
}

export type RegionBlockOptions = { region: string; language: string; siteName?: string; mailFrom?: string };

/** A complete `[env.<region>]` block for wrangler.toml, as region:add appends it. */
export function regionBlock({ region, language, siteName, mailFrom }: RegionBlockOptions): string {
  const title = siteName ?? `Warsztat ${region.charAt(0).toUpperCase()}${region.slice(1)}`;
  return `
# Region ${region}. Created by \`npm run region:add\`; see docs/regions.md.
[env.${region}]
name = "warsztat-${region}"

[env.${region}.vars]
DEFAULT_LANGUAGE = "${language}"
SIGNUP_OPEN = "false"
SITE_NAME = ${JSON.stringify(title)}
RATE_LIMIT_STORE = "binding"
MAIL_TRANSPORT = "binding"
MAIL_FROM = ${JSON.stringify(mailFrom ?? 'warsztat@example.org')}
INVITATION_DAYS = "14"

# Created with \`npx wrangler d1 create warsztat-${region} --jurisdiction eu\`: put its id here.
[[env.${region}.d1_databases]]
binding = "DB"
database_name = "warsztat-${region}"
database_id = "${placeholderDatabaseId(region)}"
migrations_dir = "migrations"

[[env.${region}.ratelimits]]
name = "SIGNIN_LIMITER"
namespace_id = "1001"
simple = { limit = 10, period = 60 }

# Created with \`npx wrangler r2 bucket create warsztat-media-${region} --jurisdiction eu\`.
[[env.${region}.r2_buckets]]
binding = "MEDIA"
bucket_name = "warsztat-media-${region}"
jurisdiction = "eu"

[[env.${region}.send_email]]
name = "EMAIL"
`;
}

/** What region:deploy runs, in order: migrations first (a new release may need the new schema), then the Worker. */
export function deployCommands(region: string, configPath = 'wrangler.toml'): string[][] {
  const config = configPath === 'wrangler.toml' ? [] : ['--config', configPath];
  return [
    ['npx', 'wrangler', 'd1', 'migrations', 'apply', 'DB', '--remote', '--env', region, ...config],
    ['npx', 'wrangler', 'deploy', '--env', region, ...config],
  ];
}
