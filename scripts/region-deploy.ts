// npm run region:deploy -- <region> [--dry-run]
// Checks the region strictly (no step left to do), applies the database migrations to its remote
// D1, then deploys its Worker; stops at the first failure and says what did not happen.
// --dry-run prints the commands and runs nothing that reaches Cloudflare.
import { CONFIG_PATH, positionalArgs, regionConfig, regionNames, run } from './regions/config';
import { checkRegion, deployCommands } from './regions/rules';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const region = positionalArgs()[0];
const all = regionNames();
if (!region || !all.includes(region)) {
  console.error(`Name a region from wrangler.toml: ${all.join(', ') || '(none yet: npm run region:add)'}`);
  process.exit(1);
}
const others = Object.fromEntries(all.filter((r) => r !== region).map((r) => [r, regionConfig(r)]));
const findings = checkRegion(region, regionConfig(region), others);
const commands = deployCommands(region, CONFIG_PATH);
if (dryRun) {
  for (const f of findings) console.log(`# ${f.level === 'error' ? 'error' : 'to do'}: ${f.message}`);
  for (const command of commands) console.log(command.join(' '));
  process.exit(0);
}
if (findings.length) {
  console.error(`Not deploying ${region}: finish these first (npm run region:check -- ${region} --strict):`);
  for (const f of findings) console.error(`  ${f.level === 'error' ? 'error' : 'to do'}: ${f.message}`);
  process.exit(1);
}
const steps = ['the database migrations', 'the Worker'];
for (const [i, command] of commands.entries()) {
  console.log(`\n→ ${command.join(' ')}`);
  if (!run(command)) {
    console.error(
      `\nStopped: ${steps[i]} failed for ${region} (above).${i === 1 ? ' The migrations were applied; the previous Worker is still serving.' : ' Nothing was deployed.'}`,
    );
    process.exit(1);
  }
}
console.log(`\n${region} is deployed.`);
