import { describe, expect, it } from 'vitest';
import { BOOKMARK_COOKIE } from '../../src/http/context';
import { catalogueUrl, learningUrl } from '../../src/urls';
import { createAccount, importFixture, PASSWORD, request, trainerSession } from '../helpers';

const bookmarkOf = (response: Response) => new RegExp(`${BOOKMARK_COOKIE}=([^;]+)`).exec(response.headers.get('Set-Cookie') ?? '')?.[1];

// src/http/context.ts: every request reads through D1's Sessions API; a signed-in person's
// bookmark travels in a cookie so that, with read replicas on, they always read their own writes.
describe('D1 sessions and bookmarks', () => {
  it('gives a browser that signs in the bookmark of its sign-in, and moves it on after its writes', async () => {
    await importFixture();
    const { email } = await createAccount();
    const signedIn = await request('/sign-in', { form: { email, password: PASSWORD } });
    const first = bookmarkOf(signedIn);
    expect(first).toMatch(/^[0-9a-f]{8}-/);

    const trainer = await trainerSession();
    const enrolled = await request('/courses/test-course/enrol', { form: {}, cookie: trainer.cookie });
    expect(enrolled.status).toBe(303);
    const afterWrite = bookmarkOf(enrolled);
    expect(afterWrite).toBeDefined();
    // The next page starts from that bookmark and shows the write.
    const page = await request(learningUrl(), { cookie: `${trainer.cookie}; ${BOOKMARK_COOKIE}=${afterWrite}` });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/courses/test-course');
  });

  it('sets no bookmark for visitors (their pages may come from any replica, or the cache)', async () => {
    const response = await request(catalogueUrl());
    expect(response.status).toBe(200);
    expect(bookmarkOf(response)).toBeUndefined();
  });

  it('ignores a bookmark cookie that is not one, and reads from the primary', async () => {
    const trainer = await trainerSession();
    for (const junk of ['nonsense', '../../x', '00000000-zz']) {
      const response = await request(learningUrl(), { cookie: `${trainer.cookie}; ${BOOKMARK_COOKIE}=${junk}` });
      expect(response.status).toBe(200);
    }
  });
});
