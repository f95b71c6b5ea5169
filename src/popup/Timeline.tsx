/**
 * The last 50 attempts as a row of coloured marks, oldest first: healthy at a glance, with
 * each mark's time, outcome, HTTP status and duration on hover and on keyboard focus.
 */

import type { Attempt, OutcomeKind } from '../shared/sync-state.ts';

const OUTCOME_WORDS: Record<OutcomeKind, string> = {
  success: 'Synced',
  error: 'Failed',
  'rate-limited': 'Rate limited',
  'signed-out': 'Signed out',
  forbidden: 'Refused (403)',
  interrupted: 'Interrupted',
};

export function describeAttempt(a: Attempt): string {
  const parts = [
    new Date(a.at).toLocaleString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', day: 'numeric', month: 'short' }),
    OUTCOME_WORDS[a.outcome],
    a.httpStatus === null ? 'no HTTP answer' : `HTTP ${a.httpStatus}`,
    `${a.durationMs} ms`,
  ];
  if (a.ordersSynced !== null) parts.push(`${a.ordersSynced} orders`);
  return parts.join(' · ');
}

export function Timeline({ history }: { history: Attempt[] }) {
  if (history.length === 0) {
    return <p className="muted small">No sync attempts yet.</p>;
  }
  const ok = history.filter((a) => a.outcome === 'success').length;
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="section-title">
        Recent health <span className="muted">· {ok} of {history.length} attempts synced</span>
      </h2>
      <ol className="marks" aria-label={`Last ${history.length} sync attempts, oldest first`}>
        {history.map((a, i) => (
          <li key={`${a.at}-${i}`} className={`mark outcome-${a.outcome}`} tabIndex={0} aria-label={describeAttempt(a)}>
            <span className="tip" role="tooltip">
              {describeAttempt(a)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
