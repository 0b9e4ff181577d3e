// npm run region:add -- <name> [--language pl|en] [--site-name "Warsztat Podlaskie"] [--mail-from warsztat@example.org]
// Appends a complete [env.<name>] block to wrangler.toml and prints the next steps.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONFIG_PATH, regionNames } from './regions/config';
import { LANGUAGES, REGION_NAME, regionBlock } from './regions/rules';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: 'string' },
    language: { type: 'string', default: 'pl' },
    'site-name': { type: 'string' },
    'mail-from': { type: 'string' },
  },
});
const region = positionals[0] ?? '';
const fail = (message: string) => {
  console.error(message);
  process.exit(1);
};
if (!REGION_NAME.test(region))
  fail('Give the region a name: lower-case letters, digits and hyphens, e.g. npm run region:add -- podlaskie --language pl');
if (!LANGUAGES.includes(values.language)) fail(`--language must be one of ${LANGUAGES.join(', ')}`);
if (regionNames().includes(region)) fail(`wrangler.toml already has [env.${region}].`);

appendFileSync(
  CONFIG_PATH,
  regionBlock({ region, language: values.language, siteName: values['site-name'], mailFrom: values['mail-from'] }),
);
console.log(`Added [env.${region}] to wrangler.toml. Next (docs/regions.md explains each step):
  1. npx wrangler d1 create warsztat-${region} --jurisdiction eu      → put the id into database_id
  2. npx wrangler r2 bucket create warsztat-media-${region} --jurisdiction eu
  3. set MAIL_FROM to an address on your domain onboarded to Cloudflare Email Sending
  4. npx wrangler secret put SETUP_TOKEN --env ${region}              → the secret for the first admin
  5. npm run region:check -- ${region}
  6. npm run region:deploy -- ${region}
Try it on this computer first: npm start -- --region ${region}`);
