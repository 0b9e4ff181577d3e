import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import {
  completeFixtureCourse,
  EN,
  enrolledTrainer,
  escaped,
  expectSignInRedirect,
  importFixture,
  request,
  trainerSession,
} from '../helpers';

beforeAll(async () => {
  await importFixture();
});

async function certificateCode(userId: number): Promise<string> {
  const row = await env.DB.prepare('SELECT code FROM certificates WHERE user_id = ?').bind(userId).first<{ code: string }>();
  if (!row) throw new Error('no certificate');
  return row.code;
}

async function graduate() {
  const trainer = await enrolledTrainer();
  await env.DB.prepare('UPDATE users SET name = ? WHERE id = ?').bind(`Graduate ${trainer.id}`, trainer.id).run();
  await completeFixtureCourse(trainer.cookie);
  return { ...trainer, name: `Graduate ${trainer.id}`, code: await certificateCode(trainer.id) };
}

describe('GET /courses/:slug/certificate', () => {
  it("shows the holder's printable certificate", async () => {
    const { cookie, name, code } = await graduate();
    const response = await request('/courses/test-course/certificate', { cookie, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<p class="certificate-name"><bdi>${name}</bdi></p>`);
    expect(html).toContain('<p class="certificate-course">Test course</p>');
    expect(html).toContain(`<code>${code}</code>`);
    expect(html).toContain(`http://localhost/certificates/${code}`);
  });

  it('sends visitors to sign in', async () => {
    const response = await request('/courses/test-course/certificate');
    expectSignInRedirect(response, '/courses/test-course/certificate');
  });

  it('is 404 for a trainer who has not completed the course, and never shows someone else’s', async () => {
    const holder = await graduate();
    const other = await enrolledTrainer();
    const response = await request('/courses/test-course/certificate', { cookie: other.cookie, headers: EN });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).not.toContain(holder.code);
    expect(html).not.toContain(holder.name);
    const stranger = await trainerSession();
    expect((await request('/courses/test-course/certificate', { cookie: stranger.cookie })).status).toBe(404);
  });

  it('names the issuer and offers a print button wired by a script from our origin', async () => {
    const { cookie } = await graduate();
    const html = await (await request('/courses/test-course/certificate', { cookie, headers: EN })).text();
    expect(html).toContain(`<p class="certificate-issuer">${en.certificate.issuedBy(env.SITE_NAME)}</p>`);
    expect(html).toMatch(/<button type="button" class="button primary" data-print="true" hidden="">\s*Print the certificate/);
    expect(html).toContain('<script src="/print.js" defer=""></script>');
  });

  it('isolates a name with bidi controls so it cannot reorder the certificate', async () => {
    const trainer = await enrolledTrainer();
    const name = 'Anna \u202Etnerruc\u202C Nowak';
    await env.DB.prepare('UPDATE users SET name = ? WHERE id = ?').bind(name, trainer.id).run();
    await completeFixtureCourse(trainer.cookie);
    const certificate = await (await request('/courses/test-course/certificate', { cookie: trainer.cookie })).text();
    expect(certificate).toContain(`<p class="certificate-name"><bdi>${name}</bdi></p>`);
    const check = await (await request(`/certificates/${await certificateCode(trainer.id)}`)).text();
    expect(check).toContain(`<dd><bdi>${name}</bdi></dd>`);
  });

  it('is 404 for an unknown or malformed course', async () => {
    const { cookie } = await graduate();
    expect((await request('/courses/no-such-course/certificate', { cookie })).status).toBe(404);
    expect((await request('/courses/Test_Course/certificate', { cookie })).status).toBe(404);
  });
});

describe('GET /certificates/:code', () => {
  it("confirms a valid code to anyone, with the certificate's facts only", async () => {
    const { code, name, email } = await graduate();
    for (const typed of [code, code.toLowerCase()]) {
      const response = await request(`/certificates/${typed}`, { headers: EN });
      expect(response.status, typed).toBe(200);
      const html = await response.text();
      expect(html).toContain(en.certificate.valid);
      expect(html).toContain(`<dd><bdi>${name}</bdi></dd>`);
      expect(html).toContain('<dd>Test course</dd>');
      expect(html).not.toContain(email);
    }
  });

  it("escapes the holder's name", async () => {
    const trainer = await enrolledTrainer();
    const name = '<img src=x onerror=alert(1)>';
    await env.DB.prepare('UPDATE users SET name = ? WHERE id = ?').bind(name, trainer.id).run();
    await completeFixtureCourse(trainer.cookie);
    const html = await (await request(`/certificates/${await certificateCode(trainer.id)}`)).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(name);
  });

  it('shows the code as it was looked up: trimmed and upper-case', async () => {
    const { code } = await graduate();
    const html = await (await request(`/certificates/%20${code.toLowerCase()}%20`, { headers: EN })).text();
    expect(html).toContain(`${en.certificate.code}: <code>${code}</code>`);
    const unknown = await request('/certificates/aaaa-bbbb-cccc', { headers: EN });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<code>AAAA-BBBB-CCCC</code>');
  });

  it('is 404 for an unknown or malformed code', async () => {
    for (const code of ['AAAA-BBBB-CCCC', 'not-a-code', 'AAAA-BBBB-CCCC-DDDD', '%3Cscript%3E']) {
      const response = await request(`/certificates/${code}`, { headers: EN });
      expect(response.status, code).toBe(404);
      const html = await response.text();
      expect(html).toContain(en.certificate.invalid);
      expect(html).not.toContain('<script>');
    }
  });
});

describe('GET /certificates', () => {
  it('is a form to type a code into (GET, field code)', async () => {
    const response = await request('/certificates', { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="get" action="/certificates"');
    expect(html).toMatch(/<input id="code" name="code" type="text"/);
    expect(html).toContain(en.certificate.checkLead);
  });

  it('leads a typed code, normalised, to its check page', async () => {
    const { code } = await graduate();
    const response = await request(`/certificates?code=${encodeURIComponent(`  ${code.toLowerCase()} `)}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/certificates/${code}`);
  });

  it('refuses a code of the wrong shape with 422, the typed code and a clear message', async () => {
    for (const typed of ['', 'abc', 'AAAA-BBBB', '<b>x</b>']) {
      const response = await request(`/certificates?code=${encodeURIComponent(typed)}`, { headers: EN });
      expect(response.status, typed).toBe(422);
      const html = await response.text();
      expect(html).toContain(escaped(en.certificate.badCode));
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain(`value="${escaped(typed)}"`);
    }
  });
});
