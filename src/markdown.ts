/**
 * Lesson Markdown to HTML. The only place in Warsztat where HTML is produced from text that
 * authors write, so the only place that must make it safe.
 *
 * markdown-it is a CommonMark-compliant, well-maintained renderer. Safety comes from its own
 * settings, not from a hand-written sanitiser:
 * - `html: false`: raw HTML in the source (<script>, <img onerror=…>, <iframe>) is escaped and
 *   shows as text; no attribute an author writes reaches the page.
 * - `validateLink`: markdown-it's default already refuses javascript:, vbscript:, file: and
 *   non-image data: URLs; we narrow it to http(s), mailto and scheme-less (relative) links, so a
 *   scheme nobody thought of is refused by default. markdown-it decodes entities before this
 *   check, so `&#106;avascript:` is caught too. A scheme-less link must stay on our site:
 *   `//host` is protocol-relative, another host, so it is refused. (The check sees the URL after
 *   markdown-it percent-encodes it, so `/\host` arrives as the harmless path `/%5Chost`.)
 * - External links get rel="noopener noreferrer" so a linked page cannot script the lesson.
 * - Images only from our own `/media/` path, in the shape of a key we wrote (src/media/store.ts):
 *   another host would learn who reads which lesson, and could change the picture after review.
 *   Any other image shows as its alt text. Images load lazily and decode off the main thread.
 *
 * Rendering happens when a lesson is written (content import), not per request: lesson pages
 * then cost no Markdown CPU, which matters under the Workers CPU limit.
 */
import MarkdownIt from 'markdown-it';
import type { Language } from './data/schema';
import { mediaKeyOf } from './media/store';

type Renderer = InstanceType<typeof MarkdownIt>;

const SAFE_LINK = /^(https?:|mailto:|[^:]*$)/i;
const PROTOCOL_RELATIVE = /^\/\//;

/** Typographic quotes per language: Polish „…” and ‚…’, English “…” and ‘…’. */
const QUOTES: Record<Language, string> = { pl: '„”‚’', en: '“”‘’' };

const renderers = Object.fromEntries((Object.keys(QUOTES) as Language[]).map((lang) => [lang, createRenderer(QUOTES[lang])])) as Record<
  Language,
  Renderer
>;

export function renderMarkdown(source: string, lang: Language): string {
  return renderers[lang].render(source);
}

function createRenderer(quotes: string): Renderer {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true, quotes });
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim()) && !PROTOCOL_RELATIVE.test(url.trim());

  const renderLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token && /^https?:/i.test(String(token.attrGet('href') ?? ''))) token.attrSet('rel', 'noopener noreferrer');
    return renderLinkOpen(tokens, idx, options, env, self);
  };

  const renderImage = md.renderer.rules.image ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (!token || mediaKeyOf(String(token.attrGet('src') ?? '')) === null) {
      return md.utils.escapeHtml(self.renderInlineAsText(token?.children ?? [], options, env));
    }
    token.attrSet('loading', 'lazy');
    token.attrSet('decoding', 'async');
    return renderImage(tokens, idx, options, env, self);
  };

  // A bullet list whose every item starts with "☐" is a printable checklist: the box is the
  // marker, so the list gets class="checklist" and loses its bullets (views/styles.css).
  md.core.ruler.push('checklists', (state) => {
    const stack: { open: number; allBoxes: boolean }[] = [];
    state.tokens.forEach((token, i) => {
      if (token.type === 'bullet_list_open') stack.push({ open: i, allBoxes: true });
      if (token.type === 'list_item_open') {
        const inline = state.tokens[i + 2];
        const current = stack.at(-1);
        if (current && !(inline?.type === 'inline' && inline.content.startsWith('☐'))) current.allBoxes = false;
      }
      if (token.type === 'bullet_list_close') {
        const list = stack.pop();
        if (list?.allBoxes) state.tokens[list.open]?.attrJoin('class', 'checklist');
      }
    });
  });
  return md;
}
