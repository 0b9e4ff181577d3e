/** Reading the Studio's forms: texts by language (`title.pl`, `title.en`) and the quiz editor's fields. */
import type { Localized, QuestionBundle } from '../../content/bundle';
import { LANGUAGES } from '../../data/schema';

/** `name.<lang>` fields, trimmed, empty ones left out. */
export function localizedField(form: Record<string, unknown>, name: string, max: number): Localized<string> {
  const out: Localized<string> = {};
  for (const lang of LANGUAGES) {
    const value = form[`${name}.${lang}`];
    if (typeof value === 'string' && value.trim()) out[lang] = value.trim().slice(0, max);
  }
  return out;
}

export function stringField(form: Record<string, unknown>, name: string, max = 1000): string {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** "Title | https://…" per line. Null when an address is not http(s). */
export function sourcesField(text: string): { title: string; url?: string }[] | null {
  const sources: { title: string; url?: string }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [title = '', url] = line.split('|').map((part) => part.trim());
    if (url && !/^https?:\/\/[^\s]+$/i.test(url)) return null;
    sources.push(url ? { title: title || url, url } : { title });
  }
  return sources;
}

/**
 * The quiz editor's fields (`q.<i>.…`, see views/admin/lessons.tsx) as questions. Empty options
 * and questions are dropped; a question's key is kept, or made from its position for a new one.
 */
export function questionsField(form: Record<string, unknown>): QuestionBundle[] {
  const questions: QuestionBundle[] = [];
  const used = new Set<string>();
  for (let i = 0; i < 50; i++) {
    if (!Object.keys(form).some((name) => name.startsWith(`q.${i}.`))) continue;
    const options: QuestionBundle['options'] = [];
    for (let j = 0; j < 12; j++) {
      const text = localizedField(form, `q.${i}.o.${j}.text`, 1000);
      const explanation = localizedField(form, `q.${i}.o.${j}.explanation`, 2000);
      if (Object.keys(text).length === 0 && Object.keys(explanation).length === 0) continue;
      options.push({ correct: form[`q.${i}.o.${j}.correct`] === '1', text, explanation });
    }
    const prompt = localizedField(form, `q.${i}.prompt`, 1000);
    if (Object.keys(prompt).length === 0 && options.length === 0) continue;
    let key = stringField(form, `q.${i}.key`, 100);
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(key) || used.has(key)) key = `q${i + 1}`;
    while (used.has(key)) key = `${key}-x`;
    used.add(key);
    questions.push({ key, multiple: form[`q.${i}.multiple`] === '1', prompt, options });
  }
  return questions;
}
