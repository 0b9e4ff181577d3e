import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import {
  completeFixtureCourse,
  count,
  createAccount,
  EN,
  enrolledTrainer,
  escaped,
  expectSignInRedirect,
  importFixture,
  request,
  roundTrips,
  signIn,
  tableCounts,
  trainerSession,
} from '../../helpers';

const p = en.people;
let admin: { id: number; email: string; cookie: string };

beforeAll(async () => {
  await importFixture();
  admin = await trainerSession('admin');
});

const as = (cookie: string, form?: Record<string, string | string[]>) => ({ cookie, headers: EN, ...(form ? { form } : {}) });

/** A signed-in account with a name of our choosing. */
async function person(name: string, role: 'admin' | 'trainer' = 'trainer') {
  const account = await createAccount(role, name);
  return { ...account, cookie: await signIn(account.email) };
}

/** The ids of the people rows of a list page, in order. */
function listed(html: string): number[] {
  return [...html.matchAll(/<th scope="row"><a href="\/admin\/people\/(\d+)">/g)].map((m) => Number(m[1]));
}

async function list(query: string, cookie = admin.cookie) {
  const response = await request(`/admin/people${query}`, as(cookie));
  return { response, html: await response.text() };
}

const testCourseId = async () => (await env.DB.prepare("SELECT id FROM courses WHERE slug = 'test-course'").first<{ id: number }>())!.id;

/** Makes every active admin but `keep` inactive for `run`, then restores them. */
async function onlyActiveAdmins(keep: number[], run: () => Promise<void>) {
  const others = await env.DB.prepare(
    `SELECT id FROM users WHERE role = 'admin' AND deactivated_at IS NULL AND id NOT IN (${keep.join(',')})`,
  ).all<{ id: number }>();
  const ids = others.results.map((r) => r.id);
  if (ids.length) await env.DB.prepare(`UPDATE users SET deactivated_at = 1 WHERE id IN (${ids.join(',')})`).run();
  try {
    await run();
  } finally {
    if (ids.length) await env.DB.prepare(`UPDATE users SET deactivated_at = NULL WHERE id IN (${ids.join(',')})`).run();
  }
}

