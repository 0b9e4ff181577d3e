import type { D1Migration } from '@cloudflare/vitest-plugin';
import type { Bindings } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      MIGRATION_DB: D1Database;
      REGION_B_DB: D1Database;
      REGION_B_MEDIA: R2Bucket;
    }
    interface GlobalProps {
      mainModule: typeof import('../src/index');
    }
  }
}
