import { formatDate, formatTime } from '../src/i18n';
import type { OutboxEntry, OutboxMessage } from '../src/mail/outbox';
import { outboxMessageUrl, outboxUrl } from '../src/urls';
import type { Ui } from './context';
import { Layout, ScrollTable } from './layout';

export function OutboxPage({ ui, messages }: { ui: Ui; messages: OutboxEntry[] }) {
  const { t, lang } = ui;
  return (
    <Layout ui={ui} title={t.outbox.title}>
      <h1>{t.outbox.title}</h1>
      <p>{t.outbox.lead}</p>
      {messages.length === 0 ? (
        <p>{t.outbox.none}</p>
      ) : (
        <ScrollTable ui={ui} label={t.outbox.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.outbox.subject}</th>
                <th scope="col">{t.outbox.to}</th>
                <th scope="col">{t.outbox.sent}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr>
                  <td>
                    <a href={outboxMessageUrl(m.id)}>{m.subject}</a>
                  </td>
                  <td>{m.to}</td>
                  <td>
                    {formatDate(m.sentAt, lang)} {formatTime(m.sentAt, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

export function OutboxMessagePage({ ui, message }: { ui: Ui; message: OutboxMessage }) {
  const { t, lang } = ui;
  return (
    <Layout ui={ui} title={message.subject}>
      <p>
        <a href={outboxUrl()}>{t.outbox.back}</a>
      </p>
      <h1>{message.subject}</h1>
      <dl class="course-facts">
        <div>
          <dt>{t.outbox.to}</dt>
          <dd>{message.to}</dd>
        </div>
        <div>
          <dt>{t.outbox.sent}</dt>
          <dd>
            {formatDate(message.sentAt, lang)} {formatTime(message.sentAt, lang)}
          </dd>
        </div>
      </dl>
      <div class="mail-text">
        {message.text.split('\n\n').map((paragraph) => (
          <p>{linked(paragraph)}</p>
        ))}
      </div>
    </Layout>
  );
}

/** The message's plain text with its URLs as links, so the journeys can follow them. */
function linked(text: string) {
  return text.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part));
}