describe('GET /admin/people', () => {
  it('searches names and emails whatever their case, Polish letters too', async () => {
    const zaneta = await createAccount('trainer', 'Żaneta Łukasiewicz');
    const other = await createAccount('trainer', 'Someone Else');
    const byName = await list('?q=%C5%BCaneta+%C5%82ukas'); // "żaneta łukas"
    expect(byName.response.status).toBe(200);
    expect(listed(byName.html)).toEqual([zaneta.id]);
    expect(byName.html).toContain('<bdi>Żaneta Łukasiewicz</bdi>');
    const byEmail = await list(`?q=${encodeURIComponent(zaneta.email.toUpperCase())}`);
    expect(listed(byEmail.html)).toEqual([zaneta.id]);
    const upper = await list('?q=SOMEONE+ELSE');
    expect(listed(upper.html)).toEqual([other.id]);
  });

  it('matches % and _ only as themselves', async () => {
    const percent = await createAccount('trainer', 'Hundred % Sure');
    const underscore = await createAccount('trainer', 'Under_Score');
    expect(listed((await list('?q=%25')).html)).toEqual([percent.id]);
    expect(listed((await list('?q=_')).html)).toEqual([underscore.id]);
    expect(listed((await list('?q=Under%5C')).html)).toEqual([]);
  });

  it('never lists deleted accounts', async () => {
    const gone = await createAccount('trainer', 'Deleted Dorota');
    await env.DB.prepare('UPDATE users SET deleted_at = 1 WHERE id = ?').bind(gone.id).run();
    expect(listed((await list('?q=Deleted+Dorota')).html)).toEqual([]);
  });

  it('filters by role and by account state', async () => {
    const boss = await createAccount('admin', 'Filter Boss');
    const active = await createAccount('trainer', 'Filter Active');
    const off = await createAccount('trainer', 'Filter Off');
    await env.DB.prepare('UPDATE users SET deactivated_at = 5 WHERE id = ?').bind(off.id).run();
    expect(listed((await list('?q=Filter&role=admin')).html)).toEqual([boss.id]);
    expect(listed((await list('?q=Filter&role=trainer')).html)).toEqual([active.id, off.id]);
    expect(listed((await list('?q=Filter&state=deactivated')).html)).toEqual([off.id]);
    expect(listed((await list('?q=Filter&state=active&role=')).html)).toEqual([active.id, boss.id]);
    const page = (await list('?q=Filter&state=deactivated')).html;
    expect(page).toContain(`<td>${p.states.deactivated}</td>`);
  });

  it('filters by course, cohort and learning state, showing the course progress', async () => {
    const course = await testCourseId();
    const started = await enrolledTrainer();
    await env.DB.prepare("UPDATE users SET name = 'Learner Started' WHERE id = ?").bind(started.id).run();
    await request('/courses/test-course/lessons/first-page/complete', { form: {}, cookie: started.cookie });
    const fresh = await enrolledTrainer();
    await env.DB.prepare("UPDATE users SET name = 'Learner Fresh' WHERE id = ?").bind(fresh.id).run();
    const done = await enrolledTrainer();
    await env.DB.prepare("UPDATE users SET name = 'Learner Done' WHERE id = ?").bind(done.id).run();
    await completeFixtureCourse(done.cookie);
    const left = await enrolledTrainer();
    await env.DB.prepare("UPDATE users SET name = 'Learner Left', email = 'left-' || email WHERE id = ?").bind(left.id).run();
    await env.DB.prepare('UPDATE enrolments SET withdrawn_at = 7 WHERE user_id = ?').bind(left.id).run();
    const waiting = await createAccount('trainer', 'Learner Waiting');
    const cohort = await env.DB.prepare("INSERT INTO cohorts (course_id, name, capacity) VALUES (?, 'Spring group', 0) RETURNING id")
      .bind(course)
      .first<{ id: number }>();
    await env.DB.prepare('INSERT INTO waitlist (cohort_id, user_id, created_at) VALUES (?, ?, 1)').bind(cohort!.id, waiting.id).run();
    await createAccount('trainer', 'Learner Elsewhere');

    const inCourse = await list(`?q=Learner&course=${course}`);
    expect(listed(inCourse.html).sort()).toEqual([done.id, fresh.id, left.id, started.id, waiting.id].sort());
    expect(inCourse.html).toContain(`<th scope="col">${p.progress}</th>`);
    expect(inCourse.html).toContain(`${p.learningStates.completed} · ${p.progressOf(4, 4)}`);
    expect(inCourse.html).toContain(`${p.learningStates['in-progress']} · ${p.progressOf(1, 4)}`);
    const state = async (learning: string) => listed((await list(`?q=Learner&course=${course}&learning=${learning}`)).html);
    expect(await state('enrolled')).toEqual([fresh.id]);
    expect(await state('in-progress')).toEqual([started.id]);
    expect(await state('completed')).toEqual([done.id]);
    expect(await state('withdrawn')).toEqual([left.id]);
    expect(await state('waiting')).toEqual([waiting.id]);
    expect(listed((await list(`?q=Learner&cohort=${cohort!.id}`)).html)).toEqual([waiting.id]);
    // Without a course filter: the number of courses they are enrolled in.
    const all = await list('?q=Learner+Done');
    expect(all.html).toContain(`<th scope="col">${p.courses}</th>`);
    expect(all.html).toMatch(/Learner Done<\/bdi><\/a><\/th><td><bdi>[^<]+<\/bdi><\/td><td>Trainer<\/td><td>1<\/td>/);
  });

  it('pages through 50 at a time, keeping the filters in the links', async () => {
    for (let i = 0; i < 53; i++) await createAccount('trainer', `Pager ${String(i).padStart(2, '0')}`);
    const first = await list('?q=Pager&role=trainer');
    expect(listed(first.html)).toHaveLength(50);
    expect(first.html).toContain(escaped(p.found(53)));
    expect(first.html).toContain('href="/admin/people?q=Pager&amp;role=trainer&amp;page=2"');
    const second = await list('?q=Pager&role=trainer&page=2');
    expect(listed(second.html)).toHaveLength(3);
    expect(second.html).toContain('<bdi>Pager 52</bdi>');
    expect(second.html).toContain(`<span aria-current="page">${p.page(2)}</span>`);
  });

  it('gives htmx only the results, and a history restore the whole page', async () => {
    const response = await request('/admin/people?q=Pager+07', {
      ...as(admin.cookie),
      headers: { ...EN, 'HX-Request': 'true', 'HX-Request-Type': 'partial' },
    });
    const html = await response.text();
    expect(html.startsWith('<section id="people-results"')).toBe(true);
    expect(html).not.toContain('<form');
    const restore = await request('/admin/people?q=Pager+07', {
      ...as(admin.cookie),
      headers: { ...EN, 'HX-Request': 'true', 'HX-Request-Type': 'full', 'HX-History-Restore-Request': 'true' },
    });
    expect(await restore.text()).toContain('<form method="get" action="/admin/people"');
  });

  it('links to invitations and is in the admin navigation', async () => {
    const { html } = await list('');
    expect(html).toContain('href="/admin/invitations"');
    const studio = await request('/admin/courses', as(admin.cookie));
    expect(await studio.text()).toContain(`<a href="/admin/people">${p.title}</a>`);
  });

  it('answers 422 with the form as typed for a filter it cannot read', async () => {
    const needsCourse = await list('?q=abc&learning=completed');
    expect(needsCourse.response.status).toBe(422);
    expect(needsCourse.html).toContain(escaped(p.errors.learningNeedsCourse));
    expect(needsCourse.html).toContain('value="abc"');
    expect(listed(needsCourse.html)).toEqual([]);
    for (const query of ['?role=owner', '?state=gone', '?page=0', '?course=x', `?q=${'a'.repeat(201)}`]) {
      expect((await list(query)).response.status, query).toBe(422);
    }
    const partial = await request('/admin/people?role=owner', {
      ...as(admin.cookie),
      headers: { ...EN, 'HX-Request': 'true', 'HX-Request-Type': 'partial' },
    });
    expect(partial.status).toBe(422);
    expect(await partial.text()).toContain(p.errors.unknown);
  });

  it('is 403 for a trainer and sends visitors to sign in', async () => {
    const trainer = await trainerSession();
    expect((await request('/admin/people', as(trainer.cookie))).status).toBe(403);
    expectSignInRedirect(await request('/admin/people?q=x'), '/admin/people?q=x');
  });
});

