/**
 * Every message has the same simple shape: a greeting, a few paragraphs, at most one action (a
 * link, shown as a button in HTML and as the bare URL in text, so it can be copied), and a
 * signature with the site's name. The plain text is the message; the HTML is the same words.
 * Texts come from the recipient's dictionary (src/i18n, `mail`), never the sender's.
 */
import type { Language } from '../data/schema';
import type { Mail } from './send';

export type MailContent = {
  to: string;
  lang: Language;
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** After the action: how long the link works, what to do if this was not you. */
  notes?: string[];
  signature: string;
};

export function composeMail(content: MailContent): Mail {
  const { to, lang, subject, greeting, paragraphs, action, notes = [], signature } = content;
  const text = [greeting, ...paragraphs, ...(action ? [`${action.label}:\n${action.url}`] : []), ...notes, `— ${signature}`].join('\n\n');
  const html = (
    <html lang={lang}>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36rem;">
        <p>{greeting}</p>
        {paragraphs.map((p) => (
          <p>{p}</p>
        ))}
        {action && (
          <p>
            <a
              href={action.url}
              style="display: inline-block; padding: 0.6rem 1.2rem; background: #1d4e89; color: #ffffff; text-decoration: none; border-radius: 4px;"
            >
              {action.label}
            </a>
          </p>
        )}
        {action && (
          <p style="font-size: 0.9rem; word-break: break-all;">
            <a href={action.url}>{action.url}</a>
          </p>
        )}
        {notes.map((p) => (
          <p style="font-size: 0.9rem; color: #444444;">{p}</p>
        ))}
        <p>— {signature}</p>
      </body>
    </html>
  );
  return { to, subject, text, html: `<!doctype html>${html.toString()}` };
}
