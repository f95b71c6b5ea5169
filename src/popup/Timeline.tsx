/**
 * The last 50 attempts as a row of coloured marks, oldest first: healthy at a glance, with
 * each mark's time, outcome, HTTP status and duration on hover and on keyboard focus. The
 * marks are one Tab stop (the newest); the arrow keys, Home and End move between them.
 */

import { useRef, useState, type KeyboardEvent } from 'react';
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

const STEPS: Record<string, (i: number, last: number) => number> = {
  ArrowLeft: (i) => i - 1,
  ArrowUp: (i) => i - 1,
  ArrowRight: (i) => i + 1,
  ArrowDown: (i) => i + 1,
  Home: () => 0,
  End: (_i, last) => last,
};

export function Timeline({ history }: { history: Attempt[] }) {
  const list = useRef<HTMLOListElement>(null);
  /** The mark that takes Tab focus; `null`: the newest, as new attempts arrive. */
  const [current, setCurrent] = useState<number | null>(null);
  const last = history.length - 1;
  const stop = current === null ? last : Math.min(current, last);

  function onKeyDown(event: KeyboardEvent<HTMLOListElement>): void {
    const step = STEPS[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(last, step(stop, last)));
    setCurrent(next === last ? null : next);
    list.current?.querySelectorAll<HTMLElement>('.mark')[next]?.focus();
  }

  if (history.length === 0) {
    return <p className="muted small">No sync attempts yet.</p>;
  }
  const ok = history.filter((a) => a.outcome === 'success').length;
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="section-title">
        Recent health{' '}
        <span className="muted">
          · {ok} of {history.length} attempts synced
        </span>
      </h2>
      <ol ref={list} className="marks" aria-label={`Last ${history.length} sync attempts, oldest first`} onKeyDown={onKeyDown}>
        {history.map((a, i) => (
          <li key={`${a.at}-${i}`} className={`mark outcome-${a.outcome}`} tabIndex={i === stop ? 0 : -1} aria-label={describeAttempt(a)}>
            <span className="tip" role="tooltip">
              {describeAttempt(a)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