describe('GET /admin/people/:id', () => {
  it('shows the account, courses with cohort, progress per module, quiz attempts and the certificate, not reflections', async () => {
    const trainer = await enrolledTrainer();
    await request('/courses/test-course/lessons/check/attempts', { form: { 'q.colour': '1', 'q.even': ['1'] }, cookie: trainer.cookie });
    await completeFixtureCourse(trainer.cookie);
    await request('/courses/test-course/lessons/reflect/reflection', { form: { body: 'My private thoughts 42' }, cookie: trainer.cookie });
    const course = await testCourseId();
    const cohort = await env.DB.prepare(
      "INSERT INTO cohorts (course_id, name, capacity, starts_at) VALUES (?, 'Autumn', 0, 0) RETURNING id",
    )
      .bind(course)
      .first<{ id: number }>();
    const ahead = await createAccount();
    await env.DB.prepare('INSERT INTO waitlist (cohort_id, user_id, created_at) VALUES (?, ?, 10), (?, ?, 20)')
      .bind(cohort!.id, ahead.id, cohort!.id, trainer.id)
      .run();
    const code = (await env.DB.prepare('SELECT code FROM certificates WHERE user_id = ?').bind(trainer.id).first<{ code: string }>())!.code;

    const response = await request(`/admin/people/${trainer.id}`, as(admin.cookie));
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(`<bdi>${trainer.email}</bdi>`);
    expect(html).toContain(`<dd>${p.roles.trainer}</dd>`);
    expect(html).toContain('<a href="/courses/test-course">Test course</a>');
    expect(html).toContain(en.cohorts.defaultName);
    expect(html).toContain(`<th scope="row">Basics</th><td>${p.progressOf(2, 2)}</td>`);
    // Two attempts, the best one full marks, passed.
    expect(html).toMatch(/<th scope="row">[^<]+<\/th><td>2<\/td><td>2\/2<\/td><td>Yes<\/td>/);
    expect(html).toContain(`<a href="/certificates/${code}">${code}</a>`);
    expect(html).toContain(p.reflectionsPrivate);
    expect(html).not.toContain('My private thoughts 42');
    expect(html).not.toContain('What I take away.');
    // Waiting second in line for the Autumn cohort.
    expect(html).toMatch(/<bdi>Autumn<\/bdi><\/td><td>2<\/td>/);
    expect(html).toContain(`<button type="submit" class="button" aria-describedby="role-hint">${p.makeAdmin}</button>`);
    expect(html).toContain(p.deactivate);
  });

  it('says an admin cannot deactivate themselves, and offers no button for it', async () => {
    const html = await (await request(`/admin/people/${admin.id}`, as(admin.cookie))).text();
    expect(html).toContain(escaped(p.notYourself));
    expect(html).not.toContain(`action="/admin/people/${admin.id}/deactivate"`);
  });

  it('is 404 for an unknown, deleted or malformed id', async () => {
    const gone = await createAccount();
    await env.DB.prepare('UPDATE users SET deleted_at = 1 WHERE id = ?').bind(gone.id).run();
    for (const path of ['/admin/people/999999', `/admin/people/${gone.id}`, '/admin/people/abc', '/admin/people/0']) {
      expect((await request(path, as(admin.cookie))).status, path).toBe(404);
    }
  });

  it('is 403 for a trainer and sends visitors to sign in', async () => {
    const trainer = await trainerSession();
    expect((await request(`/admin/people/${trainer.id}`, as(trainer.cookie))).status).toBe(403);
    expectSignInRedirect(await request(`/admin/people/${trainer.id}`), `/admin/people/${trainer.id}`);
  });
});

