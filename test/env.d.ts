import type { D1Migration } from '@cloudflare/vitest-plugin';
import type { Bindings } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      MIGRATION_DB: D1Database;
    }
    interface GlobalProps {
      mainModule: typeof import('../src/index');
    }
  }
}
