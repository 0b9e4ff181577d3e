import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/data/schema.ts into migrations/, where wrangler applies them
// (`wrangler d1 migrations apply`) in dev, tests and production alike. Review every file it writes.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/data/schema.ts',
  out: './migrations',
});
