import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { composeMail } from '../../src/mail/compose';
import { listOutbox } from '../../src/mail/outbox';
import { sendMail } from '../../src/mail/send';
import { outboxUrl } from '../../src/urls';
import { lastMailTo, request } from '../helpers';

const mail = (to: string) =>
  composeMail({
    to,
    lang: 'en',
    subject: 'Your invitation <to> Warsztat',
    greeting: 'Hello Ala,',
    paragraphs: ['You are invited.'],
    action: { label: 'Accept', url: 'http://localhost/invitations/abc?x=1&y=2' },
    notes: ['The link works for 14 days.'],
    signature: 'Warsztat',
  });

describe('composeMail', () => {
  it('writes the same words as text and as escaped HTML, with the link to copy in both', () => {
    const { text, html } = mail('ala@example.org');
    expect(text).toBe(
      'Hello Ala,\n\nYou are invited.\n\nAccept:\nhttp://localhost/invitations/abc?x=1&y=2\n\nThe link works for 14 days.\n\n— Warsztat',
    );
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('href="http://localhost/invitations/abc?x=1&amp;y=2"');
    expect(html).not.toContain('<to>');
  });
});

describe('sendMail', () => {
  it('keeps the message in the local outbox with MAIL_TRANSPORT = "outbox"', async () => {
    const result = await sendMail(env, mail('kept@example.org'));
    expect(result).toEqual({ ok: true });
    const kept = await lastMailTo('kept@example.org');
    expect(kept).toMatchObject({ from: env.MAIL_FROM, subject: 'Your invitation <to> Warsztat' });
    expect(kept?.text).toContain('http://localhost/invitations/abc?x=1&y=2');
  });

  it('sends through the email binding with MAIL_TRANSPORT = "binding"', async () => {
    const before = (await listOutbox(env.MEDIA)).length;
    const result = await sendMail({ ...env, MAIL_TRANSPORT: 'binding' }, mail('delivered@example.org'));
    expect(result).toEqual({ ok: true });
    expect((await listOutbox(env.MEDIA)).length).toBe(before);
  });

  it('reports a refused send instead of throwing', async () => {
    const result = await sendMail({ ...env, MAIL_TRANSPORT: 'binding' }, mail('refused@example.org'));
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toBeTruthy();
  });

  it('reports that no transport is configured', async () => {
    const result = await sendMail({ ...env, MAIL_TRANSPORT: 'none' }, mail('x@example.org'));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('MAIL_TRANSPORT') });
  });
});

describe('GET /dev/outbox', () => {
  it('lists the messages, newest first, each readable with working links', async () => {
    await sendMail(env, mail('first@example.org'));
    await sendMail(env, { ...mail('second@example.org'), subject: 'Second' });
    const list = await request(outboxUrl());
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html.indexOf('second@example.org')).toBeLessThan(html.indexOf('first@example.org'));
    const href = /href="(\/dev\/outbox\/[^"]+)">Second</.exec(html)?.[1];
    expect(href).toBeDefined();
    const message = await request(href!);
    expect(message.status).toBe(200);
    expect(await message.text()).toContain('<a href="http://localhost/invitations/abc?x=1&amp;y=2">');
  });

  it('answers 404 for an unknown or malformed message id', async () => {
    expect((await request(`${outboxUrl()}/00000000000000-00000000`)).status).toBe(404);
    expect((await request(`${outboxUrl()}/..%2Fmedia`)).status).toBe(404);
  });

  it('does not exist where mail is really sent (a region)', async () => {
    expect((await request(outboxUrl(), { env: { MAIL_TRANSPORT: 'binding' } })).status).toBe(404);
    const viaPublicHost = await exports.default.fetch(new Request(`https://warsztat.example.org${outboxUrl()}`));
    expect(viaPublicHost.status).toBe(404);
  });
});