describe('POST /admin/people/:id/role', () => {
  it('makes a trainer an admin and back, writing the audit log', async () => {
    const trainer = await person('Promoted Paula');
    const promote = await request(`/admin/people/${trainer.id}/role`, as(admin.cookie, { role: 'admin' }));
    expect(promote.status).toBe(303);
    expect(roundTrips(promote)).toBe(1);
    expect(promote.headers.get('Location')).toBe(`/admin/people/${trainer.id}?done=role`);
    expect(await count('SELECT count(*) AS n FROM users WHERE id = ? AND role = ?', trainer.id, 'admin')).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'role' AND user_id = ? AND detail = ?",
        admin.id,
        `${trainer.email} → admin`,
      ),
    ).toBe(1);
    const page = await request(promote.headers.get('Location')!, as(admin.cookie));
    expect(await page.text()).toContain(p.roleChanged);
    // Their next page already knows: the role is read with the session.
    expect((await request('/admin/people', as(trainer.cookie))).status).toBe(200);
    const demote = await request(`/admin/people/${trainer.id}/role`, as(admin.cookie, { role: 'trainer' }));
    expect(demote.status).toBe(303);
    expect((await request('/admin/people', as(trainer.cookie))).status).toBe(403);
  });

  it('answers 422 for a role that does not exist, writing nothing', async () => {
    const trainer = await createAccount();
    const before = await tableCounts();
    const response = await request(`/admin/people/${trainer.id}/role`, as(admin.cookie, { role: 'owner' }));
    expect(response.status).toBe(422);
    expect(roundTrips(response)).toBe(1);
    expect(await response.text()).toContain(p.errors.unknown);
    expect(await tableCounts()).toEqual(before);
  });

  it('never demotes the last active admin (422), also when two admins demote each other at once', async () => {
    const a = await person('Admin Ada', 'admin');
    const b = await person('Admin Bea', 'admin');
    await onlyActiveAdmins([a.id, b.id], async () => {
      const before = await tableCounts();
      const [one, two] = await Promise.all([
        request(`/admin/people/${b.id}/role`, as(a.cookie, { role: 'trainer' })),
        request(`/admin/people/${a.id}/role`, as(b.cookie, { role: 'trainer' })),
      ]);
      // D1 runs one batch at a time: the second finds its sender no longer an admin (403, nothing written).
      expect([one.status, two.status].sort()).toEqual([303, 403]);
      expect(await count("SELECT count(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL")).toBe(1);
      expect((await tableCounts()).audit_log).toBe((before.audit_log ?? 0) + 1);
      const survivor = one.status === 303 ? a : b;
      // The survivor is the one active admin: demoting themselves is refused with the reason.
      const self = await request(`/admin/people/${survivor.id}/role`, as(survivor.cookie, { role: 'trainer' }));
      expect(self.status).toBe(422);
      expect(await self.text()).toContain(escaped(p.lastAdmin));
      expect(await count("SELECT count(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL")).toBe(1);
    });
    await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id IN (?, ?)").bind(a.id, b.id).run();
  });

  it('is 404 for an unknown account, 403 for a trainer, sign-in for a visitor', async () => {
    expect((await request('/admin/people/999999/role', as(admin.cookie, { role: 'admin' }))).status).toBe(404);
    const trainer = await trainerSession();
    const before = await tableCounts();
    expect((await request(`/admin/people/${trainer.id}/role`, as(trainer.cookie, { role: 'admin' }))).status).toBe(403);
    expect(await count('SELECT count(*) AS n FROM users WHERE id = ? AND role = ?', trainer.id, 'trainer')).toBe(1);
    expectSignInRedirect(await request(`/admin/people/${trainer.id}/role`, { form: { role: 'admin' } }), `/admin/people/${trainer.id}`);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /admin/people/:id/deactivate', () => {
  it('deactivates and signs them out at once; POST /reactivate lets them back in', async () => {
    const trainer = await person('Paused Piotr');
    const second = await signIn(trainer.email);
    expect((await request('/learning', as(trainer.cookie))).status).toBe(200);
    const response = await request(`/admin/people/${trainer.id}/deactivate`, as(admin.cookie, {}));
    expect(response.status).toBe(303);
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get('Location')).toBe(`/admin/people/${trainer.id}?done=deactivated`);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', trainer.id)).toBe(0);
    expectSignInRedirect(await request('/learning', as(trainer.cookie)), '/learning');
    expectSignInRedirect(await request('/learning', as(second)), '/learning');
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'deactivate' AND detail = ?", trainer.email)).toBe(1);
    const page = await (await request(`/admin/people/${trainer.id}?done=deactivated`, as(admin.cookie))).text();
    expect(page).toContain(p.deactivated);
    expect(page).toContain(`action="/admin/people/${trainer.id}/reactivate"`);
    // A second click changes nothing.
    const again = await request(`/admin/people/${trainer.id}/deactivate`, as(admin.cookie, {}));
    expect(again.headers.get('Location')).toBe(`/admin/people/${trainer.id}`);

    const back = await request(`/admin/people/${trainer.id}/reactivate`, as(admin.cookie, {}));
    expect(back.status).toBe(303);
    expect(roundTrips(back)).toBe(1);
    expect(back.headers.get('Location')).toBe(`/admin/people/${trainer.id}?done=reactivated`);
    expect(await count('SELECT count(*) AS n FROM users WHERE id = ? AND deactivated_at IS NULL', trainer.id)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'reactivate' AND detail = ?", trainer.email)).toBe(1);
    const cookie = await signIn(trainer.email);
    expect((await request('/learning', as(cookie))).status).toBe(200);
  });

  it('refuses an admin deactivating themselves (422), writing nothing', async () => {
    const before = await tableCounts();
    const response = await request(`/admin/people/${admin.id}/deactivate`, as(admin.cookie, {}));
    expect(response.status).toBe(422);
    expect(roundTrips(response)).toBe(1);
    expect(await response.text()).toContain(escaped(p.notYourself));
    expect(await tableCounts()).toEqual(before);
  });

  it('leaves one active admin when two deactivate each other at once', async () => {
    const a = await person('Admin Cyd', 'admin');
    const b = await person('Admin Dot', 'admin');
    await onlyActiveAdmins([a.id, b.id], async () => {
      const [one, two] = await Promise.all([
        request(`/admin/people/${b.id}/deactivate`, as(a.cookie, {})),
        request(`/admin/people/${a.id}/deactivate`, as(b.cookie, {})),
      ]);
      // The first batch signs the other out: their request finds no session and goes to sign-in.
      const locations = [one.headers.get('Location'), two.headers.get('Location')];
      expect(locations.filter((l) => l?.startsWith('/sign-in'))).toHaveLength(1);
      expect(await count("SELECT count(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL")).toBe(1);
    });
    await env.DB.prepare('UPDATE users SET deactivated_at = NULL WHERE id IN (?, ?)').bind(a.id, b.id).run();
  });

  it('is 404 for an unknown account, 403 for a trainer, sign-in for a visitor', async () => {
    expect((await request('/admin/people/999999/deactivate', as(admin.cookie, {}))).status).toBe(404);
    expect((await request('/admin/people/999999/reactivate', as(admin.cookie, {}))).status).toBe(404);
    const trainer = await trainerSession();
    const victim = await createAccount();
    await env.DB.prepare('UPDATE users SET deactivated_at = 3 WHERE id = ?').bind(victim.id).run();
    const before = await tableCounts();
    expect((await request(`/admin/people/${admin.id}/deactivate`, as(trainer.cookie, {}))).status).toBe(403);
    expect((await request(`/admin/people/${victim.id}/reactivate`, as(trainer.cookie, {}))).status).toBe(403);
    expectSignInRedirect(await request(`/admin/people/${admin.id}/deactivate`, { form: {} }), `/admin/people/${admin.id}`);
    expectSignInRedirect(await request(`/admin/people/${victim.id}/reactivate`, { form: {} }), `/admin/people/${victim.id}`);
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM users WHERE deactivated_at IS NOT NULL AND id = ?', victim.id)).toBe(1);
  });
});

describe('D1 round trips of the people pages', () => {
  it('costs 1 for the list (plain, filtered, htmx, refused)', async () => {
    const course = await testCourseId();
    for (const query of ['', '?q=a', `?course=${course}&learning=completed&role=trainer&state=active&page=2`, '?learning=waiting']) {
      const response = await request(`/admin/people${query}`, as(admin.cookie));
      expect(roundTrips(response), query).toBe(1);
    }
    const htmx = await request('/admin/people?q=b', {
      ...as(admin.cookie),
      headers: { ...EN, 'HX-Request': 'true', 'HX-Request-Type': 'partial' },
    });
    expect(roundTrips(htmx)).toBe(1);
  });
});
