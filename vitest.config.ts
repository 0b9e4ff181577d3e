import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Tests run inside workerd against a real D1, migrated with the same SQL files wrangler applies.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations },
          // An empty database that test/data/migrations.test.ts migrates step by step.
          d1Databases: { MIGRATION_DB: 'migration-test', REGION_B_DB: 'region-b' },
          // A second region's database and bucket (test/routes/admin/regions.test.ts).
          r2Buckets: { REGION_B_MEDIA: 'region-b-media' },
          // The real email binding, refusing every address but one: tests of a failed send use
          // MAIL_TRANSPORT = "binding" and any other recipient (src/mail/send.ts).
          email: { send_email: [{ name: 'EMAIL', allowed_destination_addresses: ['delivered@example.org'] }] },
        },
      }),
    ],
    test: {
      include: ['test/**/*.test.{ts,tsx}'],
      exclude: ['test/e2e/**', 'test/scripts/**'],
      setupFiles: ['./test/setup.ts'],
    },
  };
});
