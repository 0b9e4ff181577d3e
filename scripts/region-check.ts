// npm run region:check [-- <region> …] [--no-build] [--strict]
// Checks every [env.<region>] in wrangler.toml (or the ones named): bindings repeated, its own
// database and bucket in the EU, settings a region needs, and that `wrangler deploy --dry-run
// --env <region>` builds. "To do" lines are steps not done yet (the database not created, the
// sender address not set); they fail only with --strict, which region:deploy uses.
import { CONFIG_PATH, positionalArgs, regionConfig, regionNames, run } from './regions/config';
import { checkRegion, type Finding } from './regions/rules';

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const strict = args.includes('--strict');
const named = positionalArgs();
const all = regionNames();
const unknown = named.filter((r) => !all.includes(r));
if (unknown.length) {
  console.error(
    `No [env.${unknown[0]}] in wrangler.toml. Regions: ${all.join(', ') || 'none'}. Add one with npm run region:add -- <name>.`,
  );
  process.exit(1);
}
const regions = named.length ? named : all;
if (regions.length === 0) {
  console.log('No regions in wrangler.toml yet. Add one with npm run region:add -- <name> --language pl');
  process.exit(0);
}

const configs = Object.fromEntries(all.map((r) => [r, regionConfig(r)]));
let failed = false;
let todos = 0;
for (const region of regions) {
  const others = Object.fromEntries(Object.entries(configs).filter(([r]) => r !== region));
  const findings: Finding[] = checkRegion(region, regionConfig(region), others);
  const errors = findings.filter((f) => f.level === 'error' || strict);
  console.log(`\n${errors.length ? '✗' : '✓'} ${region}`);
  for (const f of findings) console.log(`  ${f.level === 'error' ? 'error' : 'to do'}: ${f.message}`);
  if (errors.length) failed = true;
  todos += findings.filter((f) => f.level === 'todo').length;
  if (build && errors.length === 0) {
    console.log(`  building: wrangler deploy --dry-run --env ${region}`);
    if (
      !run([
        'npx',
        'wrangler',
        'deploy',
        '--dry-run',
        '--env',
        region,
        '--outdir',
        `.wrangler/region-check/${region}`,
        '--config',
        CONFIG_PATH,
      ])
    ) {
      console.log(`  error: the Worker for ${region} does not build (see above)`);
      failed = true;
    }
  }
}
const left = todos ? `; ${todos} step(s) still to do before deploying (listed above)` : '; ready to deploy';
console.log(failed ? '\nregion:check found problems (above).' : `\nregion:check: ${regions.length} region(s) configured correctly${left}.`);
process.exit(failed ? 1 : 0);
