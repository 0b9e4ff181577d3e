/**
 * "A seat is yours": to each trainer who moved up from a waitlist (src/data/seats.ts), in their
 * language, with the link to the course. Sent after the batch that enrolled them; returns how
 * many sends failed, for the page to say so (their enrolment stands either way).
 */
import type { Context } from 'hono';
import type { Language } from '../data/schema';
import type { Promoted } from '../data/seats';
import type { AppEnv } from '../env';
import { dictionaries } from '../i18n';
import { courseUrl } from '../urls';
import { composeMail } from './compose';
import { sendMail } from './send';

export async function mailMovedUp(c: Context<AppEnv>, promoted: Promoted[]): Promise<number> {
  const origin = new URL(c.req.url).origin;
  let failed = 0;
  for (const person of promoted) {
    const lang: Language = person.language ?? c.var.settings.defaultLanguage;
    const t = dictionaries[lang];
    const titles = JSON.parse(person.titles ?? '{}') as Partial<Record<Language, string>>;
    const course = titles[lang] ?? titles[person.mainLanguage] ?? person.courseSlug;
    const name = person.isDefault && !person.cohortName ? t.cohorts.defaultName : person.cohortName;
    const mail = composeMail({
      to: person.email,
      lang,
      subject: t.cohorts.seatMailSubject(course),
      greeting: t.mail.greeting(person.name),
      paragraphs: [t.cohorts.seatMailBody(course, name)],
      action: { label: t.cohorts.seatMailAction, url: `${origin}${courseUrl(person.courseSlug)}` },
      signature: t.mail.signature(c.var.settings.siteName),
    });
    const sent = await sendMail(c.env, mail);
    if (!sent.ok) failed++;
  }
  return failed;
}
