/**
 * Lesson Markdown to HTML. The only place in Warsztat where HTML is produced from text that
 * authors write, so the only place that must make it safe.
 *
 * markdown-it is a CommonMark-compliant, well-maintained renderer. Safety comes from its own
 * settings, not from a hand-written sanitiser:
 * - `html: false`: raw HTML in the source (<script>, <img onerror=…>, <iframe>) is escaped and
 *   shows as text; no attribute an author writes reaches the page.
 * - `validateLink`: markdown-it's default already refuses javascript:, vbscript:, file: and
 *   non-image data: URLs; we narrow it further to http(s), mailto, and relative links, so a new
 *   scheme someone invents is refused by default.
 * - External links open with rel="noopener noreferrer" so a linked page cannot script the lesson.
 *
 * Rendering happens when a lesson is written (content import, later the editor), not per request:
 * lesson pages then cost no Markdown CPU, which matters under the Workers CPU limit.
 */
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:|[^:]*$)/i;

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if (/^https?:/i.test(String(token.attrGet('href') ?? ''))) {
    token.attrSet('rel', 'noopener noreferrer');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
