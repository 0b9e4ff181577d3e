import { defineConfig } from 'vitest/config';

// The command-line scripts (region:add, region:check, region:deploy) run on Node, not in workerd:
// their tests run them as a person would, on copies of wrangler.toml, and reach no Cloudflare API.
export default defineConfig({
  test: {
    include: ['test/scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
