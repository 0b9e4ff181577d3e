// Reads wrangler.toml the way wrangler does (its own parser and environment rules), for the
// region scripts. Node only.
import { spawnSync } from 'node:child_process';
import { experimental_readRawConfig, unstable_readConfig } from 'wrangler';
import type { RegionConfig } from './rules';

/** wrangler.toml, or the file named by `--config <path>` (the tests use a copy). */
export const CONFIG_PATH = (() => {
  const i = process.argv.indexOf('--config');
  return (i > 0 && process.argv[i + 1]) || 'wrangler.toml';
})();

/** The names of the `[env.<region>]` blocks, in file order. */
export function regionNames(configPath = CONFIG_PATH): string[] {
  const { rawConfig } = experimental_readRawConfig({ config: configPath });
  return Object.keys(rawConfig.env ?? {});
}

/** The configuration wrangler would deploy for `--env <region>`. */
export function regionConfig(region: string, configPath = CONFIG_PATH): RegionConfig {
  const config = unstable_readConfig({ config: configPath, env: region });
  return {
    name: config.name,
    vars: config.vars as Record<string, unknown>,
    d1_databases: config.d1_databases,
    r2_buckets: config.r2_buckets,
    ratelimits: config.ratelimits,
    send_email: config.send_email,
  };
}

/** Runs a command with its output shown; true when it succeeded. */
export function run([program = 'npx', ...args]: string[]): boolean {
  const result = spawnSync(program, args, { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
  return result.status === 0;
}

/** The arguments that are not options (nor an option's value). */
export function positionalArgs(argv = process.argv.slice(2)): string[] {
  return argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--config');
}
